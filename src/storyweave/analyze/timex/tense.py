"""Tense around a time expression: the cue that picks "on Wednesday" before or after the
anchor, and a plain sentence splitter for text that comes without sentences."""

from __future__ import annotations

import re

from . import words as T
from .patterns import MONTH, WEEKDAY

_DEADLINE = re.compile(r"\b(?:until|till|through|by)\s+$", re.I)
_PLAN_OBJECT = re.compile(r"\s+(?:to|a|an|the|their|its|his|her|new|another)\b", re.I)
_HAD = re.compile(r"\bhad\b(?!\s+to\b)", re.I)  # "had to leave by Friday" still looks ahead
_SO_FAR = re.compile(r"\b(?:this|so\s+far\s+this)\s+year\s+(?:through|until|till)\s+$", re.I)
_SOON_AS = re.compile(r"\bas\s+soon\s+as\s+$", re.I)
_SOON_CLAUSE = re.compile(r"\bas\s+soon\s+as\s+[^,;.]*$", re.I)
_HYPOTHETICAL = re.compile(
    r"\b(?:likely|would|will|could|may|might|expects?|expected|hopes?)\b", re.I
)
_SINCE = re.compile(r"\bsince\s+$", re.I)
_SPACED_PUNCT = re.compile(r"\s(?=[,.;:!?%)\]'’”])")
_CLOSE_QUOTE = re.compile(r"''|\u201d|\"")
_AUX_PLAN = re.compile(r"\s+(?:planning|going|expected|scheduled|due|set|about)\b", re.I)
_NEXT_TO = re.compile(r"\s+to\b", re.I)
# "agreed to sell" (a step ahead), not "agreed to the terms" (done).
_TO_VERB = re.compile(
    r"\s+to\s+(?!(?:the|a|an|its|their|his|her|this|that|these|those|our|my|your|some|all"
    r"|any|it|them|terms|him)\b)[a-z]+\b"
)
_AGREE = frozenset({"agree", "agrees", "agreed", "agreement", "agreements"})
_NOT_FINITE_BEFORE = frozenset(
    {"to", "a", "an", "the", "his", "her", "their", "its", "our", "my", "your", "this", "that"}
)
_HAD_BEEN = re.compile(r"\bhad\s+(?:been\s+)?$", re.I)
# A word, or a contraction tokenization set apart ("we 'll", "wo n't").
_TOKEN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|'[a-z]+\b")
# Closing quotes may be doubled ('' in wire copy) and opening ones written ``.
# Tokenized text may set the quotes apart: '. ” The', '. " She'.
_SENT_SPLIT = re.compile(
    r"(?<=[.!?])(?:\s?[\"'”’)]){0,2}\s+(?=(?:[\"“'(`]\s?){0,2}[A-Z0-9])|\n\s*\n"
)


_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\s?\.[\"'”’)]*\Z")
# "5:40 p.m. EDT May 2", "10 a.m. Monday": the period of a clock's "a.m." before a time zone,
# a weekday or a month does not end the sentence.
_CLOCK_END = re.compile(r"\b(?i:[ap]\s?\.\s?m)\s?\.\Z")
_CLOCK_GOES_ON = re.compile(rf"(?:[A-Z]{{1,4}}T|GMT|UTC|{WEEKDAY}|{MONTH})(?![\w-])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of text that comes without them: ends at . ! ? (not after "Mr." or a
    clock's "a.m." before a time zone, weekday or month) and at blank lines."""
    spans, start = [], 0
    for m in _SENT_SPLIT.finditer(text):
        word = _LAST_WORD.search(text, max(start, m.start() - 12), m.start())
        if word and word.group(1).lower() in T.ABBREVIATIONS:
            continue  # "Mr. Smith", "Roe vs. Wade", "U.S. officials"
        if _CLOCK_END.search(text, max(start, m.start() - 8), m.start()) and _CLOCK_GOES_ON.match(
            text, m.end()
        ):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _strong_past(text: str, pos: int) -> bool:
    """Whether the past cue at ``pos`` is a past auxiliary ("was", "had"): a past verb form
    may be a participle ("would be paid", "which is being traded")."""
    m = _TOKEN.match(text, pos)
    return bool(m) and m.group().lower() in T.PAST_AUXILIARIES  # type: ignore[union-attr]


def _tense_cues(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(offset, +1 future / -1 past / -2 reporting verb) for every tense cue in
    text[start:end]."""
    cues = []
    prev = ""  # the word before, for "had been due", "had planned"
    for m in _TOKEN.finditer(text, start, end):
        w = m.group().lower()
        if w.endswith("'ll"):
            w = "'ll"  # "we'll", tokenized "we 'll"
        elif w == "n't" and prev == "wo":
            w = "won't"
        if w in _AGREE and _TO_VERB.match(text, m.end()):
            # "agreed to buy the unit in February": the agreed step lies ahead.
            cues.append((m.start(), -1 if prev == "had" else 1))
        elif w in T.PLAN_WORDS:
            # "plans to leave", "planned a rally" look ahead; "vacation plans for" is a noun
            # and "the hastily planned trip" an adjective.
            # "set" looks ahead only as "set to" ("they set the record" is done).
            if (_NEXT_TO if w == "set" else _PLAN_OBJECT).match(text, m.end()):
                cues.append((m.start(), -1 if prev == "had" else 1))
        elif w in T.REPORTING_CUES:
            cues.append((m.start(), -2))
        elif w in T.SCHEDULE_VERBS:
            # Not an infinitive ("to meet demand") nor a noun ("his visit Monday").
            if prev not in _NOT_FINITE_BEFORE and prev not in T.PAST_AUXILIARIES:
                cues.append((m.start(), 1))
        elif w in T.FUTURE_CUES:
            if w == "next" and _NEXT_TO.match(text, m.end()):
                pass  # "next to the embassy" is a place
            elif prev in ("had", "been") and _HAD_BEEN.search(
                text, max(start, m.start() - 12), m.start()
            ):
                # "had been due to expire", "had been scheduled": a plan of the past.
                cues.append((m.start(), -1))
            else:
                cues.append((m.start(), 1))
        elif w in ("was", "were") and _AUX_PLAN.match(text, m.end()):
            pass  # "were planning to", "was expected to": the plan word gives the tense
        elif w in T.PAST_CUES:
            cues.append((m.start(), -1))
        elif len(w) > 4 and w.endswith("ed") and w not in T.NOT_PAST_ED:
            # A participle after a present or bare "be" is passive, not past: "the case is
            # argued", "will be released".
            if prev not in ("is", "are", "am", "be", "being"):
                cues.append((m.start(), -1))
        elif w in ("is", "are", "am") and prev not in ("which", "who", "that"):
            # The present ("when the case is heard in May") leaves the direction open;
            # "is to resume Tuesday" is a plan; a relative clause ("Oslo, which is cold")
            # is not the date's verb.
            cues.append((m.start(), 1 if _NEXT_TO.match(text, m.end()) else 0))
        prev = w
    return cues


def _distance(text: str, a: int, b: int) -> int:
    """Characters from ``a`` to ``b``, not counting spaces that tokenization set before
    punctuation (", the Colts" is as near in "2012 , the Colts" as in "2012, the Colts")."""
    return b - a - len(_SPACED_PUNCT.findall(text, a, b))


def tense_in(
    text: str, cues: list[tuple[int, int]], sentence: tuple[int, int], start: int, end: int
) -> int:
    """+1 future, -1 past, 0 unknown for the expression at ``start:end``: the tense cue
    nearest to it within its sentence (``cues`` are that sentence's); a future cue before the
    expression in the same sentence wins."""
    s, e = sentence
    lead = text[max(s, start - 12) : start]
    # "until Friday", "by Jan. 14", "through January": a deadline ahead, unless the
    # sentence is in the past perfect ("had filed reports by Wednesday").
    if _DEADLINE.search(lead):
        if _SO_FAR.search(text, max(s, start - 24), start):
            return -1  # "down 2% this year through August": a run up to now
        near = text[max(s, start - 40) : min(e, end + 25)]
        return -1 if _HAD.search(near) else 1
    if _SOON_AS.search(lead):
        return 1  # "as soon as Tuesday"
    clause = _SOON_CLAUSE.search(text, max(s, start - 40), start)
    if clause and _HYPOTHETICAL.search(text, s, clause.start()):
        # "were likely to buy as soon as trading opened Monday": the clause of a coming
        # or hoped-for event, whatever its verb's form.
        return 1
    if _SINCE.search(lead):
        return -1  # "since Monday" looks back
    best, best_d = 0, 10**9
    future_before = False
    # A closing quote ends the quoted clause: its "might" does not reach a date after it
    # ("'... might send agents,'' said a man who spent Sunday night there").
    quote_end = max(text.rfind(q, s, start) for q in ("''", "\u201d", '"'))
    for pos, t in cues:
        if start <= pos < end:
            continue
        d = _distance(text, pos, start) if pos < start else _distance(text, end, pos)
        if pos < quote_end and t == 1:
            future_before = False
        elif pos < start and t != -2:
            # A past auxiliary between a future cue and the date closes that clause:
            # "will begin ... since he was rescued in late November" (a past verb form
            # may be a participle: "which is being traded").
            strong = t == -1 and _strong_past(text, pos)
            future_before = t == 1 or (future_before and not strong)
        if t == -2:
            # A reporting verb right next to the expression ("said Friday") dates the
            # saying; further away, or past the quote the expression is in ("... at 4
            # a.m. Thursday,'' Castro said"), it only counts when nothing else gives the
            # tense.
            quoted = pos > end and _CLOSE_QUOTE.search(text, end, pos)
            t, d = -1, d if d <= 12 and not quoted else d + 10_000
        if d < best_d:
            best, best_d = t, d
    if future_before and best == -1 and best_d > 12:
        # "expected to resume operations on Friday, with ships redirected": the verb the
        # date belongs to comes before it; a past form after it is another clause's.
        return 1
    return best
