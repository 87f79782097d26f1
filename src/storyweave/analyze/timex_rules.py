"""A small rule engine for the Chinese and Russian time taggers.

Each rule is declared once: a name, one regular expression, one normalizer and whether its
value depends on the anchor. All rules run over the text; overlapping matches are settled
longest first (a normalizer may decline a match, which lets shorter ones compete); the
survivors are normalized in text order, so "当天" or "в тот же день" can refer to the day
mentioned before them. A rule's extent is its match, or its group ``x`` when it has one (the
rest of the match is context, such as a preposition that TimeML leaves outside).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..model import TimeExpr
from .reltime import parse_anchor

__all__ = ["Context", "Norm", "Rule", "run", "unanchored"]

Norm = tuple[str, str, str | None]  # (type, value, mod)
Tense = Callable[[int, int], int]


@dataclass
class Context:
    """What a normalizer may read: the text, the anchor, the tense around a span, and the
    last specific date mentioned (``ref``, a TIMEX3 value)."""

    text: str
    anchor: date | None
    tense_of: Tense
    ref: str | None = None
    ref_end: int = -1  # where the expression that set ``ref`` ends
    _tenses: dict[tuple[int, int], int] = field(default_factory=dict)

    def tense(self, m: re.Match[str]) -> int:
        span = m.span("x") if "x" in m.re.groupindex and m.group("x") is not None else m.span()
        if span not in self._tenses:
            self._tenses[span] = self.tense_of(*span)
        return self._tenses[span]

    def listed(self, m: re.Match[str]) -> bool:
        """Whether ``m`` continues a list that starts with the date under discussion
        ("2019年8月18日、8月31日", "18 and 31 August")."""
        start = m.span("x")[0] if "x" in m.re.groupindex and m.group("x") else m.start()
        gap = self.text[self.ref_end : start] if 0 <= self.ref_end <= start else "x"
        return bool(re.fullmatch(r"\s*(?:[、,，及和与至到-]|and|и)\s*", gap))

    def ref_day(self) -> date | None:
        """The day under discussion: the last specific day mentioned, else the anchor."""
        if self.ref and re.fullmatch(r"\d{4}-\d{2}-\d{2}", self.ref):
            return date.fromisoformat(self.ref)
        return self.anchor


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    normalize: Callable[[re.Match[str], Context], Norm | None]
    relative: bool = True  # the value depends on the anchor (or on the date before it)


def unanchored(precision: str) -> str:
    """The TIMEX3 value of a relative expression when there is no anchor, by the precision
    it would have had: "XXXX", "XXXX-XX", "XXXX-WXX", "XXXX-XX-XX"."""
    return {"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX", "D": "XXXX-XX-XX"}[precision]


def _extent(m: re.Match[str]) -> tuple[int, int]:
    if "x" in m.re.groupindex and m.group("x") is not None:
        return m.span("x")
    return m.span()


_SPECIFIC = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?")


def run(
    rules: Sequence[Rule],
    text: str,
    anchor: str | None,
    tense: Tense,
    *,
    anchor_inferred: bool = False,
) -> list[TimeExpr]:
    """Time expressions of ``text`` found by ``rules``, normalized against ``anchor``."""
    ctx = Context(text=text, anchor=parse_anchor(anchor), tense_of=tense)
    found: list[tuple[int, int, int, Rule, re.Match[str]]] = []
    for order, rule in enumerate(rules):
        for m in rule.pattern.finditer(text):
            s, e = _extent(m)
            if e > s:
                found.append((s, e, order, rule, m))
    # Longest first, then leftmost, then the rule declared first.
    found.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    taken: list[tuple[int, int, Rule, re.Match[str]]] = []
    for s, e, _, rule, m in found:
        if any(s < te and ts < e for ts, te, _, _ in taken):
            continue
        if rule.normalize(m, ctx) is None:
            continue
        taken.append((s, e, rule, m))
    taken.sort(key=lambda c: c[0])
    out = []
    for s, e, rule, m in taken:
        norm = rule.normalize(m, ctx)
        if norm is None:  # pragma: no cover - normalizers are pure; checked above
            continue
        typ, value, mod = norm
        relative = rule.relative and ctx.anchor is not None
        out.append(
            TimeExpr(
                s,
                e,
                text[s:e],
                typ,
                value,
                mod,
                anchor if relative else None,
                anchor_inferred and relative,
            )
        )
        if typ in ("DATE", "TIME") and _SPECIFIC.fullmatch(value[:10]) and "X" not in value:
            ctx.ref = value[:10]
            ctx.ref_end = e
    return out
