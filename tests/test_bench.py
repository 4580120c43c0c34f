"""Issue 5 (speed): the fast paths give exactly what the plain code they replace gives, and the bench
table renders. No timing here: `make bench` measures."""

from __future__ import annotations

import pickle
import random

from spacy.tokens import Doc

from pipeline.bench import _prefix, table
from pipeline.chinese import _converter, _fast_tables, has_traditional, to_simplified
from pipeline.stages.entities import _heading_matches, build_rules
from pipeline.stages.segment import words_and_spaces


def _to_simplified_plain(text: str) -> str:
    """to_simplified as it was: OpenCC's own convert per line, a character at a time where the length
    would change."""
    conv = _converter()
    out = []
    for line in text.split("\n"):
        converted = conv.convert(line) if has_traditional(line) else line
        if len(converted) != len(line):
            converted = "".join(c if len(c := conv.convert(ch)) == 1 else ch for ch in line)
        out.append(converted)
    return "\n".join(out)


def test_to_simplified_same_as_opencc():
    tables = _fast_tables()
    assert tables is not None  # opencc-python-reimplemented's t2s: the fast path is the one in use
    phrases, _first, _lengths, full, _single = tables
    keys, chars = sorted(phrases), sorted(chr(c) for c in full)
    rng = random.Random(5)
    pieces = [" ", "，", "\n", "。", "-", "\u3000", "“", "、", "的", "是", "政府", "会议"]
    texts = ["臺灣省政協委員說，乾隆年間的答覆。", "情有獨鍾\n\n老態龍鍾 鍾繇", "祇是主持今天這項主席選舉", ""]
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(1, 12)):
            r = rng.random()
            parts.append(rng.choice(keys) if r < 0.35 else rng.choice(chars) if r < 0.6 else rng.choice(pieces))
        texts.append("".join(parts))
    for text in texts:
        assert to_simplified(text) == _to_simplified_plain(text), text
        assert len(to_simplified(text)) == len(text)


def test_heading_matches_same_as_finditer():
    rules = build_rules(None)
    rng = random.Random(1)
    pieces = ["\n", "\n\n", " ", "　", "#", "**", "## ", "市政协委员", "、", "主任", "委员", "张三", "李明华", "王",
              "发言摘编", "讲话", "我们要", "。", "*", "\t", "\r", "代表", " 陈敬辉", "政协常委"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        expected = [(m.span(), m.groupdict()) for m in rules.heading_re.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in _heading_matches(text, rules)] == expected, text


def _words_and_spaces_plain(text, pieces):
    words, spaces, pos, n = [], [], 0, len(text)
    for piece in pieces:
        if not piece:
            continue
        if pos + len(piece) > n:
            break
        if piece == " " and words and not spaces[-1] and not words[-1].isspace():
            spaces[-1] = True
        else:
            words.append(text[pos:pos + len(piece)])
            spaces.append(False)
        pos += len(piece)
    if pos < n:
        words.append(text[pos:])
        spaces.append(False)
    return words, spaces


def test_words_and_spaces_same_as_loop():
    rng = random.Random(7)
    alpha = [" ", "  ", "\n", "\t", "a", "bc", "", "政协", "\u3000", " x"]
    for _ in range(20000):
        pieces = [rng.choice(alpha) for _ in range(rng.randint(0, 10))]
        text = "".join(pieces)
        if rng.random() < 0.1:
            text = text[:rng.randint(0, len(text))] + rng.choice(["", "z"])
        elif rng.random() < 0.5:  # pieces of an analysis copy: some characters differ from the text's
            text = "".join(rng.choice("臺灣 x\n😀") if rng.random() < 0.3 else c for c in text)
        assert words_and_spaces(text, pieces) == _words_and_spaces_plain(text, pieces), (text, pieces)


def test_doc_text_is_kept_and_exact(nlp):
    for text in ["", " \n\n\t ", "张委员说：\ud800建议加快发展。", "hello  world\u3000一、加快数字化转型。 \n",
                 "臺灣  省 政協\n委員", "市政协委员张三说，要加快发展。"]:
        doc = nlp(text)
        assert doc.text == Doc.text.__get__(doc)  # the kept text is what joining the tokens gives
        assert pickle.loads(pickle.dumps(doc)).text == doc.text


def test_table_renders():
    run = {"corpus": "full", "mb": 1.0, "docs": 2, "workers": 1, "jieba_s": 1.0, "pipeline_s": 2.0,
           "ratio_vs_jieba": 0.5, "pipeline_s_per_mb": 2.0, "peak_rss_mb": 100.0}
    results = {"runs": [run], "speedup_2_workers": 1.8, "w1_w2_identical": True, "cpus": 2,
               "stage_sample_chars": 1000, "stage_sample_jieba_s": 0.5,
               "stages": {"tokenizer": {"seconds": 0.1, "share": 0.5}}}
    out = table(results)
    assert "| full | 1.0 | 2 | 1 | 1.0 | 2.0 | 0.50x |" in out and "1.80x" in out
    assert _prefix(["ab", "cd", "ef"], 3) == ["ab", "cd"]


def test_guarded_entity_regexes_same_as_plain():
    """policy_re, byline_re and suffix_org_re open with (or test first) one-class guards: the same matches
    as the plain patterns (the trie alone, no guard; one lookbehind per lead-word length)."""
    import re

    from pipeline.resources import HAN, alternation, models_dir, read_words
    from pipeline.stages.entities import BOUNDARY_CHARS

    rules = build_rules(None)
    lex = rules.lex
    lead = sorted(set(read_words(models_dir(None) / "lexicons" / "org_lead_words.txt")))
    by_len: dict[int, list[str]] = {}
    for w in lead:
        by_len.setdefault(len(w), []).append(w)
    lead_words = "|".join(f"(?<={alternation(ws)})" for _n, ws in sorted(by_len.items()))
    plain = {
        "policy_re": re.compile(alternation(lex.policy_terms)),
        "byline_re": re.compile(rules.byline_re.pattern[rules.byline_re.pattern.index("])") + 2:]),
        "suffix_org_re": re.compile(
            rf"(?:(?<=[{re.escape(BOUNDARY_CHARS)}])|^|{lead_words})(?P<org>[{HAN}A-Za-z0-9]{{2,16}}?"
            rf"(?:{alternation(lex.org_suffixes)})(?:[（(][{HAN}]{{2,4}}[）)])?)", re.M),
    }
    assert plain["byline_re"].pattern.startswith("(?:本报")
    rng = random.Random(11)
    words = (list(lex.policy_terms[:400]) + list(lex.org_suffixes) + lead + list(lex.places[:100])
             + ["记者", "本报记者", "通讯员", "张三", "李明华", "实习生", "摄", "新华社", "见习记者"])
    pieces = ["，", "。", "\n", " ", "、", "（", "）", "(", "的", "是", "发展", "a", "1", "“", "”", "策"]
    for _ in range(3000):
        text = "".join(rng.choice(words) if rng.random() < 0.5 else rng.choice(pieces)
                       for _ in range(rng.randint(1, 30)))
        if rng.random() < 0.3:  # also cut words apart
            text = text[rng.randint(0, 3):]
        for name, regex in plain.items():
            got = [(m.span(), m.groupdict()) for m in getattr(rules, name).finditer(text)]
            assert got == [(m.span(), m.groupdict()) for m in regex.finditer(text)], (name, text)


def test_twin_scans_same_as_their_patterns():
    """The name and organisation patterns found from what stands before them (TwinScan): the same matches as
    the patterns themselves."""
    from pipeline.stages.entities import TwinScan

    rules = build_rules(None)
    scans = {name: getattr(rules, name) for name in ("bare_name_re", "name_comma_titles_re", "post_title_name_re",
                                                     "name_seat_re", "suffix_org_re")}
    assert all(isinstance(scan, TwinScan) for scan in scans.values())
    rng = random.Random(5)
    words = ["张文远", "李华", "欧阳明", "王", "李", "说", "表示", "建议", "教授", "律师", "省政协委员", "福建师范大学教授",
             "委员", "的", "和", "与", "、", "，", ",", "。", "\n", "：", "”", "」", "！", " ", "甲", "发展", "a",
             "代表", "常委", "认为", "及", "推动", "依托", "有限公司", "协会", "大学", "（集团）", "（", "）", "福建", "在"]
    texts = ["张文远说", "\n李华表示", "会上，李华，省政协委员、福建师范大学教授，建议", "医院的李华教授。", ""]
    texts += ["李华代表认为", "推动福建协会（集团）和福建大学", "依托福建大学"]
    texts += ["".join(rng.choice(words) for _ in range(rng.randint(0, 25))) for _ in range(5000)]
    for text in texts:
        for name, scan in scans.items():
            got = [(m.span(), m.groupdict()) for m in scan.finditer(text)]
            assert got == [(m.span(), m.groupdict()) for m in scan.regex.finditer(text)], (name, text)
    assert [m.group("name") for m in scans["bare_name_re"].finditer("张文远说，李华表示")] == ["张文远", "李华"]


def test_marker_matches_same_as_finditer():
    from pipeline.stages.proposals import MARKERS, marker_matches

    rng = random.Random(7)
    pieces = list("一二三十两第（()）1２3、是要，,。；;：:\n \t\u3000们.．①⑳甲乙“") + ["一、", "（一）", "1.", "第一，", "十一、",
                                                                     "建议", "提出", "呼吁", "2024.", "一二三四、"]
    texts = ["一、加强\n二、推进", "建议：（一）完善；（二）健全", "  1. 甲\n 2．乙", ""]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(20000)]
    for text in texts:
        for style, regex in MARKERS:
            want = [(m.span(), m.groupdict()) for m in regex.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in marker_matches(style, regex, text)] == want, (style, text)


def test_short_forms_same_as_regex():
    from pipeline.stages.speakers import _short_form_re, short_form_match, short_form_spans

    rng = random.Random(11)
    pieces = ["王", "李", "常", "委员", "常委", "代表", "总", "主任", "对", "向", "甲", "，", " ", "\n", "a", "。"]
    texts = ["王委员说，对王总讲", "常常委", "李王委员", ""]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(5000)]
    for text in texts:
        for surname in ("王", "常", "向"):
            regex = _short_form_re(surname)
            assert short_form_spans(text, surname) == [m.span() for m in regex.finditer(text)]
            for pos in range(len(text) + 1):
                want, got = regex.match(text, pos), short_form_match(text, surname, pos)
                assert (got.group(0), got.end()) == (want.group(0), want.end()) if want else got is None


def test_term_space_fit_transform_same_as_two_steps():
    import numpy as np

    from pipeline.stages.themes import Background, TermSpace, load_background

    rng = random.Random(3)
    pieces = ["建设", "工业", "互联网", "平台", "人才", " ", "  ", "\n", "Ab", "İ", "，", "\x00", "😀", "建", "设",
              "\r\n", "\U00020000", "\t"]  # (no lone surrogates: the analysis text has none)
    texts = ["建设工业互联网平台 建设", "人才 培养 引进，人才公寓", "", "  Data  平台 ", "建设工业互联网平台 建设"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(60)]
    cases = [(load_background(), lf, texts[i:i + w]) for lf in (False, True) for i, w in ((0, 5), (5, 30), (35, 30),
                                                                                         (2, 0), (2, 1))]
    cases.append((Background(10, {"建设": 3}, {"建": 2, "平台": 1, "设工": 4, "\x00": 1}), False, texts))
    cases.append((Background(10, {}, {}), True, texts))
    # 60000 distinct characters: too many to pack an n-gram's rank number with its position in an int64,
    # so _char_grams takes its stable-argsort path
    many = "".join(map(chr, range(0x4E00, 0x9FFF))) + "".join(map(chr, range(0x20000, 0x20000 + 39000)))
    cases.append((Background(10, {}, {}), False, [many, "建设", many[::-1]]))
    for bg, local_df, units in cases:
        a = TermSpace(bg, local_df=local_df)
        b = TermSpace(bg, local_df=local_df)
        fast = a.fit_transform(units)
        plain = b.fit(units).transform(units)
        assert a.vocab_ == b.vocab_
        assert all(np.array_equal(x, y) for x, y in zip(a.idf_, b.idf_, strict=True))
        assert fast.tobytes() == plain.tobytes()
        # the Gram path: its dot products, with the first texts' character n-grams counted once and kept, as
        # the seeds' are
        known: dict = {}
        for n_fixed in (0, 1, 2, len(units)):
            for _ in range(2):  # counted, then read back
                c = TermSpace(bg, local_df=local_df, known_grams=known)
                assert np.allclose(c.fit_gram(units, n_fixed), plain @ plain.T, rtol=1e-12, atol=1e-12)
                assert sorted(c.vocab_[1]) == sorted(b.vocab_[1]) and c.vocab_[0] == b.vocab_[0]


def test_bucketed_alternation_same_as_trie():
    """_alternation (the trie's first-character branches grouped behind class lookaheads) matches what
    alternation matches, alone and inside a longer pattern that backtracks into it."""
    import re

    from pipeline.resources import alternation
    from pipeline.stages.entities import _alternation

    lex = build_rules(None).lex
    rng = random.Random(3)
    for words in (list(lex.places) + list(lex.provinces), list(lex.policy_terms), list(lex.surnames)):
        assert _alternation(words) != alternation(words)  # grouped: more first characters than one group
        for tail in ("", "(?:政府|委员会|人大)", "[一-龥]{1,2}"):
            plain, grouped = re.compile(alternation(words) + tail), re.compile(_alternation(words) + tail)
            sample = rng.sample(words, min(300, len(words))) + ["政府", "委员会", "人大", "，", "的", "a"]
            for _ in range(300):
                text = "".join(rng.choice(sample) for _ in range(rng.randint(1, 12)))
                text = text[rng.randint(0, 2):]
                assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_theme_prefilters_and_word_test_same_as_plain():
    import re

    from pipeline.stages import themes

    rng = random.Random(9)
    pieces = ["主题", "议题", "专题", "方面", "分别", "就", "围绕", "三个", "两大", "等", "为", "：", ":", "\n", " ",
              "包括", "如下", "（一）", "一、", "加强", "数字经济", "、", "和", "，", "。", "进行讨论", "个", "3"]
    texts = ["会议围绕数字经济、人才培养和乡村振兴三个主题进行讨论。", "议题如下：\n（一）甲乙丙\n（二）丁戊己\n"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(4000)]
    for text in texts:
        for name, needs in themes.STATED_NEEDS.items():
            if not needs.search(text):
                assert getattr(themes, name).search(text) is None, (name, text)
    words = ["", " ", "，", "。。", "a", "数字", "\u3000", "_", "x1", "！a", "——"] * 2
    assert themes._words("", cut=lambda _t: iter(words)) == \
        [w for w in words if w.strip() and not re.fullmatch(r"\W+", w)]


def test_occurrences_same_as_finditer():
    import re

    from pipeline.stages.entities import _occurrences

    rng = random.Random(9)
    for _ in range(5000):
        text = "".join(rng.choice("安踏集团aa") for _ in range(rng.randint(0, 20)))
        word = "".join(rng.choice("安踏a") for _ in range(rng.randint(1, 3)))
        assert list(_occurrences(text, word)) == [m.span() for m in re.finditer(re.escape(word), text)]


def test_word_matches_same_as_alternation():
    import re

    from pipeline.resources import alternation
    from pipeline.stages.entities import _word_matches

    rng = random.Random(13)
    for _ in range(5000):
        text = "".join(rng.choice("张文远覃立新，a") for _ in range(rng.randint(0, 25)))
        words = {"".join(rng.choice("张文远覃立新a") for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 4))}
        expected = [m.span() for m in re.compile(alternation(words)).finditer(text)]
        assert _word_matches(text, words) == expected, (text, words)


def test_single_process_run_restores_gc_thresholds():
    """annotate_stream raises the collector's threshold while it annotates, and gives the process its own back."""
    import gc

    from pipeline.io import InputDocument
    from pipeline.run import GC_THRESHOLD, Settings, annotate_document, annotate_stream

    before = gc.get_threshold()
    docs = [InputDocument("a", "t", text="市政协委员张三说，要加快发展。", encoding="utf-8"),
            InputDocument("b", "t", text="", encoding="utf-8")]
    stream = annotate_stream(docs, Settings(), workers=1)
    first = next(stream)
    assert gc.get_threshold() == GC_THRESHOLD
    lines = [first, *stream]
    assert gc.get_threshold() == before
    assert lines == [annotate_document(d, Settings()) for d in docs]


def test_theme_model_with_shared_seed_words_same_as_without():
    """ThemeModel(seed_words=...) keeps the seeds' word counts for the next fits: the same probabilities as
    a model that counts them afresh, the first time and when they are read back."""
    from pipeline.stages.themes import ThemeModel, load_background

    bg = load_background()
    seeds = ["数字经济 数据要素 平台", "人才 培养 引进 教育", "", "乡村振兴 农业 农村 😀"]
    texts = ["加快建设工业互联网平台，培育数据要素市场", "完善人才引进政策\r\n建设人才公寓", "  ", "发展特色农业"]
    contexts = ["一、关于数字经济", "", "二、人才", "三、乡村"]
    shared: dict = {}
    for _ in range(2):
        for n in (1, 2, 4):
            plain = ThemeModel(background=bg).fit_predict_proba(seeds[:n], texts, contexts)
            cached = ThemeModel(background=bg, seed_words=shared).fit_predict_proba(seeds[:n], texts, contexts)
            assert plain.tobytes() == cached.tobytes()
    assert set(shared) == set(seeds)


def test_stated_re_same_as_lookbehind_first():
    """STATED_RE tests the character before 就 after it (so that every opening starts with a literal): the
    same matches as the pattern with the lookbehind first."""
    import re

    from pipeline.stages import themes

    plain = re.compile(themes.STATED_RE.pattern.replace("就(?<![成造将迁依去早]就)(?!近)",
                                                        "(?<![成造将迁依去早])就(?!近)"))
    assert plain.pattern != themes.STATED_RE.pattern
    rng = random.Random(13)
    pieces = ["就", "成", "造", "将", "近", "围绕", "分别就", "从", "数字经济", "、", "人才", "和", "三个", "主题", "等",
              "议题", "进行讨论", "，", "。", "\n", "两大", "方面", "去", "早", "聚焦"]
    texts = ["成就数字经济、人才培养两个主题", "就数字经济、人才培养两个主题", "就近数字经济、人才两个主题"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(5000)]
    for text in texts:
        assert [(m.span(), m.groupdict()) for m in themes.STATED_RE.finditer(text)] == \
               [(m.span(), m.groupdict()) for m in plain.finditer(text)], text


def test_command_line_run_without_teardown_same_as_in_process(tmp_path, capsys):
    """``python -m pipeline annotate`` ends without tearing the interpreter down: the same records, stderr and
    exit code as main() in-process, with one and two workers."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from pipeline.__main__ import main

    root = Path(__file__).resolve().parent.parent
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("王委员建议加大科技创新力度。\n", encoding="utf-8")
    (tmp_path / "in" / "b.jsonl").write_bytes(b'{"id": "x", "text": 5}\n{"id": "y", "text": "\\u5f20\\u4e09\\u8bf4"}\n')
    assert main(["annotate", str(tmp_path / "in"), "-o", str(tmp_path / "in_process.jsonl")]) == 1
    want_err = capsys.readouterr().err.replace("in_process.jsonl", "OUT")
    for workers in ("1", "2"):
        out = tmp_path / f"cli_{workers}.jsonl"
        proc = subprocess.run([sys.executable, "-m", "pipeline", "annotate", str(tmp_path / "in"), "-o", str(out),
                               "--workers", workers], cwd=root, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "PYTHONPATH": str(root)})
        assert proc.returncode == 1
        assert proc.stderr.replace(out.name, "OUT") == want_err
        assert out.read_bytes() == (tmp_path / "in_process.jsonl").read_bytes()


def test_ending_in_whitespace_same_as_set_lookup():
    import re

    import numpy as np

    from pipeline.record import _ending_in_whitespace

    rng = random.Random(17)
    pieces = [" ", "\n", "\r\n", "\t", "\u3000", "\x85", "a", "政协", "😀", "，", "\u2028", "  "]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 20)))
        cuts = sorted(rng.sample(range(1, len(text) + 1), rng.randint(1, len(text))))
        ends = np.asarray(cuts, dtype=np.uint64)
        ws = {m.end() for m in re.finditer(r"\s", text)}
        assert _ending_in_whitespace(text, ends) == [i for i, e in enumerate(cuts) if e in ws], (text, cuts)
