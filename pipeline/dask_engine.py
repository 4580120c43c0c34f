"""``--engine dask``: the same annotation job on a Dask distributed cluster.

The client (this process) reads the inputs lazily and cuts them into partitions of consecutive documents
(deterministic for the same inputs). Each partition is shipped to a worker as text, annotated there by the
pipeline that worker process built once (:func:`pipeline.nlp.load` is cached per process), and comes back
as JSON lines. The client writes each finished partition to a shard file under ``OUT.parts/``, then
records it in ``OUT.parts/manifest.jsonl``; when every partition is done the shards are concatenated in
input order into ``OUT`` (through a temporary file, so ``OUT`` is never half written) and the shard folder
is removed. Workers need no shared filesystem and no access to the inputs.

``--resume`` keeps every shard the manifest lists whose documents are still the same (same count, same
ids), and only the missing partitions are computed again. At most ``2 * workers + 2`` partitions are in
flight at a time, so memory on the client stays flat however large the corpus.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import orjson

from .io import InputDocument, iter_documents
from .run import Settings, annotate_batch, batches

PARTITION_DOCS = 64
PARTITION_CHARS = 1_000_000
_LOAD_LOCK = threading.Lock()


def annotate_partition(docs: list[InputDocument], settings: Settings) -> bytes:
    """Runs on a worker: the JSON lines of ``docs``, in order. The pipeline is built on the first call in
    each worker process and reused after that."""
    from .nlp import load

    with _LOAD_LOCK:  # a worker with several threads builds its pipeline once
        load(settings.segmenter, settings.themes_file)
    return b"".join(annotate_batch(docs, settings))


def _ids_digest(docs: list[InputDocument]) -> str:
    return hashlib.sha256("\0".join(d.id for d in docs).encode("utf-8", "surrogatepass")).hexdigest()


def _read_manifest(path: Path) -> dict[int, dict]:
    done: dict[int, dict] = {}
    if not path.exists():
        return done
    with path.open("rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                break  # torn last line: that partition is redone
            try:
                entry = orjson.loads(line)
                done[int(entry["part"])] = entry
            except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
                break
    return done


def _shard_ok(parts: Path, entry: dict | None, docs: list[InputDocument]) -> bool:
    if entry is None or entry.get("count") != len(docs) or entry.get("ids") != _ids_digest(docs):
        return False
    shard = parts / entry["file"]
    return shard.exists() and shard.stat().st_size == entry.get("bytes")


def _write_shard(parts: Path, index: int, data: bytes) -> str:
    name = f"part-{index:06d}.jsonl"
    tmp = parts / (name + ".tmp")
    with tmp.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, parts / name)
    return name


def _count_worker_threads(client) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # noqa: BLE001 - only sizes the in-flight window
        return 2


def run_dask(inputs: list[str], out_path: str | os.PathLike, settings: Settings, scheduler,
             resume: bool = False, partition_docs: int = PARTITION_DOCS,
             partition_chars: int = PARTITION_CHARS, keep_parts: bool = False) -> tuple[int, int]:
    """Annotate ``inputs`` into ``out_path`` on the Dask cluster at ``scheduler`` (an address such as
    ``tcp://10.0.0.5:8786``, or a ``distributed.Client``); returns ``(documents, failures)``.

    The output is byte for byte what ``python -m pipeline annotate`` writes locally."""
    from distributed import Client, as_completed

    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    parts = out_path.with_name(out_path.name + ".parts")
    manifest_path = parts / "manifest.jsonl"
    if not resume and parts.exists():
        shutil.rmtree(parts)
    parts.mkdir(parents=True, exist_ok=True)
    done = _read_manifest(manifest_path) if resume else {}

    own_client = not hasattr(scheduler, "submit")
    client = Client(scheduler) if own_client else scheduler
    try:
        window = 2 * _count_worker_threads(client) + 2
        partitions: Iterator[list[InputDocument]] = batches(
            iter_documents(inputs, settings.max_chars), partition_docs, partition_chars)
        order: list[str] = []  # shard file of each partition, in input order
        pending = as_completed()
        in_flight: dict = {}
        with manifest_path.open("ab") as manifest:
            def finish(future) -> None:
                index, ids, count = in_flight.pop(future)
                data = future.result()
                name = _write_shard(parts, index, data)
                entry = {"part": index, "file": name, "count": count, "ids": ids, "bytes": len(data)}
                manifest.write(orjson.dumps(entry) + b"\n")
                manifest.flush()
                future.release()

            for index, docs in enumerate(partitions):
                entry = done.get(index)
                if resume and _shard_ok(parts, entry, docs):
                    order.append(entry["file"])
                    continue
                order.append(f"part-{index:06d}.jsonl")
                future = client.submit(annotate_partition, docs, settings, pure=False)
                in_flight[future] = (index, _ids_digest(docs), len(docs))
                pending.add(future)
                while len(in_flight) >= window:
                    finish(next(pending))
            for future in pending:
                finish(future)
    finally:
        if own_client:
            client.close()

    total, failures = _merge(parts, order, out_path)
    if not keep_parts:
        shutil.rmtree(parts, ignore_errors=True)
    return total, failures


def _merge(parts: Path, order: Iterable[str], out_path: Path) -> tuple[int, int]:
    """Concatenate the shards in input order into ``out_path``; count records and failures."""
    import sys

    total = failures = 0
    tmp = out_path.with_name(out_path.name + ".tmp")
    with tmp.open("wb") as out:
        for name in order:
            with (parts / name).open("rb") as shard:
                for line in shard:
                    out.write(line)
                    total += 1
                    if b'"error":' in line:
                        record = orjson.loads(line)
                        if "error" in record:
                            failures += 1
                            print(f"error: {record['id']}: {record['error']}", file=sys.stderr)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, out_path)
    return total, failures
