"""Which time expressions date an event: a bare clock time names no day.

What a TIMEX3 value covers, and how two values compare, is ``storyweave.datevalue``'s."""

from __future__ import annotations

import re

__all__ = ["dates_a_day"]

# Words that name the day of a time expression; without one ("shortly before 11 p.m.") the day
# is the tagger's guess (the reference date), not something the writer said.
_DAY_WORDS = re.compile(
    r"\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z]|[A-Z][a-z]+\.?\s+\d{1,2}\b|"
    r"(?i:mon|tues|wednes|thurs|fri|satur|sun)day|(?i:today|tonight|yesterday|tomorrow)|"
    r"(?i:night|morning|evening|afternoon|day|week)"
)


def dates_a_day(text: str, type_: str) -> bool:
    """False for a bare clock time ("11 p.m."), whose day nobody wrote."""
    return type_ != "TIME" or bool(_DAY_WORDS.search(text))
