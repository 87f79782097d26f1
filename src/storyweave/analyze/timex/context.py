"""What the normalizers know while the tagger walks a text: the anchor, the sentences, and
the date under discussion ("the same day", "a year earlier" refer to it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .tense import _tense_cues, tense_in


@dataclass
class _Ctx:
    """The tagger's state over one text (normalizers read it; the tagger moves ``ref``)."""

    text: str
    anchor: date | None
    sentences: list[tuple[int, int]]
    ref: str | None = None  # the last specific date value, for "the same day", "a year earlier"
    ref_day: date | None = None
    ref_end: int = 0  # where the expression that set ``ref`` ends
    _cues: dict[int, list[tuple[int, int]]] | None = None
    _sent_i: int = 0

    def sentence_of(self, pos: int) -> tuple[int, int]:
        # Matches arrive in text order, so the scan resumes where it stopped.
        spans = self.sentences
        i = min(self._sent_i, len(spans) - 1)
        while i > 0 and spans[i][0] > pos:
            i -= 1
        while i < len(spans) - 1 and spans[i][1] <= pos:
            i += 1
        self._sent_i = i
        return spans[i]

    def tense(self, start: int, end: int) -> int:
        """+1 future, -1 past, 0 unknown (see ``tense.tense_in``); each sentence's cues are
        found once."""
        if self._cues is None:
            self._cues = {}
        s, e = self.sentence_of(start)
        if s not in self._cues:
            self._cues[s] = _tense_cues(self.text, s, e)
        return tense_in(self.text, self._cues[s], (s, e), start, end)
