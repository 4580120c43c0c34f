"""Sentence boundaries: after 。！？ (and closing quotes) and at every line break."""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_RE = re.compile(r"[^\n。！？!?…]*(?:(?:[。！？!?]|…+)[”’」』）)\"']*|\n|$)")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences of ``text``, whitespace trimmed, empty ones dropped."""
    bounds = []
    for match in SENTENCE_RE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            bounds.append((start, end))
    return bounds


if not Doc.has_extension("sentence_bounds"):
    Doc.set_extension("sentence_bounds", default=None)


@Language.component("meeting_sentences")
def meeting_sentences(doc: Doc) -> Doc:
    """Set ``doc._.sentence_bounds`` and the tokens' ``is_sent_start`` so ``doc.sents`` works."""
    bounds = sentence_bounds(doc._.analysis_text if doc._.analysis_text is not None else doc.text)
    doc._.sentence_bounds = bounds
    if len(doc):
        starts = [t.idx for t in doc]
        flags = [False] * len(doc)
        flags[0] = True
        for start, _ in bounds:
            i = bisect_left(starts, start)
            if i < len(doc):
                flags[i] = True
        for token, flag in zip(doc, flags, strict=True):
            token.is_sent_start = flag
    return doc
