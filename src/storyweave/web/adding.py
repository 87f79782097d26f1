"""The routes that add articles: the JSON API (wait for the add, or queue a job and poll it)
and the upload page. Registered only on a server that adds (not ``--read-only``); each
upload is limited per client (limits.py) and, when the server has a token, needs it."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.formparsers import MultiPartParser

from ..config import Settings
from ..store import AddJob
from .access import Access, bearer, request_authorized
from .connections import Stores
from .jobs import JobRunner, job_dict
from .limits import ClientLimiter, Limited, size_words
from .login import client_of
from .pages import Pages
from .uploads import BodyOverAllowance, Upload, UploadLimits, read_uploads

__all__ = ["register"]

_DATE = r"^\d{4}-\d{2}-\d{2}$"
_ENDED = ("done", "failed")
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


def register(
    app: FastAPI, stores: Stores, runner: JobRunner, access: Access, pages: Pages,
    limiter: ClientLimiter, settings: Settings,
) -> None:  # fmt: skip
    limits = UploadLimits.from_settings(settings)
    # Keep every uploaded part in memory (the request is already capped at the upload limit):
    # the form parser would otherwise spool large parts to a file outside our private folder.
    MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, limits.bytes)
    limit_words = size_words(limits.bytes)

    def require_token(request: Request) -> None:
        if request_authorized(access, request):
            return
        given = bearer(request.headers.get("authorization"))
        raise HTTPException(
            401,
            "the token is wrong" if given else "adding articles on this server needs its token: "
            "send the header 'Authorization: Bearer TOKEN' (or log in at /login)",
            {"WWW-Authenticate": "Bearer"},
        )  # fmt: skip

    async def uploads_of(request: Request) -> list[Upload]:
        """The request's uploads, once it passed the client's limits and the token."""
        who = client_of(request)
        try:
            limiter.request(who)
        except Limited as exc:
            raise HTTPException(429, exc.message, {"Retry-After": str(exc.retry_after)}) from None
        require_token(request)
        try:
            return await read_uploads(
                request, limits, limiter.allowance(who), lambda n: limiter.spend(who, n)
            )
        except BodyOverAllowance:
            over = limiter.over_day(who)
            raise HTTPException(429, over.message, {"Retry-After": str(over.retry_after)}) from None

    async def submit(uploads: list[Upload]) -> AddJob:
        return await run_in_threadpool(lambda: runner.submit(stores.get(), uploads))

    async def until_ended(job: AddJob) -> AddJob:
        # Polls the row: the job may be run by this server's worker or another's.
        job_id = job.id
        while job.state not in _ENDED:
            await asyncio.sleep(0.2)
            found = await run_in_threadpool(lambda: stores.get().job(job_id))
            if found is None:
                raise HTTPException(500, f"add job {job_id} vanished from the store")
            job = found
        return job

    @app.post("/api/add", tags=["api"], summary="Add articles: files or pasted text",
              openapi_extra=_ADD_BODY)  # fmt: skip
    async def api_add(request: Request) -> dict[str, Any]:
        job = await until_ended(await submit(await uploads_of(request)))
        if job.state == "failed":
            raise HTTPException(422, job.error or "the add failed")
        return job_dict(job)

    @app.post("/api/add/jobs", tags=["api"], summary="Start adding articles in the background",
              status_code=202, openapi_extra=_ADD_BODY)  # fmt: skip
    async def api_add_job(request: Request) -> dict[str, Any]:
        return job_dict(await submit(await uploads_of(request)))

    @app.get("/api/add/jobs", tags=["api"], summary="Recent add jobs, newest first")
    def api_jobs(
        request: Request, limit: Annotated[int, Query(ge=1, le=200)] = 50
    ) -> dict[str, Any]:
        require_token(request)
        return {"jobs": [job_dict(j) for j in stores.get().jobs(limit)]}

    @app.get("/api/add/jobs/{job_id}", tags=["api"], summary="Progress of a background add")
    def api_job(request: Request, job_id: str) -> dict[str, Any]:
        require_token(request)
        job = stores.get().job(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id!r}")
        return job_dict(job)

    def add_page(request: Request, job: AddJob | None) -> HTMLResponse:
        context = {"limit": limit_words, "job": job_dict(job) if job else None}
        return pages.render(request, "add.html", context)

    @app.get("/add", response_class=HTMLResponse, include_in_schema=False)
    def page_add(request: Request) -> Response:
        if not request_authorized(access, request):
            return RedirectResponse("/login?next=/add", status_code=303)
        return add_page(request, None)

    @app.post("/add", response_class=HTMLResponse, include_in_schema=False)
    async def page_add_post(request: Request) -> Response:
        # Without JavaScript the form posts here and waits for the whole add.
        job = await until_ended(await submit(await uploads_of(request)))
        return add_page(request, job)
