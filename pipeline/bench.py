"""``make bench``: how fast the pipeline is, against plain jieba over the same text, measured in one run.

The benchmark corpus is built once (cached under ``out/bench/``) from open text: the ``# text =`` lines of
the UD treebanks in the shared folder and the documents of ``corpus/``, recombined with a seeded RNG into
distinct documents (no two are equal). Three sizes are written, half, full and double, as JSONL inputs.

Every speed figure is a ratio against the baseline measured in the same run: raw ``jieba.cut`` (plain
Python jieba, HMM on, default dictionary) over exactly the same texts, timed in-process without its
dictionary loading. The pipeline is timed as a whole process (``python -m pipeline annotate``), start-up
included, so a ratio >= 1 means the whole job finishes at least as fast as jieba alone would cut it.
On the full corpus both are run ``--repeat`` times (default 3), alternating, and the fastest run of each is
compared, as timeit does: this machine's speed drifts by several percent between runs; every run's time is
kept in ``out/bench.json``.
"""

from __future__ import annotations

import gc
import hashlib
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import orjson

from .resources import shared_dir

PROJECT = Path(__file__).resolve().parent.parent
MB = 1_000_000
SEED = 20240505


# ---------------------------------------------------------------- corpus


def _text_pool() -> tuple[list[str], list[list[str]]]:
    """UD sentences, and the paragraphs of each corpus document."""
    from .io import iter_documents

    sentences: list[str] = []
    for path in sorted((shared_dir() / "data" / "ud").glob("*.conllu")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# text = "):
                text = line[len("# text = "):].strip()
                if text:
                    sentences.append(text)
    documents = []
    corpus = PROJECT / "corpus"
    if corpus.is_dir():
        for doc in iter_documents([corpus]):
            if doc.text:
                paragraphs = [p for p in doc.text.split("\n") if p.strip()]
                if paragraphs:
                    documents.append(paragraphs)
    if not sentences and not documents:
        raise SystemExit("bench: no text found (UD treebanks under $ZHMEET_SHARED/data/ud, or corpus/)")
    return sentences, documents


def _make_document(rng: random.Random, sentences: list[str], documents: list[list[str]]) -> str:
    """A meeting-report-like document: one corpus document's paragraphs, partly reshuffled, with
    paragraphs of UD sentences mixed in."""
    paragraphs: list[str] = []
    if documents:
        source = rng.choice(documents)
        keep = rng.randint(max(1, len(source) // 3), len(source))
        start = rng.randint(0, len(source) - keep)
        part = source[start:start + keep]
        head, body = part[:2], part[2:]
        rng.shuffle(body)
        paragraphs = head + body
    for _ in range(rng.randint(2, 12) if sentences else 0):
        para = "".join(rng.choice(sentences) for _ in range(rng.randint(2, 8)))
        paragraphs.insert(rng.randint(0, len(paragraphs)), para)
    return "\n\n".join(paragraphs) + "\n"


def build_corpus(out_dir: Path, size_mb: float = 20.0, seed: int = SEED) -> dict[str, Path]:
    """``half``, ``full`` and ``double`` JSONL corpora of about ``size_mb`` / 2, 1 and 2 MB of UTF-8
    text, each a prefix of the next; built once, reused while the stamp matches."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {name: out_dir / f"corpus_{name}.jsonl" for name in ("half", "full", "double")}
    stamp = out_dir / "corpus.stamp"
    key = f"v1 seed={seed} size_mb={size_mb}"
    if stamp.exists() and stamp.read_text() == key and all(p.exists() for p in paths.values()):
        return paths
    sentences, documents = _text_pool()
    rng = random.Random(seed)
    limits = {"half": size_mb * MB / 2, "full": size_mb * MB, "double": size_mb * MB * 2}
    handles = {name: path.open("wb") for name, path in paths.items()}
    seen: set[bytes] = set()
    total = 0
    n = 0
    try:
        while total < limits["double"]:
            text = _make_document(rng, sentences, documents)
            digest = hashlib.sha1(text.encode("utf-8")).digest()
            if digest in seen:  # no two documents equal
                continue
            seen.add(digest)
            line = orjson.dumps({"id": f"bench-{n:06d}", "text": text}) + b"\n"
            for name, handle in handles.items():
                if total < limits[name]:
                    handle.write(line)
            total += len(text.encode("utf-8"))
            n += 1
    finally:
        for handle in handles.values():
            handle.close()
    stamp.write_text(key)
    return paths


def read_texts(path: Path) -> list[str]:
    with path.open("rb") as handle:
        return [orjson.loads(line)["text"] for line in handle]


# ---------------------------------------------------------------- measurements


def jieba_baseline(texts: list[str], cpu: dict | None = None) -> float:
    """Seconds for plain Python ``jieba.cut`` (HMM on, default dictionary) over ``texts``, dictionary
    loading excluded. ``cpu``, when given, receives the CPU seconds of the same span as ``cpu["seconds"]``."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    start, start_cpu = time.perf_counter(), time.process_time()
    for text in texts:
        for _ in jieba.cut(text):
            pass
    if cpu is not None:
        cpu["seconds"] = time.process_time() - start_cpu
    return time.perf_counter() - start


def run_pipeline(corpus: Path, out: Path, workers: int) -> dict:
    """The pipeline as a whole process; wall time, CPU time and peak RSS (the whole process tree; RSS sampled)."""
    import resource

    import psutil

    cmd = [sys.executable, "-m", "pipeline", "annotate", str(corpus), "-o", str(out), "--workers", str(workers),
           "--no-progress"]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    ps = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            tree = [ps, *ps.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the process and its workers, once reaped
    cpu = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    stderr = proc.stderr.read().decode("utf-8", "replace")
    if proc.returncode not in (0, 1):
        raise SystemExit(f"bench: pipeline failed ({proc.returncode}): {stderr.strip()[-500:]}")
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": peak / 2**20, "exit": proc.returncode}


def stage_shares(texts: list[str], sample_chars: int = 1_000_000) -> dict[str, float]:
    """Seconds spent in the tokenizer, each spaCy component and the record/JSON step, over a sample, run
    as the pipeline runs them: stage by stage over batches of documents (run.annotate_batch)."""
    from .io import InputDocument
    from .nlp import load
    from .record import doc_to_record
    from .run import batches, dumps, one_blas_thread

    one_blas_thread()  # as the run's processes do
    nlp = load("jieba", None)
    nlp("预热。")  # the segmenter loads its dictionary on first use: not a per-document cost
    times: dict[str, float] = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}, "record+json": 0.0}
    sample = [InputDocument(f"s{i}", "bench", text=text, encoding="utf-8")
              for i, text in enumerate(_prefix(texts, sample_chars))]
    used = sum(len(doc_in.text) for doc_in in sample)
    for batch in batches(sample):
        t0 = time.perf_counter()
        docs = [nlp.make_doc(doc_in.text) for doc_in in batch]
        times["tokenizer"] += time.perf_counter() - t0
        for name, proc in nlp.pipeline:
            t0 = time.perf_counter()
            docs = [proc(doc) for doc in docs]
            times[name] += time.perf_counter() - t0
        t0 = time.perf_counter()
        for doc, doc_in in zip(docs, batch, strict=True):
            dumps(doc_to_record(doc, doc_in, "jieba"))
        times["record+json"] += time.perf_counter() - t0
    times["_sample_chars"] = used
    return times


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=float, default=float(os.environ.get("BENCH_MB", 20)),
                        help="size of the full corpus in MB of UTF-8 text (default 20; half and double are also run)")
    parser.add_argument("--out", default="out/bench.json")
    parser.add_argument("--dir", default="out/bench")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of jieba and of the pipeline, interleaved, on the full corpus (1 and 2 workers); "
                             "the fastest of each is compared (default 3; the machine's speed drifts by several %%)")
    args = parser.parse_args(argv)
    work = Path(args.dir)
    t_build = time.perf_counter()
    paths = build_corpus(work, args.size_mb)
    print(f"corpus: {', '.join(f'{k} {p.stat().st_size / MB:.1f} MB' for k, p in paths.items())} "
          f"({time.perf_counter() - t_build:.0f} s)", flush=True)

    results: dict = {"size_mb": args.size_mb, "cpus": os.cpu_count(), "python": sys.version.split()[0],
                     "baseline": "jieba.cut (plain Python jieba, HMM, default dictionary), in-process, "
                                 "dictionary load excluded", "runs": []}
    texts_full = None
    repeat = max(1, args.repeat)
    for size, workers in (("full", 1), ("full", 2), ("half", 1), ("double", 1)):
        texts = read_texts(paths[size])
        chars = sum(map(len, texts))
        mbytes = paths[size].stat().st_size / MB
        load = os.getloadavg()[0]  # other processes running: the machine is shared, the figures are not alone
        out = work / f"annotated_{size}_w{workers}.jsonl"
        # jieba and the pipeline alternate (j, p, j, p, ...): a drift in the machine's speed touches both
        jieba_runs: list[tuple[float, float]] = []  # (seconds, CPU seconds)
        runs: list[dict] = []
        for _ in range(repeat if size == "full" else 1):
            if workers == 1:
                base_cpu: dict = {}
                jieba_runs.append((jieba_baseline(texts, base_cpu), base_cpu["seconds"]))
            gc.collect()
            runs.append(run_pipeline(paths[size], out, workers))
        if size == "full":
            texts_full = texts
        else:
            del texts
        if jieba_runs:
            base, base_cpu_s = min(jieba_runs)
        else:  # 2 workers: against the same corpus's 1-worker baseline
            w1_row = next(r for r in results["runs"] if r["corpus"] == size)
            base, base_cpu_s = w1_row["jieba_s"], None
        run = min(runs, key=lambda r: r["seconds"])
        row = {"corpus": size, "docs": sum(1 for _ in out.open("rb")), "chars": chars, "mb": round(mbytes, 2),
               "workers": workers, "jieba_s": round(base, 2), "pipeline_s": round(run["seconds"], 2),
               "ratio_vs_jieba": round(base / run["seconds"], 3), "peak_rss_mb": round(run["peak_rss_mb"], 1),
               "load_1m_before": round(load, 2), "pipeline_cpu_s": round(run["cpu_seconds"], 2),
               "pipeline_runs_s": [round(r["seconds"], 2) for r in runs]}
        if jieba_runs:
            row["jieba_runs_s"] = [round(j, 2) for j, _ in jieba_runs]
        if base_cpu_s is not None:
            row["jieba_cpu_s"] = round(base_cpu_s, 2)
        results["runs"].append(row)
        cpu = f"jieba {row['jieba_cpu_s']:.1f} s, " if "jieba_cpu_s" in row else ""
        tries = f" (fastest of {len(runs)}: {', '.join(f'{r:.1f}' for r in row['pipeline_runs_s'])})" if len(runs) > 1 else ""
        print(f"  {size:6s} w{workers}: jieba {base:7.1f} s  pipeline {run['seconds']:7.1f} s{tries}  "
              f"ratio {row['ratio_vs_jieba']:.2f}  peak RSS {row['peak_rss_mb']:.0f} MB  "
              f"(CPU: {cpu}pipeline {row['pipeline_cpu_s']:.1f} s; load before {load:.2f})", flush=True)
    w1 = next(r for r in results["runs"] if r["corpus"] == "full" and r["workers"] == 1)
    w2 = next(r for r in results["runs"] if r["corpus"] == "full" and r["workers"] == 2)
    results["speedup_2_workers"] = round(w1["pipeline_s"] / w2["pipeline_s"], 3)
    same = (work / "annotated_full_w1.jsonl").read_bytes() == (work / "annotated_full_w2.jsonl").read_bytes()
    results["w1_w2_identical"] = same
    for r in results["runs"]:
        r["pipeline_s_per_mb"] = round(r["pipeline_s"] / r["mb"], 2)
    shares = stage_shares(texts_full or [])
    sample = shares.pop("_sample_chars")
    total = sum(shares.values()) or 1.0
    results["stages"] = {name: {"seconds": round(s, 3), "share": round(s / total, 3)} for name, s in shares.items()}
    results["stage_sample_chars"] = sample
    jieba_sample = jieba_baseline(_prefix(texts_full or [], sample))
    results["stage_sample_jieba_s"] = round(jieba_sample, 3)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2) + b"\n")
    print(table(results))
    print(f"written {args.out}")
    return 0


def _prefix(texts: list[str], chars: int) -> list[str]:
    out, used = [], 0
    for text in texts:
        if used >= chars:
            break
        out.append(text)
        used += len(text)
    return out


def table(results: dict) -> str:
    lines = ["", "| corpus | MB | docs | workers | jieba.cut s | pipeline s | speed vs jieba | s/MB | peak RSS MB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results["runs"]:
        lines.append(f"| {r['corpus']} | {r['mb']:.1f} | {r['docs']} | {r['workers']} | {r['jieba_s']:.1f} | "
                     f"{r['pipeline_s']:.1f} | {r['ratio_vs_jieba']:.2f}x | {r['pipeline_s_per_mb']:.2f} | "
                     f"{r['peak_rss_mb']:.0f} |")
    lines.append("")
    lines.append(f"2 workers vs 1: {results['speedup_2_workers']:.2f}x (outputs byte-identical: "
                 f"{results['w1_w2_identical']}); {results['cpus']} CPUs")
    sample_mb = results["stage_sample_chars"] / 1e6
    lines.append(f"stage shares over a {sample_mb:.2f} M-character sample "
                 f"(jieba.cut over the same sample: {results['stage_sample_jieba_s']:.2f} s):")
    lines.append("| stage | s | share | vs jieba.cut |")
    lines.append("|---|---:|---:|---:|")
    for name, s in results["stages"].items():
        lines.append(f"| {name} | {s['seconds']:.2f} | {100 * s['share']:.1f}% | "
                     f"{s['seconds'] / (results['stage_sample_jieba_s'] or 1):.2f}x |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
