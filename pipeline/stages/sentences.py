"""Sentence boundaries: after 。！？ (and closing quotes) and at every line break."""

from __future__ import annotations

import re
from bisect import bisect_left

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_RE = re.compile(r"[^\n。！？!?…]*(?:(?:[。！？!?]|…+)[”’」』）)\"']*|\n|$)")

# The same sentences with their surrounding whitespace already left out, so each match is one sentence:
# a sentence opens with a character that is neither whitespace nor a terminator, and runs to its terminator
# (and closing quotes) or to its last non-space character before the line break; a terminator with nothing
# before it in its line segment is a sentence of its own. (tests/test_properties.py checks it against
# SENTENCE_RE's matches trimmed.)
_TERMINATOR = r"(?:[。！？!?]|…+)[”’」』）)\"']*"
_BODY = r"[^\n。！？!?…]"
TRIMMED_SENTENCE_RE = re.compile(rf"[^\s。！？!?…](?:{_BODY}*{_TERMINATOR}|(?:{_BODY}*[^\s。！？!?…])?)|{_TERMINATOR}")


_STOP_RE = re.compile("[。！？!?\n]")


def sentence_stops(text: str) -> list[int]:
    """Where the full stops (。！？!? and line breaks) are, ascending: found once per document, so that the
    sentence around a position is a bisection away (no backward ``rfind`` per stop character)."""
    return [m.start() for m in _STOP_RE.finditer(text)]


def sentence_start(stops: list[int], pos: int) -> int:
    """Where the sentence holding ``pos`` begins: just after the last stop before it (``stops``:
    :func:`sentence_stops` of the text), else at the text's start."""
    k = bisect_left(stops, pos) - 1
    return stops[k] + 1 if k >= 0 else 0


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences of ``text``, whitespace trimmed, empty ones dropped."""
    return [m.span() for m in TRIMMED_SENTENCE_RE.finditer(text)]


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
