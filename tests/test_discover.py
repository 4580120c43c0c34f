"""Theme discovery: k chosen by silhouette on a synthetic corpus, labels from top terms, CLI output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.discover import discover
from pipeline.stages.themes import load_theme_file

ROOT = Path(__file__).resolve().parents[1]

GROUPS = {
    "养老": ["养老服务", "老年人", "护理员", "养老机构", "居家养老", "助餐", "照护"],
    "海洋": ["海洋牧场", "港口", "渔业", "海上风电", "航运", "岸线", "海水养殖"],
    "教育": ["学校", "教师", "学生", "课程", "职业教育", "乡村教师", "课后服务"],
}
VERBS = ["推动", "加快", "完善", "支持", "建立"]


def synthetic(n_per_group: int = 8) -> tuple[list[str], list[int]]:
    texts, truth = [], []
    for g, (_, words) in enumerate(GROUPS.items()):
        for i in range(n_per_group):
            w = [words[(i + j) % len(words)] for j in range(4)]
            texts.append(f"{VERBS[i % 5]}{w[0]}和{w[1]}建设，提升{w[2]}质量，加强{w[3]}保障。")
            truth.append(g)
    return texts, truth


def test_discovery_chooses_k_and_recovers_groups():
    texts, truth = synthetic()
    result = discover(texts, k_max=6)
    assert result.k == 3
    assert result.silhouettes[3] == max(result.silhouettes.values())
    # each discovered cluster is one synthetic group
    for c in range(3):
        members = {truth[i] for i, lab in enumerate(result.labels) if lab == c}
        assert len(members) == 1


def test_discovery_labels_by_top_terms_and_is_deterministic():
    texts, _ = synthetic()
    a, b = discover(texts, k_max=5), discover(list(texts), k_max=5)
    assert a.labels == b.labels and a.themes == b.themes
    words = {w for ws in GROUPS.values() for w in ws}
    for theme in a.themes:
        assert theme["top_terms"] and any(t in words for t in theme["top_terms"][:3])
        assert theme["name"]


def test_fixed_k():
    texts, _ = synthetic()
    assert discover(texts, k=2).k == 2


def test_too_few_texts():
    with pytest.raises(ValueError):
        discover(["只有一句"])


def test_cli_output_is_a_themes_file(tmp_path):
    texts, _ = synthetic()
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"d{i}", "text": f"张{i}委员建议，{t}\n"}, ensure_ascii=False) + "\n"
                              for i, t in enumerate(texts)), encoding="utf-8")
    out = tmp_path / "themes.json"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "themes", str(corpus), "--k-max", "5", "-o", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["k"] == 3
    assert len(load_theme_file(out)) == 3


def test_background_command_writes_document_frequencies(tmp_path):
    ud = tmp_path / "shared" / "data" / "ud"
    ud.mkdir(parents=True)
    sentences = ["数字经济发展很快。", "数字经济是新动能。", "养老服务需要人才。"]
    ud.joinpath("zh_gsdsimp-ud-dev.conllu").write_text(
        "".join(f"# sent_id = {i}\n# text = {s}\n1\t{s}\t_\t_\t_\t_\t0\troot\t_\t_\n\n"
                for i, s in enumerate(sentences)), encoding="utf-8")
    out = tmp_path / "bg.json"
    subprocess.run([sys.executable, "-m", "pipeline.discover", "background", "--shared", str(tmp_path / "shared"),
                    "-o", str(out)], check=True, cwd=ROOT, capture_output=True)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["n_docs"] == 3 and data["min_df"] == 2 and "CC BY-SA" in data["licence"]
    assert data["chars"]["数字经"] == 2 and data["chars"]["。"] == 3
    assert any("数字" in w and n == 2 for w, n in data["words"].items())
    assert "养老" not in data["chars"]  # seen in one unit only: pruned
