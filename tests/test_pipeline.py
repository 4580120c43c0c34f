"""End to end: the corpus through the command line, the contract's invariants, the seed's quality."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import CORPUS, ROOT, SEED, SHARED, check_invariants

import pipeline


def test_every_corpus_document_has_one_valid_record(corpus_records):
    records, _ = corpus_records
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".md") and not p.name.startswith("README."))
    assert len(records) == len(files)
    assert [r["id"] for r in records] == sorted(p.relative_to(CORPUS).as_posix() for p in files)
    for rec in records:
        assert "error" not in rec, rec.get("error")
        check_invariants(rec)


def test_reference_validator_agrees(corpus_records):
    _, out = corpus_records
    validator = SHARED / "tools" / "validate_jsonl.py"
    if not validator.exists():
        pytest.skip("../shared/tools is not beside the project")
    result = subprocess.run([sys.executable, str(validator), str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_seed_speakers_titles_and_organisations(corpus_records):
    records, _ = corpus_records
    seed = next(r for r in records if r["id"] == SEED.name)
    speakers = {s["name"]: s for s in seed["speakers"]}
    assert len(speakers) == 10
    assert speakers["陈曦"]["titles"] == ["省政协常委", "省工商联党组书记"]
    assert speakers["陈曦"]["organisation"] == "省工商联"
    assert speakers["陈敬辉"]["organisation"] is None  # a seat in the 政协 is not an organisation spoken for
    assert "郑雨萱" not in speakers  # reporters are persons, not speakers
    assert "习近平" not in speakers  # quoted from another occasion
    assert seed["themes"] == ["优化产业结构", "加大科技创新力度", "加快数字化转型", "强化资源要素保障"]


def test_page_break_items_are_rejoined(corpus_records):
    records, _ = corpus_records
    seed = next(r for r in records if r["id"] == SEED.name)
    texts = [p["text"] for p in seed["proposals"]]
    assert any(t.startswith("二、完善产业链条") and "与锂电产业耦合" in t for t in texts)
    assert not any(t.startswith("与锂电产业耦合") for t in texts)


def test_annotate_text_matches_the_command_line(corpus_records):
    records, _ = corpus_records
    seed = next(r for r in records if r["id"] == SEED.name)
    rec = pipeline.annotate_text(SEED.read_text(encoding="utf-8"), doc_id=SEED.name)
    for key in ("tokens", "spans", "speakers", "themes", "proposals", "sentences"):
        assert rec[key] == seed[key]


def test_notebook_api(nlp):
    doc = nlp("省政协委员、厦门大学教授林海峰建议，加快建设海洋经济示范区，推动海上风电产业发展。")
    assert doc.text.startswith("省政协委员")
    labels = {(s.text, s.label_) for s in doc.spans["sc"]}
    assert ("林海峰", "PERSON") in labels
    assert ("海上风电", "POLICY") in labels
    assert [s.name for s in doc._.speakers] == ["林海峰"]
    assert doc._.proposals and doc._.proposals[0].speaker == "林海峰"
    assert doc._.proposals[0].theme in doc._.themes


def test_output_is_byte_identical_across_runs(tmp_path):
    from pipeline.__main__ import main

    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert main(["annotate", str(SEED), "-o", str(a)]) == 0
    assert main(["annotate", str(SEED), "-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert json.loads(a.read_text(encoding="utf-8"))["id"] == SEED.name


def test_custom_default_themes_file(tmp_path):
    from pipeline.__main__ import main

    themes = tmp_path / "themes.json"
    themes.write_text(json.dumps({"themes": [{"name": "海洋经济", "description": "海洋 港口 渔业"},
                                             {"name": "乡村振兴", "description": "乡村 农业 农民"}]},
                                 ensure_ascii=False), encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("市政协委员王建国建议，支持渔业港口升级改造。", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["annotate", str(doc), "-o", str(out), "--themes", str(themes)]) == 0
    rec = json.loads(out.read_text(encoding="utf-8"))
    assert rec["themes"] == ["海洋经济", "乡村振兴"]
    assert rec["proposals"][0]["theme"] == "海洋经济"


def test_bad_arguments_exit_2(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pipeline", "annotate", str(tmp_path / "missing.txt"),
                             "-o", str(tmp_path / "o.jsonl")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert "input not found" in result.stderr
    assert "Traceback" not in result.stderr
