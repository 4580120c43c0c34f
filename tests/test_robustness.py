"""Messy and hostile input through whole runs: every document accounted for, nothing lost, nothing let in."""

from __future__ import annotations

import codecs
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.run import Settings, completed_records, run

ROOT = Path(__file__).resolve().parents[1]
REPORT = ("北京市政协召开“优化产业结构”专题协商会。\n市政协委员、某某集团董事长王建国说，建议加大科技创新力度。\n"
          "王委员还提出：一、加快数字化转型；二、强化资源要素保障。\n")
TRAD = "臺灣省議會召開會議。省議員張國強說，建議加強科技創新力度，發展數字經濟。\n"


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _messy_folder(root: Path) -> list[str]:
    """A folder of good and bad inputs; returns the ids in the order the output must have them."""
    (root / "sub").mkdir(parents=True)
    files = {
        "01_utf8.txt": REPORT.encode("utf-8"),
        "02_utf8_bom_crlf.txt": codecs.BOM_UTF8 + REPORT.replace("\n", "\r\n").encode("utf-8"),
        "03_gbk.txt": REPORT.encode("gbk"),
        "04_big5.txt": TRAD.encode("big5"),
        "05_utf16le_nobom.txt": REPORT.encode("utf-16-le"),
        "06_utf16be_bom.txt": codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"),
        "07_binary.txt": bytes(range(256)) * 8,
        "08_nul.txt": b"\x00" * 2000,
        "09_empty.txt": b"",
        "10_cr_only.md": REPORT.replace("\n", "\r").encode("utf-8"),
        "11_garbage.txt": REPORT.encode("gbk") + REPORT.encode("utf-8"),
        "12_whitespace.txt": b" \n\t\r\n",
        "sub/13_big.txt": ("王" * 1100).encode("utf-8"),
        "ignored.pdf": b"%PDF-1.4",
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    lines = [json.dumps({"id": "j1", "text": REPORT}, ensure_ascii=False), "{oops",
             json.dumps({"id": "j3", "title": "no text"}), json.dumps({"id": "j4", "text": ""}),
             json.dumps({"id": "../../etc/passwd", "text": "王委员"}, ensure_ascii=False)]
    (root / "14_lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["01_utf8.txt", "02_utf8_bom_crlf.txt", "03_gbk.txt", "04_big5.txt", "05_utf16le_nobom.txt",
            "06_utf16be_bom.txt", "07_binary.txt", "08_nul.txt", "09_empty.txt", "10_cr_only.md",
            "11_garbage.txt", "12_whitespace.txt", "j1", "14_lines.jsonl:2", "j3", "j4",
            "../../etc/passwd", "sub/13_big.txt"]


def test_every_input_is_accounted_for_in_order(tmp_path, capsys):
    ids = _messy_folder(tmp_path / "in")
    out = tmp_path / "out" / "annotated.jsonl"
    total, failures = run([str(tmp_path / "in")], out, Settings(max_chars=1000))
    records = _records(out)
    by_id = {r["id"]: r for r in records}
    assert [r["id"] for r in records] == ids
    errors = {r["id"] for r in records if "error" in r}
    assert errors == {"07_binary.txt", "08_nul.txt", "11_garbage.txt", "14_lines.jsonl:2", "j3", "sub/13_big.txt"}
    assert (total, failures) == (len(ids), len(errors))
    for r in records:
        assert r["id"] and r["source"] and isinstance(r["meta"], dict)
        if "error" in r:
            assert set(r) <= {"id", "source", "text", "meta", "error"}
    assert by_id["08_nul.txt"]["error"].startswith("cannot decode: binary file")
    assert by_id["sub/13_big.txt"]["error"] == "document too large: 1100 chars (limit 1000)"
    for name in ("01_utf8.txt", "02_utf8_bom_crlf.txt", "03_gbk.txt", "05_utf16le_nobom.txt",
                 "06_utf16be_bom.txt", "10_cr_only.md", "j1"):
        assert by_id[name]["text"] == REPORT, name
        assert by_id[name]["tokens"], name
    assert by_id["03_gbk.txt"]["meta"]["encoding"] == "gb18030"
    assert by_id["04_big5.txt"]["meta"]["encoding"] == "big5"
    assert by_id["05_utf16le_nobom.txt"]["meta"]["encoding"] == "utf-16-le"
    assert by_id["02_utf8_bom_crlf.txt"]["meta"]["encoding"] == "utf-8-sig"
    for name in ("09_empty.txt", "12_whitespace.txt", "j4"):  # empty documents: empty annotations, no error
        r = by_id[name]
        assert "error" not in r and r["tokens"] == [] and r["spans"] == [] and r["proposals"] == []
    stderr = capsys.readouterr().err.splitlines()
    assert len([line for line in stderr if line.startswith("error: ")]) == len(errors)


def test_traditional_document_spans_show_original_characters(tmp_path):
    (tmp_path / "t.txt").write_bytes(TRAD.encode("big5"))
    out = tmp_path / "o.jsonl"
    run([str(tmp_path / "t.txt")], out, Settings())
    [record] = _records(out)
    text = record["text"]
    assert text == TRAD
    for key in ("tokens", "spans", "proposals"):
        for item in record[key]:
            assert text[item["start"]:item["end"]] == item["text"]
    assert any(t["text"] == "臺灣" or "臺" in t["text"] for t in record["tokens"])
    assert not any("台" in s["text"] for s in record["spans"])
    names = {sp["name"] for sp in record["speakers"]}
    assert all(p["speaker"] is None or p["speaker"] in names for p in record["proposals"])


def test_lone_surrogates_in_jsonl_give_a_record_not_a_crash(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "s\\ud800", "text": "王委员\\udfff建议"}\n{"id": "ok", "text": "好"}\n', encoding="utf-8")
    out = tmp_path / "o.jsonl"
    total, _ = run([str(path)], out, Settings())
    lines = out.read_bytes().splitlines()
    assert total == 2 and len(lines) == 2
    first = json.loads(lines[0])
    assert first["id"] == "s\ud800" and json.loads(lines[1])["id"] == "ok"
    assert completed_records(out)[0] == ["s\ud800", "ok"]


def test_resume_after_torn_record_gives_the_same_bytes(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(6):
        (src / f"{i:02d}.txt").write_text(REPORT.replace("王", "王李张赵钱孙"[i]), encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\x00" * 10)
    clean = tmp_path / "clean.jsonl"
    run([str(src)], clean, Settings())
    data = clean.read_bytes()
    lines = data.splitlines(keepends=True)
    for cut in (0, 1, len(lines[0]) - 1, len(lines[0]), len(lines[0]) + 5, len(data) - 1, len(data)):
        part = tmp_path / f"part{cut}.jsonl"
        part.write_bytes(data[:cut])
        total, failures = run([str(src)], part, Settings(), resume=True)
        assert part.read_bytes() == data, cut
        assert (total, failures) == (7, 1)
    missing = tmp_path / "never-started.jsonl"
    run([str(src)], missing, Settings(), resume=True)
    assert missing.read_bytes() == data


def test_resume_refuses_when_inputs_changed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("王委员", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    run([str(src)], out, Settings())
    (src / "a.txt").rename(src / "b.txt")
    with pytest.raises(RuntimeError, match="cannot resume"):
        run([str(src)], out, Settings(), resume=True)


def _many_docs(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:04d}.txt").write_text(f"第{i}次会议。\n" + REPORT * (1 + i % 3), encoding="utf-8")


def _cli(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "annotate", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def test_sigkill_mid_run_then_resume_gives_identical_bytes(tmp_path):
    src = tmp_path / "docs"
    _many_docs(src, 150)
    clean, killed = tmp_path / "clean.jsonl", tmp_path / "killed.jsonl"
    assert _cli(str(src), "-o", str(clean)).wait(timeout=300) == 0
    expected = clean.read_bytes()
    for attempt, threshold in enumerate((len(expected) // 3, 2 * len(expected) // 3)):
        proc = _cli(str(src), "-o", str(killed), *(["--resume"] if attempt else []))
        deadline = time.time() + 240
        while proc.poll() is None and time.time() < deadline:
            if killed.exists() and killed.stat().st_size > threshold:
                break
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        partial = killed.read_bytes()
        assert len(partial) < len(expected)  # really killed mid-run
        assert expected.startswith(partial[:partial.rfind(b"\n") + 1])  # whole records are never wrong
    assert _cli(str(src), "-o", str(killed), "--resume").wait(timeout=300) == 0
    assert killed.read_bytes() == expected
    ids = [json.loads(line)["id"] for line in killed.read_bytes().splitlines()]
    assert len(ids) == len(set(ids)) == 150


def test_same_bytes_with_any_number_of_workers(tmp_path):
    src = tmp_path / "docs"
    _many_docs(src, 12)
    (src / "zz_bad.txt").write_bytes(bytes(range(256)))
    outputs = []
    for workers in (1, 2):
        out = tmp_path / f"w{workers}.jsonl"
        assert _cli(str(src), "-o", str(out), "--workers", str(workers)).wait(timeout=300) == 1
        outputs.append(out.read_bytes())
    out = tmp_path / "again.jsonl"
    run([str(src)], out, Settings())
    assert outputs[0] == outputs[1] == out.read_bytes()


def test_no_pickle_or_code_execution_from_swappable_paths():
    """Learned state is JSON/NPZ/msgpack: nothing in the pipeline unpickles or evaluates."""
    pattern = re.compile(r"\bimport pickle\b|\bpickle\.loads?\(|\bjoblib\.load\(|\bmarshal\.loads?\(|"
                         r"allow_pickle\s*=\s*True|\beval\(|\bexec\(|\btorch\.load\(|yaml\.load\(|shell\s*=\s*True")
    hits = []
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and not line.lstrip().startswith("#"):
                hits.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert hits == []


def test_hostile_ids_never_become_paths(tmp_path):
    """The annotate run writes exactly one file, whatever the ids say."""
    path = tmp_path / "in" / "x.jsonl"
    path.parent.mkdir()
    ids = ["../../escape", "/abs/path", "a/../../b", "C:\\\\win", "con", "x\n y", ""]
    path.write_text("".join(json.dumps({"id": i, "text": "王委员建议"}) + "\n" for i in ids), encoding="utf-8")
    out_dir = tmp_path / "out"
    run([str(path)], out_dir / "o.jsonl", Settings())
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["o.jsonl", "x.jsonl"]
    assert [r["id"] for r in _records(out_dir / "o.jsonl")] == ids


def test_reference_validator_accepts_messy_output(tmp_path):
    shared = Path(os.environ.get("ZHMEET_SHARED", ROOT.parent / "shared"))
    validator = shared / "tools" / "validate_jsonl.py"
    if not validator.exists():
        pytest.skip("no reference validator at ../shared/tools")
    _messy_folder(tmp_path / "in")
    out = tmp_path / "o.jsonl"
    run([str(tmp_path / "in")], out, Settings(max_chars=1000))
    result = subprocess.run([sys.executable, str(validator), str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "bad=0" in result.stdout + result.stderr


def test_the_run_limit_not_spacys_applies_to_long_texts():
    """spaCy refuses texts over 1 M characters unless told otherwise: the pipeline accepts every text the
    run's --max-chars lets through."""
    from pipeline.io import DEFAULT_MAX_CHARS
    from pipeline.nlp import load

    assert load().max_length >= DEFAULT_MAX_CHARS
