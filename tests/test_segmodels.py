"""Tests for pipeline.segmodels: CoNLL-U reading, scoring, and a tiny pkuseg model trained, loaded and saved.

The real model is never trained here (that is `make models`); a fake shared folder with a dozen sentences
exercises the same code paths in a few seconds.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline import segmodels as sm  # noqa: E402

SAMPLE = """\
# sent_id = s1
# text = 我们支持科技创新。
1\t我们\t我们\tPRON\t_\t_\t2\tnsubj\t_\tSpaceAfter=No
2\t支持\t支持\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No
3\t科技\t科技\tNOUN\t_\t_\t4\tcompound\t_\tSpaceAfter=No
4\t创新\t创新\tNOUN\t_\t_\t2\tobj\t_\tSpaceAfter=No
5\t。\t。\tPUNCT\t_\t_\t2\tpunct\t_\tSpaceAfter=No

# sent_id = s2
1-2\t他们的\t_\t_\t_\t_\t_\t_\t_\t_
1\t他们\t他们\tPRON\t_\t_\t3\tnmod\t_\tSpaceAfter=No
2\t的\t的\tPART\t_\t_\t1\tcase\t_\t_
2.1\t有\t有\tVERB\t_\t_\t_\t_\t_\t_
3\tAI\tAI\tNOUN\t_\t_\t0\troot\t_\tSpaceAfter=No
"""

# Sentences for the fake treebanks: GSD-like dev, PUD, and traditional HK (converted to simplified in training).
GSD_WORDS = [
    ["我们", "支持", "科技", "创新", "。"],
    ["政府", "加快", "数字化", "转型", "。"],
    ["企业", "加大", "科技", "投入", "。"],
    ["委员", "建议", "优化", "产业", "结构", "。"],
    ["我们", "要", "强化", "资源", "保障", "。"],
    ["他", "在", "会议", "上", "发言", "。"],
]
PUD_WORDS = [
    ["这", "是", "一", "个", "问题", "。"],
    ["研究", "人员", "发现", "了", "新", "方法", "。"],
    ["会议", "讨论", "了", "产业", "发展", "。"],
]
HK_WORDS = [
    ["我們", "支持", "這個", "建議", "。"],
    ["政府", "會", "加強", "資源", "保障", "。"],
]
TEST_WORDS = [
    ["我们", "支持", "产业", "转型", "。"],
    ["委员", "发言", "支持", "科技", "创新", "。"],
]


def conllu(sentences: list[list[str]]) -> str:
    blocks = []
    for i, words in enumerate(sentences, 1):
        rows = [f"# sent_id = {i}", f"# text = {''.join(words)}"]
        rows += [f"{j}\t{w}\t{w}\tX\t_\t_\t0\tdep\t_\tSpaceAfter=No" for j, w in enumerate(words, 1)]
        blocks.append("\n".join(rows) + "\n")
    return "\n".join(blocks) + "\n"


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("shared")
    ud = root / "data" / "ud"
    th = root / "data" / "thuocl"
    ud.mkdir(parents=True)
    th.mkdir(parents=True)
    (ud / sm.GSD_DEV_FILE).write_text(conllu(GSD_WORDS), encoding="utf-8")
    (ud / sm.PUD_FILE).write_text(conllu(PUD_WORDS), encoding="utf-8")
    (ud / sm.HK_FILE).write_text(conllu(HK_WORDS), encoding="utf-8")
    (ud / sm.TEST_FILE).write_text(conllu(TEST_WORDS), encoding="utf-8")
    for name in ("GSDSimp", "PUD", "HK"):
        (ud / f"LICENSE-{name}.txt").write_text(f"CC BY-SA ({name})\n", encoding="utf-8")
    (th / "LICENSE").write_text("MIT License (THUOCL)\n", encoding="utf-8")
    # BOM and CR line ends as in THUOCL_diming, a malformed frequency, a low-frequency word.
    (th / "THUOCL_a.txt").write_bytes("\ufeff杨洋\t5000\r社会团体\t9000\r长尾词\t3\r".encode())
    (th / "THUOCL_b.txt").write_text("坚定不移 \t 3?\nAI芯片\t99999\n产业结构\t8000\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def policy_terms(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("lex") / "policy_terms.tsv"
    path.write_text("term\tsource\n新质生产力\ttest\n科技创新\ttest\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, shared, policy_terms) -> Path:
    out = tmp_path_factory.mktemp("model") / "pkuseg"
    sm.train_pkuseg(
        out, iterations=2, shared=shared, policy_terms=policy_terms, known_words=set(), verbose=False
    )
    return out


# ---------------------------------------------------------------------------------------------------------


def test_parse_conllu_skips_ranges_and_empty_nodes():
    sents = sm.parse_conllu(SAMPLE.splitlines(keepends=True))
    assert [s.sent_id for s in sents] == ["s1", "s2"]
    assert sents[0].text == "我们支持科技创新。"
    assert sents[0].words == ("我们", "支持", "科技", "创新", "。")
    # No "# text": rebuilt from SpaceAfter; the range 1-2 and the empty node 2.1 are not words.
    assert sents[1].words == ("他们", "的", "AI")
    assert sents[1].text == "他们的 AI"


def test_read_conllu_real_file_shape(shared):
    sents = sm.read_conllu(shared / "data" / "ud" / sm.TEST_FILE)
    assert len(sents) == len(TEST_WORDS)
    assert all("".join(s.words) == s.text for s in sents)


def test_word_spans_skip_whitespace_and_reject_mismatch():
    assert sm.word_spans(["AI", " ", "技术"], "AI 技术") == [(0, 2), (3, 5)]
    assert sm.word_spans(["AI", "技术"], "AI 技术") == [(0, 2), (3, 5)]
    with pytest.raises(ValueError):
        sm.word_spans(["中国", "人"], "中国民")


def test_prf_arithmetic():
    gold = [sm.Sentence("中国人民很好", ("中国", "人民", "很", "好"))]
    counts = sm.score_segmentation(gold, [["中国人民", "很", "好"]])
    assert (counts.tp, counts.pred, counts.gold) == (2, 3, 4)
    assert counts.precision == pytest.approx(2 / 3)
    assert counts.recall == pytest.approx(1 / 2)
    assert counts.f1 == pytest.approx(4 / 7)
    perfect = sm.score_segmentation(gold, [["中国", "人民", "很", "好"]])
    assert perfect.f1 == 1.0
    assert sm.Counts().f1 == 0.0
    with pytest.raises(ValueError):
        sm.score_segmentation(gold, [])


def test_read_thuocl_copes_with_bom_cr_and_bad_frequencies(shared):
    entries = dict(sm.read_thuocl(shared / "data" / "thuocl"))
    assert entries["杨洋"] == 5000
    assert entries["坚定不移"] == 3
    assert entries["长尾词"] == 3
    assert "\ufeff杨洋" not in entries


def test_read_policy_terms_absent_and_header(tmp_path, policy_terms):
    assert sm.read_policy_terms(tmp_path / "missing.tsv") == []
    assert sm.read_policy_terms(policy_terms) == ["新质生产力", "科技创新"]


def test_build_user_dict_filters_thuocl_but_keeps_domain_terms():
    train = [sm.Sentence("产业结构", ("产业", "结构"))]
    thuocl = [("杨洋", 5000), ("社会团体", 9000), ("长尾词", 3), ("AI芯片", 99999), ("产业结构", 8000)]
    ud = sm.build_user_dict(
        train, thuocl, ["科技创新", "新质生产力"], min_freq=1000, known_words={"社会", "团体"}
    )
    # 社会团体 is composable, 产业结构 is split in the treebank, 长尾词 is rare, AI芯片 is not all Han;
    # the domain term 科技创新 stays although it is composable.
    assert ud.words == ["新质生产力", "杨洋", "科技创新"]
    assert ud.stats["thuocl_kept"] == 1
    assert ud.stats["domain_terms"] == 2


def test_training_lines_refuse_the_test_set():
    corpus = sm.Corpus(name=sm.TEST_FILE, sentences=[sm.Sentence("一", ("一",))])
    with pytest.raises(ValueError, match="test set"):
        sm.training_lines([corpus])


def test_to_simplified_keeps_boundaries():
    (sent,) = sm.to_simplified([sm.Sentence("我們支持這個", ("我們", "支持", "這個"))])
    assert sent.words == ("我们", "支持", "这个")
    assert sent.text == "我们支持这个"


# ---------------------------------------------------------------------------------------------------------


def test_trained_model_files_and_manifest(model_dir):
    manifest = json.loads((model_dir / sm.MANIFEST).read_text(encoding="utf-8"))
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((model_dir / name).read_bytes()).hexdigest() == digest
    for name in (
        "features.msgpack",
        "weights.npz",
        "user_dict.txt",
        "LICENSE-DATA.md",
        "LICENSE-THUOCL.txt",
        "LICENSE-GSDSimp.txt",
        "LICENSE-PUD.txt",
        "LICENSE-HK.txt",
    ):
        assert name in manifest["files"]
    training = manifest["training"]
    assert training["iterations"] == 2
    assert [d["file"] for d in training["data"]] == [sm.GSD_DEV_FILE, sm.PUD_FILE, sm.HK_FILE]
    assert training["held_out"] == sm.TEST_FILE
    assert manifest["training"]["data"][2]["conversion"] == "opencc t2s"
    licence = (model_dir / "LICENSE-DATA.md").read_text(encoding="utf-8")
    assert "CC BY-SA" in licence and "MIT" in licence
    words = sm.read_user_dict(model_dir / sm.USER_DICT)
    assert "新质生产力" in words and "杨洋" in words and "长尾词" not in words


def test_training_is_deterministic(tmp_path, shared, policy_terms, model_dir):
    again = tmp_path / "again"
    sm.train_pkuseg(
        again, iterations=2, shared=shared, policy_terms=policy_terms, known_words=set(), verbose=False
    )
    first = json.loads((model_dir / sm.MANIFEST).read_text(encoding="utf-8"))
    second = json.loads((again / sm.MANIFEST).read_text(encoding="utf-8"))
    assert first["files"] == second["files"]


def test_too_little_training_data(tmp_path):
    corpus = sm.Corpus(name="tiny", sentences=[sm.Sentence("我们", ("我们",))])
    with pytest.raises(ValueError, match="at least"):
        sm.train_pkuseg(tmp_path / "m", 1, corpora=[corpus], shared=tmp_path, verbose=False)


def test_load_through_spacy(model_dir):
    import spacy

    nlp = spacy.blank("zh")
    nlp.tokenizer = sm.load_pkuseg_tokenizer(nlp, model_dir)
    text = "委员支持新质生产力。\n我们 加快转型"
    doc = nlp(text)
    assert doc.text == text
    words = [t.text for t in doc if not t.is_space]
    assert "".join(words) == text.replace("\n", "").replace(" ", "")
    assert "新质生产力" in words  # the user dictionary forces the domain term
    assert nlp.tokenizer.pkuseg_seg.postprocesser.do_process is False

    plain = sm.load_pkuseg_tokenizer(nlp, model_dir, user_dict=False)
    assert "".join(t.text for t in plain("新质生产力")) == "新质生产力"


def test_tokenizer_to_disk_from_disk_round_trip(tmp_path, model_dir):
    import spacy
    from spacy.lang.zh import ChineseTokenizer

    nlp = spacy.blank("zh")
    tokenizer = sm.load_pkuseg_tokenizer(nlp, model_dir)
    tokenizer.to_disk(tmp_path / "tok")
    restored = ChineseTokenizer(nlp.vocab, segmenter="pkuseg")
    restored.from_disk(tmp_path / "tok")
    for text in ["委员支持新质生产力。", "我们要强化资源保障，加快数字化转型。", "杨洋在会议上发言"]:
        assert [t.text for t in restored(text)] == [t.text for t in tokenizer(text)]
    assert restored.pkuseg_seg.postprocesser.do_process is False


def test_pipeline_to_disk_and_spacy_load(tmp_path, model_dir):
    import spacy

    nlp = sm.pkuseg_nlp(model_dir)
    nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    text = "委员支持新质生产力，加快数字化转型。"
    assert [t.text for t in loaded(text)] == [t.text for t in nlp(text)]


def test_missing_model_says_make_models(tmp_path):
    import spacy

    nlp = spacy.blank("zh")
    with pytest.raises(FileNotFoundError, match="make models") as info:
        sm.load_pkuseg_tokenizer(nlp, tmp_path / "no-model")
    assert isinstance(info.value, sm.ModelNotFoundError)
    with pytest.raises(FileNotFoundError):
        sm.load_pkuseg_tokenizer(nlp, tmp_path / "no-model", user_dict=tmp_path / "nope.txt")


def test_cli_eval_without_model_fails_cleanly(tmp_path, capsys):
    assert sm.main(["eval", "--model", str(tmp_path / "none"), "--out", str(tmp_path / "e.json")]) == 1
    assert "make models" in capsys.readouterr().err


def test_jieba_tokenizer_with_user_words():
    tokenizer = sm.jieba_tokenizer(["新质生产力"])
    assert "新质生产力" in list(tokenizer.cut("发展新质生产力"))


def test_evaluate_segmentation_writes_table_and_json(tmp_path, shared, model_dir, capsys):
    out = tmp_path / "eval_seg.json"
    result = sm.evaluate_segmentation(model_dir, shared / "data" / "ud" / sm.TEST_FILE, out, repeats=1)
    names = [r["segmenter"] for r in result["results"]]
    assert names == ["jieba", "jieba + user dict", "pkuseg (ours)", "pkuseg (ours) + user dict"]
    for row in result["results"]:
        assert 0.0 <= row["f1"] <= 1.0
        assert row["gold_words"] == sum(len(w) for w in TEST_WORDS)
        assert row["chars_per_s"] > 0
    assert json.loads(out.read_text(encoding="utf-8")) == result
    table = capsys.readouterr().out
    assert "pkuseg (ours)" in table and "F1" in table


def test_meeting_pipeline_runs_on_our_pkuseg_model(tmp_path, model_dir):
    """`--segmenter pkuseg`: the whole pipeline on a models/ folder whose pkuseg/ is our trained model."""
    import shutil

    from pipeline.nlp import build
    from pipeline.resources import DEFAULT_MODELS_DIR

    models = tmp_path / "models"
    shutil.copytree(DEFAULT_MODELS_DIR, models, ignore=shutil.ignore_patterns("pkuseg"))
    shutil.copytree(model_dir, models / "pkuseg")
    nlp = build(segmenter="pkuseg", models=str(models))
    text = "省政协委员、厦门大学教授林海峰建议，加快建设海洋经济示范区。"
    doc = nlp(text)
    assert doc.text == text
    assert [s.name for s in doc._.speakers] == ["林海峰"]
    assert nlp.tokenizer.segmenter._seg.postprocesser.do_process is False


def test_meeting_pipeline_without_pkuseg_model_says_make_models(tmp_path):

    (tmp_path / "models").mkdir()
    with pytest.raises(FileNotFoundError, match="make models"):
        from pipeline.stages.segment import PkusegSegmenter

        PkusegSegmenter(tmp_path / "models" / "pkuseg", []).cut("测试")
