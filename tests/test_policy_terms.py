"""Policy terms found beyond the lexicon: salient heading / topic-list terms that pass termhood tests."""

from __future__ import annotations

from pipeline.resources import models_dir, read_tsv_first_column
from pipeline.stages.entities import build_rules, find_entities
from pipeline.stages.policy_terms import noun_phrase, ordinary_words, salient_terms
from pipeline.stages.segment import analysis_text


def _policy(text: str) -> set[str]:
    found, _ = find_entities(analysis_text(text), build_rules())
    return {text[s:e] for s, e, label in found if label == "POLICY"}


def _salient(text: str) -> set[str]:
    r = build_rules()
    return salient_terms(analysis_text(text), r.policy_morpheme_re, (r.org_trim_re, r.job_head_re))


def test_heading_term_recurring_in_body_is_a_policy_term():
    term = "链群协同模式"
    assert term not in read_tsv_first_column(models_dir() / "lexicons" / "policy_terms.tsv")
    text = ("## 推进链群协同模式 提升本地配套水平\n\n省政协委员、某某公司总经理张明说，链群协同模式能把上下游"
            "企业拧成一股绳。他建议，设立专项资金支持链群协同模式试点。\n")
    assert term in _policy(text)


def test_topic_list_items_are_terms():
    text = ("会议分为数据信托机制建设、蓝色碳库培育两个专题进行讨论。\n\n委员们认为，数据信托机制是关键。"
            "蓝色碳库潜力大。完善数据信托机制，需要政策支持。培育蓝色碳库，需要标准先行。\n")
    got = _salient(text)
    assert "数据信托机制" in got
    assert "蓝色碳库" in got


def test_heading_term_said_once_is_not_taken():
    text = "## 推进链群协同模式\n\n委员们就此展开讨论。\n"
    assert not _salient(text)


def test_ordinary_words_in_headings_are_not_policy_terms():
    # 产业发展 is an ordinary word of economics (THUOCL caijing): not a policy term however salient
    assert "产业发展" in ordinary_words()
    text = "## 促进产业发展\n\n产业发展要靠企业。产业发展离不开人才。\n\n## 加强队伍建设\n\n队伍建设很重要。队伍建设要持续。\n"
    got = _policy(text)
    assert "产业发展" not in got
    assert "队伍建设" not in got and "队伍" not in got


def test_titles_and_bodies_in_headings_are_not_policy_terms():
    text = ("## 数字赋能 省数据局副局长 王明\n\n省数据局副局长王明介绍，省数据局副局长分管数字经济。\n")
    got = _salient(text)
    assert not any("副局长" in t for t in got)


def test_noun_phrase_strips_lead_verbs_and_generic_tail():
    assert noun_phrase("加快建设清洁能源岛") == "清洁能源岛"
    assert noun_phrase("培育壮大绿色低碳产业发展") == "绿色低碳产业"
    assert noun_phrase("加快蓝色碳库培育") == "蓝色碳库"
    assert noun_phrase("做大做强产业集群") == "产业集群"


def test_lexicon_terms_match_in_traditional_text():
    got = _policy("委員們認為，要推動高質量發展，落實鄉村振興戰略，深化粵港澳大灣區合作。")
    assert {"高質量發展", "鄉村振興"} <= got
