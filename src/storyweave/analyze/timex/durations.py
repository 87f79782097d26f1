"""The event a sentence says a duration measures ("held for 910 days"). A duration's length
in days and the interval it covers up to a day are ``datevalue``'s, kept here by name."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...datevalue import anchor_duration, duration_days
from ...model import TimeExpr

__all__ = ["DurationEvent", "anchor_duration", "duration_days", "duration_events"]


@dataclass(frozen=True, slots=True)
class DurationEvent:
    """A duration and the event it measures, as its sentence says ("held for 910 days").

    ``duration`` indexes the time expression in the list given to ``duration_events``;
    ``start``/``end`` are the offsets of the event's words (the verb or noun phrase the
    duration measures); ``ongoing`` is True when the state lasts up to the time of writing
    ("have been held for 910 days"), so the duration can be anchored on the article's date."""

    duration: int
    start: int
    end: int
    text: str
    ongoing: bool


# "held for 910 days", "detained for nearly 1,000 days", "in prison for 15 years"
_BEFORE_FOR = re.compile(
    r"(?P<ev>(?:(?:have|has|had)\s+been\s+|been\s+|being\s+|were\s+|was\s+|are\s+|is\s+)?"
    r"(?:[a-z]+ed|held|kept|spent|gone|lasted|in\s+(?:prison|jail|custody|detention|office|power)"
    r"|behind\s+bars)(?:\s+\w+){0,3}?)\s+(?:for|over)\s+(?:about\s+|almost\s+)?$",
    re.I,
)
# "nearly 1,000 days of strained relations", "910 days in detention"
_AFTER_OF = re.compile(
    r"^\s+(?:of|in)\s+(?P<ev>(?:[a-z]+\s+){0,3}?(?:[a-z]+(?:ion|ment|ship|ance|ence|ity|ure|al)"
    r"|relations|talks|war|detention|custody|prison|captivity|negotiations|fighting|rule))\b",
    re.I,
)
# "spent three weeks in Washington", "has served 15 years"
_VERB_BEFORE = re.compile(
    r"(?P<ev>(?:(?:have|has|had)\s+)?(?:spent|served|lasted|took|waited|remained|stayed|"
    r"spend|serve|last|take|wait|remain|stay)(?:ed|s|ing)?)\s+(?:about\s+|almost\s+)?$",
    re.I,
)
_ONGOING = re.compile(
    r"\b(?:have|has)\s+been\b|\bbeing\b|\bare\s+still\b|\bstill\b|\bnow\b|\bsince\b", re.I
)


def duration_events(
    text: str, timexes: Sequence[TimeExpr], sentences: Sequence[tuple[int, int]]
) -> list[DurationEvent]:
    """Link each DURATION to the event its sentence says it measures.

    Three shapes are read: an event before "for" ("held for 910 days", "have been detained
    for nearly 1,000 days"), a verb of spending time right before ("spent three weeks",
    "has served 15 years") and a noun phrase after "of"/"in" ("1,000 days of strained
    relations"). Durations with none of them are left out."""
    spans = list(sentences) or [(0, len(text))]
    out = []
    for i, tx in enumerate(timexes):
        if tx.type != "DURATION":
            continue
        s0, e0 = next(((s, e) for s, e in spans if s <= tx.start < e), (0, len(text)))
        before = text[max(s0, tx.start - 80) : tx.start]
        m = _BEFORE_FOR.search(before)
        if m:
            off = tx.start - len(before)
            ev_start, ev_end = off + m.start("ev"), off + m.end("ev")
            ongoing = bool(_ONGOING.search(m.group("ev"))) or bool(
                re.search(r"\b(?:have|has)\b", text[s0 : tx.start], re.I)
            )
            out.append(DurationEvent(i, ev_start, ev_end, text[ev_start:ev_end], ongoing))
            continue
        m = _VERB_BEFORE.search(before)
        if m:
            off = tx.start - len(before)
            ev_start, ev_end = off + m.start("ev"), off + m.end("ev")
            ongoing = bool(re.match(r"(?:have|has)\b", m.group("ev"), re.I))
            out.append(DurationEvent(i, ev_start, ev_end, text[ev_start:ev_end], ongoing))
            continue
        after = text[tx.end : min(e0, tx.end + 80)]
        m = _AFTER_OF.search(after)
        if m:
            ev_start, ev_end = tx.end + m.start("ev"), tx.end + m.end("ev")
            ongoing = not re.search(r"\b(?:had|was|were|after|before)\b", text[s0 : tx.start], re.I)
            out.append(DurationEvent(i, ev_start, ev_end, text[ev_start:ev_end], ongoing))
    return out
