"""Sentence boundaries: after 。！？ (and closing quotes) and at every line break."""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, SENT_START
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
    n = len(doc)
    if n:
        # One array write instead of a ``token.is_sent_start`` assignment per token (each of which
        # re-checks the whole Doc's annotation): 1 marks a sentence start, -1 any other token.
        starts = doc.to_array(IDX)
        flags = numpy.full(n, -1, dtype="int64")
        flags[0] = 1
        if bounds:
            index = numpy.searchsorted(starts, numpy.fromiter((s for s, _ in bounds), dtype=starts.dtype,
                                                                count=len(bounds)), side="left")
            flags[index[index < n]] = 1
        doc.from_array([SENT_START], flags.astype("uint64"))
    return doc
