"""The JSON API and pages over the hand-built store: contract, filters, errors, uploads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storyweave.web.uploads import UploadLimits, safe_name


def test_stories_latest_activity_first_with_sources(client: Any):
    body = client.get("/api/stories").json()
    assert body["total"] == 2
    assert [s["id"] for s in body["stories"]] == ["s-organ", "s-ferry"]
    ferry = body["stories"][1]
    assert ferry["sources"] == ["Brask Radio", "Tolvik Gazette"]
    assert ferry["first_date"] == "2024-05-02" and ferry["last_date"] == "2024-05-03"


def test_stories_search_covers_text_and_entity_names(client: Any):
    # "crew" is in the text only; "Halberg" is an alias; "Hallb" a prefix of a name.
    for q in ("crew", "Halberg", "Hallb", "orgelkonserten"):
        ids = [s["id"] for s in client.get("/api/stories", params={"q": q}).json()["stories"]]
        assert ids == (["s-organ"] if q.startswith("orgel") else ["s-ferry"]), q
    assert client.get("/api/stories", params={"q": "nowhere-word"}).json()["total"] == 0


def test_stories_filters(client: Any):
    def ids(**params: str) -> list[str]:
        return [s["id"] for s in client.get("/api/stories", params=params).json()["stories"]]

    assert ids(language="no") == ["s-organ"]
    assert ids(source="Brask Radio") == ["s-ferry"]
    assert ids(date_from="2024-06-01") == ["s-organ"]
    assert ids(date_to="2024-05-02") == ["s-ferry"]
    assert ids(date_from="2024-05-03", date_to="2024-05-03") == ["s-ferry"]


def test_story_article_entities_search(client: Any, small_db: dict):
    a1 = small_db["ids"]["a1"]
    story = client.get("/api/stories/s-ferry").json()
    assert [m["id"] for m in story["members"]] == [a1, small_db["ids"]["a2"]]
    assert story["claims"][0]["values"][a1] == "300"
    article = client.get(f"/api/articles/{a1}").json()
    assert article["story"] == "s-ferry" and article["text"].startswith("Ferry crews")
    assert article["sentences"][1]["text"].startswith("The union leader")
    ents = client.get("/api/entities", params={"story": "s-ferry"}).json()["entities"]
    assert {e["name"] for e in ents} == {"Runa Hallberg", "Tolvik"}
    found = client.get("/api/entities", params={"q": "halberg"}).json()["entities"]
    assert [e["id"] for e in found] == ["ent-runa"]
    hits = client.get("/api/search", params={"q": "walkout"}).json()
    assert [a["id"] for a in hits["articles"]] == [small_db["ids"]["a2"]]
    assert "walkout" in hits["articles"][0]["snippet"]
    assert [s["id"] for s in hits["stories"]] == ["s-ferry"]


def test_bad_requests_are_4xx_with_a_message(client: Any):
    cases = [
        ("/api/stories/nope", 404), ("/api/articles/nope", 404),
        ("/api/entities", 400), ("/api/entities?story=nope", 404),
        ("/api/search?q=", 400), ("/api/search", 422), ("/api/search?q=%22%28%2A", 400),
        ("/api/stories?date_from=May", 422), ("/api/stories?limit=0", 422),
        ("/api/stories?limit=abc", 422), ("/api/add/jobs/nope", 404),
        ("/stories/nope", 404), ("/articles/nope", 404),
    ]  # fmt: skip
    for url, status in cases:
        r = client.get(url)
        assert r.status_code == status, (url, r.status_code, r.text)
        if url.startswith("/api"):
            assert r.json()["detail"], url
    # FTS5 syntax in a query is only words to find, never an error.
    for q in ['"', "a AND", "NEAR(x y", "*", "col:word", "a OR OR b", "^x", "x -y"]:
        assert client.get("/api/stories", params={"q": q}).status_code == 200, q
        assert client.get("/", params={"q": q}).status_code == 200, q


def test_pages_render_the_story(client: Any, small_db: dict):
    page = client.get("/stories/s-ferry").text
    assert 'id="entity-ent-runa"' in page and "spelling" in page
    assert 'class="claim s-conflicting"' in page and ">300" in page and ">250" in page
    assert "name-variant" in page
    data = page.split('id="timeline-data">')[1].split("</script>")[0]
    items = {i["date"]: i for i in json.loads(data)}
    assert items["2024-SP"]["start"] == "2024-03-01" and items["2024-SP"]["end"] == "2024-05-31"
    assert items["2024-05-01"]["precision"] == "day"
    assert items["P2D"]["start"] is None
    article = client.get(f"/articles/{small_db['ids']['a1']}").text
    assert 'id="s-1"' in article
    assert 'href="/stories/s-ferry#entity-ent-runa"' in article
    assert 'href="/stories/s-ferry#event-0"' in article  # "1 May 2024" -> its event
    assert client.get("/?source=Brask+Radio").text.count('class="story"') == 1


def test_security_headers(client: Any):
    r = client.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_add_json_text_with_metadata(client: Any, monkeypatch: Any):
    assert "Wendmark Post" not in client.get("/").text
    seen: dict[str, Any] = {}
    _watch_add(monkeypatch, seen)
    text = "A clock tower in Wendmark stopped at noon on Friday, the town council said today."
    r = client.post("/api/add", json={"text": text, "title": "Clock\nsource: forged",
                                       "source": "Wendmark Post", "published": "2024-08-02"})  # fmt: skip
    assert r.status_code == 200, r.text
    result = r.json()["result"]
    assert len(result["added"]) == 1 and not result["failed"]
    art = client.get(f"/api/articles/{result['added'][0]}").json()
    assert art["title"] == "Clock source: forged"  # a newline cannot inject a field
    assert art["source"] == "Wendmark Post" and art["published"] == "2024-08-02"
    assert art["files"] == ["upload:pasted.txt"]
    assert "<option>Wendmark Post</option>" in client.get("/").text  # the filter menus follow
    # The files lived in a private folder that is gone afterwards.
    assert seen["folder"].name.startswith("storyweave-upload-") and not seen["folder"].exists()
    again = client.post("/api/add", json={"text": text}).json()["result"]
    assert again["present"] == result["added"]


def _watch_add(monkeypatch: Any, seen: dict[str, Any]) -> None:
    from storyweave import pipeline

    real = pipeline.add

    def add(store: Any, paths: list[Path], **kw: Any) -> Any:
        (folder,) = paths
        seen["folder"] = Path(folder)
        seen["files"] = sorted(p.name for p in Path(folder).iterdir())
        seen["mode"] = Path(folder).stat().st_mode & 0o777
        return real(store, paths, **kw)

    monkeypatch.setattr(pipeline, "add", add)


def test_upload_names_cannot_reach_outside(client: Any, monkeypatch: Any, tmp_path: Path):
    seen: dict[str, Any] = {}
    _watch_add(monkeypatch, seen)
    body = b"A weir on the Lunne river gave way on Sunday and flooded two meadows downstream."
    files = [("files", ("../../evil.txt", body)), ("files", ("/etc/.hidden.txt", body + b"!"))]
    r = client.post("/api/add", files=files)
    assert r.status_code == 200, r.text
    assert seen["files"] == ["evil.txt", "hidden.txt"] and seen["mode"] == 0o700
    assert not (tmp_path.parent / "evil.txt").exists()
    assert len(r.json()["result"]["added"]) == 2


def test_add_refusals(client: Any):
    assert client.post("/api/add", json={"text": "   "}).status_code == 422
    assert (
        client.post("/api/add", json={"text": "x" * 50, "published": "2024-02-30"}).status_code
        == 422
    )
    assert client.post("/api/add", json=["text"]).status_code == 422
    assert client.post("/api/add", json={"text": 5}).status_code == 422
    assert (
        client.post(
            "/api/add", content=b"{", headers={"content-type": "application/json"}
        ).status_code
        == 400
    )
    assert (
        client.post("/api/add", content=b"text", headers={"content-type": "text/plain"}).status_code
        == 415
    )
    big = b"x" * (UploadLimits.from_settings().bytes + 1)
    r = client.post("/api/add", files=[("files", ("big.txt", big))])
    assert r.status_code == 413 and "MiB" in r.json()["detail"]
    r = client.post(
        "/api/add",
        content=b"--b\r\nbroken",
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert 400 <= r.status_code < 500
    # A path given as a field is only text to ingest, never a file to read.
    r = client.post("/api/add", data={"text": "/etc/passwd"})
    assert r.json()["result"]["failed"] and "root:" not in json.dumps(r.json())  # fmt: skip


def test_add_job_reports_progress(client: Any):
    text = "Snow closed the Harsk mountain pass on Monday and drivers waited for hours at the foot."
    job = client.post("/api/add/jobs", json={"text": text}).json()
    for _ in range(600):
        state = client.get(f"/api/add/jobs/{job['id']}").json()
        if state["state"] in ("done", "failed"):
            break
        import time

        time.sleep(0.1)
    assert state["state"] == "done", state
    assert state["total"] == 1 and state["done"] == 1


def test_safe_name():
    taken: set[str] = set()
    assert safe_name("../../a b.txt", taken) == "a_b.txt"
    assert safe_name("C:\\x\\a b.txt", taken) == "a_b-1.txt"
    assert safe_name("...", taken) == "upload"
    assert safe_name("feed.meta.json", taken) == "feed.meta.json"


def test_static_files_stay_in_their_folder(client: Any):
    assert client.get("/static/timeline.js").status_code == 200
    for path in ("/static/..%2fapp.py", "/static/%2e%2e/app.py", "/static/..%2f..%2fqueries.py",
                 "/static/%2fetc%2fpasswd", "/static//etc/passwd"):  # fmt: skip
        r = client.get(path)
        assert r.status_code == 404, (path, r.status_code)
        assert "import" not in r.text and "root:" not in r.text


def test_a_retired_story_id_forwards_to_the_story_it_joined(client: Any, client_db: str):
    from storyweave.store import open_store

    # The copy the client serves: the ferry story is retired into the organ story's id.
    with open_store(client_db) as st:
        st.retire_story("s-ferry", "s-organ")
    organ = client.get("/api/stories/s-organ").json()
    assert client.get("/api/stories/s-ferry").json()["id"] == organ["id"] == "s-organ"
    ents = client.get("/api/entities", params={"story": "s-ferry"}).json()["entities"]
    assert ents and {e["story"] for e in ents} == {"s-organ"}
    assert client.get("/stories/s-ferry").status_code == 200
    assert [s["id"] for s in client.get("/api/stories").json()["stories"]] == ["s-organ"]


def test_story_view_offers_the_entities_that_have_a_timeline(client: Any):
    from storyweave.web.views import story_view

    entry = {"position": 1, "date": None, "mod": None, "basis": "relative", "reason": "'then'",
             "event": "hired 300 workers", "timeline_event": None, "actors": ["a"],
             "citations": [], "predicates": []}  # fmt: skip
    story = {"entities": [{"id": "a", "name": "A", "timeline": [entry]},
                          {"id": "b", "name": "B", "timeline": []}, {"id": "c", "name": "C"}],
             "timeline": [], "members": [], "claims": []}  # fmt: skip
    assert [e["id"] for e in story_view(story)["timeline_entities"]] == ["a"]
    assert client.get("/static/entity_filter.js").status_code == 200
