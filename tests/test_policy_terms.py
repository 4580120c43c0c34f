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


def test_laws_by_their_usual_endings_and_in_book_title_marks():
    got = _policy("委员建议，全面落实中小企业权益保护法，做好与民法典和消费者权益保护法的衔接，"
                  "并依据《湿地名录》和《区域贸易协定》开展工作。")
    assert {"中小企业权益保护法", "民法典", "消费者权益保护法", "湿地名录", "区域贸易协定"} <= got
    assert "全面落实中小企业权益保护法" not in got


def test_bare_fa_of_other_words_and_proposal_titles_are_no_laws():
    got = _policy("要加强执法和算法治理，打击非法捕捞，社会和法制委员会提交了《关于完善养老服务的提案》。")
    assert not {t for t in got if t.endswith("法") or "提案" in t}


def test_quoted_loan_products():
    got = _policy("银行开发“茶园贷”“渔民贷”等产品。")
    assert {"茶园贷", "渔民贷"} <= got


def test_quoted_colloquial_remarks_are_no_policy_terms():
    got = _policy("村民说“换了老板就不认”“一块茶叶卖不上好价钱”，企业“不愿进货”，干部“放得开”，"
                  "问“有没有生育计划”，还有“把我们的产品卖到全国各地去”。")
    assert not got & {"换了老板就不认", "一块茶叶卖不上好价钱", "不愿进货", "放得开", "有没有生育计划",
                      "把我们的产品卖到全国各地去"}


def test_quoted_slogans_with_negation_stay_policy_terms():
    from pipeline.stages.entities import _remark

    got = _policy("坚持“两个毫不动摇”，推行“首违不罚”，推动“链群不散”。")
    assert {"两个毫不动摇", "首违不罚", "链群不散"} <= got
    assert not _remark("数据可用不可见、原始数据不出域")
    assert not _remark("家门口就业")


def test_lexicon_pass_terms_and_no_joined_or_verb_led_entries():
    got = _policy("会议建议落实种植收入保险和政策性森林保险，推进古籍数字化，完善未成年人模式，实行两部制水价。")
    assert {"种植收入保险", "政策性森林保险", "古籍数字化", "未成年人模式", "两部制水价"} <= got
    terms = set(read_tsv_first_column(models_dir() / "lexicons" / "policy_terms.tsv"))
    assert not {"完全成本保险和种植收入保险", "健全种粮农民收益保障机制", "完整准确全面贯彻新发展理念"} & terms
