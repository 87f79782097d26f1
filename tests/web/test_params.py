"""Invalid query values are a 422 naming the parameter, on the API and on the pages, never a
filter silently dropped."""

from __future__ import annotations

from typing import Any

import pytest

CASES = [
    ("date_from", "2021-13-45", "not a day of the calendar"),
    ("date_to", "2024-02-30", "not a day of the calendar"),
    ("date_from", "May 2024", "not a date written YYYY-MM-DD"),
    ("language", "xx", "unknown language code 'xx'"),
    ("language", "english!", "not a language code"),
    ("offset", "abc", "valid integer"),
    ("offset", "-3", "greater than or equal to 0"),
]


@pytest.mark.parametrize(("name", "value", "says"), CASES)
def test_the_api_names_the_bad_parameter(client: Any, name: str, value: str, says: str):
    r = client.get("/api/stories", params={name: value})
    assert r.status_code == 422, r.text
    (problem,) = r.json()["detail"]
    assert problem.startswith(f"{name}: ") and says in problem, problem


@pytest.mark.parametrize(("name", "value", "says"), CASES)
def test_the_stories_page_names_the_bad_parameter(client: Any, name: str, value: str, says: str):
    r = client.get("/", params={name: value})
    assert r.status_code == 422
    assert f"{name}: " in r.text and says.replace("'", "&#39;") in r.text


def test_limits_are_checked_on_every_list(client: Any):
    for url in ("/api/stories?limit=-1", "/api/search?q=crew&limit=0",
                "/api/entities?q=runa&limit=abc", "/api/stories?limit=201"):  # fmt: skip
        r = client.get(url)
        assert r.status_code == 422, url
        assert r.json()["detail"][0].startswith("limit: "), r.json()


def test_good_and_empty_values_still_filter(client: Any):
    def ids(url: str, **params: str) -> list[str]:
        return [s["id"] for s in client.get(url, params=params).json()["stories"]]

    assert ids("/api/stories", language="no") == ["s-organ"]  # stored, though lingua has nb/nn
    assert ids("/api/stories", language="fr") == []  # a language, just not here
    assert ids("/api/stories", language="EN") == ["s-ferry"]
    assert ids("/api/stories", date_from="2024-06-01") == ["s-organ"]
    # An empty date field (the page's form sends one) is no filter, not an error.
    page = client.get("/", params={"date_from": "", "date_to": "", "language": "", "q": ""})
    assert page.status_code == 200 and page.text.count('class="story"') == 2
