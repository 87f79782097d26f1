"""Word tables for the temporal tagger.

Plain data only: ``patterns`` and the rules build their expressions from these tables, so
adding a month abbreviation or a tense cue is a one-line change here.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

# Abbreviations are only months when capitalized ("Mar." but not "mar"); "May" is handled by
# the rules because it is also a modal verb.
MONTH_ABBREVIATIONS = frozenset(
    {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec"}
)

WEEKDAYS: dict[str, int] = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6,
    "sat": 6, "sunday": 7, "sun": 7,
}  # fmt: skip

# TIMEX3 season codes (their months are ``datevalue.SEASONS``).
SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}  # fmt: skip

NUMBERS: dict[str, int] = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "thousand": 1000, "dozen": 12,
}  # fmt: skip
# Quantity words with no definite number: TIMEX3 writes the amount as X ("PXY").
VAGUE_NUMBERS = frozenset({"few", "several", "some", "many", "numerous", "multiple"})
# "a couple of years" is two years, give or take (TimeBank: P2Y APPROX).
APPROX_NUMBERS: dict[str, int] = {"couple": 2}

ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip

# Days of the month read out ("March eighth"), as broadcast transcripts write them.
_DAY_ONES = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
DAY_WORDS: dict[str, int] = {
    **{w: i + 1 for i, w in enumerate(_DAY_ONES)},
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "thirty-first": 31,
    **{f"twenty-{w}": 21 + i for i, w in enumerate(_DAY_ONES)},
}  # fmt: skip

# Duration units -> (TIMEX3 unit, is a time-of-day unit).
UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "week": ("W", False), "fortnight": ("F", False), "month": ("M", False),
    "quarter": ("Q", False), "year": ("Y", False), "decade": ("DE", False),
    "century": ("CE", False),
}  # fmt: skip

# Decades written as words ("the nineties"): the digit of the 1900s decade.
DECADE_WORDS: dict[str, str] = {
    "twenties": "2", "thirties": "3", "forties": "4", "fifties": "5", "sixties": "6",
    "seventies": "7", "eighties": "8", "nineties": "9",
}  # fmt: skip

# Parts of a period and the TIMEX3 modifier each gives.
PART_WORDS: dict[str, str] = {
    "early": "START", "earlier": "START", "beginning": "START", "start": "START",
    "dawn": "START", "late": "END", "later": "END", "end": "END", "close": "END",
    "mid": "MID", "middle": "MID",
}  # fmt: skip

# Duration modifiers ("nearly 1,000 days", "at least two months").
DURATION_MODS: dict[str, str] = {
    "nearly": "APPROX", "almost": "APPROX", "about": "APPROX", "around": "APPROX",
    "approximately": "APPROX", "roughly": "APPROX", "some": "APPROX", "close to": "APPROX",
    "an estimated": "APPROX", "at least": "EQUAL_OR_MORE", "more than": "MORE_THAN",
    "over": "MORE_THAN", "upwards of": "MORE_THAN", "less than": "LESS_THAN",
    "under": "LESS_THAN", "fewer than": "LESS_THAN", "up to": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS", "just over": "MORE_THAN",
    "just under": "LESS_THAN", "well over": "MORE_THAN",
}  # fmt: skip

# Words after "the"/"this"/"last" that pick a period relative to the anchor.
RELATIVE_DETERMINERS: dict[str, int] = {
    "this": 0, "current": 0, "the current": 0, "the present": 0, "last": -1, "past": -1,
    "the past": -1, "the last": -1, "previous": -1, "the previous": -1, "next": 1,
    "the next": 1, "coming": 1, "the coming": 1, "following": 1, "the following": 1,
    "the full": 0, "the latest": -1,
}  # fmt: skip

# Parts of the day: TIMEX3 suffixes.
DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip

# Bare words with a reference value (TimeML: "now" is PRESENT_REF, "recently" PAST_REF).
REFERENCE_WORDS: dict[str, str] = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "presently": "PRESENT_REF", "the present": "PRESENT_REF",
    "at present": "PRESENT_REF", "recently": "PAST_REF", "recent": "PAST_REF",
    "lately": "PAST_REF", "the past": "PAST_REF", "previously": "PAST_REF",
    "once": "PAST_REF", "the future": "FUTURE_REF", "future": "FUTURE_REF",
    "soon": "FUTURE_REF", "as soon as possible": "FUTURE_REF", "these days": "PRESENT_REF", "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF",
}  # fmt: skip

# Frequency words for SETs.
FREQUENCY_WORDS: dict[str, str] = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M",
    "yearly": "P1Y", "biweekly": "P2W",
}  # fmt: skip

# Tense cues for choosing the year of "in February" or the week of "on Wednesday".
FUTURE_CUES = frozenset(
    {"will", "'ll", "shall", "going", "expected", "expects",
     "scheduled", "due", "upcoming", "effective", "effect", "next", "tomorrow", "later", "won't", "might", "soon", "until",
     "intends", "intend", "hopes", "aims", "would"}
)  # fmt: skip
PAST_CUES = frozenset(
    {"was", "were", "had", "did", "said", "told", "met", "made", "took", "gave", "went", "came",
     "began", "spent", "held", "won", "lost", "left", "sent", "saw", "got", "put", "ran",
     "paid", "sold", "bought", "brought", "thought", "kept", "led", "fell", "rose", "hit",
     "wrote", "spoke", "became", "broke", "chose", "drove", "flew", "grew", "knew", "meant",
     "shot", "stood", "struck", "ago", "last", "earlier", "yesterday", "former",
     "previously", "hadn't", "didn't", "wasn't", "weren't", "has", "have", "been"}
)  # fmt: skip
# Present-tense verbs of a scheduled event: news writes a coming meeting in the present
# ("the leaders meet Monday"); after "to" they are infinitives and give no tense.
SCHEDULE_VERBS = frozenset(
    {"meet", "meets", "resume", "resumes", "travels", "visits"}  # "travel", "visit": nouns too
)

# Planning verbs look ahead when they take an object or "to" ("planned to leave", "set to
# resume"); they are also nouns and adjectives ("vacation plans", "a planned trip").
PLAN_WORDS = frozenset({"plan", "plans", "planned", "planning", "set"})
PAST_AUXILIARIES = frozenset({"was", "were", "had", "did", "hadn't", "didn't", "wasn't", "weren't"})
# Words ending in -ed that are not past-tense verbs.
NOT_PAST_ED = frozenset(
    {"need", "speed", "seed", "feed", "bed", "red", "shed", "hundred", "indeed", "proceed",
     "succeed", "exceed", "embed", "bleed", "breed", "greed", "creed", "weed", "deed", "led",
     "wed", "fled", "bred", "sled", "united", "limited", "based", "related", "detailed", "advanced", "concerned", "interested", "supposed",
     "used", "aged", "named", "armed", "alleged", "unnamed", "unidentified", "proposed",
     "continued", "ongoing", "biased", "skilled", "talented", "renewed", "raised"}
)  # fmt: skip

# Abbreviations whose period does not end a sentence ("Mr. Smith", "Roe vs. Wade").
ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "st",
     "vs", "u.s", "u.n", "u.k", "no", "mt", "ft", "prof", "rev", "gens", "sens", "reps"}
)  # fmt: skip

# Reporting verbs tell when something was said, not when it happened: "will leave Tuesday,
# he said" is future. They count only when nothing else in the sentence gives the tense.
REPORTING_CUES = frozenset(
    {"said", "says", "told", "reported", "announced", "added", "stated", "noted", "according",
     "declared", "confirmed", "explained", "wrote", "predicted"}
)  # fmt: skip

# Nouns after "today's" that make it "nowadays" ("today's youth", "today's personal computers"),
# not the day ("today's vote").
GENERIC_TODAY_NOUNS = frozenset(
    {"world", "youth", "society", "generation", "generations", "children", "kids", "young",
     "youngsters", "students", "parents", "families", "people", "women", "men", "computers",
     "technology", "technologies", "economy", "culture", "standards", "life", "lifestyle",
     "consumers", "workers", "workplace", "americans", "europeans", "cars", "media", "music"}
)  # fmt: skip

# Holidays: a fixed (month, day), or a rule ("nth weekday of a month", Easter-based).
FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "Christmas": (12, 25), "Christmas Day": (12, 25), "Christmas Eve": (12, 24),
    "New Year's Day": (1, 1), "New Year's Eve": (12, 31), "Independence Day": (7, 4),
    "Halloween": (10, 31), "Valentine's Day": (2, 14), "Boxing Day": (12, 26),
    "Bastille Day": (7, 14), "Canada Day": (7, 1), "Veterans Day": (11, 11),
    "Armistice Day": (11, 11), "Remembrance Day": (11, 11),
}  # fmt: skip
# name -> (month, ISO weekday, n-th occurrence; -1 = last)
NTH_WEEKDAY_HOLIDAYS: dict[str, tuple[int, int, int]] = {
    "Thanksgiving": (11, 4, 4), "Thanksgiving Day": (11, 4, 4), "Labor Day": (9, 1, 1),
    "Memorial Day": (5, 1, -1), "Martin Luther King Day": (1, 1, 3), "Mother's Day": (5, 7, 2),
    "Father's Day": (6, 7, 3), "Presidents Day": (2, 1, 3), "Columbus Day": (10, 1, 2),
}  # fmt: skip
# name -> days after Easter Sunday
EASTER_HOLIDAYS: dict[str, int] = {
    "Easter": 0, "Easter Sunday": 0, "Easter Monday": 1, "Good Friday": -2,
    "Palm Sunday": -7, "Ash Wednesday": -46, "Pentecost": 49,
}  # fmt: skip
