"""The browser's way in: a form that takes the token once and leaves a session cookie
(HttpOnly, SameSite=Strict, Secure over HTTPS) that stands for it; API clients send the
token itself as a bearer header instead."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from .access import SESSION_COOKIE, Access, new_session, request_authorized, token_matches
from .limits import ClientLimiter, Limited
from .pages import Pages

__all__ = ["register", "safe_next", "client_of"]

_FORM_BYTES = 4096  # a token and a path


def safe_next(value: str | None) -> str:
    """Where to go after logging in: a path on this server, never another site."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def client_of(request: Request) -> str:
    """The client's address as the server sees it (behind a trusted proxy, uvicorn puts the
    forwarded one here)."""
    return request.client.host if request.client else "unknown"


async def _small_form(request: Request) -> dict[str, str]:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > _FORM_BYTES:
            raise HTTPException(413, f"a login form is at most {_FORM_BYTES} bytes")
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        raise HTTPException(400, "the form is not UTF-8") from None
    return {k: v[0] for k, v in parsed.items() if v}


def register(app: FastAPI, access: Access, pages: Pages, limiter: ClientLimiter) -> None:
    token = access.token
    assert token is not None

    @app.get("/login", include_in_schema=False)
    def login_page(request: Request, next: str = "/") -> Response:
        if request_authorized(access, request):
            return RedirectResponse(safe_next(next), status_code=303)
        return pages.render(request, "login.html", {"next": safe_next(next), "problem": None})

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        try:
            limiter.request(client_of(request))  # guesses count against the client
        except Limited as exc:
            raise HTTPException(429, exc.message, {"Retry-After": str(exc.retry_after)}) from None
        form = await _small_form(request)
        target = safe_next(form.get("next"))
        if not token_matches(token, form.get("token", "").strip()):
            return pages.render(
                request, "login.html", {"next": target, "problem": "That is not the token."}, 401
            )
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            SESSION_COOKIE, new_session(token, access.session_seconds),
            max_age=int(access.session_seconds), path="/", httponly=True, samesite="strict",
            secure=request.url.scheme == "https",
        )  # fmt: skip
        return response

    @app.post("/logout", include_in_schema=False)
    def logout() -> Response:
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
        return response
