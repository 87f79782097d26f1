"""One timeline per story: dated clauses of every article, merged across sources.

An event is a clause with a date: a time expression anchored in it (explicit or relative,
already resolved by ``analyze.timex``), or a start derived from a duration that lasts up to
the time of writing ("held for 910 days" in an article of 2021-06-08 -> since 2018-12-10).
Events of different articles about the same happening (shared actors, compatible dates, a
similar predicate) merge and keep every citation; the more precise date wins and every
source's own value is kept in ``Event.dates``. Two sources that date one event incompatibly
give a ``date-conflict`` flag.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from .. import datevalue
from ..analyze.language import is_english
from ..analyze.pubdate import datelines
from ..analyze.timex import duration_events
from ..model import Analysis, Article, Citation, Entity, EntityTimeline, Event, Flag
from .candidate import Candidate
from .chronology import entity_timelines
from .clauses import Clause, extract_clauses
from .consistency import check_durations
from .dates import dates_a_day
from .disputes import dates_disagree
from .events import ANAPHORIC as _ANAPHORIC
from .events import UNREAL as _UNREAL
from .events import citation, event_mentions, happening, only_date
from .languages import join_languages
from .slots import plain_date, published_day

__all__ = ["TimelineResult", "build_timeline", "Candidate", "citation"]

_PLACE_TYPES = frozenset({"GPE", "LOC", "NORP"})
# Predicate overlap (Jaccard of content lemmas) above which two clauses tell the same thing.
_SAME_PREDICATE = 0.5
_RELATED_PREDICATE = 0.15
_SAME_WORDING = 0.7
# Bounds on the work per candidate in large stories: members of a cluster compared, and
# clusters sharing an actor and a verb looked at for a conflict (the latest ones).
_MEMBERS_COMPARED = 8
_CONFLICT_SCAN = 100


@dataclass(frozen=True, slots=True)
class TimelineResult:
    events: tuple[Event, ...]
    flags: tuple[Flag, ...] = ()
    notes: tuple[str, ...] = ()
    entity_timelines: tuple[EntityTimeline, ...] = ()


@dataclass
class _Cluster:
    members: list[Candidate] = field(default_factory=list)
    conflicts: list[tuple[Candidate, Candidate]] = field(default_factory=list)


def _derived_value(start: date, days: float, mod: str | None, unit: str) -> tuple[str, str | None]:
    """How precise a start computed from a duration is: a day for exact day or week counts,
    a month for rounded or month counts, a year for years."""
    if mod in ("APPROX", "EQUAL_OR_MORE", "MORE_THAN", "LESS_THAN", "EQUAL_OR_LESS") or unit == "M":
        value = start.strftime("%Y-%m")
    elif unit == "Y":
        value = start.strftime("%Y")
    else:
        value = start.isoformat()
    out_mod = {"APPROX": "APPROX", "EQUAL_OR_MORE": "ON_OR_BEFORE", "MORE_THAN": "BEFORE",
               "LESS_THAN": "AFTER", "EQUAL_OR_LESS": "ON_OR_AFTER"}.get(mod or "")  # fmt: skip
    return value, out_mod


def _derived_span(start: date, days: float, mod: str | None) -> datevalue.DateRange:
    if mod == "APPROX":
        slack = timedelta(days=max(2, round(days * 0.1)))
        return start - timedelta(days=round(days * 0.03)), start + slack
    if mod in ("EQUAL_OR_MORE", "MORE_THAN"):
        return start - timedelta(days=max(30, round(days * 0.5))), start
    if mod in ("LESS_THAN", "EQUAL_OR_LESS"):
        return start, start + timedelta(days=max(30, round(days * 0.5)))
    # An exact count still depends on which day the writer counted from: the report's date
    # or the publication's.
    return start - timedelta(days=2), start + timedelta(days=2)


def candidates(
    docs: Sequence[tuple[Article, Analysis]], clauses: Mapping[str, list[Clause]]
) -> list[Candidate]:
    """Every dated clause of every article, and every start derived from a duration."""
    out: list[Candidate] = []
    for article, an in docs:
        items = clauses.get(article.id, [])
        lines = datelines(article.text)
        for c in items:
            if c.hypothetical or c.modality in _UNREAL or (c.kind == "speech" and not c.actors):
                continue
            for ti in c.timexes:
                tx = an.time_expressions[ti]
                if tx.type not in ("DATE", "TIME") or _ANAPHORIC.match(tx.text):
                    continue
                if not dates_a_day(tx.text, tx.type) or only_date(article.text, c, tx, lines):
                    continue
                value = tx.value.split("T")[0] if tx.type == "TIME" else tx.value
                if not datevalue.is_specific(value):
                    continue
                span = datevalue.date_range(value, tx.mod)
                if span is None:
                    continue
                out.append(
                    Candidate(article.id, value, tx.mod, span, c, citation(article, an, c.sentence),
                              tx.text, inferred=tx.anchor_inferred)
                )  # fmt: skip
        if not article.published:
            continue
        spans = [(s.start, s.end) for s in an.sentences]
        for dev in duration_events(article.text, an.time_expressions, spans):
            if not dev.ongoing:
                continue
            tx = an.time_expressions[dev.duration]
            interval = datevalue.anchor_duration(tx.value, tx.mod, article.published)
            days = datevalue.duration_days(tx.value)
            owner = next((c for c in items if dev.duration in c.timexes), None)
            if interval is None or days is None or owner is None:
                continue
            start = date.fromisoformat(interval[0])
            unit = tx.value[-1]
            value, mod = _derived_value(start, days, tx.mod, unit)
            out.append(
                Candidate(article.id, value, mod, _derived_span(start, days, tx.mod), owner,
                          citation(article, an, owner.sentence), tx.text,
                          derived=f"'{tx.text}' as of {article.published} starts {interval[0]}",
                          duration=(days, tx.mod, article.published),
                          inferred=article.published_inferred)
            )  # fmt: skip
    return out


def _strong(actors: Sequence[str], types: Mapping[str, str]) -> set[str]:
    return {a for a in actors if types.get(a) not in _PLACE_TYPES}


def _predicate(a: Candidate, b: Candidate) -> float:
    """Jaccard overlap of the two clauses' content words, synonyms folded."""
    x, y = a.words, b.words
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def _places_apart(a: Clause, b: Clause, types: Mapping[str, str]) -> bool:
    """Both clauses name a town or country, and none in common: two places."""
    pa = {x for x in a.actors if types.get(x) == "GPE"}
    pb = {x for x in b.actors if types.get(x) == "GPE"}
    return bool(pa and pb and not pa & pb)


def _relation(a: Candidate, b: Candidate, types: Mapping[str, str]) -> str | None:
    """ "same" (merge), "conflict" (same happening, incompatible dates) or None."""
    sa, sb = _strong(a.clause.actors, types), _strong(b.clause.actors, types)
    shared = sa & sb
    weak = (set(a.clause.actors) & set(b.clause.actors)) - shared
    pred = _predicate(a, b)
    fits = datevalue.compatible(a.span, b.span)
    h = happening(a.clause)
    if h and h == happening(b.clause) and fits and not (a.derived or b.derived):
        # Whatever the verb ("the fire started", "tore through", "destroyed"), two reports
        # whose subject is the same kind of happening at the same time tell one happening,
        # unless they put it in two towns.
        return None if _places_apart(a.clause, b.clause, types) else "same"
    if a.article == b.article:
        # One article tells one happening once; repeats must read alike.
        if a.derived or b.derived:
            return None
        if fits and pred >= _SAME_PREDICATE and (shared or (not sa and not sb and weak)):
            return "same"
        return None
    if fits:
        if shared and (pred >= _RELATED_PREDICATE or len(shared) >= 2 or a.derived or b.derived):
            return "same"
        if not sa and not sb and (weak or pred >= _SAME_WORDING) and pred >= _SAME_PREDICATE:
            return "same"  # no named actor: the same place or nearly the same words
        return None
    # A reporting verb ("X announced Monday") says nothing of what was announced: one speaker
    # announces many things, so two such clauses on different dates are two events.
    if (shared and pred >= _SAME_PREDICATE and a.clause.verb == b.clause.verb
            and not {"noun", "speech"} & {a.clause.kind, b.clause.kind}):  # fmt: skip
        return "conflict"
    one_derived = (a.derived is None) != (b.derived is None)
    if shared and one_derived and (len(shared) >= 2 or shared in (sa, sb)):
        # A duration that measures an event dated elsewhere ("held for 910 days" and
        # "arrested in December 2018") but does not reach its date.
        return "conflict" if pred >= _RELATED_PREDICATE else None
    return None


def _strength(a: Candidate, b: Candidate) -> float:
    """How alike two related candidates read: the cluster that reads most alike wins."""
    shared = set(a.clause.actors) & set(b.clause.actors)
    same_verb = bool(a.clause.verb) and a.clause.verb == b.clause.verb
    return _predicate(a, b) + 0.2 * len(shared) + (0.3 if same_verb else 0.0)


def _months(span: datevalue.DateRange) -> list[str]:
    """The months a span touches ("wide" for spans over three years)."""
    y, m = span[0].year, span[0].month
    out = []
    while (y, m) <= (span[1].year, span[1].month):
        out.append(f"{y}-{m:02d}")
        if len(out) > 36:
            return ["wide"]
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _merge(cands: list[Candidate], types: Mapping[str, str]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    # Clusters are indexed by (actor, month) for merges and by (actor, verb) for conflicts, so
    # that a candidate of a story of thousands of events looks at a few clusters only.
    index: dict[str, list[int]] = {}
    for cand in sorted(
        cands, key=lambda c: (datevalue.width(c.span), c.span[0], c.article, c.citation.start)
    ):
        actors = sorted(set(cand.clause.actors)) or [""]
        if h := happening(cand.clause):
            actors.append(f"h:{h}")  # reports of one happening find each other by its noun
        months = _months(cand.span)
        same_keys = [f"{a}|{m}" for a in actors for m in months]
        verb_keys = [f"{a}|v:{cand.clause.verb}" for a in actors if cand.clause.verb]
        # A duration measures an event told with another verb ("held" for "arrested"): it
        # looks at the latest clusters of its actors whatever their verb or month.
        all_keys = [f"{a}|all" for a in actors]
        look = same_keys + [f"{a}|wide" for a in actors]
        seen: set[int] = set()
        best: tuple[float, int, str, Candidate] | None = None
        scans = verb_keys + (all_keys if cand.derived else [])
        for k, limit in [(k, None) for k in look] + [(k, _CONFLICT_SCAN) for k in scans]:
            bucket = index.get(k, [])
            for ci in bucket[-limit:] if limit else bucket:
                if ci in seen:
                    continue
                seen.add(ci)
                for m in clusters[ci].members[:_MEMBERS_COMPARED]:
                    rel = _relation(cand, m, types)
                    if rel is None:
                        continue
                    # A merge always beats a conflict; then the closest reading wins.
                    score = _strength(cand, m) + (10.0 if rel == "same" else 0.0)
                    if best is None or score > best[0]:
                        best = (score, ci, rel, m)
        if best is None:
            clusters.append(_Cluster([cand]))
            ci = len(clusters) - 1
        else:
            _, ci, rel, other = best
            if rel == "conflict":
                clusters[ci].conflicts.append((other, cand))
            clusters[ci].members.append(cand)
        for k in same_keys + verb_keys + all_keys:
            bucket = index.setdefault(k, [])
            if not bucket or bucket[-1] != ci:
                bucket.append(ci)
    return clusters


def _event(cl: _Cluster) -> tuple[Event, datevalue.DateRange]:
    conflicted = {id(c) for pair in cl.conflicts for c in pair[1:]}
    trusted = [m for m in cl.members if id(m) not in conflicted] or cl.members
    # The most precise explicit date wins; a derived date only when nothing else dates it.
    best = min(trusted, key=lambda m: (m.derived is not None, datevalue.width(m.span), m.span[0]))
    counts = Counter(a for m in cl.members for a in dict.fromkeys(m.clause.actors))
    order = {
        a: i for i, a in enumerate(dict.fromkeys(a for m in cl.members for a in m.clause.actors))
    }
    actors = tuple(sorted(counts, key=lambda a: (-counts[a], order[a])))
    dates: dict[str, str] = {}
    for m in sorted(cl.members, key=lambda m: datevalue.width(m.span)):
        dates.setdefault(m.article, datevalue.label(m.value, m.mod))
    cites = tuple(
        dict.fromkeys(
            m.citation for m in sorted(cl.members, key=lambda m: (m.article, m.citation.sentence))
        )
    )
    ev = Event(date=best.value, mod=best.mod, text=best.clause.text, actors=actors,
               citations=cites, dates=dates)  # fmt: skip
    return ev, best.span


# A date written as a machine stamp ("2021-02-03"): page furniture, not what a writer said.
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")


def _disagree(a: Candidate, b: Candidate, published: Mapping[str, date | None]) -> bool:
    """A date-conflict is flagged only between two dates of one event that each rest on
    given dates: never on a start derived from a duration, never on a date placed against an
    inferred publication date, and not where the two dates may be two happenings or our
    misreading (``disputes.dates_disagree``)."""
    if a.derived or b.derived or a.inferred or b.inferred:
        return False
    if any(len(c.clause.timexes) > 1 or _STAMP.fullmatch(c.timex_text.strip()) for c in (a, b)):
        return False  # a list of dates ("on January 13, January 27, ..."); a page's stamp
    x = plain_date(a.value, a.mod, a.timex_text, a.inferred)
    y = plain_date(b.value, b.mod, b.timex_text, b.inferred)
    if x is None or y is None:
        return False
    return dates_disagree(x, y, published.get(a.article), published.get(b.article))


def _conflict_flag(a: Candidate, b: Candidate) -> Flag:
    actor = next(iter(a.clause.actors), None)
    return Flag(
        kind="date-conflict",
        article=b.article,
        text=b.timex_text,
        message=(
            f"one event, two dates: {a.article} gives {datevalue.label(a.value, a.mod)} "
            f"('{a.timex_text}'{', ' + a.derived if a.derived else ''}), {b.article} gives "
            f"{datevalue.label(b.value, b.mod)} ('{b.timex_text}'{', ' + b.derived if b.derived else ''})"
        ),
        entity=actor,
        evidence=(a.citation, b.citation),
    )


def _join_languages(clusters: list[_Cluster], language: Mapping[str, str | None]) -> list[_Cluster]:
    """Events told only in another language joined to their English event (languages.py)."""
    if all(is_english(code) for code in language.values()):
        return clusters
    from ..analyze.embed_multi import sentence_encoder

    joins = join_languages([cl.members for cl in clusters], language, sentence_encoder())
    for i, target in joins.items():
        clusters[target].members.extend(clusters[i].members)
        clusters[target].conflicts.extend(clusters[i].conflicts)
    return [cl for i, cl in enumerate(clusters) if i not in joins]


def build_timeline(
    docs: Sequence[tuple[Article, Analysis]],
    entity_of: Mapping[tuple[str, int], str],
    entities: Sequence[Entity] = (),
    *,
    clauses: Mapping[str, list[Clause]] | None = None,
) -> TimelineResult:
    """The story's dated events in date order, with date conflicts and consistency notes."""
    if clauses is None:
        clauses = extract_clauses(docs, entity_of, entities)
    types = {e.id: e.type for e in entities}
    cands = candidates(docs, clauses)
    clusters = _merge(cands, types)
    clusters = _join_languages(clusters, {a.id: a.language for a, _ in docs})
    built = [(_event(cl), cl) for cl in clusters]
    built.sort(key=lambda x: (x[0][1][0], -datevalue.width(x[0][1]), x[0][0].text))
    events = tuple(ev for (ev, _), _ in built)
    event_of = {id(m.clause): i for i, (_, cl) in enumerate(built) for m in cl.members}
    mentions = event_mentions(docs, clauses, types)
    timelines = entity_timelines(mentions, [x for x, _ in built], event_of, types)
    # Reports of a dated event told without its date ("the blaze broke out") cite it too.
    cited: dict[int, dict[Citation, None]] = {}
    for tl in timelines:
        for entry in tl.entries:
            if entry.event is not None:
                cited.setdefault(entry.event, {}).update(dict.fromkeys(entry.citations))
    events = tuple(
        replace(ev, citations=tuple(sorted(cited[i], key=lambda c: (c.article, c.sentence))))
        if i in cited and len(cited[i]) > len(ev.citations) else ev
        for i, ev in enumerate(events)
    )  # fmt: skip
    published = {a.id: published_day(a.published) for a, _ in docs}
    flags = [
        _conflict_flag(a, b)
        for _, cl in built
        for a, b in cl.conflicts
        if _disagree(a, b, published)
    ]
    notes, more_flags = check_durations([cl.members for _, cl in built], types)
    guessed = sorted({c.article for c in cands if c.inferred})
    dated = {a.id: (a, an) for a, an in docs}
    for aid in guessed:
        article, an = dated[aid]
        if article.published_inferred:
            notes.append(
                f"Relative dates of {aid} were resolved against its inferred publication date "
                f"{article.published}: their events are as good as that inference."
            )
            continue
        # A date given to the month or the year, narrowed to a day from the text.
        day = next((t.anchor for t in an.time_expressions if t.anchor_inferred), None)
        notes.append(
            f"Relative dates of {aid} were resolved against {day}, a day inferred within its "
            f"given publication date {article.published}: their events are as good as that "
            "inference."
        )
    return TimelineResult(events=events, flags=tuple(flags + more_flags), notes=tuple(notes),
                          entity_timelines=timelines)  # fmt: skip
