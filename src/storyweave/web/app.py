"""The FastAPI app: pages and the JSON API over one store, with the access rules of
``access.py`` (a token for adding, or for everything when private; no adding when
read-only)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from ..config import Settings
from ..version import __version__
from . import adding, login, reading
from .access import Access, request_authorized
from .connections import Stores
from .jobs import JobRunner
from .limits import ClientLimiter, ClientLimits
from .pages import Pages

__all__ = ["create_app"]

_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_HERE = Path(__file__).parent
# Open without the token on a private server: the login page and what it is drawn with.
_OPEN = ("/login", "/favicon.ico")


def create_app(
    db: str | Path, settings: Settings | None = None, *, access: Access | None = None
) -> FastAPI:
    """The web app and JSON API over the store ``db`` (created if missing), with
    ``settings`` (the shipped ones by default) and ``access`` (open adding, as on loopback,
    by default). A server that adds runs a worker for the add jobs from its start."""
    settings = settings or Settings.default()
    access = access or Access.from_settings(settings)
    stores = Stores(db, settings)
    runner = JobRunner(db, settings) if access.can_add else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if runner is not None:
            runner.start()  # resumes what a stopped server left
        yield
        if runner is not None:
            await run_in_threadpool(runner.stop)

    app = FastAPI(
        title="storyweave",
        version=__version__,
        description="Stories, entities, timelines and claims reconciled from news articles.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    pages = Pages(access)
    limiter = ClientLimiter(ClientLimits.from_settings(settings))
    app.state.stores = stores
    app.state.access = access
    app.state.runner = runner
    app.state.limiter = limiter
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")

    if access.private:

        @app.middleware("http")
        async def private(request: Request, call_next: Any) -> Response:
            path = request.url.path
            if path.startswith("/static/") or path in _OPEN or request_authorized(access, request):
                response: Response = await call_next(request)
                return response
            if path.startswith("/api") or path == "/openapi.json":
                return JSONResponse(
                    {"detail": "this server is private: send the header "
                               "'Authorization: Bearer TOKEN'"},
                    status_code=401, headers={"WWW-Authenticate": "Bearer"},
                )  # fmt: skip
            if request.method == "GET":
                here = path + (f"?{request.url.query}" if request.url.query else "")
                return RedirectResponse("/login?next=" + quote(here, safe=""), status_code=303)
            return pages.render(request, "error.html",
                                {"status": 401, "message": "log in first"}, 401)  # fmt: skip

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
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=exc.headers)  # fmt: skip
        detail = exc.detail
        message = "; ".join(map(str, detail)) if isinstance(detail, list) else str(detail)
        page = pages.render(request, "error.html", {"status": exc.status_code,
                            "message": message}, exc.status_code)  # fmt: skip
        page.headers.update(exc.headers or {})
        return page

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [_problem(e) for e in exc.errors()]
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": problems}, status_code=422)
        return pages.render(request, "error.html",
                            {"status": 422, "message": "; ".join(problems)}, 422)  # fmt: skip

    reading.register(app, stores, pages)
    if access.token is not None and (access.can_add or access.private):
        login.register(app, access, pages, limiter)
    if runner is not None:
        adding.register(app, stores, runner, access, pages, limiter, settings)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return RedirectResponse("/static/favicon.svg")

    return app


def _problem(error: Any) -> str:
    """One validation error as "parameter: what is wrong (the value given)"."""
    loc = [str(p) for p in error.get("loc", ())]
    name = loc[-1] if len(loc) == 2 and loc[0] in ("query", "path") else ".".join(loc)
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    given = error.get("input")
    if isinstance(given, str) and given not in message and len(given) <= 40:
        message += f" (got {given!r})"
    return f"{name}: {message}"
