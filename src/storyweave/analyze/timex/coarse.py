"""Anchors known only to the month or the year: a publication date given as "2021-09".

The text is tagged against the first, the middle and the last day of the anchor's period. An
expression whose value is the same against all three is placed exactly ("last month" against
2021-09 is 2021-08). One whose value moves with the day ("on Wednesday", "yesterday") is
widened to the month or year that holds every reading when that is no coarser than the
anchor itself ("on Wednesday" in a past sentence against 2021-09 is 2021-09); else it is left
unanchored, with the X's it has against no anchor ("XXXX-WXX-3"). ``TimeExpr.anchor_limited``
says which; ``TimeExpr.anchor`` is the anchor as given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ... import datevalue
from ...model import TimeExpr

__all__ = ["merge_readings"]


def merge_readings(
    anchor: str, readings: Sequence[Sequence[TimeExpr]], bare: Sequence[TimeExpr]
) -> list[TimeExpr]:
    """One list from the taggings against each sample day of ``anchor`` (``readings``, the
    first one leading) and the tagging against no anchor (``bare``)."""
    period = datevalue.period(anchor)
    assert period is not None
    others = [{(t.start, t.end): t for t in r} for r in readings[1:]]
    unanchored = {(t.start, t.end): t for t in bare}
    out = []
    for t in readings[0]:
        if t.anchor is None:  # written in full: the anchor played no part
            out.append(t)
            continue
        key = (t.start, t.end)
        same = [o.get(key) for o in others]
        values = [t.value] + [o.value for o in same if o is not None]
        if all(o is not None for o in same) and len(set(values)) == 1:
            out.append(replace(t, anchor=anchor))
            continue
        wide = datevalue.enclosing(values) if all(o is not None for o in same) else None
        kind = datevalue.precision(wide) if wide else None
        if wide and kind and not datevalue.coarser(kind, period.precision):
            out.append(replace(t, value=wide, anchor=anchor, anchor_limited="widened"))
            continue
        alone = unanchored.get(key)
        if alone is not None:
            out.append(replace(alone, anchor_limited="unanchored"))
    return out
