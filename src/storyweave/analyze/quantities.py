"""Numbers with units ("15 years", "more than 25 foreign missions", "$1.2 billion", "120 mph",
"Lok, 71,").

A quantity's ``unit`` says what it measures: a currency code for sums of money ("USD",
"RUB"; "money" when none is written), "percent", a unit of speed or length as written
("mph", "km/h", "m/s", "mile", "km"), "age" for a person's age, else the noun it counts
("worker"). ``measure`` puts quantities of one dimension on one scale, so that "120 mph" and
"193 km/h" compare."""

from __future__ import annotations

import re
from typing import Any

from ..model import Quantity

__all__ = ["extract", "measure", "parse_number", "rounding"]

_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Written right after the digits ("$60bn", "£26m", "$1.2tn", "10k").
_SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_SHORT = re.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?(k|mn|mln|m|bn|b|tn)\b(?!/)", re.I)
_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}

# Currencies by symbol or word; "$" alone is the US dollar, as English news writes it.
_CURRENCY_WORDS = {
    "dollar": "USD", "usd": "USD", "rouble": "RUB", "ruble": "RUB", "rub": "RUB",
    "pound": "GBP", "sterling": "GBP", "gbp": "GBP", "euro": "EUR", "eur": "EUR",
    "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "yen": "JPY", "won": "KRW",
    "rupee": "INR", "franc": "CHF", "hryvnia": "UAH",
}  # fmt: skip
_CURRENCY_SYMBOLS = (("HK$", "HKD"), ("US$", "USD"), ("A$", "AUD"), ("C$", "CAD"),
                     ("$", "USD"), ("£", "GBP"), ("€", "EUR"), ("¥", "JPY"), ("₽", "RUB"),
                     ("₩", "KRW"))  # fmt: skip
# Units of speed and length, as written after a number, with the unit they are named by.
_MEASURES = (
    (r"mph|miles?\s+(?:per|an)\s+hour", "mph"),
    (r"km/h|kmh|kph|kilomet(?:er|re)s?\s+(?:per|an)\s+hour", "km/h"),
    (r"m/s|met(?:er|re)s?\s+(?:per|a)\s+second", "m/s"),
    (r"knots?", "knot"),
    (r"miles?", "mile"),
    (r"km|kilomet(?:er|re)s?", "km"),
    (r"met(?:er|re)s?", "m"),
    (r"feet|foot|ft", "ft"),
)
_MEASURE_AFTER = re.compile(
    r"\s*(?:-\s*)?(?:" + "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_MEASURES)) + r")\b",
    re.I,
)
# Each unit on the scale of its dimension (metres per second, metres).
_SCALE_OF = {
    "mph": ("speed", 0.44704), "km/h": ("speed", 1 / 3.6), "m/s": ("speed", 1.0),
    "knot": ("speed", 0.514444), "mile": ("length", 1609.344), "km": ("length", 1000.0),
    "m": ("length", 1.0), "ft": ("length", 0.3048),
}  # fmt: skip
# A person's age: "71-year-old", "72 year-old", "aged 45", "age 45"; "Lok, 71," is read from
# the parse (see _age_after_name).
_AGE_WORDS = re.compile(
    r"\b(?P<a>\d{1,3})[\s-]+years?[\s-]+old\b|\b(?:aged|age)\s+(?P<b>\d{1,3})\b", re.I
)


def parse_number(text: str) -> float | None:
    """The number written in ``text`` ("1,000", "2.5 million", "$60bn", "twenty-five",
    "nine and a half"), or None."""
    lowered = text.lower().replace("-", " ")
    match = _NUMBER.search(lowered)
    value: float | None = float(match.group().replace(",", "")) if match else None
    if value is None:
        total = 0.0
        seen = False
        for word in lowered.split():
            if word in _WORDS:
                n = _WORDS[word]
                total = total * n if n in (100, 12) and total else total + n
                seen = True
            elif word == "half" and seen:
                total += 0.5
        if not seen and re.match(r"(?:an?|one)\s+(?:thousand|million|billion|trillion)", lowered):
            total, seen = 1.0, True
        value = total if seen else None
    if value is not None:
        short = _SHORT.search(lowered)
        scaled = False
        for word, scale in _SCALES.items():
            if word in lowered:
                value *= scale
                scaled = True
                break
        if not scaled and short:
            value *= _SHORT_SCALES[short.group(1).lower()]
    return value


def rounding(text: str) -> float:
    """The rounding unit of the number as written: 1 for "14", 0.01 for "11.02", 100 for
    "1,400" and "300" (two or more trailing zeros say the writer rounded), scaled by the
    word that follows ("1.7 million": 100,000; "$40 billion": 1 billion)."""
    lowered = text.lower()
    match = _NUMBER.search(lowered)
    digits = match.group().replace(",", "") if match else "1"
    if "." in digits:
        unit = 10.0 ** -len(digits.split(".")[1])
    else:
        zeros = len(digits) - len(digits.rstrip("0"))
        unit = 10.0**zeros if zeros >= 2 and digits.strip("0") else 1.0
    for word, scale in _SCALES.items():
        if word in lowered:
            return unit * scale
    short = _SHORT.search(lowered)
    return unit * _SHORT_SCALES[short.group(1).lower()] if short else unit


def measure(number: float, unit: str | None) -> tuple[str | None, float]:
    """(dimension, value on its scale): speeds in metres per second, lengths in metres, money
    per currency ("money:USD"); any other unit is its own dimension."""
    if unit in _SCALE_OF:
        dim, factor = _SCALE_OF[unit]
        return dim, number * factor
    if unit and unit.isupper() or unit == "money":
        return f"money:{unit}", number
    return unit, number


def _currency(text: str, after: str) -> str:
    """The currency of a MONEY entity, from its symbol or word, or the word after it."""
    for symbol, code in _CURRENCY_SYMBOLS:
        if symbol in text:
            return code
    for word in re.findall(r"[a-z]+", (text + " " + after).lower()):
        stem = word[:-1] if word.endswith("s") else word
        if stem in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[stem]
    return "money"


def _measure_unit(text: str, after: str) -> tuple[str | None, int]:
    """A unit of speed or length in (or right after) a number: (unit, characters of ``after``
    it takes)."""
    inside = _MEASURE_AFTER.search(text)
    if inside:
        return _unit_of(inside), 0
    m = _MEASURE_AFTER.match(after)
    if m:
        return _unit_of(m), m.end()
    return None, 0


def _unit_of(m: re.Match[str]) -> str | None:
    for i, (_, name) in enumerate(_MEASURES):
        if m.group(f"u{i}"):
            return name
    return None


def extract(doc: Any) -> tuple[Quantity, ...]:
    """Quantities from the model's numeric entities, each with what it measures or counts, and
    the ages of people."""
    out = []
    text = doc.text
    for ent in doc.ents:
        if ent.label_ not in _LABELS:
            continue
        number = parse_number(ent.text)
        if number is None:
            continue
        unit: str | None = None
        start, end = ent.start_char, ent.end_char
        after = text[ent.end_char : ent.end_char + 40]
        if ent.label_ == "MONEY":
            symbol = re.search(r"(?:HK|US|A|C)?[$£€¥₽₩]$", text[max(0, start - 3) : start])
            if symbol:  # the model often leaves the symbol out ("$[60bn]")
                start -= len(symbol.group())
            unit = _currency(text[start:end], after[:12])
        elif ent.label_ == "PERCENT":
            unit = "percent"
        else:
            unit, took = _measure_unit(ent.text, after)
            end += took
            if unit is None:
                # The counted noun: the head the number attaches to ("25 foreign missions").
                head = ent.root.head
                if head is not ent.root and head.pos_ in ("NOUN", "PROPN"):
                    unit = head.lemma_.lower()
                elif ent.end < len(doc) and doc[ent.end].pos_ == "NOUN":
                    unit = doc[ent.end].lemma_.lower()
        out.append(
            Quantity(start=start, end=end, text=text[start:end], number=number, unit=unit)
        )  # fmt: skip
    out += _ages(doc)
    out.sort(key=lambda q: (q.start, q.end))
    return tuple(_drop_overlaps(out))


def _ages(doc: Any) -> list[Quantity]:
    """People's ages: "71-year-old", "aged 71", and a number set off by commas right after a
    name ("Lok, 71, was arrested")."""
    out = []
    for m in _AGE_WORDS.finditer(doc.text):
        group = "a" if m.group("a") else "b"
        n = int(m.group(group))
        if 0 < n < 125:
            out.append(Quantity(m.start(), m.end(), m.group(), float(n), "age"))
    for tok in doc:
        if _age_after_name(tok):
            out.append(Quantity(tok.idx, tok.idx + len(tok), tok.text, float(tok.text), "age"))
    return out


def _age_after_name(tok: Any) -> bool:
    """ "Velichkovich, 32, who ...", "Lok (71)": a whole number between commas (or brackets)
    right after a proper name."""
    if not (tok.text.isdigit() and 0 < int(tok.text) < 125) or tok.i < 2:
        return False
    before, name = tok.nbor(-1), tok.nbor(-2)
    if before.text not in (",", "(") or name.pos_ != "PROPN":
        return False
    closing = tok.nbor(1).text if tok.i + 1 < len(tok.doc) else ""
    return closing in ((")",) if before.text == "(" else (",", ";", "."))


def _drop_overlaps(items: list[Quantity]) -> list[Quantity]:
    """One quantity per stretch of text: an age read from its words wins over the bare
    number the model saw in it."""
    out: list[Quantity] = []
    for q in items:
        clash = [p for p in out if p.start < q.end and q.start < p.end]
        if not clash:
            out.append(q)
            continue
        if q.unit == "age" and all(p.unit != "age" for p in clash):
            out = [p for p in out if p not in clash] + [q]
    return out
