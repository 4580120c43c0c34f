"""Doc -> the JSONL record of SPEC.md. The only module that knows the output's shape."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import compress

import numpy as np
from spacy.attrs import IDX, LENGTH, SPACY
from spacy.tokens import Doc

from . import __version__
from .io import InputDocument, sha256_text


def base_meta(doc_in: InputDocument, segmenter: str) -> dict:
    meta = dict(doc_in.meta or {})
    meta.update({"encoding": doc_in.encoding, "pipeline_version": __version__, "segmenter": segmenter})
    if doc_in.text is not None:
        meta["sha256"] = sha256_text(doc_in.text)
    return meta


def error_record(doc_in: InputDocument, segmenter: str, error: str | None = None) -> dict:
    """What is known of a document that could not be annotated, with the reason."""
    record = {"id": doc_in.id, "source": doc_in.source}
    if doc_in.text is not None:
        record["text"] = doc_in.text
    record["meta"] = base_meta(doc_in, segmenter)
    record["error"] = error or doc_in.error or "unknown error"
    return record


def doc_to_record(doc: Doc, doc_in: InputDocument, segmenter: str, spans_key: str = "sc") -> dict:
    text, tokens, token_starts, token_ends = _tokens(doc, doc_in.text)
    spans = []
    for span in doc.spans[spans_key] if spans_key in doc.spans else []:
        start, end = span.start_char, span.end_char
        item = {"start": start, "end": end, "text": text[start:end], "label": span.label_}
        # the ids of the record tokens that start and end where the span does (starts and ends ascend)
        i = bisect_left(token_starts, start)
        j = bisect_left(token_ends, end)
        if i < len(token_starts) and token_starts[i] == start and j < len(token_ends) and token_ends[j] == end:
            item["token_start"] = i
            item["token_end"] = j
        spans.append(item)
    analysis = doc._.analysis_text
    speakers = [sp.to_dict() for sp in doc._.speakers or []]
    for sp in speakers:  # names and titles as written: traditional characters stay traditional
        sp["name"] = as_written(text, analysis, sp["name"])
        sp["titles"] = [as_written(text, analysis, t) for t in sp["titles"]]
        if sp["organisation"]:
            sp["organisation"] = as_written(text, analysis, sp["organisation"])
    names = {sp.name: out["name"] for sp, out in zip(doc._.speakers or [], speakers, strict=True)}
    proposals = []
    for p in doc._.proposals or []:
        item = p.to_dict()
        item["text"] = text[p.start:p.end]
        item["speaker"] = names.get(p.speaker) if p.speaker else None
        proposals.append(item)
    return {
        "id": doc_in.id,
        "source": doc_in.source,
        "text": text,
        "meta": base_meta(doc_in, segmenter),
        "sentences": [{"start": s, "end": e} for s, e in doc._.sentence_bounds or []],
        "tokens": tokens,
        "spans": spans,
        "speakers": speakers,
        "themes": list(doc._.themes or []),
        "proposals": proposals,
    }


def _text_and_tokens(doc: Doc, source_text: str | None) -> tuple[str, list[dict]]:
    """``doc.text`` and the record's tokens (see :func:`_tokens`)."""
    text, tokens, _starts, _ends = _tokens(doc, source_text)
    return text, tokens


def _tokens(doc: Doc, source_text: str | None) -> tuple[str, list[dict], list[int], list[int]]:
    """``doc.text``, the record's tokens, and their starts and ends (a token's id is its index), read
    from the Doc's arrays rather than Token objects.

    Whitespace-only tokens are dropped and a token's trailing whitespace is trimmed, as before; the
    input text is reused when the Doc covers exactly it (it always does: the tokenizer keeps it whole).
    """
    n = len(doc)
    if n:
        arrays = doc.to_array([IDX, LENGTH, SPACY])
        starts, spaces = arrays[:, 0].tolist(), arrays[:, 2].tolist()
        end_array = arrays[:, 0] + arrays[:, 1]
        ends = end_array.tolist()
        size = ends[-1] + spaces[-1]
    else:
        starts = ends = spaces = []
        size = 0
    text = source_text if isinstance(source_text, str) and len(source_text) == size else doc.text
    # Only a token that ends in whitespace can be dropped or trimmed: the few that do are fixed first, then
    # every token's dict is built in one pass.
    dropped = []
    for i in _ending_in_whitespace(text, end_array) if n else []:
        word = text[starts[i]:ends[i]]
        if word.isspace():
            dropped.append(i)
        elif not spaces[i]:
            ends[i] = starts[i] + len(word.rstrip())
    if dropped:
        kept = [True] * n
        for i in dropped:
            kept[i] = False
        starts, ends = list(compress(starts, kept)), list(compress(ends, kept))
    tokens = [{"id": j, "start": s, "end": e, "text": text[s:e]}
              for j, s, e in zip(range(len(starts)), starts, ends, strict=True)]
    return text, tokens, starts, ends


_WHITESPACE_RE = re.compile(r"\s")  # the characters str.isspace and str.rstrip treat as whitespace


def _ending_in_whitespace(text: str, ends: np.ndarray) -> list[int]:
    """The indices, ascending, of the tokens (ending at ``ends``, which ascend strictly) whose last character
    is whitespace: each whitespace character's token looked up by bisection, not each token's end in a set."""
    ws_ends = np.fromiter((m.end() for m in _WHITESPACE_RE.finditer(text)), np.int64)
    if not len(ws_ends):
        return []
    at = np.minimum(np.searchsorted(ends, ws_ends), len(ends) - 1)
    return at[ends[at] == ws_ends].tolist()


def as_written(text: str, analysis: str | None, found: str) -> str:
    """A string found in the simplified analysis copy, in the document's own characters."""
    if analysis is None or analysis is text or analysis == text:
        return found
    pos = analysis.find(found)
    return text[pos:pos + len(found)] if pos >= 0 else found
