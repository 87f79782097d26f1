"""Timeline events told in another language joined to their English event.

The dated clauses of a Chinese or Russian article are merged by the English rules only with
each other (their words and verbs are not English), so an original's report of a happening
the English sources date to the same day stays a second entry. An event told only in other
languages joins the English event of the same day when that event is the only English one
dated to that day and a sentence of each reads alike in the multilingual encoder: with two
or more English events on the day, sentence likeness alone cannot tell which (precision
first), and the event stays its own."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from .. import datevalue
from ..analyze.language import is_english
from .candidate import Candidate

__all__ = ["join_languages"]

# Cosine of USE multilingual sentence vectors; on our invented example a translation-like
# pair of a day's one English event scores 0.40, unrelated news of that story 0.0-0.35.
MIN_COSINE = 0.38
_COMPARED = 6  # members of the English event compared


def join_languages(
    clusters: Sequence[list[Candidate]],
    language: Mapping[str, str | None],
    encode: Callable[[Sequence[str]], np.ndarray] | None,
) -> dict[int, int]:
    """``clusters``: the members of each timeline event; ``language``: article id -> code.
    Returns which cluster joins which (index of an event told only in other languages ->
    index of its English event)."""

    def english(c: Candidate) -> bool:
        return is_english(language.get(c.article))

    foreign = [i for i, cl in enumerate(clusters) if not any(english(c) for c in cl)]
    if not foreign or encode is None:
        return {}
    by_day: dict[tuple, list[int]] = {}
    for i, cl in enumerate(clusters):
        if any(english(c) for c in cl) and (day := _day(cl)) is not None:
            by_day.setdefault(day, []).append(i)
    joins: dict[int, int] = {}
    for i in foreign:
        day = _day(clusters[i])
        same = by_day.get(day, []) if day is not None else []
        if len(same) != 1:
            continue
        target = same[0]
        ours = [c.citation.text for c in clusters[i]][:_COMPARED]
        theirs = [c.citation.text for c in clusters[target] if english(c)][:_COMPARED]
        v = encode(ours + theirs)  # L2-normalized rows
        if float((v[: len(ours)] @ v[len(ours) :].T).max()) >= MIN_COSINE:
            joins[i] = target
    return joins


def _day(cl: Sequence[Candidate]) -> tuple | None:
    """The day the cluster's most precise explicit date names, if it names one."""
    best = min(cl, key=lambda m: (m.derived is not None, datevalue.width(m.span), m.span[0]))
    if best.derived is not None or datevalue.width(best.span) > 1:
        return None
    return (best.span[0],)
