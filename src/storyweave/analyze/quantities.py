"""Numbers with units ("15 years", "more than 25 foreign missions", "$1.2 billion")."""

from __future__ import annotations

import re
from typing import Any

from ..model import Quantity

__all__ = ["extract", "parse_number"]

_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}


def parse_number(text: str) -> float | None:
    """The number written in ``text`` ("1,000", "2.5 million", "twenty-five"), or None."""
    lowered = text.lower().replace("-", " ")
    match = _NUMBER.search(lowered)
    value: float | None = float(match.group().replace(",", "")) if match else None
    if value is None:
        total = 0.0
        seen = False
        for word in lowered.split():
            if word in _WORDS:
                n = _WORDS[word]
                total = total * n if n == 100 and total else total + n
                seen = True
        value = total if seen else None
    if value is not None:
        for word, scale in _SCALES.items():
            if word in lowered:
                value *= scale
                break
    return value


def extract(doc: Any) -> tuple[Quantity, ...]:
    """Quantities from the model's numeric entities, each with the noun it counts as unit."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in _LABELS:
            continue
        number = parse_number(ent.text)
        if number is None:
            continue
        unit: str | None = None
        if ent.label_ == "MONEY":
            unit = "money"
        elif ent.label_ == "PERCENT":
            unit = "percent"
        else:
            # The counted noun: the head the number attaches to ("25 foreign missions").
            head = ent.root.head
            if head is not ent.root and head.pos_ in ("NOUN", "PROPN"):
                unit = head.lemma_.lower()
            elif ent.end < len(doc) and doc[ent.end].pos_ == "NOUN":
                unit = doc[ent.end].lemma_.lower()
        out.append(
            Quantity(
                start=ent.start_char, end=ent.end_char, text=ent.text, number=number, unit=unit
            )
        )
    return tuple(out)
