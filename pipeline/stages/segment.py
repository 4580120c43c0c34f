"""Word segmentation: jieba (rjieba's fast implementation, plain jieba as fallback) or our pkuseg model.

The tokenizer segments a simplified copy of the text (``doc._.analysis_text``, see :mod:`pipeline.chinese`)
and builds the Doc from the *original* characters, so ``doc.text`` is always exactly the input.
"""

from __future__ import annotations

import copyreg
import json
import re
from collections import deque
from itertools import compress
from pathlib import Path

import numpy as np
import srsly
from spacy.tokens import Doc
from spacy.tokens.doc import pickle_doc
from spacy.util import registry

from ..chinese import to_simplified
from ..resources import models_dir, read_tsv_first_column

if not Doc.has_extension("analysis_text"):
    Doc.set_extension("analysis_text", default=None)

# Lone surrogates cannot cross into Rust or C; they are replaced in the analysis copy only.
_SURROGATES = {c: "\ufffd" for c in range(0xD800, 0xE000)}
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def analysis_text(text: str) -> str:
    """The simplified, surrogate-free copy of ``text`` that stages match against (same length)."""
    text = to_simplified(text)
    if _SURROGATE_RE.search(text) is None:  # the usual case: no per-character translate pass
        return text
    return text.translate(_SURROGATES)


def domain_words(root: Path) -> list[str]:
    """Words the segmenter must keep whole: policy terms and the organisation and title vocabularies."""
    lex = root / "lexicons"
    words = read_tsv_first_column(lex / "policy_terms.tsv")
    extra = lex / "segment_words.txt"
    if extra.exists():
        words += [w for w in extra.read_text(encoding="utf-8").split() if not w.startswith("#")]
    return [w for w in words if len(w) > 1]


class JiebaSegmenter:
    """jieba's segmentation through rjieba (same dictionary and algorithm, ~20x faster), else jieba."""

    name = "jieba"

    def __init__(self, user_words: list[str], backend: str = "auto"):
        self.user_words = list(user_words)
        self.backend = backend
        self._cut = None

    def _load(self):
        if self.backend in ("auto", "rjieba"):
            try:
                import rjieba

                # without user words, the default dictionary rjieba loaded on import (its module functions)
                seg = rjieba.Jieba() if self.user_words else rjieba
                for word in self.user_words:
                    seg.add_word(word, None, None)
                self._cut = lambda text: seg.cut(text, True)
                self.backend = "rjieba"
                return
            except ImportError:
                if self.backend == "rjieba":
                    raise
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        seg = jieba.Tokenizer()
        for word in self.user_words:
            seg.add_word(word)
        self._cut = lambda text: list(seg.cut(text, HMM=True))
        self.backend = "jieba"

    def cut(self, text: str) -> list[str]:
        if self._cut is None:
            self._load()
        return self._cut(text)


class PkusegSegmenter:
    """Our own spacy-pkuseg model, trained by ``make models`` from the UD treebanks."""

    name = "pkuseg"

    def __init__(self, model_dir: Path, user_words: list[str]):
        self.model_dir = Path(model_dir)
        self.user_words = list(user_words)
        self._seg = None

    def cut(self, text: str) -> list[str]:
        if self._seg is None:
            import spacy_pkuseg

            problem = check_pkuseg_model(str(self.model_dir.parent))
            if problem:
                raise FileNotFoundError(problem)
            from ..segmodels import disable_postprocessing

            user_dict = self.model_dir / "user_dict.txt"
            seg = spacy_pkuseg.pkuseg(str(self.model_dir), user_dict=str(user_dict) if user_dict.exists() else "default")
            self._seg = disable_postprocessing(seg)
        return self._seg.cut(text)


def words_and_spaces(text: str, pieces: list[str], joined: str | None = None) -> tuple[list[str], list[bool]]:
    """spaCy words and trailing-space flags for ``text``, given segmenter pieces of its analysis copy
    (``joined``: ``"".join(pieces)``, when the caller has it).

    Pieces are re-aligned on the original characters by length; any text a segmenter dropped
    (whitespace) becomes its own piece, so nothing is lost.
    """
    n = len(text)
    if "" in pieces:
        pieces = [piece for piece in pieces if piece]
    if joined is None:
        joined = "".join(pieces)
    if pieces and len(joined) == n:  # the usual case: the pieces cover the text
        words = _cut_like(text, joined, pieces)
        spaces = [False] * len(pieces)
        if " " not in pieces:
            return words, spaces
        # a " " piece is the trailing space of the word before it, unless that word already has one or
        # is whitespace itself (exactly the loop below, visiting the " " pieces only)
        kept = [True] * len(pieces)
        i = pieces.index(" ")
        while True:
            if i > 0 and kept[i - 1] and not spaces[i - 1] and not words[i - 1].isspace():
                spaces[i - 1] = True
                kept[i] = False
            try:
                i = pieces.index(" ", i + 1)
            except ValueError:
                break
        return list(compress(words, kept)), list(compress(spaces, kept))
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for piece in pieces:
        if not piece:
            continue
        length = len(piece)
        if pos + length > n:
            break
        if piece.isspace() and piece == " " and words and not spaces[-1] and not words[-1].isspace():
            spaces[-1] = True
        else:
            words.append(text[pos:pos + length])
            spaces.append(False)
        pos += length
    if pos < n:  # a segmenter that dropped characters: keep the rest, one piece per whitespace run
        words.append(text[pos:])
        spaces.append(False)
    return words, spaces


def _cut_like(text: str, joined: str, pieces: list[str]) -> list[str]:
    """``text`` cut where ``pieces`` are cut (``joined``, their concatenation, is as long as ``text``).

    The pieces themselves are the words wherever their characters are the text's: only the pieces that
    hold a character the analysis copy changed (a traditional one, simplified) are sliced from the text.
    Slicing every word costs a new string each; usually only a few differ.
    """
    if joined == text:
        return list(pieces)
    lengths = np.fromiter(map(len, pieces), np.int64, len(pieces))
    ends = lengths.cumsum()
    changed = np.flatnonzero(np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), np.uint32)
                             != np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32))
    at = np.searchsorted(ends, changed, side="right")  # the pieces holding those characters, ascending
    if len(at) > 1:  # each once (np.unique without its sort: the positions are sorted already)
        first = np.empty(len(at), bool)
        first[0] = True
        np.not_equal(at[1:], at[:-1], out=first[1:])
        at = at[first]
    if 4 * len(at) > len(pieces):  # most pieces: slice them all, in C
        ends = ends.tolist()
        return list(map(text.__getitem__, map(slice, [0, *ends[:-1]], ends)))
    # the changed pieces sliced and put in place in C (map), not in a Python loop over them
    words = list(pieces)
    stop = ends[at]
    start = stop - lengths[at]
    deque(map(words.__setitem__, at.tolist(), map(text.__getitem__, map(slice, start.tolist(), stop.tolist()))), 0)
    return words


class TextDoc(Doc):
    """A Doc that keeps its text: ``Doc.text`` joins every token's text on each access, and stages read
    it per document. A Doc's text never changes (retokenizing splits and merges tokens, not characters),
    so the string the tokenizer built it from is its text for good."""

    @property
    def text(self) -> str:
        text = self.__dict__.get("_text")
        if text is None:
            text = self._text = Doc.text.__get__(self)
        return text

    @property
    def text_with_ws(self) -> str:
        return self.text


copyreg.pickle(TextDoc, pickle_doc)  # pickles as a plain Doc, like spaCy's own


class MeetingTokenizer:
    """Text -> Doc with jieba or pkuseg words; offsets are the original text's."""

    def __init__(self, vocab, segmenter: str = "jieba", models: str | None = None):
        self.vocab = vocab
        self.segmenter_name = segmenter
        self.models = str(models) if models else None
        root = models_dir(self.models)
        words = domain_words(root)
        if segmenter == "jieba":
            self.segmenter = JiebaSegmenter(words)
        elif segmenter == "pkuseg":
            self.segmenter = PkusegSegmenter(root / "pkuseg", words)
        else:
            raise ValueError(f"unknown segmenter {segmenter!r}: use 'jieba' or 'pkuseg'")

    def __call__(self, text: str) -> Doc:
        analysis = analysis_text(text)
        # the pieces' concatenation tells whether they cover the text, and words_and_spaces reuses it
        pieces = self.segmenter.cut(analysis) if analysis else []
        joined = "".join(pieces)
        if len(joined) != len(analysis):
            pieces, joined = _realign(analysis, pieces), None
        # spaCy's string store cannot hold lone surrogates: such a Doc is built on a copy with U+FFFD in
        # their place (same length, same offsets); the record still slices the input text itself.
        base = text if _SURROGATE_RE.search(text) is None else text.translate(_SURROGATES)
        words, spaces = words_and_spaces(base, pieces, joined)
        # The words as strings: spaCy hashes each and finds its lexeme in C. A table of their string-store
        # ids kept here was slower in a whole run (its lookups miss the CPU caches once the heap is large).
        doc = TextDoc(self.vocab, words=words, spaces=spaces)
        # words_and_spaces covers ``base`` exactly, in order, a " " piece becoming a trailing space
        doc._text = base
        doc._.analysis_text = analysis
        return doc

    def _pieces(self, analysis: str) -> list[str]:
        pieces = self.segmenter.cut(analysis) if analysis else []
        if sum(map(len, pieces)) != len(analysis):
            pieces = _realign(analysis, pieces)
        return pieces

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # Serialisation, as spaCy's own tokenizers do: the settings, not the dictionary (it is in models/).
    def to_bytes(self, **kwargs) -> bytes:
        return srsly.json_dumps({"segmenter": self.segmenter_name, "models": self.models}).encode()

    def from_bytes(self, data: bytes, **kwargs):
        cfg = json.loads(data)
        self.__init__(self.vocab, cfg["segmenter"], cfg.get("models"))
        return self

    def to_disk(self, path, **kwargs):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "cfg.json").write_bytes(self.to_bytes())

    def from_disk(self, path, **kwargs):
        return self.from_bytes((Path(path) / "cfg.json").read_bytes())


def _realign(text: str, pieces: list[str]) -> list[str]:
    """Pieces covering ``text`` exactly, for segmenters that drop whitespace: gaps become pieces."""
    out: list[str] = []
    pos = 0
    for piece in pieces:
        found = text.find(piece, pos) if piece else -1
        if found < 0:
            continue
        if found > pos:
            out.append(text[pos:found])
        out.append(piece)
        pos = found + len(piece)
    if pos < len(text):
        out.append(text[pos:])
    return out


@registry.tokenizers("meeting_tokenizer.v1")
def create_meeting_tokenizer(segmenter: str = "jieba", models: str | None = None):
    def make(nlp):
        return MeetingTokenizer(nlp.vocab, segmenter=segmenter, models=models)

    return make


def check_pkuseg_model(models: str | None = None) -> str | None:
    """Why the pkuseg segmenter cannot be used, or ``None`` when its model is in place."""
    path = models_dir(models) / "pkuseg"
    if not (path / "features.msgpack").exists() and not (path / "features.pkl").exists():
        return f"no pkuseg model in {path}: run `make models` to train it from the UD treebanks"
    return None
