"""Who may do what on a server: the token that adding articles (and, with ``private``,
everything) needs, the browser's session cookie that stands for it, and the rule that a server
listening beyond loopback does not start without a token unless it is read-only."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import socket
import time
from dataclasses import dataclass

from starlette.requests import Request

from ..config import Settings
from ..errors import ServeError

__all__ = [
    "Access",
    "SESSION_COOKIE",
    "is_loopback",
    "check_listen",
    "token_matches",
    "bearer",
    "new_session",
    "session_valid",
    "request_authorized",
    "uses_login",
]

SESSION_COOKIE = "storyweave_session"
_MAKE_TOKEN = "python3 -c 'import secrets; print(secrets.token_urlsafe(24))'"


@dataclass(frozen=True)
class Access:
    """A server's access rules. ``token``: what adding needs (None: adding is open, which
    only a loopback server allows); ``private``: reading needs it too; ``read_only``: no
    way to add at all."""

    token: str | None = None
    private: bool = False
    read_only: bool = False
    session_seconds: float = 12 * 3600

    @classmethod
    def from_settings(
        cls, settings: Settings | None = None, *, token: str | None = None,
        private: bool = False, read_only: bool = False,
    ) -> Access:  # fmt: skip
        settings = settings or Settings.default()
        hours = settings.getfloat("web", "session_hours")
        return cls(token=token or None, private=private, read_only=read_only,
                   session_seconds=hours * 3600)  # fmt: skip

    @property
    def can_add(self) -> bool:
        return not self.read_only


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or a name) reaches only this machine. A name counts as
    loopback when every address it resolves to is one; "", "0.0.0.0" and "::" are every
    interface."""
    host = host.strip().strip("[]")
    if not host:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return bool(found) and all(
        ipaddress.ip_address(str(a).split("%")[0]).is_loopback for a in found
    )


def check_listen(host: str, access: Access, settings: Settings | None = None) -> None:
    """Refuse (``ServeError``) a server that would let strangers add articles or read a
    private store without a token, or whose token is too short to resist guessing."""
    settings = settings or Settings.default()
    shortest = settings.getint("web", "token_min_chars")
    if access.token is not None and len(access.token) < shortest:
        raise ServeError(
            f"the token has {len(access.token)} characters; it needs at least {shortest}",
            fix=f"make one with {_MAKE_TOKEN}",
        )
    if access.private and access.token is None:
        raise ServeError(
            "--private needs a token: every page and API call asks for it",
            fix=f"pass --token or set STORYWEAVE_TOKEN (make one with {_MAKE_TOKEN})",
        )
    if access.token is None and not access.read_only and not is_loopback(host):
        raise ServeError(
            f"refusing to listen on {host or 'every interface'} without a token: anyone who "
            "can reach the port could add articles to the store",
            fix=f"pass --token or set STORYWEAVE_TOKEN (make one with {_MAKE_TOKEN}), or "
            "serve --read-only for a mirror nobody can add to",
        )


def token_matches(token: str, given: str | None) -> bool:
    """Whether ``given`` is the token, compared in constant time."""
    if given is None:
        return False
    return hmac.compare_digest(token.encode("utf-8"), given.encode("utf-8"))


def bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header."""
    scheme, _, value = (header or "").strip().partition(" ")
    return (value.strip() or None) if scheme.lower() == "bearer" else None


def _sign(token: str, expires: int) -> str:
    # The cookie carries a signature made with the token, never the token itself.
    key = hashlib.sha256(b"storyweave session\0" + token.encode("utf-8")).digest()
    return hmac.new(key, str(expires).encode(), hashlib.sha256).hexdigest()


def new_session(token: str, seconds: float, now: float | None = None) -> str:
    """A session cookie value that stands for the token until it expires."""
    expires = int((time.time() if now is None else now) + seconds)
    return f"{expires}.{_sign(token, expires)}"


def session_valid(token: str, value: str | None, now: float | None = None) -> bool:
    """Whether a session cookie was made with ``token`` and has not expired."""
    expires, _, signature = (value or "").partition(".")
    if not expires.isdigit() or not signature:
        return False
    if int(expires) < (time.time() if now is None else now):
        return False
    return hmac.compare_digest(_sign(token, int(expires)), signature)


def request_authorized(access: Access, request: Request) -> bool:
    """Whether a request carries the token (bearer header) or a valid session cookie; every
    request is, on a server without a token."""
    if access.token is None:
        return True
    if token_matches(access.token, bearer(request.headers.get("authorization"))):
        return True
    return session_valid(access.token, request.cookies.get(SESSION_COOKIE))


def uses_login(access: Access) -> bool:
    """Whether the server has anything behind its token (and so a login page)."""
    return access.token is not None and (access.can_add or access.private)
