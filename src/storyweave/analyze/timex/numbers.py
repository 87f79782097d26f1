"""Number phrases and duration units: "1,000", "twenty-four", "a couple of" -> TIMEX3 amounts."""

from __future__ import annotations

import re

from . import words as T


def _number(text: str) -> float | None:
    """The value of a number phrase ("1,000", "twenty-four", "a hundred"); None when vague."""
    t = text.lower().replace(",", "").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t)
    words = re.split(r"[\s-]+", t)
    if any(w in T.VAGUE_NUMBERS for w in words) or "number" in words:
        return None
    for w, n in T.APPROX_NUMBERS.items():
        if w in words:
            return float(n)
    total, current = 0, 0
    for w in words:
        if w not in T.NUMBERS:
            if w == "of":
                continue
            return None
        n = T.NUMBERS[w]
        if n in (100, 1000):
            current = max(current, 1) * n
            if n == 1000:
                total, current = total + current, 0
        elif w == "dozen":
            current = max(current, 1) * 12
        else:
            current += n
    return float(total + current)


def _unit_code(word: str) -> tuple[str, bool]:
    w = word.lower()
    w = "century" if w.startswith("centur") else w.rstrip("s") if w != "hours" else "hour"
    return T.UNITS.get(w, ("D", False))


def _duration_value(num: float | None, unit_word: str, half: bool = False) -> str:
    code, clock = _unit_code(unit_word)
    # Decades and centuries are written in years (TimeBank: "two decades" is P20Y).
    if code == "DE":
        code, num = "Y", None if num is None else num * 10
    elif code == "CE":
        # Vague centuries are written with TimeBank's century letter ("for centuries" PXC).
        code, num = ("Y", None if num is None else num * 100) if num is not None else ("C", None)
    elif code == "F":
        code, num = "W", None if num is None else num * 2
    # Quarters stay quarters ("every quarter" P1Q, "the past two quarters" P2Q), as
    # TimeBank mostly writes them.
    p = "PT" if clock else "P"
    if num is None:
        return f"{p}X{code}"
    if half:
        num += 0.5
    if num != int(num):
        # A fraction goes into the next smaller unit, written after the whole ones as
        # TimeBank does: 2.5 years is P2Y6M, 1.5 days P1DT12H, 5.5 hours PT5H30M.
        smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24)}
        if not clock and code in smaller:
            sub, k = smaller[code]
            whole, part = int(num), round((num - int(num)) * k)
            if code == "W":
                return f"P{round(num * k)}D"  # ISO 8601 does not mix weeks with days
            head = f"{whole}{code}" if whole else ""
            return f"P{head}T{part}H" if sub == "H" else f"P{head}{part}{sub}"
        if clock:
            small = {"H": "M", "M": "S"}.get(code)
            if small:
                whole = int(num)
                return f"PT{whole}{code}{round((num - whole) * 60)}{small}"
        return f"{p}{num:g}{code}"
    return f"{p}{int(num)}{code}"
