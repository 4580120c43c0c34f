"""Annotate many documents: in order, crash-safe, resumable, in one process or several.

Workers receive text and send back finished JSON lines (shipping spaCy Docs between processes costs
more than annotating). Each record is written with a single ``write`` on an append-only file and the
file is flushed as it goes, so a run killed at any moment leaves whole records only, and ``--resume``
continues after the last whole record.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import orjson

from .io import DEFAULT_MAX_CHARS, InputDocument, iter_documents

_WORKER_SETTINGS: dict = {}


@dataclass
class Settings:
    segmenter: str = "jieba"
    themes_file: str | None = None
    max_chars: int = DEFAULT_MAX_CHARS


def dumps(record: dict) -> bytes:
    """One JSON line: UTF-8, not ASCII-escaped, keys in the order the record was built."""
    try:
        return orjson.dumps(record) + b"\n"
    except TypeError:  # lone surrogates cannot be UTF-8: escape them rather than lose the record
        import json

        return (json.dumps(record, ensure_ascii=False).encode("utf-8", "backslashreplace")) + b"\n"


def annotate_document(doc_in: InputDocument, settings: Settings) -> bytes:
    """The JSON line for one input; any failure becomes an error record, never an exception."""
    from .nlp import load
    from .record import doc_to_record, error_record

    if doc_in.error is not None:
        return dumps(error_record(doc_in, settings.segmenter))
    try:
        nlp = load(settings.segmenter, settings.themes_file)
        return dumps(doc_to_record(nlp(doc_in.text), doc_in, settings.segmenter))
    except Exception as exc:  # one bad document must not stop the run
        return dumps(error_record(doc_in, settings.segmenter, f"annotation failed: {type(exc).__name__}: {exc}"))


def annotate_batch(batch: list[InputDocument], settings: Settings) -> list[bytes]:
    """The JSON lines of ``batch``, in order: what :func:`annotate_document` gives for each, computed stage
    by stage over the whole batch (every Doc tokenized, then every Doc through the first component, ...).

    Each stage's tables, patterns and caches then stay in the CPU caches while it goes over the batch,
    instead of being evicted by the other stages between two documents: 14% less whole-process time on the
    first 1000 bench documents than each document through every stage in turn, for the same output. If anything fails, the
    batch is redone one document at a time, so the failure is that document's error record alone."""
    from .nlp import load
    from .record import doc_to_record

    todo = [doc_in for doc_in in batch if doc_in.error is None]
    one_blas_thread()
    try:
        nlp = load(settings.segmenter, settings.themes_file)
        docs = [nlp.make_doc(doc_in.text) for doc_in in todo]
        for _name, proc in nlp.pipeline:
            docs = [proc(doc) for doc in docs]
        lines = iter([dumps(doc_to_record(doc, doc_in, settings.segmenter))
                      for doc, doc_in in zip(docs, todo, strict=True)])
    except Exception:  # noqa: BLE001  (annotate_document turns the failure into its document's record)
        return [annotate_document(doc_in, settings) for doc_in in batch]
    return [next(lines) if doc_in.error is None else annotate_document(doc_in, settings) for doc_in in batch]


@lru_cache(maxsize=1)
def one_blas_thread() -> None:
    """Once per process that annotates (the run, a worker, a Dask worker): numpy's BLAS keeps one thread.

    The theme stage multiplies matrices of a few dozen rows; OpenBLAS runs ``A @ A.T`` on every core and its
    threads then spin between calls, taking the core a second worker process needs (2 workers ran at 0.7x
    one worker, 1 worker used 1.9 CPU seconds per second). The processes are the parallelism."""
    import numpy  # noqa: F401  (threadpoolctl limits the libraries loaded: numpy's BLAS must be)

    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # a BLAS left as it is costs CPU time, not results
        return
    threadpool_limits(limits=1, user_api="blas")


def _init_worker(settings: Settings) -> None:
    """Runs once in each worker process: the pipeline is built and warmed here, not on the first
    document (the segmenter loads its dictionary on first use)."""
    _WORKER_SETTINGS["settings"] = settings
    import gc

    gc.set_threshold(*GC_THRESHOLD)
    _warm(settings)


def _warm(settings: Settings) -> None:
    from .nlp import load

    nlp = load(settings.segmenter, settings.themes_file)
    try:
        nlp("预热。")
    except Exception:  # noqa: BLE001  (a failure here is reported by the first document instead)
        pass


# The collector's thresholds while loading the pipeline and annotating: a young-generation collection after
# 20000 net new container objects instead of 700. Annotating a document allocates and frees hundreds of
# thousands of objects (token dicts, spans) but leaves no cycles behind, so with the default the collector
# ran every ~1000 tokens (0.3 s over 20 MB) for nothing; building the pipeline (patterns, lexicons) ran it
# ~70 times, a full collection among them. Garbage cycles, if any, are still collected: their objects count
# towards the threshold.
GC_THRESHOLD = (20_000, 10, 10)


@contextmanager
def _gc_threshold():
    """:data:`GC_THRESHOLD` within the block, the process's own thresholds after it."""
    import gc

    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _work_batch(batch: list[InputDocument]) -> bytes:
    """The JSON lines of a batch of documents, concatenated: one message back instead of one per line."""
    return b"".join(annotate_batch(batch, _WORKER_SETTINGS["settings"]))


# A batch is sent to a worker when it holds this many documents or characters, whichever comes first.
BATCH_DOCS = 16
BATCH_CHARS = 200_000


def batches(docs: Iterable[InputDocument], max_docs: int = BATCH_DOCS,
            max_chars: int = BATCH_CHARS) -> Iterator[list[InputDocument]]:
    """Consecutive groups of documents, deterministic for the same inputs."""
    batch: list[InputDocument] = []
    chars = 0
    for doc_in in docs:
        batch.append(doc_in)
        chars += len(doc_in.text or "")
        if len(batch) >= max_docs or chars >= max_chars:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _split_lines(blob: bytes) -> Iterator[bytes]:
    """Back into single JSON lines (each ends with ``\n``; orjson escapes newlines inside strings)."""
    start = 0
    while start < len(blob):
        end = blob.index(b"\n", start) + 1
        yield blob[start:end]
        start = end


def annotate_stream(docs: Iterable[InputDocument], settings: Settings, workers: int = 1) -> Iterator[bytes]:
    """JSON lines in input order, computed by ``workers`` processes.

    Spawn-safe (the ``spawn`` start method on every platform, so no state is inherited from the parent),
    ordered (results are yielded in submission order), and streaming: at most ``2 * workers`` batches are
    in flight, so memory does not grow with the corpus however fast the inputs are read.
    """
    if workers <= 1:
        with _gc_threshold():
            try:
                _warm(settings)
            except Exception:  # noqa: BLE001  (a pipeline that cannot load: each document reports it)
                pass
            for batch in batches(docs):
                yield from annotate_batch(batch, settings)
        return
    import multiprocessing as mp
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ctx = mp.get_context("spawn")
    window = 2 * workers
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(settings,)) as pool:
        pending: deque = deque()
        try:
            for batch in batches(docs):
                pending.append(pool.submit(_work_batch, batch))
                while len(pending) >= window:
                    yield from _split_lines(pending.popleft().result())
            while pending:
                yield from _split_lines(pending.popleft().result())
        except BrokenProcessPool as exc:
            raise RuntimeError(f"a worker process died ({exc}); rerun with --resume to continue") from exc
        finally:
            for future in pending:
                future.cancel()


def completed_records(out_path: Path, failures: list[tuple[str, str]] | None = None) -> tuple[list[str], int]:
    """Ids of the whole records already in ``out_path`` and the byte length they take.

    A record is whole when its line ends with a newline and parses; everything from the first line that
    does not (a record torn by a kill) on is left out, to be rewritten. ``failures``, when given, receives
    ``(id, error)`` for every whole error record, so that a resumed run reports and counts them too.
    """
    if not out_path.exists():
        return [], 0
    ids, size = [], 0
    with out_path.open("rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                break  # a torn last line: it will be rewritten
            try:
                record = _loads(line)
                ids.append(str(record["id"]))
            except (ValueError, KeyError, TypeError):
                break
            if failures is not None and isinstance(record, dict) and "error" in record:
                failures.append((ids[-1], str(record["error"])))
            size += len(line)
    return ids, size


def _write_all(fd: int, data: bytes) -> None:
    """``os.write`` until every byte is out (a write to a regular file may be short)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _report_failure(doc_id: str, error: str) -> None:
    """One line on stderr per failed document, whatever characters its id or message contain."""
    print(f"error: {_one_line(doc_id)}: {_one_line(error)}", file=sys.stderr)


def _one_line(text: str) -> str:
    return " ".join(str(text).splitlines())


def _loads(line: bytes):
    """A record back from its line; the stdlib reads the ``\\ud800`` escapes orjson refuses."""
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        import json

        return json.loads(line)


def run(inputs: list[str], out_path: str | os.PathLike, settings: Settings, workers: int = 1,
        resume: bool = False, progress: bool | None = None) -> tuple[int, int]:
    """Annotate ``inputs`` into ``out_path``; returns ``(documents, failures)``."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    docs: Iterable[InputDocument] = iter_documents(inputs, settings.max_chars, exclude=[out_path])
    skip_ids: list[str] = []
    earlier_failures: list[tuple[str, str]] = []
    if resume and out_path.exists():
        skip_ids, size = completed_records(out_path, earlier_failures)
        with out_path.open("r+b") as handle:
            handle.truncate(size)
    else:
        out_path.write_bytes(b"")
    docs = _skip_done(docs, skip_ids)
    if progress is None:
        progress = sys.stderr.isatty()
    for doc_id, error in earlier_failures:
        _report_failure(doc_id, error)
    count, failures = 0, len(earlier_failures)
    fd = os.open(out_path, os.O_WRONLY | os.O_APPEND)
    bar = _progress_bar() if progress else None
    try:
        for line in annotate_stream(docs, settings, workers):
            _write_all(fd, line)  # one record, one append: a kill leaves it whole or torn at the end
            count += 1
            # a record's last field is its proposals (a list), an error record's its error (a string): a line
            # ending in ]} needs no search through its ~10 KB for an "error" key
            if not line.endswith(b"]}\n") and b'"error":' in line:
                record = _loads(line)
                if "error" in record:
                    failures += 1
                    _report_failure(str(record["id"]), str(record["error"]))
            if bar is not None:
                bar.update(1)
        os.fsync(fd)
    finally:
        os.close(fd)
        if bar is not None:
            bar.close()
    return count + len(skip_ids), failures


def _skip_done(docs: Iterable[InputDocument], done: list[str]) -> Iterator[InputDocument]:
    """Inputs after the ``len(done)`` already written; the ids must agree or resuming is unsafe."""
    it = iter(docs)
    for expected in done:
        doc_in = next(it, None)
        if doc_in is None or doc_in.id != expected:
            raise RuntimeError(f"cannot resume: the output has record {expected!r} where the inputs have "
                               f"{getattr(doc_in, 'id', None)!r}; the inputs changed since the first run")
    yield from it


def _progress_bar():
    from tqdm import tqdm

    return tqdm(unit="doc", desc="annotating", file=sys.stderr, dynamic_ncols=True)
