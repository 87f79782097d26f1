"""The web app and HTTP API: pages to explore stories and add articles, JSON mirroring the
dossier contract, an OpenAPI description at /openapi.json."""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from .app import create_app

__all__ = ["create_app", "serve"]


def serve(
    db: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    settings: Settings | None = None,
) -> None:
    """Serve the app over the store ``db`` with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(db, settings), host=host, port=port, log_level="info")
