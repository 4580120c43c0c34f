"""Shared fixtures: the pipeline (built once per test session) and the corpus records."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = Path(os.environ.get("ZHMEET_SHARED") or ROOT.parent / "shared")
SEED = CORPUS / "000_2d37430178cf543c.txt"


def check_invariants(rec: dict) -> None:
    """SPEC.md's invariants for one record (error records carry fewer fields)."""
    text = rec["text"]
    if "error" in rec:
        return
    prev = 0
    for tok in rec["tokens"]:
        assert text[tok["start"]:tok["end"]] == tok["text"]
        assert tok["start"] >= prev and tok["text"].strip(), tok
        prev = tok["end"]
    for span in rec["spans"]:
        assert text[span["start"]:span["end"]] == span["text"], span
    names = {s["name"] for s in rec["speakers"]}
    for p in rec["proposals"]:
        assert text[p["start"]:p["end"]] == p["text"]
        assert p["theme"] in rec["themes"]
        assert p["speaker"] is None or p["speaker"] in names
    for sp in rec["speakers"]:
        for s, e in sp["mentions"]:
            assert 0 <= s < e <= len(text)
    for sent in rec["sentences"]:
        assert 0 <= sent["start"] < sent["end"] <= len(text)
    assert {"encoding", "sha256", "pipeline_version", "segmenter"} <= rec["meta"].keys()


@pytest.fixture(scope="session")
def nlp():
    import pipeline

    return pipeline.load()


@pytest.fixture(scope="session")
def corpus_records(tmp_path_factory):
    """The whole corpus annotated once through the command line, as a user runs it."""
    import json

    from pipeline.__main__ import main

    out = tmp_path_factory.mktemp("out") / "annotated.jsonl"
    assert main(["annotate", str(CORPUS), "-o", str(out)]) == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()], out
