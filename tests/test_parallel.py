"""--workers N: process-based, ordered, byte-identical to one worker (no timing anywhere)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.io import InputDocument
from pipeline.run import Settings, annotate_stream, batches, run

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def _inputs(tmp_path: Path) -> list[str]:
    """The development corpus plus awkward documents: empty, whitespace only, a lone surrogate, a
    malformed JSONL line (an error record), and many tiny documents so batches cut in many places."""
    extra = tmp_path / "extra.jsonl"
    lines = [json.dumps({"id": "empty", "text": ""}), json.dumps({"id": "blank", "text": " \n\n\t "}),
             json.dumps({"id": "surrogate", "text": "张委员说：\ud800建议加快发展。"}), "{not json",
             json.dumps({"id": "mixed", "text": "hello  world\u3000一、加快数字化转型。 \n"})]
    lines += [json.dumps({"id": f"tiny-{i}", "text": f"第{i}次会议。王委员建议：加强{i}项工作。"}) for i in range(40)]
    extra.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(CORPUS), str(extra)]


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory) -> tuple[list[str], bytes]:
    tmp = tmp_path_factory.mktemp("one")
    inputs = _inputs(tmp)
    out = tmp / "one.jsonl"
    run(inputs, out, Settings(), workers=1)
    return inputs, out.read_bytes()


@pytest.mark.parametrize("workers", [2, 3])
def test_workers_byte_identical(one_worker, tmp_path, workers):
    inputs, expected = one_worker
    out = tmp_path / f"w{workers}.jsonl"
    run(inputs, out, Settings(), workers=workers)
    assert out.read_bytes() == expected


def test_output_in_input_order(one_worker):
    _, data = one_worker
    ids = [json.loads(line)["id"] for line in data.splitlines()]
    tiny = [i for i in ids if i.startswith("tiny-")]
    assert tiny == [f"tiny-{i}" for i in range(40)]
    assert len(ids) == len(set(ids))


def test_batches_cover_inputs_in_order():
    docs = [InputDocument(str(i), "x", text="字" * (i % 7)) for i in range(100)]
    groups = list(batches(iter(docs), max_docs=8, max_chars=20))
    assert [d for g in groups for d in g] == docs
    assert all(0 < len(g) <= 8 for g in groups)


def test_stream_stops_cleanly_when_consumer_stops(tmp_path):
    docs = (InputDocument(f"d{i}", "x", text=f"第{i}段。") for i in range(200))
    stream = annotate_stream(docs, Settings(), workers=2)
    first = [next(stream) for _ in range(3)]
    stream.close()  # the pool is shut down; nothing hangs
    assert [json.loads(line)["id"] for line in first] == ["d0", "d1", "d2"]


def test_stream_reads_inputs_lazily():
    """Only a bounded window of input is consumed ahead of the output (memory flat in corpus size)."""
    consumed = []

    def docs():
        for i in range(10_000):
            consumed.append(i)
            yield InputDocument(f"d{i}", "x", text="会议。")

    stream = annotate_stream(docs(), Settings(), workers=2)
    next(stream)
    assert len(consumed) < 1000
    stream.close()


def test_a_batch_gives_each_documents_own_line_and_one_failure_stays_its_own(monkeypatch):
    """annotate_batch (stage by stage over the batch) gives what annotate_document gives for each document;
    a component that fails on one document fails that document's record only, with the same error."""
    from pipeline.nlp import load
    from pipeline.run import annotate_batch, annotate_document

    docs = [InputDocument("a", "t", text="市政协委员张三说，建议加快发展数字经济。", encoding="utf-8"),
            InputDocument("bad-input", "t", error="could not decode"),
            InputDocument("b", "t", text="", encoding="utf-8"),
            InputDocument("c", "t", text="王委员建议：一是加强人才培养；二是完善用地保障。", encoding="utf-8")]
    assert annotate_batch(docs, Settings()) == [annotate_document(d, Settings()) for d in docs]

    proposals = load("jieba", None).get_pipe("meeting_proposals")
    real = type(proposals).__call__

    def failing(self, doc):
        if "用地" in doc.text:
            raise RuntimeError("boom")
        return real(self, doc)

    monkeypatch.setattr(type(proposals), "__call__", failing)
    lines = annotate_batch(docs, Settings())
    assert lines == [annotate_document(d, Settings()) for d in docs]
    records = [json.loads(line) for line in lines]
    assert [("error" in r) for r in records] == [False, True, False, True]
    assert records[3]["error"] == "annotation failed: RuntimeError: boom"


def test_the_run_parent_does_not_import_spacy():
    """A run's parent process only reads inputs and writes what its workers send back: importing the
    command line and the runner leaves spaCy unimported (the workers load it), while pipeline.load still
    works from the package."""
    import subprocess
    import sys

    code = ("import sys, pipeline, pipeline.__main__, pipeline.run, pipeline.io; "
            "assert 'spacy' not in sys.modules; pipeline.load; assert 'spacy' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_annotating_processes_keep_one_blas_thread():
    """The theme stage's matrices are tiny: a multi-threaded BLAS only spins on the core another worker needs."""
    from threadpoolctl import threadpool_info

    from pipeline.run import one_blas_thread

    one_blas_thread()
    blas = [lib for lib in threadpool_info() if lib.get("user_api") == "blas"]
    assert blas and all(lib["num_threads"] == 1 for lib in blas)  # (numpy's wheels bring OpenBLAS)
