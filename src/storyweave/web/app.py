"""The FastAPI app: pages and the JSON API over one store."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartParser

from .. import datevalue
from ..config import Settings
from ..store import Store, StoryFilter, open_store
from ..version import __version__
from . import beside, queries, views
from .uploads import Adder, Upload, UploadLimits, check_published, pasted

__all__ = ["create_app"]

_DATE = r"^\d{4}-\d{2}-\d{2}$"
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_HERE = Path(__file__).parent

_env = Environment(
    loader=PackageLoader("storyweave.web", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.globals["safe_url"] = views.safe_url
_env.globals["version"] = __version__
_env.filters["date_words"] = datevalue.words


class Stores:
    """One store connection per server thread (SQLite connections stay in their thread)."""

    def __init__(self, db: str | Path, settings: Settings):
        self.db = str(db)
        self.settings = settings
        self.local = threading.local()
        open_store(self.db, settings).close()  # created or migrated now, not on a request

    def get(self) -> Store:
        st: Store | None = getattr(self.local, "store", None)
        if st is None:
            st = self.local.store = open_store(self.db, self.settings)
        return st


_ADD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "text": {"type": "string"},
                        "title": {"type": "string"},
                        "source": {"type": "string"},
                        "published": {"type": "string", "pattern": _DATE},
                    },
                }
            },
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {
                        "text": {"type": "string"},
                        "title": {"type": "string"},
                        "source": {"type": "string"},
                        "published": {"type": "string", "pattern": _DATE},
                    },
                }
            },
        },
    }
}


def create_app(db: str | Path, settings: Settings | None = None) -> FastAPI:
    """The web app and JSON API over the store ``db`` (created if missing), with
    ``settings`` (the shipped ones by default)."""
    settings = settings or Settings.default()
    app = FastAPI(
        title="storyweave",
        version=__version__,
        description="Stories, entities, timelines and claims reconciled from news articles.",
        docs_url=None,
        redoc_url=None,
    )
    stores = Stores(db, settings)
    adder = Adder(db, settings)
    # Keep every uploaded part in memory (the request is already capped at the upload limit):
    # the form parser would otherwise spool large parts to a file outside our private folder.
    MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, adder.limits.bytes)
    app.state.stores = stores
    app.state.adder = adder
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = _CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return _page("error.html", {"status": exc.status_code, "message": exc.detail},
                     exc.status_code)  # fmt: skip

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()
        ]
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": problems}, status_code=422)
        return _page("error.html", {"status": 422, "message": "; ".join(problems)}, 422)

    _api(app, stores, adder)
    _pages(app, stores, adder)
    return app


def _page(name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return HTMLResponse(_env.get_template(name).render(**context), status_code=status)


def _filter(
    q: str, date_from: str | None, date_to: str | None, source: str | None,
    language: str | None, limit: int, offset: int,
) -> StoryFilter:  # fmt: skip
    return StoryFilter(
        q=q, date_from=date_from or None, date_to=date_to or None, source=source or None,
        language=language or None, limit=limit, offset=offset,
    )  # fmt: skip


Q = Annotated[str, Query(max_length=500, description="words to find in article text and names")]
DateQ = Annotated[str | None, Query(pattern=_DATE, description="YYYY-MM-DD")]
TextQ = Annotated[str | None, Query(max_length=300)]
Limit = Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


def _api(app: FastAPI, stores: Stores, adder: Adder) -> None:
    @app.get("/api/stories", tags=["api"], summary="Stories, latest activity first")
    def api_stories(
        q: Q = "", date_from: DateQ = None, date_to: DateQ = None, source: TextQ = None,
        language: TextQ = None, limit: Limit = 50, offset: Offset = 0,
    ) -> dict[str, Any]:  # fmt: skip
        st = stores.get()
        return queries.stories(st, _filter(q, date_from, date_to, source, language, limit, offset))

    @app.get("/api/stories/{story_id}", tags=["api"], summary="One story (dossier form)")
    def api_story(story_id: str) -> dict[str, Any]:
        found = queries.story(stores.get(), story_id)
        if found is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return found

    @app.get("/api/storylines/{storyline_id}", tags=["api"],
             summary="One storyline: its stories (events) in time order")  # fmt: skip
    def api_storyline(storyline_id: str) -> dict[str, Any]:
        found = queries.storyline(stores.get(), storyline_id)
        if found is None:
            raise HTTPException(404, f"no storyline {storyline_id!r}")
        return found

    @app.get("/api/articles/{article_id}", tags=["api"], summary="One article with its text")
    def api_article(article_id: str) -> dict[str, Any]:
        found = queries.article(stores.get(), article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return found

    @app.get("/api/entities", tags=["api"], summary="Entities of a story, or found by name")
    def api_entities(
        story: TextQ = None, q: Q = "", limit: Limit = 50
    ) -> dict[str, Any]:  # fmt: skip
        st = stores.get()
        if not story and not queries.has_words(q):
            raise HTTPException(400, "pass story=<story id> or q=<name words>")
        if story and st.story(story) is None:
            raise HTTPException(404, f"no story {story!r}")
        return {"entities": queries.entities(st, story, q, limit)}

    @app.get("/api/search", tags=["api"], summary="Articles, stories and entities matching q")
    def api_search(q: Q, limit: Limit = 20) -> dict[str, Any]:
        if not queries.has_words(q):
            raise HTTPException(400, "q must contain at least one word")
        return queries.search(stores.get(), q, limit)

    @app.post("/api/add", tags=["api"], summary="Add articles: files or pasted text",
              openapi_extra=_ADD_BODY)  # fmt: skip
    async def api_add(request: Request) -> dict[str, Any]:
        uploads = await _read_uploads(request, adder.limits)
        job = await run_in_threadpool(adder.run, adder.new(uploads), uploads)
        if job.state == "failed":
            raise HTTPException(422, job.error or "the add failed")
        return job.as_dict()

    @app.post("/api/add/jobs", tags=["api"], summary="Start adding articles in the background",
              status_code=202, openapi_extra=_ADD_BODY)  # fmt: skip
    async def api_add_job(request: Request) -> dict[str, Any]:
        uploads = await _read_uploads(request, adder.limits)
        return adder.start(uploads).as_dict()

    @app.get("/api/add/jobs/{job_id}", tags=["api"], summary="Progress of a background add")
    def api_job(job_id: str) -> dict[str, Any]:
        job = adder.jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id!r}")
        return job.as_dict()


async def _read_body(request: Request, limits: UploadLimits) -> bytes:
    declared = request.headers.get("content-length")
    too_large = f"request larger than {limits.bytes // (1024 * 1024)} MiB"
    if declared and declared.isdigit() and int(declared) > limits.bytes:
        raise HTTPException(413, too_large)
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limits.bytes:
            raise HTTPException(413, too_large)
        chunks.append(chunk)
    return b"".join(chunks)


async def _read_uploads(request: Request, limits: UploadLimits) -> list[Upload]:
    """The files and pasted text of an add request, checked; 4xx with a reason otherwise."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await _read_body(request, limits)
    fields: dict[str, Any]
    files: list[Upload] = []
    if kind == "application/json":
        try:
            fields = json.loads(body or b"null")
        except (ValueError, UnicodeDecodeError) as exc:
            raise HTTPException(400, f"the body is not JSON: {exc}") from None
        if not isinstance(fields, dict):
            raise HTTPException(422, "the body must be a JSON object with a 'text' field")
    elif kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await _form(request, body, limits)
        fields = {}
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                if key == "files" and (value.filename or value.size):
                    files.append(Upload(value.filename or "upload", await value.read()))
            elif key in ("text", "title", "source", "published"):
                fields[key] = value
    else:
        raise HTTPException(415, "send multipart/form-data (files) or application/json (text)")
    for key in ("text", "title", "source", "published"):
        if key in fields and fields[key] is not None and not isinstance(fields[key], str):
            raise HTTPException(422, f"{key} must be a string")
    try:
        published = check_published(fields.get("published"))
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    text = fields.get("text") or ""
    if text.strip():
        files += pasted(text, fields.get("title"), fields.get("source"), published)
    if not files:
        raise HTTPException(422, "nothing to add: send files or a non-empty text")
    if len(files) > limits.files:
        raise HTTPException(413, f"at most {limits.files} files at once")
    return files


async def _form(request: Request, body: bytes, limits: UploadLimits) -> Any:
    async def replay() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    again = Request(request.scope, receive=replay)
    try:
        return await again.form(
            max_files=limits.files, max_fields=20, max_part_size=limits.bytes
        )  # fmt: skip
    except HTTPException:
        raise
    except Exception as exc:  # malformed multipart: the parser's own message
        raise HTTPException(400, f"unreadable form: {exc}") from None


def _pages(app: FastAPI, stores: Stores, adder: Adder) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_stories(
        q: Q = "", date_from: Annotated[str, Query(max_length=10)] = "",
        date_to: Annotated[str, Query(max_length=10)] = "", source: TextQ = None,
        language: TextQ = None, offset: Offset = 0,
    ) -> HTMLResponse:  # fmt: skip
        problems = [
            f"{name} must be a date written YYYY-MM-DD"
            for name, value in (("from", date_from), ("to", date_to))
            if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
        ]
        st = stores.get()
        flt = _filter(q, None if problems else date_from, None if problems else date_to,
                      source, language, 50, offset)  # fmt: skip
        found = queries.stories(st, flt)
        return _page(
            "stories.html",
            {"found": found, "flt": flt, "facets": queries.facets(st), "problems": problems,
             "raw": {"date_from": date_from, "date_to": date_to}},
        )  # fmt: skip

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_story(story_id: str) -> HTMLResponse:
        story = queries.story(stores.get(), story_id)
        if story is None:
            raise HTTPException(404, "no such story")
        return _page("story.html", {"s": story, "v": views.story_view(story)})

    @app.get("/storylines/{storyline_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_storyline(storyline_id: str) -> HTMLResponse:
        found = queries.storyline(stores.get(), storyline_id)
        if found is None:
            raise HTTPException(404, "no such storyline")
        return _page("storyline.html", {"line": found})

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_article(article_id: str) -> HTMLResponse:
        st = stores.get()
        article = queries.article(st, article_id)
        if article is None:
            raise HTTPException(404, "no such article")
        story = queries.story(st, article["story"]) if article.get("story") else None
        return _page(
            "article.html",
            {
                "a": article,
                "story": story,
                "paragraphs": views.article_view(article, story),
                "translations": beside.translations_of(story, article_id),
                "labels": {
                    m["id"]: views.source_label(m) for m in (story or {}).get("members", [])
                },
            },
        )

    @app.get(
        "/articles/{article_id}/beside/{original_id}",
        response_class=HTMLResponse,
        include_in_schema=False,
    )
    def page_beside(article_id: str, original_id: str) -> HTMLResponse:
        st = stores.get()
        article, original = queries.article(st, article_id), queries.article(st, original_id)
        if article is None or original is None:
            raise HTTPException(404, "no such article")
        story = queries.story(st, article["story"]) if article.get("story") else None
        view = beside.beside_view(story, article, original) if story else None
        if view is None:
            raise HTTPException(404, "these two articles are not a translation and its original")
        return _page("beside.html", {"a": article, "o": original, "story": story, "b": view})

    @app.get("/add", response_class=HTMLResponse, include_in_schema=False)
    def page_add() -> HTMLResponse:
        return _page("add.html", {"limit_mib": adder.limits.bytes // (1024 * 1024), "job": None})

    @app.post("/add", response_class=HTMLResponse, include_in_schema=False)
    async def page_add_post(request: Request) -> Response:
        # Without JavaScript the form posts here and waits for the whole add.
        uploads = await _read_uploads(request, adder.limits)
        job = await run_in_threadpool(adder.run, adder.new(uploads), uploads)
        return _page("add.html", {"limit_mib": adder.limits.bytes // (1024 * 1024), "job": job})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return RedirectResponse("/static/favicon.svg")
