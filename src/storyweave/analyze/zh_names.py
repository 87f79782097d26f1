"""Chinese names of one article: people, places and organizations with character offsets,
and their grouping within the article ("柯文德" ... "柯先生"; "彼得·斯科特" ... "斯科特").

Names start from the word segmenter's part-of-speech tags (jieba: nr person, ns place, nt
organization). The segmenter misses or splits foreign names written in characters, so four
general rules add to its tags:

- pieces of one name: neighbouring person-tagged words ("布" + "林肯") and runs of characters
  used in transliterations ("纳瓦尔" + "尼"), joined across a middle dot ("阿尔捷米·科托夫");
- organizations: a place or organization word followed by words ending in an organization
  word ("丹东市" + "中级" + "人民法院", "莫斯科市" + "法院");
- titles: a name next to a person's title is a person's ("普京总统", "发言人赵立坚"), and a
  surname with a title is a short form ("柯先生" -> "柯", title "先生"); a name between a
  title and the person it qualifies is a place ("乌克兰总统泽连斯基");
- the word segmenter's names that overlap a time expression yield to it ("上周三").
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

from ..model import Mention, NameGroup, Sentence

__all__ = ["RULES", "Token", "extract", "org_suffixes", "surnames", "titles", "translit_chars"]

# The rules added to the segmenter's tags (benchmarks/multilingual.py --without measures each).
RULES = frozenset({"translit", "dots", "orgs", "titles", "latin", "places", "media"})

DATA = Path(__file__).resolve().parent.parent / "data" / "names"
_DOTS = "·•・‧"
_PLACE_TAGS = ("ns", "nsf")
_ORG_TAGS = ("nt",)
# Parts of speech never inside a transliterated name: prepositions, conjunctions, particles,
# adverbs, pronouns, locatives, numerals, interjections.
_NOT_IN_NAME = ("p", "c", "u", "d", "r", "f", "m", "y", "e", "o", "w")
_ORG_INNER = frozenset({"ns", "nt", "nz", "n", "b", "j", "nsf", "an", "vn", "nr"})


class Token(NamedTuple):
    start: int
    end: int
    word: str
    flag: str


def _table(name: str) -> list[str]:
    path = DATA / name
    lines = path.read_text(encoding="utf-8").splitlines()
    return [w for ln in lines if ln.strip() and not ln.startswith("#") for w in ln.split()]


@cache
def titles() -> tuple[str, ...]:
    """Person titles, longest first."""
    return tuple(sorted(set(_table("zh_titles.txt")), key=len, reverse=True))


@cache
def surnames() -> frozenset[str]:
    return frozenset(_table("zh_surnames.txt"))


@cache
def translit_chars() -> frozenset[str]:
    return frozenset("".join(_table("zh_translit.txt")))


@cache
def org_suffixes() -> tuple[str, ...]:
    return tuple(sorted(set(_table("zh_org_suffixes.txt")), key=len, reverse=True))


class _Cand:
    __slots__ = ("start", "end", "label", "first", "last", "title", "sure")

    def __init__(self, start: int, end: int, label: str, first: int, last: int) -> None:
        self.start, self.end, self.label = start, end, label
        self.first, self.last = first, last  # token indices, inclusive
        self.title: str | None = None
        self.sure = False  # the label rests on evidence (a title, a place word), not a tag


def _label(flag: str) -> str | None:
    if flag.startswith("nr"):
        return "PERSON"
    if flag in _PLACE_TAGS:
        return "GPE"
    if flag in _ORG_TAGS:
        return "ORG"
    return None


def _is_org_end(tok: Token) -> bool:
    if tok.flag in _ORG_TAGS:
        return True
    return any(tok.word == s or (len(s) > 1 and tok.word.endswith(s)) for s in org_suffixes())


def _title_of(word: str) -> str | None:
    return word if word in titles() else None


def _candidates(text: str, toks: Sequence[Token], rules: frozenset[str] = RULES) -> list[_Cand]:
    """Names from tags, transliteration runs and middle dots, left to right."""
    out: list[_Cand] = []
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i]
        label = _label(tok.flag)
        if label is None and tok.flag == "nz" and "titles" in rules and _glued_title(toks, i):
            # "和普京" + "总统": the segmenter glued a conjunction to a name before a title
            out.append(_Cand(tok.start + 1, tok.end, "PERSON", i, i))
            i += 1
            continue
        if label is None:
            i += 1
            continue
        j = i + 1
        if label == "PERSON":  # neighbouring pieces of one person's name
            while j < n and toks[j].flag.startswith("nr") and toks[j].start == toks[j - 1].end:
                j += 1
        out.append(_Cand(tok.start, toks[j - 1].end, label, i, j - 1))
        i = j
    if "titles" in rules:
        _given_names(toks, out)
    if "translit" in rules:
        out = _translit_runs(text, toks, out)
    return _join_dots(toks, out) if "dots" in rules else out


def _given_names(toks: Sequence[Token], cands: list[_Cand]) -> None:
    """A surname the segmenter left alone takes the word after it as its given name when a
    verb, a title or punctuation follows ("王" + "立新" + "表示") and the article writes no
    full name with that surname."""
    fulls = {toks[c.first].word[:1] for c in cands if c.end - c.start > 1 and c.first >= 0}
    for c in cands:
        if c.label != "PERSON" or c.first != c.last or toks[c.first].word not in surnames():
            continue
        if toks[c.first].word in fulls:
            continue  # the short form of a full name written elsewhere ("陆" of "陆家荣")
        k = c.last + 1
        if k + 1 >= len(toks) or toks[k].start != c.end:
            continue
        given, after = toks[k], toks[k + 1]
        one = len(given.word) == 1 and not given.flag.startswith(_NOT_IN_NAME)
        two = len(given.word) == 2 and not given.flag.startswith(("p", "c", "u", "r", "m", "f"))
        ends = after.flag.startswith(("v", "x", "w")) or after.word in titles()
        if (one or two) and _is_han(given.word) and ends and after.start == given.end:
            c.end, c.last = given.end, k


_PLACE_SUFFIX = re.compile(r"群岛|半岛|[州市省县郡岛湾港堡]")


def _translit_runs(text: str, toks: Sequence[Token], cands: list[_Cand]) -> list[_Cand]:
    """Runs of three or more characters used in transliterations, wherever the segmenter cut
    them ("对韦" + "利奇" + "科维奇" holds "韦利奇科维奇"): a name when a piece of it is tagged
    as one, or when it is four characters or more and not one ordinary word. A place suffix
    right after it belongs to it ("维吉尼亚" + "州")."""
    chars = "".join(sorted(translit_chars()))
    starts = [t.start for t in toks]
    out = list(cands)
    for m in re.finditer(f"[{re.escape(chars)}]{{3,}}", text):
        s, e = m.span()
        suffix = _PLACE_SUFFIX.match(text, e)
        first = max(0, bisect.bisect_right(starts, s) - 1)
        last = max(0, bisect.bisect_right(starts, e - 1) - 1)
        inside = toks[first : last + 1]
        if first == last and (toks[first].end - toks[first].start) > e - s:
            continue  # part of one longer word ("基本法律")
        # a word reaching past either end is not part of the name ("证明" + ..., ... + "本人")
        if len(inside) > 1 and inside[0].start < s and not _label(inside[0].flag):
            s, first = inside[0].end, first + 1
            inside = inside[1:]
        if len(inside) > 1 and inside[-1].end > e and not _label(inside[-1].flag):
            e, last = inside[-1].start, last - 1
            inside = inside[:-1]
        if e - s < 3:
            continue
        tagged = [t for t in inside if _label(t.flag)]
        plain_words = all(len(t.word) > 1 and not _label(t.flag) for t in inside)
        if not tagged and (e - s < 4 or plain_words):
            continue
        if suffix:
            e = suffix.end()
            last = max(0, bisect.bisect_right(starts, e - 1) - 1)
        covering = [c for c in out if c.start < e and s < c.end]
        if any(c.start < s or c.end > e for c in covering):
            continue  # inside a longer name ("俄罗斯联邦安全局")
        labels = Counter(_label(t.flag) for t in tagged)
        label = "GPE" if suffix else _run_label(labels)
        run = _Cand(s, e, label, first, last)
        run.sure = bool(suffix)
        out = [c for c in out if c not in covering] + [run]
    return sorted(out, key=lambda c: c.start)


_GLUE = "和与同跟及对向被"


def _glued_title(toks: Sequence[Token], i: int) -> bool:
    word = toks[i].word
    return (
        len(word) >= 3
        and word[0] in _GLUE
        and i + 1 < len(toks)
        and toks[i + 1].start == toks[i].end
        and toks[i + 1].word in titles()
    )


def _run_label(labels: Counter[str | None]) -> str:
    if labels and labels.most_common(1)[0][0] in ("GPE", "ORG") and "PERSON" not in labels:
        return str(labels.most_common(1)[0][0])
    return "PERSON"


def _join_dots(toks: Sequence[Token], cands: list[_Cand]) -> list[_Cand]:
    """ "阿尔捷米·科托夫": names on both sides of a middle dot are one person's name."""
    out: list[_Cand] = []
    for c in cands:
        if out:
            prev = out[-1]
            between = toks[prev.last + 1 : c.first]
            if (
                len(between) == 1
                and between[0].word in _DOTS
                and prev.end == between[0].start
                and between[0].end == c.start
            ):
                prev.end, prev.last, prev.label = c.end, c.last, "PERSON"
                prev.sure = True
                continue
        out.append(c)
    return out


def _orgs(toks: Sequence[Token], cands: list[_Cand]) -> list[_Cand]:
    """Extend a place or organization name over the words of the organization it heads."""
    out: list[_Cand] = []
    skip_to = -1
    for c in cands:
        if c.first <= skip_to:
            continue
        best = None
        if c.first >= 0 and (c.label in ("GPE", "ORG") or not c.sure):
            j = c.last + 1
            while j < len(toks) and j <= c.last + 4 and toks[j].flag in _ORG_INNER:
                if toks[j].start != toks[j - 1].end:
                    break
                if _is_org_end(toks[j]):
                    best = j
                j += 1
        if best is not None:
            org = _Cand(c.start, toks[best].end, "ORG", c.first, best)
            out.append(org)
            skip_to = best
            continue
        out.append(c)
    return out


# "德国政府", "特区政府": a country's or region's government is not a named organization;
# the place in it is a place.
_GENERIC_ORG = ("政府", "当局", "警方", "军方", "官方", "官媒", "媒体", "方面")


def _generic(text: str, toks: Sequence[Token], cands: list[_Cand]) -> list[_Cand]:
    out = []
    for c in cands:
        name = text[c.start : c.end]
        end = next((g for g in _GENERIC_ORG if name.endswith(g)), None)
        if c.label == "ORG" and end and len(name) > len(end):
            place = name[: -len(end)]
            if c.first >= 0 and _label(toks[c.first].flag) == "GPE" and toks[c.first].word == place:
                c.end, c.last, c.label = c.start + len(place), c.first, "GPE"
            else:
                continue
        out.append(c)
    return out


# Photo credits and bylines: "歐樂年攝", "(鄧栢良攝)", "记者于良报道".
_CREDIT = re.compile(r"(?<=[\s(（。，,:：、])([\u4e00-\u9fff]{2,3})(?=[摄攝]|报道|報道|报导|報導)")


def _credits(text: str, cands: list[_Cand]) -> list[_Cand]:
    out = list(cands)
    for m in _CREDIT.finditer(text):
        name = m.group(1)
        head = name[:2] if name[:2] in surnames() else name[:1]
        if head not in surnames() or len(name) - len(head) not in (1, 2):
            continue
        s, e = m.span(1)
        if any(c.start < e and s < c.end for c in out):
            out = [c for c in out if not (c.start < e and s < c.end and not c.sure)]
            if any(c.start < e and s < c.end for c in out):
                continue
        c = _Cand(s, e, "PERSON", -1, -1)
        c.sure = True
        out.append(c)
    return sorted(out, key=lambda c: c.start)


def _split_title(text: str, c: _Cand) -> None:
    """ "柯先生" (one word to the segmenter): the surname is the name, the rest its title."""
    word = text[c.start : c.end]
    for t in titles():
        if word.endswith(t) and len(word) > len(t):
            rest = word[: -len(t)]
            if rest in surnames() or len(rest) >= 2:
                c.end = c.start + len(rest)
                c.title = t
                c.label = "PERSON"
                c.sure = True
            return


def _apply_titles(text: str, toks: Sequence[Token], cands: list[_Cand]) -> None:
    by_first = {c.first: c for c in cands}
    by_last = {c.last: c for c in cands}
    for c in cands:
        if c.label == "PERSON":
            _split_title(text, c)
    for k, tok in enumerate(toks):
        title = _title_of(tok.word)
        if title is None:
            continue
        before = by_last.get(k - 1)
        after = by_first.get(k + 1)
        if before is not None and before.end != tok.start:
            before = None
        if after is not None and after.start != tok.end:
            after = None
        if after is not None and after.label in ("PERSON", "GPE") and after.title is None:
            after.label, after.title, after.sure = "PERSON", title, True
            if before is not None and before.label == "PERSON":
                before.label, before.sure = "GPE", True  # "乌克兰总统泽连斯基": the country
        elif before is not None and before.label in ("PERSON", "GPE") and before.title is None:
            before.label, before.title, before.sure = "PERSON", title, True  # "普京总统"


# Last characters of place names ("新西伯利亚", "斯维尔德洛夫斯克州") and words that follow a
# place ("莫斯科分社", "鹈鹕礁附近"): a name the tagger calls a person's is a place's then.
_PLACE_ENDS = ("群岛", "半岛", "机场", "州", "省", "市", "县", "郡", "区", "岛", "湾", "角",
               "堡", "港", "城", "镇", "村", "河", "湖", "峡", "礁", "洋")  # fmt: skip
_PLACE_AFTER = ("分社", "机场", "市区", "当地", "郊区", "附近", "地区", "以南", "以北", "以东",
                "以西", "西部", "东部", "南部", "北部", "中部", "外海", "街头", "境内", "一带",
                "总部")  # fmt: skip
# News organizations: "路透社", "中新网", "新唐人电视台", and papers in 《》 ("华尔街日报").
_MEDIA_ENDS = ("通讯社", "新闻社", "电视台", "新闻网", "日报", "时报", "晚报", "邮报", "周刊",
               "社", "网", "台", "报")  # fmt: skip
_PAPER_ENDS = ("日报", "时报", "晚报", "邮报", "周刊", "杂志", "报")


def _places(text: str, cands: list[_Cand]) -> None:
    for c in cands:
        if c.sure or c.label != "PERSON":
            continue
        name = text[c.start : c.end]
        after = text[c.end : c.end + 2]
        if (len(name) > 1 and name.endswith(_PLACE_ENDS)) or after in _PLACE_AFTER:
            c.label, c.sure = "GPE", True


def _media(text: str, toks: Sequence[Token], cands: list[_Cand]) -> list[_Cand]:
    """News organizations the tagger gives as common nouns."""
    from jieba.posseg import dt

    taken = {i for c in cands for i in range(c.first, c.last + 1)}
    tags = dt.word_tag_tab
    out = list(cands)
    for i, tok in enumerate(toks):
        if i in taken or len(tok.word) < 3:
            continue
        quoted = text[tok.start - 1 : tok.start] == "《" and text[tok.end : tok.end + 1] == "》"
        end = next((e for e in _MEDIA_ENDS if tok.word.endswith(e)), None)
        if end is None or len(tok.word) <= len(end):
            continue
        prefix_tag = tags.get(tok.word[: -len(end)], "")
        named = prefix_tag in ("", "nz", "ns", "nt", "j") or prefix_tag.startswith("nr")
        if named or (quoted and tok.word.endswith(_PAPER_ENDS)):
            org = _Cand(tok.start, tok.end, "ORG", i, i)
            org.sure = True
            out.append(org)
    return sorted(out, key=lambda c: c.start)


_LATIN = re.compile(
    r"(?<![A-Za-z0-9.@/&-])(?:[A-Z][A-Za-z0-9&.'-]*[A-Za-z0-9]|[A-Z])"
    r"(?:[ ](?:[A-Z][A-Za-z0-9&.'-]*[A-Za-z0-9]|of|the|and|de|van|von))*(?![A-Za-z0-9@/])"
)


def _latin(text: str, cands: list[_Cand]) -> list[_Cand]:
    """Names in Latin script ("Sam Hartley-Wood", "CIA", "Cobalt Research"): one given in
    brackets after a name is that name's; a run of capitalized words is a person's unless an
    organization word is among them; one word is an organization's."""
    from .names import is_org_like

    out = list(cands)
    for m in _LATIN.finditer(text):
        s, e = m.span()
        if any(c.start < e and s < c.end for c in cands) or len(m.group()) < 2:
            continue
        words = m.group().split()
        before = text[max(0, s - 1) : s]
        prev = next((c for c in cands if c.end == s - 1), None) if before in "(（" else None
        if prev is not None:
            label = prev.label
        elif len(words) > 1 and not m.group().isupper() and not is_org_like(m.group()):
            label = "PERSON"
        else:
            label = "ORG"
        c = _Cand(s, e, label, -1, -1)
        c.sure = prev is not None and prev.sure
        out.append(c)
    return sorted(out, key=lambda c: c.start)


def _vote(text: str, cands: list[_Cand]) -> None:
    """One name, one type within an article: the type some mention's evidence gives."""
    sure: dict[str, Counter[str]] = {}
    for c in cands:
        if c.sure:
            sure.setdefault(text[c.start : c.end], Counter())[c.label] += 1
    for c in cands:
        votes = sure.get(text[c.start : c.end])
        if votes and not c.sure:
            c.label = votes.most_common(1)[0][0]


def _surname_key(name: str) -> str | None:
    """The form a later short mention of this person uses: the last part of a foreign name
    with a middle dot, or the surname of a Chinese name."""
    for dot in _DOTS:
        if dot in name:
            return name.rsplit(dot, 1)[1] or None
    if len(name) >= 3 and name[:2] in surnames():
        return name[:2]
    if 2 <= len(name) <= 4 and name[0] in surnames():
        return name[0]
    return None


def _group(names: list[str], labels: list[str], titled: list[bool]) -> list[int]:
    """Group ids: one name written the same way; full names with their later short forms
    (a surname with a title, the last part of a foreign name). When two full names share the
    short form, a short mention joins the one named most recently before it."""
    parent = list(range(len(names)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    full: dict[str, list[int]] = {}
    for i, (name, label) in enumerate(zip(names, labels, strict=True)):
        key = _surname_key(name) if label == "PERSON" else None
        if key and key != name:
            full.setdefault(key, []).append(i)
    shared = {k for k, v in full.items() if len({names[i] for i in v}) > 1}
    seen: dict[tuple[str, str], int] = {}
    for i, name in enumerate(names):
        if name in shared:
            continue
        k = (name, "PERSON" if labels[i] == "PERSON" else labels[i])
        if k in seen:
            union(seen[k], i)
        else:
            seen[k] = i
    for i, name in enumerate(names):
        cands = full.get(name)
        if not cands or labels[i] not in ("PERSON", "GPE") or i in cands:
            continue
        if len(name) == 1 and not titled[i]:
            continue  # a bare character is a surname only with its title
        before = [c for c in cands if c < i]
        pick = max(before) if before else min(cands)
        union(pick, i)
    return [find(i) for i in range(len(names))]


def _name_shaped(text: str, toks: Sequence[Token], c: _Cand) -> bool:
    """Whether a word the segmenter tags as a person's name reads as one: a Chinese surname
    with a given name of one or two characters, a transliteration, or a word it tags as a
    foreign or full name. Its dictionary also tags "洪水" (flood) and "山洪" as names."""
    name = text[c.start : c.end]
    if c.first < 0 or any(t.flag in ("nrt", "nrfg") for t in toks[c.first : c.last + 1]):
        return True
    if all(ch in translit_chars() for ch in name) or not _is_han(name):
        return True
    if len(name) == 1:
        return True  # a surname short form, kept or dropped by its own rule
    head = name[:2] if name[:2] in surnames() else name[:1]
    return head in surnames() and 1 <= len(name) - len(head) <= 2


def _is_han(name: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in name)


def _surname_of_full(text: str, c: _Cand, cands: Sequence[_Cand]) -> bool:
    """A one-character name stands for a person whose full name the article gives ("陆" of
    "陆家荣"); otherwise it is an abbreviation ("美", "俄") or a tagging slip."""
    char = text[c.start : c.end]
    return any(
        o.label == "PERSON" and o.end - o.start > 1 and _surname_key(text[o.start : o.end]) == char
        for o in cands
    )


def _role(toks: Sequence[Token], c: _Cand) -> tuple[str | None, str | None]:
    """A Chinese clause is subject-verb-object: a name followed by a verb is its subject ("被"
    before the verb: its passive subject); a name right after a verb is its object."""
    if c.first < 0:
        return None, None
    k = c.last + 1
    while k < len(toks) and (toks[k].flag in ("d", "p") and toks[k].word != "被"):
        k += 1
        if k > c.last + 3:
            break
    if k < len(toks) and toks[k].word in titles():
        k += 1
    if k < len(toks):
        if toks[k].word == "被":
            for t in toks[k + 1 : k + 4]:
                if t.flag.startswith("v"):
                    return "nsubjpass", t.word
        if toks[k].flag.startswith("v"):
            return "nsubj", toks[k].word
    if c.first > 0 and toks[c.first - 1].flag.startswith("v"):
        return "dobj", toks[c.first - 1].word
    return None, None


def extract(
    text: str,
    toks: Sequence[Token],
    sentences: Sequence[Sentence],
    blocked: Sequence[tuple[int, int]] = (),
    rules: frozenset[str] = RULES,
    source: str | None = None,
) -> tuple[tuple[Mention, ...], tuple[NameGroup, ...]]:
    """Name mentions and their groups. ``blocked`` spans (time expressions) win over a name
    that does not contain them; ``rules`` are the rules applied besides the tags. ``text`` is
    the simplified reading of ``source`` (the text as written, which mentions quote); names
    are kept in their simplified form."""
    source = source if source is not None else text
    cands = _candidates(text, toks, rules)
    if "orgs" in rules:
        cands = _generic(text, toks, _orgs(toks, cands))
    if "titles" in rules:
        _apply_titles(text, toks, cands)
    if "places" in rules:
        _places(text, cands)
    if "media" in rules:
        cands = _media(text, toks, cands)
    if "latin" in rules:
        cands = _latin(text, cands)
    if "titles" in rules:
        cands = _credits(text, cands)
    _vote(text, cands)
    cands = [c for c in cands if c.label != "PERSON" or c.sure or _name_shaped(text, toks, c)]
    cands = [c for c in cands if c.end - c.start > 1 or c.title or _surname_of_full(text, c, cands)]
    cands = [
        c
        for c in cands
        if c.end > c.start
        and not any(
            c.start < e
            and s < c.end
            and not (c.start <= s and e <= c.end and (c.start, c.end) != (s, e))
            for s, e in blocked
        )
    ]
    starts = [s.start for s in sentences]
    names = [_normalize(text[c.start : c.end]) for c in cands]
    gids = _group(names, [c.label for c in cands], [c.title is not None for c in cands])
    order: dict[int, int] = {}
    for root in gids:
        order.setdefault(root, len(order))
    mentions = []
    for c, name, root in zip(cands, names, gids, strict=True):
        dep, verb = _role(toks, c)
        mentions.append(
            Mention(
                start=c.start,
                end=c.end,
                text=source[c.start : c.end],
                label=c.label,
                name=name,
                group=order[root],
                title=c.title,
                sentence=_sentence_of(starts, c.start),
                dep=dep,
                verb=verb,
            )
        )
    groups = []
    for g in range(len(order)):
        ms = [i for i, m in enumerate(mentions) if m.group == g]
        counts = Counter(mentions[i].name for i in ms)
        best = max(counts, key=lambda n: (len(n), counts[n]))
        groups.append(
            NameGroup(
                id=g,
                name=best,
                labels=dict(Counter(mentions[i].label for i in ms)),
                mentions=tuple(ms),
            )
        )
    return tuple(mentions), tuple(groups)


def _normalize(name: str) -> str:
    for dot in _DOTS[1:]:
        name = name.replace(dot, _DOTS[0])
    return name


def _sentence_of(starts: Sequence[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1) if starts else -1
