"""--engine dask on a LocalCluster of 2 processes: byte-identical to the local run, and --resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster  # noqa: E402

from pipeline.dask_engine import run_dask  # noqa: E402
from pipeline.run import Settings, run  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None) as lc:
        yield lc


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    tmp = tmp_path_factory.mktemp("dask_in")
    extra = tmp / "extra.jsonl"
    lines = [json.dumps({"id": f"tiny-{i}", "text": f"第{i}次会议。李代表建议：加快{i}项改革。"}) for i in range(30)]
    lines += ["{broken", json.dumps({"id": "empty", "text": ""})]
    extra.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(ROOT / "corpus"), str(extra)]


@pytest.fixture(scope="module")
def local_output(inputs, tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("local") / "local.jsonl"
    run(inputs, out, Settings(), workers=1)
    return out.read_bytes()


def test_dask_matches_local(cluster, inputs, local_output, tmp_path):
    out = tmp_path / "dask.jsonl"
    total, failures = run_dask(inputs, out, Settings(), cluster.scheduler_address, partition_docs=5)
    assert out.read_bytes() == local_output
    assert total == local_output.count(b"\n")
    assert failures == 1  # the broken JSONL line
    assert not (tmp_path / "dask.jsonl.parts").exists()


def test_dask_resume_recomputes_only_missing(cluster, inputs, local_output, tmp_path):
    out = tmp_path / "dask.jsonl"
    run_dask(inputs, out, Settings(), cluster.scheduler_address, partition_docs=5, keep_parts=True)
    parts = tmp_path / "dask.jsonl.parts"
    manifest = parts / "manifest.jsonl"
    entries = manifest.read_bytes().splitlines(keepends=True)
    assert len(entries) > 3
    # an interrupted run: two partitions never finished (one with a torn manifest line), no merged output
    kept = [e for e in entries if json.loads(e)["part"] not in (1, 3)]
    manifest.write_bytes(b"".join(kept) + b'{"part": 3, "fi')
    out.unlink()
    marker = parts / "part-000000.jsonl"
    mtime = marker.stat().st_mtime_ns
    with Client(cluster.scheduler_address) as client:
        run_dask(inputs, out, Settings(), client, resume=True, partition_docs=5, keep_parts=True)
    assert out.read_bytes() == local_output
    assert marker.stat().st_mtime_ns == mtime  # a finished partition was not redone


def test_cli_dask_engine(cluster, inputs, local_output, tmp_path):
    from pipeline.__main__ import main

    out = tmp_path / "cli.jsonl"
    status = main(["annotate", *inputs, "-o", str(out), "--engine", "dask",
                   "--scheduler", cluster.scheduler_address])
    assert status == 1  # the broken line is a failed document, as locally
    assert out.read_bytes() == local_output
