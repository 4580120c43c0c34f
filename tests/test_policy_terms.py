"""Policy terms: lexicon terms match on the simplified analysis copy of traditional-character text, quoted
coinages are taken, ordinary words are not."""

from __future__ import annotations

from pipeline.resources import models_dir, read_tsv_first_column
from pipeline.stages.entities import build_rules, find_entities
from pipeline.stages.segment import analysis_text


def _policy(text: str) -> set[str]:
    found, _ = find_entities(analysis_text(text), build_rules())
    return {text[s:e] for s, e, label in found if label == "POLICY"}


def test_lexicon_terms_match_in_traditional_text():
    got = _policy("委員們認為，要推動高質量發展，落實鄉村振興戰略，深化粵港澳大灣區合作。")
    assert {"高質量發展", "鄉村振興"} <= got
    got = _policy("推進數據要素市場化配置，發展新質生產力，推動「專精特新」企業成長。")
    assert {"數據要素市場化配置", "新質生產力", "專精特新"} <= got
    got = _policy("委員們表示，報告提出擴大高水平對外開放，爲香港發揮獨特優勢。")
    assert "高水平對外開放" in got


def test_quoted_coinage_absent_from_lexicon_is_a_policy_term():
    assert "链群共振" not in read_tsv_first_column(models_dir() / "lexicons" / "policy_terms.tsv")
    assert "链群共振" in _policy("委员建议，推动园区企业“链群共振”，形成合力。")


def test_ordinary_words_are_not_policy_terms():
    got = _policy("委员们认为，发展企业和产业要靠人才，“头脑风暴”很有必要。")
    assert not got & {"发展", "企业", "产业", "头脑风暴"}
