"""A store built from examples/ and the seeds (plus two articles written here), a real
uvicorn server over it on a free loopback port, and headless Chromium to drive it."""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from stores import BACKENDS
from storyweave.model import Analysis, Article, Citation, Event

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SEEDS = ROOT.parent / "shared" / "seeds"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip

# An article whose title, source, address and text try to run script in the page.
XSS_ARTICLE = """---
title: Dockside <script>window.__xss = 'title'</script> notice <img src=x onerror="window.__xss='img'">
source: Quayside <b onmouseover="window.__xss='source'">Bulletin</b>
url: javascript:window.__xss='url'
published: 2024-02-02
---

The ferry office in Lanmoor posted a notice <script>window.__xss = 'body'</script> on Tuesday.
Passengers who read it saw <img src="x" onerror="window.__xss='onerror'"> nothing unusual.
A link in the notice, <a href="javascript:window.__xss='link'">click here</a>, led nowhere.
The harbour master Ilse Varnhagen said the timetable would not change.
"""

# An article with dates of several precisions, for the timeline (invented wording).
TIMELINE_ARTICLE = """---
title: Lanmoor bridge repairs drag on
source: Lanmoor Ledger
published: 2024-06-14
---

Engineers closed the old Lanmoor bridge on 3 March 2024 after cracks were found in a pier.

The council had been warned about the pier in autumn 2023, according to minutes seen by the Ledger.

Repairs began in May 2024 and the contractor, Brenholt Works, expects to finish in late 2024.

Councillor Maren Ostby said on Wednesday that the costs had doubled since the spring.
"""


# A saga in two events four months apart, two reports each (invented wording): one storyline.
SAGA_ARTICLES = (
    """---
title: Cartographer Tomas Elkind detained in Varossa
source: Northgate Wire
published: 2025-02-03
---

Security police in Varossa detained the Danish cartographer Tomas Elkind on Saturday, accusing him of mapping military sites near the border.

Elkind, 41, had been surveying coastal roads for a mapping firm, his employer Lindqvist Maps said. The firm called the charge absurd.

Denmark's foreign ministry said it was seeking consular access to Elkind.
""",
    """---
title: Varossa holds Danish mapmaker on espionage charge
source: Harbor Daily
published: 2025-02-04
---

Tomas Elkind, a Danish cartographer working for Lindqvist Maps, was detained by Varossa's security police at the weekend and charged with espionage.

Lindqvist Maps said Elkind was charting coastal roads and had all the permits. Danish diplomats asked to see him.

Elkind faces up to 15 years in prison if convicted.
""",
    """---
title: Tomas Elkind sentenced to 12 years by Varossa court
source: Northgate Wire
published: 2025-06-17
---

A court in Varossa sentenced the Danish cartographer Tomas Elkind to 12 years in a penal colony on Tuesday after a closed trial.

Elkind, who was detained in February while surveying roads for Lindqvist Maps, denied spying. His lawyers said they would appeal the verdict.

Denmark called the verdict a sham and summoned Varossa's ambassador.
""",
    """---
title: Danish mapmaker Elkind gets 12 years for spying
source: Harbor Daily
published: 2025-06-18
---

Tomas Elkind, the Lindqvist Maps cartographer held in Varossa since February, was sentenced to 12 years on Tuesday by a court that heard the case behind closed doors.

Elkind's lawyers said the verdict would be appealed. Denmark's foreign minister called the sentence outrageous.
""",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def hand_timeline(article: Article, analysis: Analysis) -> tuple[Event, ...]:
    """One event per dated time expression of an article, citing its sentence: the web layer
    is tested on these, whatever the reconciler currently puts in a timeline."""
    events = []
    for t in analysis.time_expressions:
        if t.type != "DATE" or not t.value[:4].isdigit():
            continue
        s = next((s for s in analysis.sentences if s.start <= t.start < s.end), None)
        if s is None:
            continue
        text = article.text[s.start : s.end]
        cite = Citation(article=article.id, sentence=s.index, start=s.start, end=s.end, text=text)
        events.append(Event(date=t.value, mod=t.mod, text=text, citations=(cite,),
                            dates={article.id: t.value}))  # fmt: skip
    return tuple(events)


@pytest.fixture(scope="session", params=BACKENDS)
def web_backend(request: pytest.FixtureRequest) -> str:
    """The web app's tests run over a SQLite store and over a PostgreSQL one."""
    return str(request.param)


def _new_store(request: pytest.FixtureRequest, backend: str, folder: Path, name: str) -> str:
    """Where a new store of ``backend`` goes: a file in ``folder`` or a new database."""
    if backend == "sqlite":
        return str(folder / f"{name}.db")
    return str(request.getfixturevalue("pg").create(f"web_{name}"))


def _copy_store(request: pytest.FixtureRequest, backend: str, src: str, dst: Path) -> str:
    """A copy of the store ``src`` (a file copied, or a database made from it)."""
    if backend == "sqlite":
        shutil.copy(src, dst)
        return str(dst)
    template = urlsplit(src).path.lstrip("/")
    return str(request.getfixturevalue("pg").create(f"web_{dst.stem}", template=template))


@pytest.fixture
def copy_store(request: pytest.FixtureRequest, small_db: dict[str, Any], tmp_path: Path) -> Any:
    """``copy_store(name)``: a fresh copy of the small store on its back end."""
    return lambda name: _copy_store(request, small_db["backend"], small_db["db"], tmp_path / name)


@pytest.fixture(scope="session")
def web_db(
    request: pytest.FixtureRequest, web_backend: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The store: examples/, the seeds, and the two articles above."""
    from storyweave import api
    from storyweave.store import open_store

    if not SEEDS.exists():
        pytest.skip("../shared/seeds is not beside the checkout")
    own = tmp_path_factory.mktemp("own")
    (own / "quayside_notice.txt").write_text(XSS_ARTICLE, encoding="utf-8")
    (own / "lanmoor_bridge.txt").write_text(TIMELINE_ARTICLE, encoding="utf-8")
    for n, text in enumerate(SAGA_ARTICLES):
        (own / f"saga_{n}.txt").write_text(text, encoding="utf-8")
    db = _new_store(request, web_backend, tmp_path_factory.mktemp("web"), "web")
    report = api.add([EXAMPLES, SEEDS, own], db, processes=1)
    assert not report.failed, report.failed
    with open_store(db) as st:
        ids = {a.title: a.id for a in st.articles()}
        bridge = ids["Lanmoor bridge repairs drag on"]
        xss = next(i for t, i in ids.items() if t and t.startswith("Dockside"))
        story_id = st.story_of([bridge])[bridge]
        story, article, analysis = st.story(story_id), st.article(bridge), st.analysis(bridge)
        assert story is not None and article is not None and analysis is not None
        story = replace(story, timeline=hand_timeline(article, analysis))
        st.put_story(story, list(st.articles(st.story_members(story_id))))
        saga = [ids[t] for t in ids if t and "Elkind" in t]
        saga_stories = sorted(set(st.story_of(saga).values()))
        examples = next(a.id for a in st.articles() if a.source == "The Coastline Gazette")
        examples_story = st.story_of([examples])[examples]
    return {"db": db, "bridge": bridge, "bridge_story": story_id, "xss": xss,
            "saga_stories": saga_stories, "examples_story": examples_story,
            "backend": web_backend}  # fmt: skip


@contextmanager
def served(app: Any) -> Iterator[str]:
    """A real uvicorn server over ``app`` on a free loopback port, in a thread; its base URL."""
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)


@pytest.fixture(scope="session")
def server(web_db: dict[str, Any]) -> Iterator[str]:
    """A real uvicorn server over the store, in a thread; yields its base URL."""
    from storyweave.web import create_app

    with served(create_app(web_db["db"])) as url:
        yield url


@pytest.fixture(scope="session")
def browser_context() -> Iterator[Any]:
    """Debian's headless Chromium with a fresh profile (no browser download)."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent (make system-deps installs it)")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="storyweave-chromium-")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )  # fmt: skip
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


class Watched:
    """A page with its console errors, page errors, dialogs and requests recorded."""

    def __init__(self, page: Any):
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.on("request", lambda r: self.requests.append(r.url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def watched(browser_context: Any) -> Iterator[Watched]:
    # Cookies ignore the port: a login on one test's server would carry over to the next.
    browser_context.clear_cookies()
    page = browser_context.new_page()
    yield Watched(page)
    page.close()


@pytest.fixture(scope="session")
def small_db(
    request: pytest.FixtureRequest, web_backend: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The hand-built store of webstore.py (no NLP: fast)."""
    from .webstore import build

    db = _new_store(request, web_backend, tmp_path_factory.mktemp("small"), "small")
    return {"db": db, "ids": build(db), "backend": web_backend}


def settings_with(folder: Path, **web: Any) -> Any:
    """The shipped settings with some ``[web]`` values changed (a user's settings file)."""
    from storyweave.config import Settings

    cfg = folder / "web.cfg"
    cfg.write_text("[web]\n" + "".join(f"{k} = {v}\n" for k, v in web.items()), encoding="utf-8")
    return Settings.load(cfg)


@contextmanager
def app_client(db: str | Path, settings: Any = None, **access: Any) -> Iterator[Any]:
    """A test client over the store ``db`` with the given access rules (``token``,
    ``private``, ``read_only``), its app started and stopped as a server's is."""
    from fastapi.testclient import TestClient

    from storyweave.web import Access, create_app

    rules = Access.from_settings(settings, **access)
    with TestClient(create_app(db, settings, access=rules)) as c:
        yield c


@pytest.fixture
def small_copy(copy_store: Any) -> str:
    """A fresh copy of the small store on its back end (a file path or a database URL)."""
    return str(copy_store("copy"))


@pytest.fixture
def client_db(small_copy: str) -> str:
    """The store the ``client`` serves: a fresh copy of the small store."""
    return small_copy


@pytest.fixture
def client(client_db: str) -> Iterator[Any]:
    """A test client over a fresh copy of the small store."""
    with app_client(client_db) as c:
        yield c
