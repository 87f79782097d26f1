"""Hypothesis fuzzes every operation of the OpenAPI description: no request gets a 500."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow

_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None
)
_ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=60)
_NASTY = st.sampled_from(['"', "*", "NEAR(", "a OR", "(", "col:x", "\\", "%", "'; --", "..", ""])


def _value(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values of the schema's type and shape, and values that break it."""
    schema = next(iter(schema.get("anyOf", [])), schema) if "anyOf" in schema else schema
    kind = schema.get("type")
    wrong = st.one_of(_ANY_TEXT, _NASTY, st.integers().map(str))
    if kind == "integer":
        lo, hi = schema.get("minimum", -(10**9)), schema.get("maximum", 10**9)
        return st.one_of(st.integers(lo, hi).map(str), st.integers().map(str), wrong)
    if "pattern" in schema:
        return st.one_of(st.from_regex(schema["pattern"], fullmatch=True), wrong)
    return st.one_of(_ANY_TEXT, _NASTY, st.text(max_size=schema.get("maxLength", 100) + 5))


def _operations(app: Any) -> list[tuple[str, str, dict[str, Any]]]:
    spec = app.openapi()
    return [
        (method.upper(), path, op)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
    ]


def _request(path: str, op: dict[str, Any]) -> st.SearchStrategy[tuple[str, dict]]:
    params = op.get("parameters", [])
    path_params = {p["name"]: _value(p["schema"]) for p in params if p["in"] == "path"}
    query = {
        p["name"]: st.one_of(st.none(), _value(p["schema"])) for p in params if p["in"] == "query"
    }

    @st.composite
    def build(draw: Any) -> tuple[str, dict]:
        url = path
        for name, strat in path_params.items():
            url = url.replace("{" + name + "}", quote(draw(strat), safe="") or "x")
        values = {k: draw(v) for k, v in query.items()}
        return url, {k: v for k, v in values.items() if v is not None}

    return build()


def test_get_operations_never_fail(client: Any):
    ops = [(m, p, op) for m, p, op in _operations(client.app) if m == "GET"]
    assert {p for _, p, _ in ops} >= {"/api/stories", "/api/stories/{story_id}",
                                      "/api/articles/{article_id}", "/api/entities",
                                      "/api/search"}  # fmt: skip
    client_ = client
    for _method, path, op in ops:

        @_SETTINGS
        @given(_request(path, op))
        def check(req: tuple[str, dict]) -> None:
            url, params = req
            r = client_.get(url, params=params)
            assert r.status_code < 500, (url, params, r.text)
            assert r.headers["content-type"].startswith("application/json")

        check()


_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "text": st.one_of(_ANY_TEXT, st.integers(), st.none(), st.lists(st.integers())),
        "title": st.one_of(_ANY_TEXT, st.integers()),
        "source": _ANY_TEXT,
        "published": st.one_of(st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True), _ANY_TEXT),
        "other": _ANY_TEXT,
    },
)


def test_add_never_fails(client: Any):
    spec = client.app.openapi()
    content = spec["paths"]["/api/add"]["post"]["requestBody"]["content"]
    assert set(content) == {"multipart/form-data", "application/json"}

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck),
              database=None)  # fmt: skip
    @given(
        st.one_of(
            _FIELDS.map(lambda f: {"json": f}),
            st.lists(st.tuples(_ANY_TEXT, st.binary(max_size=200)), max_size=3).map(
                lambda fs: {"files": [("files", (n or "f", b)) for n, b in fs] or None}
            ),
            st.binary(max_size=100).map(lambda b: {"content": b}),
        )
    )
    def check(kwargs: dict[str, Any]) -> None:
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        r = client.post("/api/add", **kwargs)
        assert r.status_code < 500, (kwargs, r.text)

    check()
