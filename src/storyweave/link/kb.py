"""A knowledge base of people and organizations, built from a Wikidata JSON dump.

The knowledge base is a JSONL file, one entity per line::

    {"id": "Q42", "type": "PERSON",
     "labels": {"en": "Douglas Adams", "zh": "道格拉斯·亚当斯"},
     "aliases": {"en": ["Douglas Noel Adams"]},
     "description": "English writer"}

``id`` is the Wikidata QID; ``type`` is ``PERSON`` (instance of human, Q5) or ``ORG`` (instance
of one of the classes in ``data/kb/org_classes.tsv``); ``labels`` maps a language code to the
label, ``aliases`` a language code to a list; ``description`` (English) is optional. Chinese
variants (zh-hans, zh-cn, zh-tw, ...) are merged into ``zh``. See docs/kb.md.

``KnowledgeBase.candidates(name)`` finds entries by label or alias, and by the romanized forms
of their Chinese and Cyrillic labels, tolerant of misspellings ("bau" for "bao").
"""

from __future__ import annotations

import bz2
import gzip
import json
import os
import re
import sys
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from rapidfuzz.distance import Levenshtein

from storyweave.config import Settings
from storyweave.errors import InputError
from storyweave.link.translit import pinyin_of, pinyin_syllables, script_of

__all__ = [
    "DEFAULT_LANGUAGES",
    "Entry",
    "KBCandidate",
    "KnowledgeBase",
    "build",
    "name_key",
    "org_classes",
    "romanize",
]

DEFAULT_LANGUAGES = ("en", "zh", "ru", "ar", "fr", "de", "es")
HUMAN = "Q5"
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "kb"

# Confidence of each kind of match. An exact label is near-certain evidence that the name can
# refer to the entry (ambiguity shows as several candidates); a romanized Chinese label is
# strong, since a pinyin string rarely arises by chance; a misspelt one less so.
CONFIDENCE = {
    "label": 0.95,
    "alias": 0.85,
    "romanized": 0.85,
    "romanized-reversed": 0.8,
    "respelt": 0.75,
    "fuzzy": 0.7,  # times the Levenshtein similarity of the romanized keys
    # A name in Chinese characters or Cyrillic whose romanization equals a label's in the
    # same script, in other letters: a traditional/simplified variant the dump did not list
    # (the zh-hans/zh-hant labels usually are), "ё" for "е", the reversed order of a label.
    # Chinese homophones are common among different people: below merge_threshold (0.6), so
    # alone it only notes "possibly the same as". Cyrillic letters romanize nearly one to
    # one: the same key is the same name.
    "script-zh": 0.55,
    "script-ru": 0.85,
}

# Russian romanization (BGN/PCGN-like, simplified) for indexing Cyrillic labels.
_CYRILLIC_SPEC = "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya"
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", _CYRILLIC_SPEC.split(), strict=True))


def org_classes() -> dict[str, str]:
    """The Wikidata classes (QID -> label) whose instances count as organizations."""
    out = {}
    with open(DATA_DIR / "org_classes.tsv", encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                qid, label = line.rstrip("\n").split("\t", 1)
                out[qid] = label
    return out


def name_key(name: str) -> str:
    """A name for exact lookup: NFKC, case-folded, punctuation dropped, spaces collapsed."""
    name = unicodedata.normalize("NFKC", name).casefold()
    name = "".join(ch if ch.isalnum() else " " for ch in name)
    return " ".join(name.split())


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def romanize(label: str) -> list[str] | None:
    """Tone-less pinyin syllables of a Chinese label, or Russian romanization of a Cyrillic
    one, one string per name part; None for other scripts."""
    if label.isascii():
        return None
    parts = [p for p in re.split(r"[\s·•・.\-]+", label) if p]
    if not parts:
        return None
    if all(all(_is_cjk(ch) for ch in p) for p in parts):
        return [" ".join(pinyin_of(ch) or "?" for ch in p) for p in parts]
    low = label.lower()
    if any("\u0400" <= ch <= "\u04ff" for ch in low):
        out = []
        for p in re.split(r"[\s\-,.]+", low):
            latin = "".join(
                _CYRILLIC.get(ch, ch if ch.isascii() and ch.isalpha() else "") for ch in p
            )
            latin = latin.replace("-", "")
            if latin:
                out.append(latin)
        return out or None
    return None


def _roman_key(parts: Sequence[str]) -> str:
    return "".join(p.replace(" ", "") for p in parts)


_VOWELS = re.compile(r"[aeiouywh]")
_DOUBLED = re.compile(r"(.)\1+")


def _skeleton(key: str) -> str:
    """Consonants only, "ng" as "n", "h" dropped (zh/z, sh/s), doubled letters merged: the
    block a misspelt vowel or a dropped "g" or "h" cannot leave."""
    cons = _VOWELS.sub("", key.replace("ng", "n"))
    return _DOUBLED.sub(r"\1", cons)


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    type: str
    labels: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    description: str | None = None

    @property
    def name(self) -> str:
        """The English label, else any label, else the id."""
        return self.labels.get("en") or next(iter(self.labels.values()), self.id)


@dataclass(frozen=True, slots=True)
class KBCandidate:
    """One knowledge-base entry a name may refer to. ``how`` is "exact" (a label), "alias" or
    "transliteration" (a romanized Chinese or Cyrillic label or alias)."""

    id: str
    label: str  # the entry's English label (else any label)
    matched: str  # the label or alias that matched
    how: str
    confidence: float
    type: str = "PERSON"


class KnowledgeBase:
    """Entries indexed by name key, by romanized key and by consonant skeleton."""

    def __init__(self, entries: Sequence[Entry] = (), fuzzy_min: float | None = None):
        # The similarity floor of a fuzzy romanized match ([entities] in settings.cfg).
        self.fuzzy_min = (
            Settings.default().getfloat("entities", "kb_fuzzy_min_similarity")
            if fuzzy_min is None
            else fuzzy_min
        )
        self.entries: dict[str, Entry] = {}
        self._exact: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        self._roman: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        self._skel: dict[str, set[str]] = defaultdict(set)
        for entry in entries:
            self.add(entry)

    @classmethod
    def load(cls, path: str | Path, settings: Settings | None = None) -> KnowledgeBase:
        """Read a knowledge-base JSONL file written by ``build``."""
        settings = settings or Settings.default()
        kb = cls(fuzzy_min=settings.getfloat("entities", "kb_fuzzy_min_similarity"))
        try:
            with open(path, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    try:
                        obj = json.loads(line)
                        kb.add(
                            Entry(
                                obj["id"],
                                obj["type"],
                                obj.get("labels", {}),
                                obj.get("aliases", {}),
                                obj.get("description"),
                            )
                        )
                    except (ValueError, KeyError, TypeError) as err:
                        raise InputError(
                            f"line {n} is not a knowledge-base entry ({err})",
                            str(path),
                            "rebuild it with `storyweave kb build`",
                        ) from err
        except OSError as err:
            raise InputError(f"cannot read the knowledge base ({err.strerror})", str(path)) from err
        return kb

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, qid: str) -> Entry | None:
        return self.entries.get(qid)

    def add(self, entry: Entry) -> None:
        self.entries[entry.id] = entry
        names = [(label, "exact") for label in entry.labels.values()]
        names += [(a, "alias") for aliases in entry.aliases.values() for a in aliases]
        for text, how in names:
            key = name_key(text)
            if key:
                self._exact[key].append((entry.id, text, how))
            parts = romanize(text)
            if parts:
                self._index_roman(entry.id, text, parts)

    def _index_roman(self, qid: str, text: str, parts: list[str]) -> None:
        forms = [(_roman_key(parts), "romanized")]
        if len(parts) > 1:
            forms.append((_roman_key(parts[::-1]), "romanized-reversed"))
        elif " " in parts[0]:
            # A Chinese name read in Western order: given name first, surname (first
            # character) last: "Xiaoming Wang" for a three-character name.
            syl = parts[0].split()
            forms.append(("".join(syl[1:] + syl[:1]), "romanized-reversed"))
        for key, kind in forms:
            self._roman[key].append((qid, text, kind))
            self._skel[_skeleton(key)].add(key)

    def candidates(self, name: str, limit: int = 10) -> list[KBCandidate]:
        """Entries ``name`` may refer to, best first, one per entry."""
        best: dict[str, KBCandidate] = {}

        def offer(qid: str, matched: str, how: str, confidence: float) -> None:
            old = best.get(qid)
            if old is None or confidence > old.confidence:
                e = self.entries[qid]
                best[qid] = KBCandidate(qid, e.name, matched, how, round(confidence, 3), e.type)

        for qid, text, how in self._exact.get(name_key(name), ()):
            offer(qid, text, how, CONFIDENCE["label" if how == "exact" else "alias"])
        for key, kind, conf in self._query_keys(name):
            for qid, text, indexed in self._roman.get(key, ()):
                if kind == "script" and script_of(text) != script_of(name):
                    continue  # a Cyrillic name never meets a Chinese label by its letters
                c = conf * (1.0 if indexed == "romanized" else 0.94)
                offer(qid, text, "transliteration", c)
            if kind == "fuzzy-seed":
                for other in self._skel.get(_skeleton(key), ()):
                    sim = Levenshtein.normalized_similarity(key, other)
                    if other != key and sim >= self.fuzzy_min:
                        for qid, text, _indexed in self._roman[other]:
                            offer(qid, text, "transliteration", CONFIDENCE["fuzzy"] * sim)
        return sorted(best.values(), key=lambda c: -c.confidence)[:limit]

    def _query_keys(self, name: str) -> Iterator[tuple[str, str, float]]:
        """Romanized keys to look a name up by. A Latin-script name: as written, respelt into
        valid pinyin syllables, and (for the consonant-skeleton fuzzy match) as written. A
        Chinese or Cyrillic one: its own romanization, which meets the labels of the same
        script (and their reversed order) only."""
        if not name.isascii():
            parts = romanize(name)
            script = script_of(name)
            if parts and f"script-{script}" in CONFIDENCE:
                yield _roman_key(parts), "script", CONFIDENCE[f"script-{script}"]
            return
        key = re.sub(r"[^a-z]", "", name_key(unicodedata.normalize("NFKD", name)))
        if not key:
            return
        yield key, "written", CONFIDENCE["romanized"]
        syllables = pinyin_syllables(name)
        if syllables:
            respelt = "".join(syllables)
            if respelt != key:
                yield respelt, "respelt", CONFIDENCE["respelt"]
        yield key, "fuzzy-seed", 0.0


# -- building from a Wikidata dump -------------------------------------------------------------
def _open_dump(path: Path) -> IO[str]:
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    if name.endswith(".bz2"):
        return bz2.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """The dump's lines, numbered; a damaged or truncated compressed file is an InputError."""
    try:
        with _open_dump(path) as f:
            yield from enumerate(f, 1)
    except (EOFError, OSError, zlib.error, UnicodeDecodeError) as err:
        if isinstance(err, FileNotFoundError):
            raise InputError("no such file", str(path)) from err
        raise InputError(
            f"the dump is truncated or damaged ({type(err).__name__}: {err})",
            str(path),
            "download it again or check the file is complete",
        ) from err


def _claim_ids(entity: dict[str, Any], prop: str) -> set[str]:
    out = set()
    for claim in entity.get("claims", {}).get(prop, ()):
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value")
        if isinstance(value, dict) and "id" in value:
            out.add(value["id"])
    return out


def _lang_of(code: str, languages: Sequence[str]) -> str | None:
    if code in languages:
        return code
    base = code.split("-")[0]
    # Wikidata spells Chinese as zh, zh-hans, zh-cn, zh-tw, ...: one "zh" for lookup.
    return base if base == "zh" and "zh" in languages else None


def _entry(entity: dict[str, Any], kind: str, languages: Sequence[str]) -> dict[str, Any]:
    labels: dict[str, str] = {}
    aliases: dict[str, list[str]] = defaultdict(list)

    def alias(lang: str, text: str) -> None:
        if text != labels.get(lang) and text not in aliases[lang]:
            aliases[lang].append(text)

    # exact language codes first, so "zh" beats "zh-hant" as the label
    for code, obj in sorted(entity.get("labels", {}).items(), key=lambda kv: len(kv[0])):
        lang = _lang_of(code, languages)
        if lang and obj.get("value"):
            if lang not in labels:
                labels[lang] = obj["value"]
            else:
                alias(lang, obj["value"])
    for code, objs in entity.get("aliases", {}).items():
        lang = _lang_of(code, languages)
        if lang:
            for obj in objs:
                if obj.get("value"):
                    alias(lang, obj["value"])
    out: dict[str, Any] = {
        "id": entity["id"],
        "type": kind,
        "labels": labels,
        "aliases": {k: v for k, v in aliases.items() if v},
    }
    desc = entity.get("descriptions", {}).get("en", {}).get("value")
    if desc:
        out["description"] = desc
    return out


def build(
    dump: str | Path,
    out: str | Path,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    progress: bool = False,
) -> int:
    """Stream a Wikidata JSON dump (plain, .gz or .bz2) and write the people and organizations
    with labels or aliases in ``languages`` to the JSONL file ``out``; return how many."""
    dump, out = Path(dump), Path(out)
    if isinstance(languages, str):  # "en,zh,ru" as typed on the command line
        languages = [lang.strip() for lang in languages.split(",") if lang.strip()]
    orgs = set(org_classes())
    wanted = orgs | {HUMAN}
    # Most entities are neither: a substring test skips them before any JSON parsing.
    prefilter = re.compile(r'"id":\s*"(?:' + "|".join(sorted(wanted)) + r')"')
    tmp = out.with_name(out.name + ".tmp")
    kept = 0
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            for n, line in _lines(dump):
                line = line.strip()
                if line in ("[", "]", "") or not prefilter.search(line):
                    continue
                try:
                    entity = json.loads(line.rstrip(","))
                except ValueError as err:
                    raise InputError(
                        f"line {n} is not a JSON entity ({err})",
                        str(dump),
                        "pass a Wikidata JSON dump (one entity per line)",
                    ) from err
                classes = _claim_ids(entity, "P31")
                kind = "PERSON" if HUMAN in classes else "ORG" if classes & orgs else None
                if kind is None:
                    continue
                entry = _entry(entity, kind, languages)
                if entry["labels"] or entry["aliases"]:
                    f.write(json.dumps(entry, ensure_ascii=False) + "\n")
                    kept += 1
                    if progress and kept % 10000 == 0:
                        print(f"{dump.name}: line {n}, {kept} entities kept", file=sys.stderr)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return kept
