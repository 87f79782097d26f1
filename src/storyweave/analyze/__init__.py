"""Per-article analysis: language, sentences, name mentions, time expressions, quantities.

Each article is analyzed on its own, so the work spreads over a process pool; results come
back in input order."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from itertools import islice
from typing import Any

from .. import datevalue
from ..config import Settings
from ..fingerprint import code_digest
from ..model import Analysis, Article
from ..version import __version__
from . import embed_multi, multilang, names, pubdate, quantities, timex
from .embed import Embedder
from .language import detect_language
from .nlp import MODEL_NAME, MODEL_VERSION, load_model, sentences

__all__ = ["ANALYZER", "analyze_articles", "analyze_docs", "worker_count"]

# Stored with every analysis: a rerun with another analyzer version analyzes again. The digest
# of the analysis code and its data tables makes a local change or an upgrade one.
ANALYZER = (
    f"storyweave-{__version__}/{MODEL_NAME}-{MODEL_VERSION}/"
    f"{code_digest('analyze', 'data/names', 'model.py', 'datevalue.py')}"
)
_BATCH = 16


def worker_count(requested: int | None = None, settings: Settings | None = None) -> int:
    """Processes to use: ``requested``, else the setting; 0 means one per core."""
    if requested is None:
        requested = (settings or Settings.default()).getint("analyze", "processes")
    return requested if requested and requested > 0 else max(1, os.cpu_count() or 1)


def _language(article: Article, languages: str, min_chars: int) -> str | None:
    if article.language:
        return article.language.lower()[:2]
    if len(article.text) < min_chars:
        return "en"
    return detect_language(article.text, languages)


def analyze_docs(
    articles: Sequence[Article], settings: Settings | None = None
) -> list[tuple[Article, Analysis]]:
    """Analyze a batch in this process. English goes through the spaCy model; Chinese and
    Russian through their own analyzers (``multilang``); articles in other languages get an
    Analysis with ``supported=False`` and nothing else."""
    settings = settings or Settings.default()
    languages = settings.get("analyze", "languages")
    min_chars = settings.getint("analyze", "language_min_chars")
    tokens = settings.getint("stories", "article_tokens")
    langs = [_language(a, languages, min_chars) for a in articles]
    english = [i for i, lang in enumerate(langs) if lang in (None, "en")]
    out: list[tuple[Article, Analysis] | None] = [None] * len(articles)
    others = []
    for i, lang in enumerate(langs):
        if lang in multilang.LANGUAGES:
            out[i] = multilang.analyze(articles[i], lang)
            others.append(i)
        elif i not in english:
            out[i] = (articles[i], Analysis(article=articles[i].id, language=lang, supported=False))
    if others:
        # The English embedding too (story linking expects one vector space for all; it reads
        # other scripts poorly), and the multilingual one that compares them with English.
        done = [out[i] for i in others]
        found = [pair[0] for pair in done if pair is not None]
        vectors = article_vectors(found, tokens)
        multi = embed_multi.article_vectors([(a.title, a.text) for a in found])
        for i, vector, vector_multi in zip(others, vectors, multi, strict=True):
            pair = out[i]
            assert pair is not None
            out[i] = (pair[0], replace(pair[1], vector=vector, vector_multi=vector_multi))
    nlp = load_model()
    docs = nlp.pipe((articles[i].text for i in english), batch_size=_BATCH)
    vectors = article_vectors([articles[i] for i in english], tokens)
    for i, doc, vector in zip(english, docs, vectors, strict=True):
        article, analysis = _analyze_one(articles[i], doc, langs[i] or "en")
        out[i] = (article, replace(analysis, vector=vector))
    return [pair for pair in out if pair is not None]


def article_vectors(articles: Sequence[Article], tokens: int) -> list[bytes]:
    """Embeddings of each article's title and lead, its first ``tokens`` tokens (float32
    bytes): the lead carries the event, and a short input keeps this a small share of
    analysis time."""
    if not articles:
        return []
    texts = [((a.title or "") + "\n" + a.text[: tokens * 12]).strip() for a in articles]
    matrix = Embedder.load().encode(texts, max_tokens=tokens)
    return [row.astype("<f4").tobytes() for row in matrix]


def _analyze_one(article: Article, doc: Any, language: str) -> tuple[Article, Analysis]:
    sents = sentences(doc)
    spans = [(s.start, s.end) for s in sents]
    if not article.published:
        inferred, reason = pubdate.infer_published(
            article.text, sentences=spans, sources=pubdate.article_sources(article)
        )
        if inferred:
            article = replace(
                article, published=inferred, published_inferred=True, published_reason=reason
            )
    anchor, anchor_inferred = article.published, article.published_inferred
    if _coarse_given(article):
        # A date given to the month or the year: narrowed to a day only when the text pins
        # one (an inference, labelled so on every expression anchored to it).
        day, reason = pubdate.refine_published(
            article.text, article.published or "", sentences=spans,
            sources=pubdate.article_sources(article),
        )  # fmt: skip
        article = replace(article, published_reason=reason)
        if day:
            anchor, anchor_inferred = day, True
    mentions, groups = names.extract(doc, sents)
    timexes = timex.tag(
        article.text,
        anchor,
        sentences=spans,
        anchor_inferred=anchor_inferred,
    )
    analysis = Analysis(
        article=article.id,
        language=language,
        sentences=sents,
        mentions=mentions,
        groups=groups,
        time_expressions=tuple(timexes),
        quantities=quantities.extract(doc),
    )
    return article, analysis


def _coarse_given(article: Article) -> bool:
    """A publication date given with less than a day's precision ("2021-09", "2021")."""
    if not article.published or article.published_inferred:
        return False
    return datevalue.precision(article.published) not in (None, "day")


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def analyze_articles(
    articles: Iterable[Article], processes: int | None = None, settings: Settings | None = None
) -> Iterator[tuple[Article, Analysis]]:
    """Analyze articles, on several processes when there are enough to pay for it.

    Yields (article, analysis) in input order; the article may carry an inferred
    publication date."""
    settings = settings or Settings.default()
    workers = worker_count(processes, settings)
    batches = _batches(articles, _BATCH)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if workers == 1 or second is None:
        # Small input: starting workers would cost more than it saves.
        for batch in (first, second, *batches):
            if batch:
                yield from analyze_docs(batch, settings)
        return
    load_model()  # loaded once here, shared with the forked workers
    ctx = mp.get_context("fork")
    with ctx.Pool(workers) as pool:
        work = partial(analyze_docs, settings=settings)
        for result in pool.imap(work, _chain(first, second, batches)):
            yield from result


def _chain(
    first: list[Article], second: list[Article], rest: Iterator[list[Article]]
) -> Iterator[list[Article]]:
    yield first
    yield second
    yield from rest
