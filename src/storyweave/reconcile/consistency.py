"""Durations checked against dates.

A duration that lasts up to the time of writing ("held for 910 days", "nearly 1,000 days of
strained relations") says when something started. Each one is checked against the explicit
dates of the story: the event it merged with, or else the dated event that another duration
already points to. Those that fit are reported together in a note ("... both point to
2018-12: consistent"); one that does not fit the event it measures gets a note too, not a
``date-conflict`` flag: a start counted back from a duration rests on our reading of what the
duration measures and of when it was written ("sentenced to 11 years" is no time elapsed), so
it is a lead to check, not a disagreement between sources.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from .. import datevalue
from ..model import Flag
from .candidate import Candidate

__all__ = ["check_durations", "duration_fits"]


def _allowed(days: float, mod: str | None) -> tuple[float, float]:
    """The counts a writer may mean by a duration with this modifier."""
    if mod == "APPROX":  # "nearly", "about", "some": within about 15 % below, 10 % above
        return days * 0.85, days * 1.1
    if mod in ("EQUAL_OR_MORE", "MORE_THAN"):
        return days, float("inf")
    if mod in ("LESS_THAN", "EQUAL_OR_LESS"):
        return 0.0, days
    return days * 0.98 - 3, days * 1.02 + 3


def duration_fits(days: float, mod: str | None, as_of: str, span: datevalue.DateRange) -> bool:
    """True when a duration counted back from ``as_of`` can start within ``span``."""
    end = date.fromisoformat(as_of)
    lo, hi = _allowed(days, mod)
    elapsed_lo, elapsed_hi = (end - span[1]).days, (end - span[0]).days
    return elapsed_lo <= hi and lo <= elapsed_hi


def _fits(d: Candidate, target: Candidate) -> bool:
    assert d.duration is not None
    days, mod, as_of = d.duration
    return duration_fits(days, mod, as_of, target.span)


def check_durations(
    clusters: Sequence[Sequence[Candidate]], types: Mapping[str, str]
) -> tuple[list[str], list[Flag]]:
    """Notes on durations that fit the story's dates, and flags for those that do not."""
    derived = [(ci, m) for ci, ms in enumerate(clusters) for m in ms if m.duration]
    fits_at: dict[int, list[Candidate]] = {}
    unmatched: list[tuple[int, Candidate]] = []
    flags: list[Flag] = []
    misfits: list[tuple[Candidate, Candidate]] = []
    for ci, d in derived:
        own = [m for m in clusters[ci] if not m.duration]
        if own:
            if any(_fits(d, t) for t in own):
                fits_at.setdefault(ci, []).append(d)
            else:
                misfits.append((d, min(own, key=lambda t: datevalue.width(t.span))))
            continue
        unmatched.append((ci, d))
    for _ci, d in unmatched:
        # Not merged with a dated event: does it reach one that another duration measures?
        for tj in sorted(fits_at, key=lambda j: -len(fits_at[j])):
            if any(_fits(d, t) for t in clusters[tj] if not t.duration):
                fits_at[tj].append(d)
                break
    notes = []
    for tj, ds in fits_at.items():
        target = min(
            (t for t in clusters[tj] if not t.duration), key=lambda t: datevalue.width(t.span)
        )
        exact = [d for d in ds if d.duration and d.duration[1] is None]
        ref = min((_start(d) for d in exact), default=None)
        parts = []
        for d in sorted(ds, key=lambda d: d.duration[2] if d.duration else ""):
            assert d.duration is not None
            days, mod, as_of = d.duration
            if ref is not None and mod is not None:
                since = (date.fromisoformat(as_of) - ref).days
                parts.append(f"'{d.timex_text}' as of {as_of} ({d.article}) is {since} days "
                             f"since {ref.isoformat()}")  # fmt: skip
            else:
                parts.append(f"'{d.timex_text}' as of {as_of} ({d.article}) starts {_start(d)}")
        which = "both" if len(parts) == 2 else ("all" if len(parts) > 2 else "it")
        notes.append(
            "Durations checked against dates: " + "; ".join(parts) + f"; {which} fit "
            f"{datevalue.label(target.value, target.mod)} ('{target.clause.text}', {target.article}): "
            "consistent."
        )
    for d, target in misfits:
        assert d.duration is not None
        _days, _mod, as_of = d.duration
        notes.append(
            f"Durations checked against dates: '{d.timex_text}' as of {as_of} ({d.article}) "
            f"starts {_start(d)}, which does not fit "
            f"{datevalue.label(target.value, target.mod)} ('{target.clause.text}', "
            f"{target.article}): one of them is misread or wrong."
        )
    return notes, flags


def _start(d: Candidate) -> date:
    """The start a derived candidate was computed from (the middle of its slack)."""
    assert d.derived is not None
    return date.fromisoformat(d.derived.rsplit(" ", 1)[1])
