"""A translation beside its original, row by row: the rows the HTML dossier and the web app
draw from a story's ``translations`` (the dossier JSON form, render/json.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["beside_rows"]


def beside_rows(
    translation: dict[str, Any], english: Sequence[str], original: Sequence[str]
) -> list[dict[str, Any]]:
    """Rows in reading order: an aligned pair side by side (with what it compared and whether
    any value differs), a sentence that aligns with nothing alone on its side. ``english`` and
    ``original`` are the two articles' sentence texts by index."""
    rows: list[dict[str, Any]] = []
    i = j = 0

    def alone(side: str, index: int, text: str) -> dict[str, Any]:
        other = "original" if side == "translation" else "translation"
        return {side: index, f"{side}_text": text, other: None, f"{other}_text": "",
                "score": None, "comparisons": [], "differs": False}  # fmt: skip

    for p in sorted(translation.get("pairs") or [], key=lambda p: p["translation"]):
        ti, oj = p["translation"], p["original"]
        if ti >= len(english) or oj >= len(original) or ti < i or oj < j:
            continue  # a stored pair that no longer fits the article: left out, not drawn
        rows += [alone("translation", k, english[k]) for k in range(i, ti)]
        rows += [alone("original", k, original[k]) for k in range(j, oj)]
        comparisons = list(p.get("comparisons") or [])
        rows.append(
            {"translation": ti, "translation_text": english[ti], "original": oj,
             "original_text": original[oj], "score": p.get("score"),
             "comparisons": comparisons,
             "differs": any(not c.get("agree") for c in comparisons)}
        )  # fmt: skip
        i, j = ti + 1, oj + 1
    rows += [alone("translation", k, english[k]) for k in range(i, len(english))]
    rows += [alone("original", k, original[k]) for k in range(j, len(original))]
    return rows
