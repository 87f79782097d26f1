"""The routes that read: the JSON API over stories, articles, entities and search, and the
pages that show them. Every query value is checked (params.py)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse

from ..store import StoryFilter
from . import beside, queries, views
from .connections import Stores
from .pages import Pages
from .params import DateQ, LanguageQ, Limit, Offset, Q, TextQ, check_language

__all__ = ["register"]


def _filter(
    q: str, date_from: str | None, date_to: str | None, source: str | None,
    language: str | None, limit: int, offset: int,
) -> StoryFilter:  # fmt: skip
    return StoryFilter(
        q=q, date_from=date_from or None, date_to=date_to or None, source=source or None,
        language=language or None, limit=limit, offset=offset,
    )  # fmt: skip


def register(app: FastAPI, stores: Stores, pages: Pages) -> None:
    @app.get("/api/stories", tags=["api"], summary="Stories, latest activity first")
    def api_stories(
        q: Q = "", date_from: DateQ = None, date_to: DateQ = None, source: TextQ = None,
        language: LanguageQ = None, limit: Limit = 50, offset: Offset = 0,
    ) -> dict[str, Any]:  # fmt: skip
        st = stores.get()
        check_language(st, language)
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

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_stories(
        request: Request, q: Q = "", date_from: DateQ = None, date_to: DateQ = None,
        source: TextQ = None, language: LanguageQ = None, offset: Offset = 0,
    ) -> HTMLResponse:  # fmt: skip
        st = stores.get()
        check_language(st, language)
        flt = _filter(q, date_from, date_to, source, language, 50, offset)
        found = queries.stories(st, flt)
        return pages.render(
            request, "stories.html", {"found": found, "flt": flt, "facets": queries.facets(st)}
        )

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_story(request: Request, story_id: str) -> HTMLResponse:
        story = queries.story(stores.get(), story_id)
        if story is None:
            raise HTTPException(404, "no such story")
        return pages.render(request, "story.html", {"s": story, "v": views.story_view(story)})

    @app.get("/storylines/{storyline_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_storyline(request: Request, storyline_id: str) -> HTMLResponse:
        found = queries.storyline(stores.get(), storyline_id)
        if found is None:
            raise HTTPException(404, "no such storyline")
        return pages.render(request, "storyline.html", {"line": found})

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_article(request: Request, article_id: str) -> HTMLResponse:
        st = stores.get()
        article = queries.article(st, article_id)
        if article is None:
            raise HTTPException(404, "no such article")
        story = queries.story(st, article["story"]) if article.get("story") else None
        return pages.render(
            request,
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
    def page_beside(request: Request, article_id: str, original_id: str) -> HTMLResponse:
        st = stores.get()
        article, original = queries.article(st, article_id), queries.article(st, original_id)
        if article is None or original is None:
            raise HTTPException(404, "no such article")
        story = queries.story(st, article["story"]) if article.get("story") else None
        view = beside.beside_view(story, article, original) if story else None
        if view is None:
            raise HTTPException(404, "these two articles are not a translation and its original")
        return pages.render(
            request, "beside.html", {"a": article, "o": original, "story": story, "b": view}
        )
