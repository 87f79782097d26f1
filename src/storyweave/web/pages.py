"""Rendering the pages: one Jinja environment, and what every page's header needs to know
(whether adding is offered, whether the visitor is logged in)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader

from .. import datevalue
from ..version import __version__
from . import views
from .access import SESSION_COOKIE, Access, session_valid, uses_login

__all__ = ["Pages"]

_env = Environment(
    loader=PackageLoader("storyweave.web", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.globals["safe_url"] = views.safe_url
_env.globals["version"] = __version__
_env.filters["date_words"] = datevalue.words


class Pages:
    def __init__(self, access: Access):
        self.access = access

    def nav(self, request: Request) -> dict[str, bool]:
        access = self.access
        login = uses_login(access)
        return {
            "can_add": access.can_add,
            "login": login,
            "logged_in": login
            and session_valid(access.token or "", request.cookies.get(SESSION_COOKIE)),
        }

    def render(
        self, request: Request, name: str, context: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        html = _env.get_template(name).render(nav=self.nav(request), **context)
        return HTMLResponse(html, status_code=status)
