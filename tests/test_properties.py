"""Property tests: random text never breaks annotate_text or SPEC.md's invariants; t2s keeps offsets."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.chinese import to_simplified
from pipeline.io import normalise_newlines

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TRADITIONAL = "臺灣議會張國強說經濟發展創新數字轉型資源要素保障優化產業結構會議專題協商委員們嗎與這為麼髮"
REPORT_BITS = ["市政协委员", "王建国", "说", "建议", "一、", "二是", "第一，", "（一）", "1.", "。", "，", "\n", "\n\n",
               "围绕", "优化产业结构、加大科技创新力度", "四个主题", "王委员", "董事长", "省政协常委", "：", " ", "\u3000"]

any_char = st.characters()  # any code point but lone surrogates: combining marks, controls, astral
surrogate = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
hostile = st.lists(st.one_of(
    any_char,
    surrogate,
    st.sampled_from(REPORT_BITS),
    st.sampled_from(list(TRADITIONAL)),
    st.sampled_from(["\u0301", "\u0308", "\u200b", "\u200d", "\ufeff", "\u2028", "\x00", "\x85", "\r", "\r\n"]),
), max_size=200).map("".join)
no_surrogates = st.lists(st.one_of(
    st.characters(exclude_categories=["Cs"]),
    st.sampled_from(REPORT_BITS),
    st.sampled_from(list(TRADITIONAL)),
    st.sampled_from(["\u0301", "\u0308", "\u200b", "\u200d", "\ufeff", "\u2028", "\x00", "\x85", "\r", "\r\n"]),
), max_size=200).map("".join)


def check_invariants(text: str, record: dict) -> None:
    assert record["text"] == normalise_newlines(text)
    text = record["text"]
    for key in ("tokens", "spans", "proposals"):
        for item in record[key]:
            assert 0 <= item["start"] <= item["end"] <= len(text)
            assert text[item["start"]:item["end"]] == item["text"], (key, item)
    end = 0
    for i, tok in enumerate(record["tokens"]):
        assert tok["id"] == i and tok["start"] >= end and tok["end"] > tok["start"]
        assert tok["text"].strip() != ""
        end = tok["end"]
    for sent in record["sentences"]:
        assert 0 <= sent["start"] <= sent["end"] <= len(text)
    names = {sp["name"] for sp in record["speakers"]}
    for p in record["proposals"]:
        assert p["theme"] in record["themes"]
        assert p["speaker"] is None or p["speaker"] in names
    for sp in record["speakers"]:
        for start, stop in sp["mentions"]:
            assert 0 <= start < stop <= len(text)
    json.dumps(record, ensure_ascii=False)


@FAST
@given(no_surrogates)
def test_annotate_text_keeps_invariants(text):
    check_invariants(text, pipeline.annotate_text(text))


# Lines of a few thousand characters; longer ones are quadratic in stages/entities.py's heading_re (reported).
@settings(max_examples=15, deadline=None)
@given(st.integers(1, 8), st.sampled_from(REPORT_BITS + list(TRADITIONAL)))
def test_very_long_lines(n, piece):
    text = "市政协委员王建国说，建议" + piece * (n * 200 // len(piece)) + "。"
    check_invariants(text, pipeline.annotate_text(text))


@settings(max_examples=30, deadline=None)
@given(hostile.filter(lambda t: any("\ud800" <= c <= "\udfff" for c in t)))
def test_annotate_text_with_lone_surrogates(text):
    check_invariants(text, pipeline.annotate_text(text))


cjk = st.characters(min_codepoint=0x3400, max_codepoint=0x9FFF) | st.characters(
    min_codepoint=0x20000, max_codepoint=0x2FA1F) | st.characters(min_codepoint=0xF900, max_codepoint=0xFAFF)


@FAST
@given(st.lists(st.one_of(cjk, st.sampled_from(list(TRADITIONAL)), any_char, surrogate), max_size=300).map("".join))
def test_to_simplified_keeps_length_and_non_cjk(text):
    out = to_simplified(text)
    assert len(out) == len(text)
    for a, b in zip(text, out, strict=True):
        if a == "\n" or not ("\u3400" <= a <= "\u9fff" or a >= "\U00020000" or "\uf900" <= a <= "\ufaff"):
            assert a == b


def test_to_simplified_over_every_cjk_character():
    block = "".join(chr(c) for a, b in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00),
                                       (0x20000, 0x2A6E0), (0x2F800, 0x2FA20)) for c in range(a, b))
    out = to_simplified(block)
    assert len(out) == len(block)
    assert to_simplified("臺灣發展經濟") == "台湾发展经济"
    # phrase conversions that would change the length fall back to character-by-character
    for phrase in ("乾乾淨淨", "一目瞭然", "么麼", "著作權", "瞭解"):
        assert len(to_simplified(phrase * 3 + "\n" + phrase)) == len(phrase) * 4 + 1


SENTENCE_BITS = list("ab 中文\n\t\u3000\r\x0b\x1c\x85\u2028。！？!?…”’」』）)\"'") + ["……", "。”", "  "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(SENTENCE_BITS), st.characters(exclude_categories=["Cs"])),
                max_size=40).map("".join))
def test_sentence_bounds_are_the_segments_trimmed(text):
    """One regex gives each sentence already trimmed: the same ranges as cutting at terminators and line
    breaks (SENTENCE_RE) and then trimming whitespace and dropping empty pieces."""
    from pipeline.stages.sentences import SENTENCE_RE, sentence_bounds

    want = []
    for m in SENTENCE_RE.finditer(text):
        piece = m.group()
        start = m.start() + len(piece) - len(piece.lstrip())
        end = m.end() - (len(piece) - len(piece.rstrip()))
        if end > start:
            want.append((start, end))
    assert sentence_bounds(text) == want


LAW_ALPHABET = "保护促进法典障防治管理服务安全监督振兴登记律规院民营经济消费者权益和的，。 a1"


@given(st.text(alphabet=LAW_ALPHABET, max_size=60))
@settings(max_examples=400, deadline=None)
def test_law_names_found_from_their_endings_are_law_res_matches(text):
    """_law_matches (each 法 found with str.find, the name run back from it) gives exactly LAW_RE.finditer's
    spans: LAW_RE is the definition, _law_matches the fast way to the same matches."""
    from pipeline.stages.entities import LAW_RE, _law_matches

    assert list(_law_matches(text)) == [m.span() for m in LAW_RE.finditer(text)]
