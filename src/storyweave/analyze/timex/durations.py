"""The event a sentence says a duration measures ("held for 910 days"). A duration's length
in days and the interval it covers up to a day are ``datevalue``'s, kept here by name.

Not every duration measures time that passed: a prison term, a penalty or an age ("sentenced
to 11 years", "faces up to 10 years", "a 16-year term", "aged 45") is a quantity of what the
sentence claims, and anchoring it on the article's date would invent a start years back
(``claim_quantity``). Such durations are linked to no event."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...datevalue import anchor_duration, duration_days
from ...model import TimeExpr

__all__ = [
    "DurationEvent",
    "anchor_duration",
    "claim_quantity",
    "duration_days",
    "duration_events",
]


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


# Words before a duration that make it a penalty: a sentence handed down, asked for or
# risked ("sentenced him to", "a maximum sentence of", "faces up to", "prosecutors sought",
# "punishable by", "can lead to"). Only the words since the last clause break count.
_TERM_BEFORE = re.compile(
    r"\b(?:sentenc\w*|condemn\w*|penalt(?:y|ies)|punish\w*|fac(?:e|es|ed|ing)|risk\w*|"
    r"maximum|minimum|max|term\s+of|terms|request\w*|sought|seek\w*|demand\w*|"
    r"ask(?:s|ed|ing)?\s+for|recommend\w*|propos\w*|"
    r"(?:lead|leads|led|result|results|resulted)\s+in|lead\s+to|leads\s+to|"
    r"carr(?:y|ies|ied|ying)|starting\s+point|handed(?:\s+down)?|gave|given|gets?|got|"
    r"receiv(?:e|es|ed|ing)|eligible|up\s+to)\b[^,;()\n]*$"
    # "the sentence, 25 years in prison": the penalty named right before, in apposition.
    r"|\b(?:sentence|term|penalty|punishment)s?\s*[,:\u2014\u2013-]\s*$",
    re.I,
)
# "sentenced the reporter (of the paper) to 16 years in prison", a headline's "9 years in
# prison": a duration spent "to" or with nothing before it, in a prison or a colony.
_TO_BEFORE = re.compile(r"(?:^|(?<!close)(?<!next)\s+to\s+)$", re.I)
_IN_PRISON_AFTER = re.compile(
    r"^\s+(?:in|of|behind)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:prison|jail|gaol|colony|penitentiary|custody|detention|imprisonment|bars)\b",
    re.I,
)
# ... and after it: "a 16-year term", "a 20-year prison sentence", "15 years' imprisonment".
_TERM_AFTER = re.compile(
    r"^[\s'’]*(?:-?\s*(?:jail|prison|custodial)\s+)?(?:sentence|term|imprisonment)\b", re.I
)
# "jails the reporter for 16 years", "was jailed for a year over the protest": a term, unless
# in the perfect ("has been jailed for nearly four years" is time served so far) with no
# offence after it.
_JAILED_FOR = re.compile(
    r"\b(?:jail|imprison|lock\w*\s+up)\w*\s+(?:[\w.'’-]+\s+){0,5}?for\s+(?:about\s+)?$", re.I
)
_PERFECT_BEFORE = re.compile(r"\b(?:been|have|has|had)\s+(?:\w+ly\s+)?$", re.I)
_OFFENCE_AFTER = re.compile(r"^\s+(?:for|over)\s+(?!(?:about|almost|nearly|more|over)\b)\w", re.I)
# "15 months after his arrest", "three years ago": a span between two moments.
_BETWEEN_AFTER = re.compile(r"^\s+(?:after|before|ago|later|earlier|since|prior)\b", re.I)
# Ages: "aged 45", "45 years old", "at the age of 45", "a 45-year-old".
_AGE_BEFORE = re.compile(
    r"\b(?:aged|age\s+of|ages\s+of)\s+(?:between\s+|from\s+)?(?:\d+\s*(?:and|to|-|–)\s*)?$", re.I
)
_AGE_AFTER = re.compile(r"^\s*-?\s*old\b", re.I)
# What perfect aspect or "since" makes of a stay in prison: time that has passed ("has been
# jailed for nearly four years", "in prison since 2021").
_ELAPSED = re.compile(
    r"\b(?:have|has|had|'s|’s)\s+(?:now\s+|already\s+)?(?:spent|served|been\s+(?:\w+ly\s+)?"
    r"(?:held|jailed|detained|imprisoned|locked|kept|behind|in)\b)",
    re.I,
)


def claim_quantity(text: str, tx: TimeExpr, sentence_start: int = 0) -> str | None:
    """ "term" when the duration ``tx`` is a prison term or penalty, "age" when it is an
    age, None when it may measure time that passed. ``sentence_start`` bounds the words
    read before it."""
    before = text[max(sentence_start, tx.start - 90) : tx.start]
    after = text[tx.end : tx.end + 40]
    if _AGE_BEFORE.search(before) or _AGE_AFTER.match(after):
        return "age"
    if _TERM_AFTER.match(after):
        return "term"
    if _BETWEEN_AFTER.match(after) and not re.search(r"\b(?:to|for)\s+$", before):
        return None
    jailed = _JAILED_FOR.search(before)
    if jailed and (
        _OFFENCE_AFTER.match(after) or not _PERFECT_BEFORE.search(before[: jailed.start()])
    ):
        return "term"
    if _TO_BEFORE.search(before) and _IN_PRISON_AFTER.match(after):
        return "term"
    m = _TERM_BEFORE.search(before)
    if m and not _ELAPSED.search(before[m.start() :]):
        return "term"
    return None


def duration_events(
    text: str, timexes: Sequence[TimeExpr], sentences: Sequence[tuple[int, int]]
) -> list[DurationEvent]:
    """Link each DURATION to the event its sentence says it measures.

    Three shapes are read: an event before "for" ("held for 910 days", "have been detained
    for nearly 1,000 days"), a verb of spending time right before ("spent three weeks",
    "has served 15 years") and a noun phrase after "of"/"in" ("1,000 days of strained
    relations"). Durations with none of them are left out, and so are prison terms,
    penalties and ages (``claim_quantity``)."""
    spans = list(sentences) or [(0, len(text))]
    out = []
    for i, tx in enumerate(timexes):
        if tx.type != "DURATION":
            continue
        s0, e0 = next(((s, e) for s, e in spans if s <= tx.start < e), (0, len(text)))
        if claim_quantity(text, tx, s0):
            continue
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
            # Past ("had", "was") and future or possible ("will spend the next two years in
            # prison") stays do not run up to the time of writing.
            ongoing = not re.search(
                r"\b(?:had|was|were|after|before|will|would|could|should|may|might|shall)\b",
                text[s0 : tx.start],
                re.I,
            )
            out.append(DurationEvent(i, ev_start, ev_end, text[ev_start:ev_end], ongoing))
    return out
