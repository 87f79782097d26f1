"""Given names and their nicknames: a rule for regular short forms ("Ron", "Ronnie" of
"Ronald"; "Kathy" of "Katherine") plus a small written table of common irregular ones ("Bob" of
"Robert"). scripts/build_names_data.py measures how much of a public nickname list the two
cover."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

__all__ = ["regular_short_form", "irregular", "same_given_name"]

TABLE = Path(__file__).resolve().parent.parent / "data" / "names" / "nicknames.tsv"
# Diminutive endings of English short forms, longest first.
_ENDINGS = ("sie", "sy", "ie", "ey", "y", "i", "ee", "e", "o", "a", "s")


def _stem(nick: str) -> list[str]:
    stems = [nick]
    for end in _ENDINGS:
        if nick.endswith(end) and len(nick) - len(end) >= 2:
            base = nick[: -len(end)]
            stems.append(base)
            if len(base) >= 3 and base[-1] == base[-2]:  # "Ronnie" -> "ronn" -> "ron"
                stems.append(base[:-1])
    return stems


def regular_short_form(nick: str, formal: str) -> bool:
    """True when ``nick`` is a clipped form of ``formal`` after dropping a diminutive ending:
    its start (Ron/Ronald, Abby/Abigail, Kathy/Katherine) or, from three letters, a later part
    of it (Gail/Abigail, Ronnie/Aaron)."""
    nick, formal = nick.lower(), formal.lower()
    if nick == formal or len(nick) < 2 or len(nick) > len(formal) + 1:
        return False
    for stem in _stem(nick):
        if len(stem) >= 2 and formal.startswith(stem):
            return True
        if len(stem) >= 3 and stem in formal[1:]:
            return True
    return False


@cache
def irregular() -> dict[str, frozenset[str]]:
    """Name -> the names it is an irregular nickname or formal form of (both directions)."""
    out: dict[str, set[str]] = {}
    if TABLE.exists():
        for line in TABLE.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            formal, _, nick = line.partition("\t")
            out.setdefault(formal, set()).add(nick)
            out.setdefault(nick, set()).add(formal)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1 << 16)  # pure, and asked again for every pair of forms of a story
def same_given_name(a: str, b: str) -> bool:
    """Whether two given names can name the same person: equal, an initial of the other, a
    regular short form, or an irregular nickname from the table."""
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if regular_short_form(a, b) or regular_short_form(b, a):
        return True
    return b in irregular().get(a, frozenset())
