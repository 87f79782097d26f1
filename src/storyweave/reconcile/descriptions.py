"""What sources say a named thing is, compared across sources: where a place lies ("Velm, a
city in southwest Dorvik", "the central city of Velm") and whom a person works for ("Harbour
Daily reporter Tomas Lindqvist", "Lindqvist, a reporter for the Velm Post").

Two sources disagree on where a place lies when their compass words cannot both hold: more
than a quarter turn apart ("southwest" / "east"), or a corner against the centre ("southwest"
/ "central"); "southwest" and "western" agree, as do "western" and "central" (half a country
holds its middle). Directions relative to another place ("720 km east of Velm") are another
statement. Two sources disagree on a person's employer when each names the person with a
role noun of the trade ("reporter", "editor") and another organisation whose names share no
word and are no acronym of each other; a former employer ("former Harbour Daily reporter")
is none.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..model import Analysis, Article, Citation, Claim, Entity, Mention
from .events import citation

__all__ = ["description_claims", "direction_of", "directions_conflict"]

_ANGLE = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180,
          "southwest": 225, "west": 270, "northwest": 315}  # fmt: skip
_DIR = (r"(?P<dir>(?:north|south)[\s-]?(?:east|west)(?:ern)?|north(?:ern)?|south(?:ern)?|"
        r"east(?:ern)?|west(?:ern)?|central)")  # fmt: skip
_PLACE_NOUN = r"(?:city|town|village|region|province|port|republic|state|district)"
# "the southwest city of X", "the western Dorvik city of X": before the place's name.
_BEFORE_PLACE = re.compile(
    r"\b" + _DIR + r"\s+(?:[A-Z][\w-]*\s+)?" + _PLACE_NOUN + r"\s+of\s+$", re.I
)
# "X, a city in southwest Dorvik", "X, in central Dorvik": after it.
_AFTER_PLACE = re.compile(
    r"^,?\s+(?:(?:a|an|the)\s+(?:\w+\s+)?" + _PLACE_NOUN + r"\s+)?in\s+(?:the\s+)?" + _DIR
    + r"\s+(?P<frame>[A-Z][\w-]*)"
)  # fmt: skip
# Role nouns of a trade whose employer is named with them.
_ROLE = (r"(?:journalist|reporter|correspondent|editor|columnist|photographer|producer|"
         r"anchor|writer|contributor|staffer|employee)")  # fmt: skip
# Where someone appeared in court from, by video ("via video link from a penal colony"), and
# the kind of place a facility noun names: held before a verdict, or serving a sentence.
_BY_VIDEO = re.compile(
    r"\bvideo[\s-]?(?:link|conference|call|feed)\s+from\s+(?:a|an|the)\s+"
    r"(?P<place>[\w\s-]{3,40}?)(?=\s+(?:where|outside|near|in|on|at|during|to|for)\b|[,.;)]|$)",
    re.I,
)
_FACILITY = (
    (re.compile(r"\b(?:penal|prison|labou?r|correctional)\s+(?:colony|camp)\b", re.I), "serving"),
    (re.compile(r"\b(?:detention\s+(?:cent(?:er|re)|facility)|remand\s+(?:prison|cent(?:er|re))|"
                r"pre-?trial\s+(?:detention|prison))\b", re.I), "remand"),
)  # fmt: skip
_FORMER = re.compile(r"\b(?:former|ex|then|onetime|one-time|previously|formerly)\b", re.I)
# Words of organisation names that say nothing of which one it is.
_ORG_GENERIC = frozenset({"the", "of", "and", "news", "service", "media", "group", "inc",
                          "ltd", "co", "company", "corporation", "network"})  # fmt: skip


def direction_of(word: str) -> str:
    """The compass point of a direction word ("southwestern" -> "southwest"), or "central"."""
    w = re.sub(r"[\s-]", "", word.lower())
    w = w[:-3] if w.endswith("ern") else w
    return w


def directions_conflict(a: str, b: str) -> bool:
    """Two compass words of one place that cannot both hold."""
    a, b = direction_of(a), direction_of(b)
    if a == b:
        return False
    if "central" in (a, b):
        other = b if a == "central" else a
        return _ANGLE.get(other, 0) % 90 != 0  # a corner is not the middle
    turn = abs(_ANGLE[a] - _ANGLE[b]) % 360
    return min(turn, 360 - turn) > 90


@dataclass(frozen=True, slots=True)
class _Said:
    subject: str  # entity id
    kind: str  # "direction" or "employer"
    value: str  # as written
    key: str  # what is compared (a compass point; an organisation's entity id)
    frame: str  # the country a direction is within, lower case, or ""
    article: str
    source: str
    citation: Citation


def _entity_mentions(
    an: Analysis, entity_of: Mapping[tuple[str, int], str]
) -> Iterator[tuple[Mention, str]]:
    for m in an.mentions:
        ent = entity_of.get((an.article, m.group)) if m.group >= 0 else None
        if ent:
            yield m, ent


def _sentence_of(an: Analysis, at: int) -> int | None:
    return next((s.index for s in an.sentences if s.start <= at < s.end), None)


def _said(
    article: Article,
    an: Analysis,
    entity_of: Mapping[tuple[str, int], str],
    types: Mapping[str, str],
    source: str,
    places: frozenset[str] = frozenset(),
) -> list[_Said]:
    text = article.text
    mentions = list(_entity_mentions(an, entity_of))
    orgs = [(m, e) for m, e in mentions if types.get(e) == "ORG" and not _placeish(m.text, places)]
    out = []
    for m, ent in mentions:
        sent = _sentence_of(an, m.start)
        if sent is None:
            continue
        s = an.sentences[sent]
        before = text[max(s.start, m.start - 80) : m.start]
        after = text[m.end : min(s.end, m.end + 80)]
        cite = citation(article, an, sent)
        if types.get(ent) in ("GPE", "LOC"):
            hit = _BEFORE_PLACE.search(before)
            if hit:
                frame = re.search(r"\s([A-Z][\w-]*)\s+" + _PLACE_NOUN, hit.group(), re.I)
                out.append(_Said(ent, "direction", " ".join(hit.group().split()[:-1]),
                                 direction_of(hit.group("dir")),
                                 _frame(frame.group(1) if frame else ""), article.id, source,
                                 cite))  # fmt: skip
            hit = _AFTER_PLACE.search(after)
            if hit:
                out.append(_Said(ent, "direction", hit.group("dir") + " " + hit.group("frame"),
                                 direction_of(hit.group("dir")), _frame(hit.group("frame")),
                                 article.id, source, cite))  # fmt: skip
        elif types.get(ent) == "PERSON" and (hit := _BY_VIDEO.search(text[s.start : s.end])):
            kind = next((k for rx, k in _FACILITY if rx.search(hit.group("place"))), None)
            first = next(
                e for mm, e in mentions if s.start <= mm.start < s.end and types.get(e) == "PERSON"
            )
            if kind and first == ent:  # the sentence's first person appeared
                out.append(_Said(ent, "held", hit.group("place"), kind, "", article.id, source,
                                 cite))  # fmt: skip
        if types.get(ent) == "PERSON":
            for org, oid in orgs:
                between = text[org.end : m.start]
                # "<Org> reporter <Person>", "<Org> (ACR) journalist <Person>"
                if 0 < m.start - org.end <= 40 and re.fullmatch(
                    r"(?:\s*\([^()]{1,12}\))?(?:['’]s)?\s+" + _ROLE + r"\s+", between, re.I
                ):
                    lead = text[max(s.start, org.start - 20) : org.start]
                    if not _FORMER.search(lead):
                        out.append(_Said(ent, "employer", org.text, oid, "", article.id, source,
                                         cite))  # fmt: skip
    return out


def _compact(name: str) -> str:
    return re.sub(r"\W", "", name).lower()


# Abbreviations of countries and unions written before a role noun as a nationality.
_COUNTRY_ABBREVIATIONS = frozenset({"us", "usa", "uk", "eu", "uae", "prc", "roc", "rok", "dprk",
                                    "ussr", "gb"})  # fmt: skip


def _placeish(name: str, places: frozenset[str]) -> bool:
    """An "organisation" that is a country's abbreviation ("U.S. journalist"): a nationality,
    no employer."""
    c = _compact(name)
    return c in places or c in _COUNTRY_ABBREVIATIONS


def _frame(word: str) -> str:
    """The country a direction is within, by its name or adjective's first letters."""
    return word.lower()[:4]


def _org_words(name: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[^\W_]+", name.lower()) if w not in _ORG_GENERIC)


def _acronym(name: str) -> str:
    return "".join(
        w[0] for w in re.findall(r"[^\W_]+", name) if w.lower() not in ("the", "of", "and")
    )


def orgs_alike(a: str, b: str) -> bool:
    """Two organisation names that may be one: a significant word in common, or one the
    acronym of the other ("RFE/RL", "Radio Free Europe/Radio Liberty")."""
    if _org_words(a) & _org_words(b):
        return True
    for x, y in ((a, b), (b, a)):
        acr = _acronym(x).lower()
        if len(acr) >= 2 and any(re.sub(r"\W", "", t).lower() == acr for t in y.split()):
            return True
    return False


def description_claims(
    docs: Sequence[tuple[Article, Analysis]],
    entity_of: Mapping[tuple[str, int], str],
    entities: Sequence[Entity],
    copies: Mapping[str, str] | None = None,
) -> list[Claim]:
    """A ``conflicting`` claim (slot ``direction`` or ``employer``) for each place and person
    that two sources describe in ways that cannot both hold; each source's words shown."""
    copies = copies or {}
    types = {e.id: e.type for e in entities}
    names = {e.id: e.name for e in entities}
    places = frozenset(
        _compact(name) for e in entities if e.type in ("GPE", "LOC", "NORP")
        for name in (e.name, *(a.text for a in e.aliases))
    )  # fmt: skip
    said = [
        x
        for article, an in docs
        for x in _said(article, an, entity_of, types, copies.get(article.id, article.id), places)
    ]
    by: dict[tuple[str, str], list[_Said]] = {}
    for x in said:
        by.setdefault((x.subject, x.kind), []).append(x)
    out = []
    for (subject, kind), items in sorted(by.items()):
        clash = [
            (x, y)
            for k, x in enumerate(items)
            for y in items[k + 1 :]
            if x.source != y.source and _disagree(x, y, names)
        ]
        if not clash:
            continue
        chosen: dict[str, _Said] = {}
        for x in [x for pair in clash for x in pair] + items:
            chosen.setdefault(x.source, x)
        text = _TEXT[kind].format(names.get(subject, subject))
        cites = tuple(dict.fromkeys(x.citation for x in chosen.values()))
        values = {x.article: x.value for x in chosen.values()}
        if len(set(values.values())) < 2:
            continue
        key = text + "|" + " ".join(sorted(values))
        out.append(
            Claim(
                id="c" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12],
                status="conflicting",
                text=text,
                values=values,
                citations=cites,
                slot=kind,
            )
        )
    return out


_TEXT = {
    "direction": "Where {} lies",
    "employer": "Employer of {}",
    "held": "Where {} appeared from by video",
}


def _disagree(x: _Said, y: _Said, names: Mapping[str, str]) -> bool:
    if x.kind == "direction":
        if x.frame and y.frame and x.frame != y.frame:
            return False  # within two different wholes
        return directions_conflict(x.key, y.key)
    if x.key == y.key:
        return False
    if x.kind == "held":
        return True  # a penal colony (serving a sentence) is no remand prison
    return not orgs_alike(names.get(x.key, x.value), names.get(y.key, y.value)) and not orgs_alike(
        x.value, y.value
    )
