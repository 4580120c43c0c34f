"""Our own pkuseg word segmenter: trained here from UD treebanks, loaded offline, measured against jieba.

spacy-pkuseg's pretrained models are downloaded at first use, which cannot work on an offline machine, so
this module trains a model from the Universal Dependencies Chinese treebanks in the shared data folder,
loads it into spaCy's own Chinese tokenizer from a local path, and scores it against jieba on the held-out
GSDSimp test set.

    python -m pipeline.segmodels train [--iterations N] [--out DIR]
    python -m pipeline.segmodels eval [--model DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODEL_DIR = PROJECT_ROOT / "models" / "pkuseg"
POLICY_TERMS = PROJECT_ROOT / "models" / "lexicons" / "policy_terms.tsv"
EVAL_OUT = PROJECT_ROOT / "out" / "eval_seg.json"

# GSDSimp test is the only in-domain set left for scoring, so it never enters training.
TEST_FILE = "zh_gsdsimp-ud-test.conllu"
GSD_DEV_FILE = "zh_gsdsimp-ud-dev.conllu"
PUD_FILE = "zh_pud-ud-test.conllu"
HK_FILE = "zh_hk-ud-test.conllu"

# Tuned on a split of GSDSimp dev (train on half of it plus PUD and HK, score the other half): the
# in-domain GSD sentences are repeated because PUD and HK follow slightly different conventions, a weaker
# L2 penalty (larger reg) helps, and F1 flattens out after about a dozen passes.
DEFAULT_ITERATIONS = 12
DEFAULT_GSD_COPIES = 5
DEFAULT_REG = 2.0
DEFAULT_SEED = 0
DEFAULT_THUOCL_MIN_FREQ = 1000
# jieba gets the project's words at this frequency unless it already knows them better; chosen on GSDSimp
# dev (F1 by frequency: 3e3 .7933, 1e4 .7937, 3e4 .7958, 1e5 .7963, 3e5 .7958, plain jieba .7930).
JIEBA_USER_FREQ = 100_000

MODEL_FILES = ("features.msgpack", "weights.npz")
USER_DICT = "user_dict.txt"
MANIFEST = "MANIFEST.json"
LICENSE_DATA = "LICENSE-DATA.md"
MAKE_HINT = "run `make models` in the project root to train it (offline, a few minutes)"

_HAN_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,8}$")


class ModelNotFoundError(FileNotFoundError):
    """Raised when the trained pkuseg model is absent: it is built by make, never committed or downloaded."""


def shared_dir() -> Path:
    """The read-only shared folder; ZHMEET_SHARED overrides it so CI and notebooks can point elsewhere."""
    env = os.environ.get("ZHMEET_SHARED")
    return Path(env) if env else PROJECT_ROOT.parent / "shared"


def ud_dir(shared: Path | None = None) -> Path:
    return (shared or shared_dir()) / "data" / "ud"


def thuocl_dir(shared: Path | None = None) -> Path:
    return (shared or shared_dir()) / "data" / "thuocl"


# --------------------------------------------------------------------------------------------------------
# CoNLL-U reading and scoring


@dataclass(frozen=True)
class Sentence:
    """One gold sentence: its raw text and its words in order."""

    text: str
    words: tuple[str, ...]
    sent_id: str | None = None


def parse_conllu(lines: Iterable[str]) -> list[Sentence]:
    """Gold words per sentence. Multiword-token ranges and empty nodes are skipped: segmentation is scored on
    the syntactic words, and empty nodes have no surface form."""
    sentences: list[Sentence] = []
    text: str | None = None
    sent_id: str | None = None
    words: list[str] = []
    spaces: list[bool] = []

    def flush() -> None:
        nonlocal text, sent_id, words, spaces
        if words:
            if text is None:
                text = "".join(w + (" " if sp else "") for w, sp in zip(words, spaces, strict=True)).rstrip()
            sentences.append(Sentence(text=text, words=tuple(words), sent_id=sent_id))
        text, sent_id, words, spaces = None, None, [], []

    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            flush()
            continue
        if line.startswith("#"):
            key, sep, value = line[1:].partition("=")
            if sep and key.strip() == "text":
                text = value.strip()
            elif sep and key.strip() == "sent_id":
                sent_id = value.strip()
            continue
        cols = line.split("\t")
        if len(cols) < 2 or "-" in cols[0] or "." in cols[0]:
            continue
        words.append(cols[1])
        misc = cols[9] if len(cols) > 9 else "_"
        spaces.append("SpaceAfter=No" not in misc.split("|"))
    flush()
    return sentences


def read_conllu(path: str | Path) -> list[Sentence]:
    with open(path, encoding="utf-8") as fh:
        return parse_conllu(fh)


def word_spans(words: Iterable[str], text: str) -> list[tuple[int, int]]:
    """Character spans of words in text. Whitespace is skipped, so segmenters that keep spaces as tokens
    (jieba) and ones that drop them (pkuseg) are scored alike."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for word in words:
        for piece in word.split():
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if not text.startswith(piece, pos):
                raise ValueError(f"word {piece!r} does not continue {text!r} at offset {pos}")
            spans.append((pos, pos + len(piece)))
            pos += len(piece)
    return spans


@dataclass
class Counts:
    """Span-level match counts, summed over sentences (micro average)."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, gold: Iterable[tuple[int, int]], pred: Iterable[tuple[int, int]]) -> None:
        g, p = set(gold), set(pred)
        self.tp += len(g & p)
        self.gold += len(g)
        self.pred += len(p)

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_segmentation(gold: Sequence[Sentence], predicted: Sequence[Iterable[str]]) -> Counts:
    """Word-level P/R/F1: a predicted word counts only when both its boundaries match a gold word."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(predicted)} predictions for {len(gold)} gold sentences")
    counts = Counts()
    for sent, words in zip(gold, predicted, strict=True):
        counts.add(word_spans(sent.words, sent.text), word_spans(words, sent.text))
    return counts


# --------------------------------------------------------------------------------------------------------
# Training data and lexicons


@dataclass
class Corpus:
    """A training treebank, how often it is repeated, and where it came from (for the manifest)."""

    name: str
    sentences: list[Sentence]
    copies: int = 1
    sha256: str | None = None
    conversion: str | None = None


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def to_simplified(sentences: Iterable[Sentence]) -> list[Sentence]:
    """Convert traditional to simplified word by word, so the gold word boundaries survive the conversion."""
    from opencc import OpenCC

    cc = OpenCC("t2s")
    out = []
    for sent in sentences:
        words = tuple(cc.convert(w) for w in sent.words)
        out.append(Sentence(text="".join(words), words=words, sent_id=sent.sent_id))
    return out


def default_corpora(ud: Path | None = None, gsd_copies: int = DEFAULT_GSD_COPIES) -> list[Corpus]:
    """GSDSimp dev + PUD + HK (simplified); GSDSimp test is left out on purpose."""
    ud = ud or ud_dir()
    corpora = []
    for name, copies, traditional in (
        (GSD_DEV_FILE, gsd_copies, False),
        (PUD_FILE, 1, False),
        (HK_FILE, 1, True),
    ):
        path = ud / name
        if not path.is_file():
            raise FileNotFoundError(f"training treebank {path} is missing (set ZHMEET_SHARED?)")
        sents = read_conllu(path)
        if traditional:
            sents = to_simplified(sents)
        corpora.append(
            Corpus(
                name=name,
                sentences=sents,
                copies=copies,
                sha256=sha256_file(path),
                conversion="opencc t2s" if traditional else None,
            )
        )
    return corpora


def training_lines(corpora: Sequence[Corpus]) -> list[str]:
    """pkuseg's training format: one sentence per line, words separated by single spaces."""
    lines = []
    for corpus in corpora:
        if corpus.name == TEST_FILE:
            raise ValueError(f"{TEST_FILE} is the test set and must not be trained on")
        block = []
        for sent in corpus.sentences:
            pieces = [p for w in sent.words for p in w.split()]
            if pieces:
                block.append(" ".join(pieces))
        lines.extend(block * corpus.copies)
    return lines


def read_thuocl(directory: Path) -> list[tuple[str, int]]:
    """(word, document frequency) from every THUOCL list; copes with the BOM, CR line ends and the odd
    malformed frequency that the upstream files have."""
    entries = []
    for path in sorted(directory.glob("*.txt")):
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        for line in text.split("\n"):
            cols = line.split("\t")
            word = cols[0].strip()
            if not word:
                continue
            m = re.match(r"\d+", cols[1].strip()) if len(cols) > 1 else None
            entries.append((word, int(m.group()) if m else 0))
    return entries


def read_policy_terms(path: Path | None = None) -> list[str]:
    """First column of the domain lexicon; an absent file means no domain terms yet, not an error."""
    path = path or POLICY_TERMS
    if not path.is_file():
        return []
    terms = []
    for i, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines()):
        term = line.split("\t")[0].strip()
        if not term or term.startswith("#") or (i == 0 and term.lower() in {"term", "terms", "word"}):
            continue
        terms.append(term)
    return terms


def jieba_dictionary_words(min_len: int = 2) -> set[str]:
    """Words of jieba's bundled dictionary; used only to recognise compositional compounds."""
    import jieba

    words = set()
    with jieba.get_dict_file() as fh:
        for raw in fh:
            word = raw.decode("utf-8").split(" ", 1)[0].strip()
            if len(word) >= min_len:
                words.add(word)
    return words


def _composable(word: str, vocab: set[str]) -> bool:
    """True when word splits into two or more known words (社会团体 = 社会 + 团体)."""
    n = len(word)
    reach = [False] * (n + 1)
    reach[0] = True
    for end in range(1, n + 1):
        for start in range(end):
            if reach[start] and (start > 0 or end < n) and word[start:end] in vocab:
                reach[end] = True
                break
    return reach[n]


def _multiword_sequences(sentences: Iterable[Sentence], max_chars: int = 8) -> set[str]:
    """Strings the treebanks write as two or more words in a row."""
    seen = set()
    for sent in sentences:
        words = sent.words
        for i in range(len(words)):
            joined = words[i]
            for j in range(i + 1, len(words)):
                joined += words[j]
                if len(joined) > max_chars:
                    break
                seen.add(joined)
    return seen


@dataclass
class UserDict:
    words: list[str]
    stats: dict[str, Any] = field(default_factory=dict)


def build_user_dict(
    train_sentences: Sequence[Sentence],
    thuocl: Iterable[tuple[str, int]],
    domain_terms: Iterable[str],
    min_freq: int = DEFAULT_THUOCL_MIN_FREQ,
    known_words: set[str] | None = None,
) -> UserDict:
    """The project's user dictionary: domain terms in full, plus the THUOCL words that are frequent,
    all-Han, and not compounds that the treebanks split (社会团体, 知识产权).

    A user dictionary forces its words to be one token, so a compositional compound there makes the
    segmenter disagree with the UD convention; measured on GSDSimp dev, the unfiltered lists cost F1 for both
    pkuseg and jieba, the filtered one does not."""
    domain = sorted({t.strip() for t in domain_terms if t.strip()})
    vocab = {w for s in train_sentences for w in s.words}
    split_in_treebank = _multiword_sequences(train_sentences)
    parts = vocab | (known_words if known_words is not None else jieba_dictionary_words())
    frequent = {w for w, freq in thuocl if freq >= min_freq and _HAN_WORD.match(w)}
    kept = {w for w in frequent if w not in split_in_treebank and not _composable(w, parts)}
    words = sorted(set(domain) | kept)
    stats = {
        "entries": len(words),
        "domain_terms": len(domain),
        "thuocl_min_freq": min_freq,
        "thuocl_frequent_han": len(frequent),
        "thuocl_kept": len(kept),
        "thuocl_filter": "frequency >= min, 2-8 Han characters, not written as several words in the training "
        "treebanks, not composable from treebank words or jieba dictionary words of 2+ characters",
    }
    return UserDict(words=words, stats=stats)


def read_user_dict(path: str | Path) -> list[str]:
    """Words of a user_dict.txt (first tab-separated column, as pkuseg reads it)."""
    words = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        word = line.split("\t")[0].strip()
        if word:
            words.append(word)
    return words


# --------------------------------------------------------------------------------------------------------
# Training


class _EchoProgress(io.TextIOBase):
    """Keeps pkuseg's chatty stdout out of ours, passing on only the per-iteration lines."""

    def __init__(self, sink: io.TextIOBase | None):
        self.sink = sink
        self.buffer_ = ""
        self.log: list[str] = []

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        self.buffer_ += s
        while "\n" in self.buffer_:
            line, self.buffer_ = self.buffer_.split("\n", 1)
            self.log.append(line)
            if self.sink is not None and line.startswith("iter"):
                print(f"  pkuseg {line}", file=self.sink, flush=True)
        return len(s)


def _rewrite_npz_deterministic(path: Path) -> None:
    """np.savez stamps the current time into the zip; rewrite it with a fixed one so equal weights give equal
    bytes (and equal sha256 in the manifest)."""
    import numpy as np

    with np.load(path) as npz:
        arrays = {name: npz[name] for name in sorted(npz.files)}
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as zf:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            buf = io.BytesIO()
            np.lib.format.write_array(buf, array, allow_pickle=False)
            zf.writestr(info, buf.getvalue())
    os.replace(tmp, path)


def _licence_text(copied: list[str]) -> str:
    lines = [
        "# Data licences of this model",
        "",
        "The model weights and features are derived from Universal Dependencies Chinese treebanks, and",
        "user_dict.txt contains words from THUOCL. Both stay under their own licences:",
        "",
        "- UD_Chinese-GSDSimp (dev split; the test split is held out for evaluation only): CC BY-SA 4.0",
        "- UD_Chinese-PUD: CC BY-SA 3.0",
        "- UD_Chinese-HK (converted to simplified characters with OpenCC t2s): CC BY-SA 4.0",
        "- THUOCL (Tsinghua Open Chinese Lexicon, thunlp/THUOCL): MIT",
        "",
        "CC BY-SA requires attribution and that adaptations (this model) are shared under the same licence;",
        "cite the treebanks as their READMEs ask. Domain terms from models/lexicons/policy_terms.tsv are the",
        "project's own (MIT).",
        "",
    ]
    if copied:
        lines += ["Licence texts copied alongside: " + ", ".join(copied) + ".", ""]
    return "\n".join(lines)


def train_pkuseg(
    out_dir: str | Path = DEFAULT_MODEL_DIR,
    iterations: int = DEFAULT_ITERATIONS,
    *,
    shared: str | Path | None = None,
    corpora: Sequence[Corpus] | None = None,
    policy_terms: str | Path | None = None,
    thuocl_min_freq: int = DEFAULT_THUOCL_MIN_FREQ,
    gsd_copies: int = DEFAULT_GSD_COPIES,
    reg: float = DEFAULT_REG,
    seed: int = DEFAULT_SEED,
    known_words: set[str] | None = None,
    verbose: bool = True,
) -> dict[str, Any]:
    """Train a spacy_pkuseg model on GSDSimp dev + PUD + HK and write it, the user dictionary, licences and a
    MANIFEST.json (written last, so its presence means a complete model) into out_dir.

    Training is deterministic: the shuffling RNG is seeded and the weights file is written without
    timestamps, so the same inputs give the same sha256 sums. Returns the manifest."""
    import spacy_pkuseg
    from spacy_pkuseg.config import config as pkuseg_config

    out_dir = Path(out_dir)
    shared_path = Path(shared) if shared else shared_dir()
    ud, thuocl = ud_dir(shared_path), thuocl_dir(shared_path)
    corpora = list(corpora) if corpora is not None else default_corpora(ud, gsd_copies)
    lines = training_lines(corpora)
    if len(lines) < pkuseg_config.nUpdate:
        raise ValueError(
            f"pkuseg needs at least {pkuseg_config.nUpdate} training sentences, got {len(lines)}"
        )
    train_sents = [s for c in corpora for s in c.sentences]
    terms_path = Path(policy_terms) if policy_terms else POLICY_TERMS
    user_dict = build_user_dict(
        train_sents,
        read_thuocl(thuocl) if thuocl.is_dir() else [],
        read_policy_terms(terms_path),
        thuocl_min_freq,
        known_words,
    )

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pkuseg-train-") as tmp:
        work = Path(tmp)
        model_tmp = work / "model"
        train_file, monitor_file = work / "train.txt", work / "monitor.txt"
        train_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        # pkuseg insists on a file to report F1 on after each pass; a slice of the training data keeps
        # GSDSimp test unseen (that number is training fit, not an evaluation).
        monitor_file.write_text("\n".join(lines[:200]) + "\n", encoding="utf-8")

        saved = dict(vars(pkuseg_config))
        echo = _EchoProgress(sys.stderr if verbose else None)
        try:
            pkuseg_config.reg = reg
            random.seed(seed)
            with contextlib.redirect_stdout(echo):
                spacy_pkuseg.train(str(train_file), str(monitor_file), str(model_tmp), train_iter=iterations)
        finally:
            vars(pkuseg_config).clear()
            vars(pkuseg_config).update(saved)
        seconds = time.perf_counter() - started
        _rewrite_npz_deterministic(model_tmp / "weights.npz")

        (model_tmp / USER_DICT).write_text("".join(w + "\n" for w in user_dict.words), encoding="utf-8")
        copied = []
        for src, dst in [(p, p.name) for p in sorted(ud.glob("LICENSE-*.txt"))] + [
            (thuocl / "LICENSE", "LICENSE-THUOCL.txt")
        ]:
            if src.is_file():
                shutil.copyfile(src, model_tmp / dst)
                copied.append(dst)
        (model_tmp / LICENSE_DATA).write_text(_licence_text(copied), encoding="utf-8")

        files = {p.name: sha256_file(p) for p in sorted(model_tmp.iterdir()) if p.is_file()}
        manifest = {
            "model": "spacy_pkuseg CRF word segmenter trained by pipeline.segmodels",
            "spacy_pkuseg_version": _version("spacy_pkuseg"),
            "training": {
                "iterations": iterations,
                "reg": reg,
                "seed": seed,
                "sentences": len(lines),
                "data": [
                    {
                        "file": c.name,
                        "sha256": c.sha256,
                        "sentences": len(c.sentences),
                        "copies": c.copies,
                        "conversion": c.conversion,
                    }
                    for c in corpora
                ],
                "held_out": TEST_FILE,
            },
            "user_dict": {"file": USER_DICT, "policy_terms_file": _rel(terms_path), **user_dict.stats},
            "files": files,
        }
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / MANIFEST).unlink(missing_ok=True)
        for name in files:
            shutil.copyfile(model_tmp / name, out_dir / name)
        (out_dir / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    if verbose:
        print(
            f"pkuseg model written to {out_dir}: {len(lines)} training sentences, {iterations} iterations, "
            f"{seconds:.1f} s; user dictionary {len(user_dict.words)} words",
            file=sys.stderr,
            flush=True,
        )
    return manifest


def _version(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist.replace("_", "-"))
    except PackageNotFoundError:
        return None


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------------------------------------
# Loading


def check_model_dir(model_dir: str | Path | None = None) -> Path:
    """The model directory, or a ModelNotFoundError that says how to build it."""
    path = Path(model_dir) if model_dir else DEFAULT_MODEL_DIR
    missing = [name for name in MODEL_FILES if not (path / name).is_file()]
    if missing:
        raise ModelNotFoundError(
            f"pkuseg model not found in {path} (missing {', '.join(missing)}): {MAKE_HINT}"
        )
    return path


def load_pkuseg_tokenizer(nlp, model_dir: str | Path | None = None, user_dict: str | Path | bool = True):
    """spaCy's own ChineseTokenizer in pkuseg mode, initialised from our local model, so nothing is downloaded.

    Use as ``nlp = spacy.blank("zh"); nlp.tokenizer = load_pkuseg_tokenizer(nlp)``. user_dict=True takes the
    model's user_dict.txt; a path takes that file; False uses none. pkuseg's post-processor, which re-merges
    words with its bundled general dictionary, is switched off: it follows another convention and cost about
    seven F1 points on GSDSimp. The result serialises with to_disk/from_disk like any spaCy tokenizer."""
    from spacy.lang.zh import ChineseTokenizer

    path = check_model_dir(model_dir).resolve()
    dict_path: Path | None
    if user_dict is True:
        dict_path = path / USER_DICT if (path / USER_DICT).is_file() else None
    elif user_dict:
        dict_path = Path(user_dict)
        if not dict_path.is_file():
            raise FileNotFoundError(f"pkuseg user dictionary {dict_path} not found")
    else:
        dict_path = None
    tokenizer = ChineseTokenizer(nlp.vocab, segmenter="pkuseg")
    # "default" (rather than None, which spaCy turns into the model path) means: no user dictionary file.
    tokenizer.initialize(pkuseg_model=str(path), pkuseg_user_dict=str(dict_path) if dict_path else "default")
    disable_postprocessing(tokenizer.pkuseg_seg)
    return tokenizer


def disable_postprocessing(seg):
    """Switch off pkuseg's post-processor, which re-merges words with its bundled general dictionary
    (another convention: about seven F1 points lost on GSDSimp). Returns ``seg``."""
    post = seg.postprocesser
    post.do_process = False
    post.common_words = set()
    post.other_words = set()
    return seg


def pkuseg_nlp(model_dir: str | Path | None = None, user_dict: str | Path | bool = True):
    """A blank Chinese pipeline whose tokenizer is our pkuseg model (configured as segmenter=pkuseg, so the
    saved pipeline reloads with spacy.load)."""
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    nlp.tokenizer = load_pkuseg_tokenizer(nlp, model_dir, user_dict)
    return nlp


def jieba_tokenizer(user_dict: str | Path | Iterable[str] | None = None, freq: int = JIEBA_USER_FREQ):
    """A private jieba.Tokenizer (the module-level one is process-wide state) with the project's words.

    Words get a fixed frequency (JIEBA_USER_FREQ), or keep jieba's own if higher. jieba's default for user
    words (just enough to always win, as load_userdict does) measured slightly worse than plain jieba on
    GSDSimp; a fixed, high but not overriding frequency measured better."""
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    if user_dict is not None:
        words = read_user_dict(user_dict) if isinstance(user_dict, str | Path) else list(user_dict)
        for word in words:
            tokenizer.add_word(word, max(freq, tokenizer.FREQ.get(word, 0)))
    return tokenizer


# --------------------------------------------------------------------------------------------------------
# Evaluation


def _time_segmenter(segment: Callable[[str], list[str]], texts: Sequence[str], repeats: int):
    segment(texts[0])  # warm-up: lazy dictionaries and caches load outside the timing
    best = float("inf")
    predicted: list[list[str]] = []
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        out = [segment(t) for t in texts]
        best = min(best, time.perf_counter() - start)
        predicted = predicted or out
    return predicted, best


def evaluate_segmentation(
    model_dir: str | Path | None = None,
    test_file: str | Path | None = None,
    out_path: str | Path | None = EVAL_OUT,
    repeats: int = 3,
    verbose: bool = True,
) -> dict[str, Any]:
    """Word-level P/R/F1 and throughput on GSDSimp test for plain jieba, jieba with the project's user
    dictionary, and our pkuseg model without and with it, in one run; prints a table, writes JSON.

    The pkuseg rows go through the spaCy tokenizer exactly as the pipeline loads it. Throughput is the best
    of `repeats` passes, in characters per second, single process."""
    import spacy

    model = check_model_dir(model_dir)
    test_path = Path(test_file) if test_file else ud_dir() / TEST_FILE
    gold = read_conllu(test_path)
    if not gold:
        raise ValueError(f"no sentences in {test_path}")
    texts = [s.text for s in gold]
    n_chars = sum(len(t) for t in texts)
    dict_path = model / USER_DICT
    has_dict = dict_path.is_file()
    nlp = spacy.blank("zh")

    def spacy_words(tokenizer):
        return lambda text: [t.text for t in tokenizer(text) if not t.is_space]

    plain_jieba = jieba_tokenizer()
    segmenters: list[tuple[str, Callable[[str], list[str]]]] = [
        ("jieba", lambda text: list(plain_jieba.cut(text))),
    ]
    if has_dict:
        dict_jieba = jieba_tokenizer(dict_path)
        segmenters.append(("jieba + user dict", lambda text: list(dict_jieba.cut(text))))
    segmenters.append(("pkuseg (ours)", spacy_words(load_pkuseg_tokenizer(nlp, model, user_dict=False))))
    if has_dict:
        segmenters.append(("pkuseg (ours) + user dict", spacy_words(load_pkuseg_tokenizer(nlp, model, True))))

    rows = []
    for name, segment in segmenters:
        predicted, seconds = _time_segmenter(segment, texts, repeats)
        counts = score_segmentation(gold, predicted)
        rows.append(
            {
                "segmenter": name,
                "precision": round(counts.precision, 4),
                "recall": round(counts.recall, 4),
                "f1": round(counts.f1, 4),
                "tp": counts.tp,
                "predicted_words": counts.pred,
                "gold_words": counts.gold,
                "chars_per_s": round(n_chars / seconds) if seconds > 0 else None,
            }
        )
    manifest_path = model / MANIFEST
    result = {
        "test_file": test_path.name,
        "test_sha256": sha256_file(test_path),
        "sentences": len(gold),
        "characters": n_chars,
        "model_dir": _rel(model),
        "model_manifest_sha256": sha256_file(manifest_path) if manifest_path.is_file() else None,
        "user_dict_words": len(read_user_dict(dict_path)) if has_dict else 0,
        "throughput": f"best of {max(1, repeats)} passes, one process",
        "results": rows,
    }
    if verbose:
        print(format_table(result))
    if out_path is not None:
        out = Path(out_path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if verbose:
            print(f"written {out}")
    return result


def format_table(result: dict[str, Any]) -> str:
    head = (
        f"Word segmentation on {result['test_file']} ({result['sentences']} sentences, "
        f"{result['characters']} characters)"
    )
    lines = [head, f"{'segmenter':<28}{'P':>8}{'R':>8}{'F1':>8}{'chars/s':>12}"]
    for row in result["results"]:
        speed = f"{row['chars_per_s']:,}" if row["chars_per_s"] else "-"
        lines.append(
            f"{row['segmenter']:<28}{row['precision']:>8.4f}{row['recall']:>8.4f}{row['f1']:>8.4f}{speed:>12}"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------------
# Command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.segmodels", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    train = sub.add_parser("train", help="train the pkuseg model from the UD treebanks")
    train.add_argument("--iterations", type=int, default=DEFAULT_ITERATIONS)
    train.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR)
    train.add_argument("--seed", type=int, default=DEFAULT_SEED)
    train.add_argument("--thuocl-min-freq", type=int, default=DEFAULT_THUOCL_MIN_FREQ)
    ev = sub.add_parser("eval", help="score jieba and our pkuseg model on GSDSimp test")
    ev.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    ev.add_argument("--out", type=Path, default=EVAL_OUT)
    ev.add_argument("--test", type=Path, default=None, help="CoNLL-U test file (default: GSDSimp test)")
    ev.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    try:
        if args.command == "train":
            if args.iterations < 1:
                parser.error("--iterations must be at least 1")
            train_pkuseg(args.out, args.iterations, seed=args.seed, thuocl_min_freq=args.thuocl_min_freq)
        else:
            evaluate_segmentation(args.model, args.test, args.out, repeats=args.repeats)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
