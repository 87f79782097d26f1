"""The dossier as Markdown, for reading and for pasting into notes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath

from .. import datevalue
from ..model import Article, Citation, Dossier, Event, Story
from ..version import DOSSIER_SCHEMA_VERSION, __version__

__all__ = ["render_markdown", "label", "confidence", "STATUS_ORDER"]

STATUS_ORDER = ("conflicting", "refined", "corroborated", "single-source")


def label(article: Article) -> str:
    """A short name for an article: its outlet, else its file name, else its id."""
    if article.source:
        return article.source
    if article.file:
        return PurePath(article.file).name
    return article.id


def confidence(value: float) -> str:
    # Rounded as the dossier JSON rounds it first, so every format shows the same figure.
    return f"{round(value, 3):.2f}"


def _cite(c: Citation, labels: Mapping[str, str]) -> str:
    return f'[{labels.get(c.article, c.article)} §{c.sentence}] "{c.text}"'


def _entity_timelines(story: Story, labels: Mapping[str, str]) -> list[str]:
    """Each entity's happenings in order; an undated one says what places it."""
    out = ["### When, by entity", ""]
    timelines = {t.entity: t.entries for t in story.entity_timelines}
    for e in story.entities:
        entries = timelines.get(e.id) or ()
        if not entries:
            continue
        out.append(f"- **{e.name}**")
        for x in entries:
            when = datevalue.words(x.date, x.mod) if x.date else "undated"
            order = f"{x.position}." if x.position else "unordered:"
            cites = ", ".join(f"{labels.get(c.article, c.article)} §{c.sentence}"
                              for c in x.citations[:3])  # fmt: skip
            more = f" +{len(x.citations) - 3}" if len(x.citations) > 3 else ""
            out.append(f"  - {order} **{when}** {x.text} ({x.basis}: {x.reason}; "
                       f"{cites}{more})")  # fmt: skip
    out.append("")
    return out if len(out) > 3 else []


def _date(ev: Event) -> str:
    """A timeline date in words ("the mid-1990s", "late 2020"); the JSON keeps the value."""
    return datevalue.words(ev.date or "", ev.mod)


def _value(slot: str | None, value: str) -> str:
    """A source's value of a claim; a date ("2021-04 START") in words."""
    return datevalue.label_words(value) if slot == "date" else value


def _storylines(dossier: Dossier) -> list[str]:
    """Each storyline with its stories (events) in time order."""
    if not dossier.storylines:
        return []
    articles = {a.id: a for a, _ in dossier.articles}
    stories = {s.id: s for s in dossier.stories}
    out = ["## Storylines", ""]
    for line in dossier.storylines:
        span = f"{line.first} to {line.last}" if line.first else "undated"
        count = len(line.stories)
        out.append(
            f"- **{line.title}** (`{line.id}`): {span}, {count} stor{'y' if count == 1 else 'ies'}"
        )
        for n, sid in enumerate(line.stories, 1):
            story = stories[sid]
            dates = sorted(articles[a].published or "" for a in story.articles if a in articles)
            when = next((d for d in dates if d), "undated")
            out.append(f"  {n}. {when}: {story.title} (`{sid}`)")
    return [*out, ""]


def render_markdown(dossier: Dossier) -> str:
    articles = {a.id: (a, an) for a, an in dossier.articles}
    labels = {aid: label(a) for aid, (a, _) in articles.items()}
    out = [
        "# storyweave dossier",
        "",
        f"storyweave {__version__}, schema {DOSSIER_SCHEMA_VERSION}.",
        "",
    ]
    out += _storylines(dossier)
    for story in dossier.stories:
        members = [articles[i][0] for i in story.articles if i in articles]
        dates = sorted(a.published for a in members if a.published)
        sources = sorted({labels[a.id] for a in members})
        out += [f"## {story.title}", ""]
        line = dossier.storyline_of(story.id)
        if line is not None:
            out.append(f"- storyline: {line.title} (`{line.id}`)")
        out.append(f"- articles: {len(members)}")
        out.append(f"- sources: {', '.join(sources)}")
        if dates:
            out.append(f"- published: {dates[0]} to {dates[-1]}")
        out.append("")
        out += ["### Who", ""]
        for e in story.entities:
            aliases = ", ".join(
                f"{al.text} ({al.match}, {confidence(al.confidence)}, ×{al.count})"
                for al in e.aliases
            )
            out.append(f"- **{e.name}** ({e.type}){': ' + aliases if aliases else ''}")
            if e.note:
                out.append(f"  - note: {e.note}")
        out.append("")
        out += ["### When", ""]
        for ev in story.timeline:
            out.append(f"- **{_date(ev)}** {ev.text}")
            for c in ev.citations:
                out.append(f"  - {_cite(c, labels)}")
        if not story.timeline:
            out.append("- (no dated events)")
        out.append("")
        out += _entity_timelines(story, labels)
        out += ["### What the sources say", ""]
        for status in STATUS_ORDER:
            claims = [c for c in story.claims if c.status == status]
            if not claims:
                continue
            out += [f"#### {status} ({len(claims)})", ""]
            for claim in claims:
                across = " *(compared across languages)*" if claim.across_languages else ""
                out.append(f"- {claim.text}{across}")
                for aid, value in claim.values.items():
                    out.append(f"  - {labels.get(aid, aid)}: {_value(claim.slot, value)}")
                for cit in claim.citations:
                    out.append(f"  - {_cite(cit, labels)}")
            out.append("")
        if not story.claims:
            out += ["- (no claims)", ""]
        out += ["### What looks wrong", ""]
        for f in story.flags:
            where = labels.get(f.article, f.article) if f.article else ""
            out.append(f'- **{f.kind}** {where}: "{f.text}": {f.message}')
            for c in f.evidence:
                out.append(f"  - {_cite(c, labels)}")
        if not story.flags:
            out.append("- (no flags)")
        out.append("")
        for note in story.notes:
            out.append(f"> {note}")
    out += ["## Articles", ""]
    for a, an in dossier.articles:
        pub = a.published or "unknown date"
        if a.published_inferred:
            pub += f" (inferred: {a.published_reason})"
        elif a.published_reason:
            pub += f" ({a.published_reason})"  # a month or year given, maybe narrowed
        language = an.language if an else a.language
        out.append(
            f"- `{a.id}` {a.title or '(untitled)'}: {labels[a.id]}, {pub}, "
            f"{language or '?'}, file {a.file}"
        )
    return "\n".join(out) + "\n"
