import random

from seedutil import SEEDS
from storyweave.link.dedup import DuplicateIndex, signature, signature_from_bytes, similarity

REPORT = (
    "The regional water authority said on Friday that the reservoir above Tarnow had fallen to "
    "its lowest level in forty years after a dry summer and an unusually warm autumn. Engineers "
    "will open the old northern intake next week so that the towns along the valley keep their "
    "supply through the winter, a spokeswoman said. Farmers in the lower valley have been asked "
    "to stop irrigating fields until the first heavy rains arrive, and the authority will review "
    "the restrictions at the end of the month. The reservoir was built in the nineteen sixties "
    "and supplies about two hundred thousand households, three hospitals and a brewery."
)
OTHER = (
    "Water levels behind the Tarnow dam are at a four-decade low, officials warned, and a "
    "disused intake on the north shore is to be reopened. Growers downstream must halt "
    "irrigation for now; the measures will be reconsidered in a few weeks, the agency added."
)


def edited(text: str, changes: int, seed: int = 1) -> str:
    words = text.split()
    rng = random.Random(seed)
    for i in rng.sample(range(len(words)), changes):
        words[i] = words[i].upper() + "x"
    return " ".join(words)


def test_copy_with_small_edits_is_found():
    index = DuplicateIndex()
    assert index.add("orig", REPORT) is None
    assert index.add("repost", edited(REPORT, 4)) == "orig"
    # A re-post that adds a byline and drops the last sentence is still a copy.
    trimmed = "By a staff reporter. " + REPORT.rsplit(". The reservoir", 1)[0] + "."
    assert index.add("trimmed", trimmed) == "orig"


def test_independent_report_of_the_same_event_is_not_a_copy():
    index = DuplicateIndex()
    index.add("orig", REPORT)
    assert index.add("other", OTHER) is None
    assert similarity(signature(REPORT), signature(OTHER)) < 0.1


def test_translations_of_one_report_are_not_copies():
    a, b = (p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    assert similarity(signature(a), signature(b)) < 0.1
    index = DuplicateIndex()
    index.add("a", a)
    assert index.add("b", b) is None


def test_copies_of_copies_point_at_the_first_article():
    index = DuplicateIndex()
    index.add("first", REPORT)
    index.add("second", edited(REPORT, 3, seed=2))
    assert index.add("third", edited(edited(REPORT, 3, seed=2), 3, seed=3)) == "first"
    assert index.original("third") == "first"
    assert index.original("first") == "first"


def test_heavy_rewrite_is_below_the_threshold():
    index = DuplicateIndex()
    index.add("orig", REPORT)
    assert index.add("rewrite", edited(REPORT, 45)) is None


def test_signatures_round_trip_and_rebuild_the_index():
    sig = signature(REPORT)
    assert isinstance(sig, bytes) and len(sig) == 128 * 8
    assert signature_from_bytes(sig).jaccard(signature_from_bytes(signature(REPORT))) == 1.0
    index = DuplicateIndex()
    index.add("orig", REPORT)
    index.add("other", OTHER)
    index.add("repost", edited(REPORT, 2))
    rebuilt = DuplicateIndex.from_signatures(index.signatures())
    assert len(rebuilt) == 3
    assert rebuilt.original("repost") == "orig"
    assert rebuilt.add("late", edited(REPORT, 5, seed=9)) == "orig"
    assert rebuilt.add("other", OTHER) is None  # already indexed: nothing changes


def test_short_texts_compare_whole():
    index = DuplicateIndex()
    index.add("a", "Polls close at eight")
    assert index.add("b", "Polls close at eight") == "a"
    assert index.add("c", "Polls open at seven") is None
