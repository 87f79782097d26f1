"""The web app and HTTP API: pages to explore stories and add articles, JSON mirroring the
dossier contract, an OpenAPI description at /openapi.json."""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from .access import Access, check_listen, is_loopback
from .app import create_app

__all__ = ["create_app", "serve", "Access", "plain_http_beyond_loopback"]


def serve(
    db: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    settings: Settings | None = None,
    token: str | None = None,
    private: bool = False,
    read_only: bool = False,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
) -> None:
    """Serve the app over the store ``db`` with uvicorn until interrupted. Refuses
    (``ServeError``) to listen beyond loopback without a token unless ``read_only``."""
    import uvicorn

    settings = settings or Settings.default()
    access = Access.from_settings(settings, token=token, private=private, read_only=read_only)
    check_listen(host, access, settings)
    uvicorn.run(
        create_app(db, settings, access=access), host=host, port=port, log_level="info",
        ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile,
        # A request waiting for its add is not kept past this on a stop: the job goes back
        # to the queue and the next start resumes it.
        timeout_graceful_shutdown=10,
    )  # fmt: skip


def plain_http_beyond_loopback(host: str, ssl_certfile: str | None) -> bool:
    """Whether tokens and pages would cross a network unencrypted."""
    return not ssl_certfile and not is_loopback(host)
