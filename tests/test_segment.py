"""Segmentation: offsets on the original text, the fast backend agreeing with jieba."""

from __future__ import annotations

import pytest

from pipeline.stages.segment import JiebaSegmenter, MeetingTokenizer, words_and_spaces


def test_words_and_spaces_keep_every_character():
    text = "省政协 常委\n\n陈敬辉  建议"
    words, spaces = words_and_spaces(text, ["省政协", " ", "常委", "\n", "\n", "陈敬辉", " ", " ", "建议"])
    rebuilt = "".join(w + (" " if s else "") for w, s in zip(words, spaces, strict=True))
    assert rebuilt == text


def test_doc_text_is_the_input_even_for_traditional(nlp):
    text = "臺灣省政協委員張偉強認為，應當加強數位轉型。"
    doc = nlp.tokenizer(text)
    assert doc.text == text
    assert doc._.analysis_text == "台湾省政协委员张伟强认为，应当加强数位转型。"


@pytest.mark.parametrize("text", [
    "省政协常委陈敬辉建议，加强省级层面统筹，优化园区布局，提高土地“亩均效益”。",
    "推动集群企业对传统非智能化设备及生产工艺流程等进行“智改数转网联”。",
    "Mixed 中英文 text, with 2024年 numbers and   spaces.",
])
def test_rjieba_gives_jiebas_tokens_with_the_user_dictionary(text):
    pytest.importorskip("rjieba")
    words = ["亩均效益", "智改数转网联", "新型工业化"]
    fast = JiebaSegmenter(words, backend="rjieba")
    plain = JiebaSegmenter(words, backend="jieba")
    assert fast.cut(text) == plain.cut(text)


def test_user_dictionary_keeps_policy_terms_whole(nlp):
    doc = nlp.tokenizer("加快推进新型工业化，培育新质生产力，推动智改数转网联。")
    words = [t.text for t in doc]
    for term in ("新型工业化", "新质生产力", "智改数转网联"):
        assert term in words


def test_unknown_segmenter_is_rejected(nlp):
    with pytest.raises(ValueError, match="unknown segmenter"):
        MeetingTokenizer(nlp.vocab, segmenter="nope")


def test_tokenizer_round_trips_through_disk(nlp, tmp_path):
    nlp.tokenizer.to_disk(tmp_path / "tok")
    other = MeetingTokenizer(nlp.vocab, segmenter="jieba")
    other.from_disk(tmp_path / "tok")
    assert other.segmenter_name == "jieba"
    text = "省政协常委陈敬辉建议"
    assert [t.text for t in other(text)] == [t.text for t in nlp.tokenizer(text)]


def test_doc_is_the_doc_built_from_its_words(nlp):
    """The tokenizer's Doc is spaCy's Doc of the same words and spaces: the same lexemes and offsets, on
    first sight of a word and after (traditional characters kept as written)."""
    from spacy.attrs import IDX, LENGTH, NORM, ORTH, SHAPE, SPACY

    from pipeline.stages.segment import TextDoc, analysis_text

    text = "省政协委员陈敬辉建议：加强“亩均效益”评价 ，推动 Mixed 中英文 text。\n\n臺灣省政協委員張偉強認為，應當加強。"
    tokenizer = MeetingTokenizer(nlp.vocab)
    attrs = [ORTH, NORM, SHAPE, IDX, LENGTH, SPACY]
    words, spaces = words_and_spaces(text, tokenizer._pieces(analysis_text(text)))
    want = TextDoc(nlp.vocab, words=words, spaces=spaces)
    for _ in range(2):
        doc = tokenizer(text)
        assert doc.text == text and [t.text for t in doc] == words
        assert (doc.to_array(attrs) == want.to_array(attrs)).all()
