"""Temporal tagger: finds time expressions and normalizes them to TIMEX3 values.

A rule engine in the spirit of HeidelTime, in pure Python. Each rule is declared once in
``rules`` (its pattern, built from the word tables in ``words`` and the fragments in
``patterns``; the head word that every match contains; its normalizer; whether its value rests
on the anchor). All rules run over the text; overlapping matches are settled longest first; the
survivors are normalized in text order, so expressions such as "the same day" or "a year
earlier" can refer to the date mentioned before them.

Extents follow TimeML (TempEval-3): prepositions stay outside ("in February" -> "February"),
modifiers and determiners that belong to the expression stay inside ("nearly 1,000 days",
"the third quarter", "the past").

Relative expressions are resolved against ``anchor`` (the publication date). Where the
direction is open ("in February", "on Wednesday") the tense of the sentence decides
(``tense``): past tense picks the latest such period not after the anchor, future the next one.

Tokenized text, where punctuation stands apart ("Feb . 4 , 2009", "1 : 30 p . m .",
"2 / 3 / 2009", "a 90 - day stay"), is read as the plain text is.

Modules: ``words`` (word tables), ``patterns`` (pattern fragments), ``rules`` (the rule
table), ``norm_dates`` / ``norm_relative`` / ``norm_durations`` (the normalizers),
``resolve`` and ``calendar`` (what the normalizers share), ``tense`` and ``context`` (the
tense cues and the tagger's state), ``tagger`` (the engine), ``durations`` (durations on the
calendar).
"""

from __future__ import annotations

from ...model import TimeExpr
from .durations import (
    DurationEvent,
    anchor_duration,
    claim_quantity,
    duration_days,
    duration_events,
)
from .tagger import tag, tenses
from .tense import split_sentences

__all__ = [
    "DurationEvent",
    "TimeExpr",
    "anchor_duration",
    "claim_quantity",
    "duration_days",
    "duration_events",
    "split_sentences",
    "tag",
    "tenses",
]
