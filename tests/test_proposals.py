"""Proposal extraction (every enumeration style, 建议 sentences, page breaks) and speaker attribution."""

from __future__ import annotations

import re

import pytest

from pipeline.stages.proposals import find_proposals


def props(text, headings=(), mentions=()):
    return find_proposals(text, list(headings), list(mentions))


def bodies(text, **kw):
    return [p.text for p in props(text, **kw)]


@pytest.mark.parametrize("markers", [
    ("一、", "二、", "三、"),
    ("一是", "二是", "三是"),
    ("第一，", "第二，", "第三，"),
    ("（一）", "（二）", "（三）"),
    ("1.", "2.", "3."),
    ("①", "②", "③"),
    ("其一，", "其二，", "其三，"),
])
def test_each_style_on_own_lines(markers):
    items = ["加强产业链协同，培育一批链主企业。", "完善人才引进政策，设立专项资金。", "推动数字化改造，建设公共服务平台。"]
    text = "张伟委员建议：\n" + "\n".join(m + it for m, it in zip(markers, items, strict=False)) + "\n"
    got = bodies(text, mentions=[(0, 2, "张伟")])
    assert got == [m + it for m, it in zip(markers, items, strict=False)]


@pytest.mark.parametrize("markers", [("一是", "二是", "三是"), ("①", "②", "③"), ("1.", "2.", "3."),
                                     ("第一，", "第二，", "第三，"), ("其一，", "其二，", "其三，")])
def test_each_style_inline_in_one_paragraph(markers):
    items = ["加强产业链协同", "完善人才引进政策", "推动数字化改造"]
    text = ("李明说，当前企业困难较多。他建议：" + f"{markers[0]}{items[0]}；{markers[1]}{items[1]}；"
            f"{markers[2]}{items[2]}。会议结束。")
    got = props(text, mentions=[(0, 2, "李明")])
    assert [p.text.rstrip("；。") for p in got] == [m + it for m, it in zip(markers, items, strict=False)]
    assert all(p.speaker == "李明" for p in got)


def test_mixed_styles_in_one_report():
    text = ("## 发言摘编\n\n王芳建议：\n一、加强科技创新平台建设。\n二、完善成果转化机制。\n\n"
            "赵强认为，要从两方面发力：一是扩大有效投资；二是提振居民消费。\n")
    got = props(text, mentions=[(12, 14, "王芳"), (text.index("赵强"), text.index("赵强") + 2, "赵强")])
    assert [p.text for p in got] == ["一、加强科技创新平台建设。", "二、完善成果转化机制。",
                                     "一是扩大有效投资；", "二是提振居民消费。"]
    assert [p.speaker for p in got] == ["王芳", "王芳", "赵强", "赵强"]


def test_suggestion_sentence_without_enumeration():
    text = "省政协委员陈红长期关注养老。她认为服务供给不足。陈红建议，加快推进长期护理保险制度扩面，减轻家庭负担。\n"
    got = props(text, mentions=[(5, 7, "陈红")])
    assert [p.text for p in got] == ["加快推进长期护理保险制度扩面，减轻家庭负担。"]
    assert got[0].speaker == "陈红" and got[0].kind == "sentence"


def test_ti_chu_and_hu_yu_sentences():
    text = "刘军委员提出，将学生视力筛查纳入学校常态化健康管理。刘委员呼吁，为乡村教师提供周转宿舍和生活补助。\n"
    got = bodies(text, mentions=[(0, 2, "刘军")])
    assert got == ["将学生视力筛查纳入学校常态化健康管理。", "为乡村教师提供周转宿舍和生活补助。"]


def test_item_split_by_page_break_is_rejoined():
    text = "孙丽建议：\n一是建立跨部门的数据共享机制，推动\n\n公共数据有序开放；\n二是加强数据安全监管。\n"
    got = bodies(text, mentions=[(0, 2, "孙丽")])
    assert got[0] == "一是建立跨部门的数据共享机制，推动\n\n公共数据有序开放；"
    assert got[1] == "二是加强数据安全监管。"


def test_suggestion_sentence_split_by_page_break_is_rejoined():
    text = "#### 共建科技走廊 市政协委员 黄浩\n\n当前仍有堵点。建议进一步放宽科研资金跨境拨付限制，推进\n\n成果在南沙就地转化。\n"
    start = text.index("黄浩")
    got = props(text, headings=[(start, "黄浩")], mentions=[(start, start + 2, "黄浩")])
    assert [p.text for p in got] == ["进一步放宽科研资金跨境拨付限制，推进\n\n成果在南沙就地转化。"]
    assert got[0].speaker == "黄浩"


@pytest.mark.parametrize("text", [
    "#### (一)\n\n#### (二)\n\n新型工业化是高频热词。\n",  # section numbers in headings
    "本次协商聚焦三大议题：一是规则衔接，二是青年创新创业，三是科技协同创新。来自港澳的委员参加。\n",  # themes
    "去年全市GDP增长5%，其中一是工业增长6%，二是服务业增长4%。\n",  # narrative facts
    "会议形成建议案报送省委。委员们的建议很有针对性。\n",  # the noun 建议
    "党的二十大报告明确提出，到2035年基本实现新型工业化。\n",  # a report, not a speaker
    "图为会议现场。本报记者 李四 摄\n",  # caption
])
def test_not_proposals(text):
    assert bodies(text) == []


def test_no_sentence_over_an_inline_list():
    text = "钱文委员建议，①支持高职院校扩大护理专业招生；②建立护理员技能等级与薪酬挂钩机制；③开展评选活动。\n"
    got = bodies(text, mentions=[(0, 2, "钱文")])
    assert len(got) == 3 and got[0].startswith("①") and got[2].startswith("③")


def test_attribution_heading_section():
    text = ("#### 加快打造算力高地 省政协常委 沈言\n\n一是统筹算力布局；\n二是降低用算成本。\n\n"
            "#### 激活数据要素 省数据局副局长 孔哲\n\n建议加快公共数据授权运营，完善收益分配机制。\n")
    h1, h2 = text.index("沈言"), text.index("孔哲")
    got = props(text, headings=[(h1, "沈言"), (h2, "孔哲")], mentions=[(h1, h1 + 2, "沈言"), (h2, h2 + 2, "孔哲")])
    assert [p.speaker for p in got] == ["沈言", "沈言", "孔哲"]


def test_attribution_narrative_pronoun_and_short_form():
    text = ("省政协委员王大明说，产业升级要靠创新。他建议，设立产业创新基金，支持企业研发。\n\n"
            "省政协常委李小红关注人才。王委员还建议，建设一批产业学院，培养复合型人才。\n")
    a = text.index("王大明")
    b = text.index("李小红")
    c = text.index("王委员")
    got = props(text, mentions=[(a, a + 3, "王大明"), (b, b + 3, "李小红"), (c, c + 3, "王大明")])
    assert [p.speaker for p in got] == ["王大明", "王大明"]


def test_attribution_same_speaker_twice():
    text = ("张三委员建议，加快建设充电基础设施，覆盖所有乡镇。\n\n李四委员建议，完善峰谷分时电价政策，引导错峰充电。\n\n"
            "张三最后还建议，推动换电模式在出租车领域推广。\n")
    m = [(text.index("张三"), text.index("张三") + 2, "张三"), (text.index("李四"), text.index("李四") + 2, "李四"),
         (text.rindex("张三"), text.rindex("张三") + 2, "张三")]
    got = props(text, mentions=m)
    assert [p.speaker for p in got] == ["张三", "李四", "张三"]


def test_ids_and_offsets():
    text = "赵六建议：\n1.加强监管。\n2.优化服务。\n"
    got = props(text, mentions=[(0, 2, "赵六")])
    assert [p.id for p in got] == ["p1", "p2"]
    assert all(text[p.start:p.end] == p.text for p in got)


def test_collective_subject_has_no_speaker():
    text = ("省政协委员俞红长期关注数据安全。她认为，数据开放与安全是一体两面。\n\n"
            "讨论现场，不少委员还提到了人才问题。委员们建议，深化产教融合，共建一批现代产业学院。\n")
    a = text.index("俞红")
    got = props(text, mentions=[(a, a + 2, "俞红")])
    assert [p.text for p in got] == ["深化产教融合，共建一批现代产业学院。"]
    assert got[0].speaker is None


def test_section_heading_lines_are_not_items():
    text = ("一、会议概况\n\n本次会议有20位委员参加，讨论热烈。\n\n二、主要建议\n\n张三委员建议：\n"
            "（一）加强人才培养，完善激励机制。\n（二）加大财政投入力度。\n")
    got = bodies(text, mentions=[(text.index("张三"), text.index("张三") + 2, "张三")])
    assert got == ["（一）加强人才培养，完善激励机制。", "（二）加大财政投入力度。"]


def test_short_items_without_punctuation_are_items():
    text = "李四建议：\n一、加强人才培养\n二、完善财政支持\n三、优化营商环境\n"
    assert bodies(text, mentions=[(0, 2, "李四")]) == ["一、加强人才培养", "二、完善财政支持", "三、优化营商环境"]


def test_yi_yao_and_full_width_digits():
    text = "张三说，我们一要加强统筹协调；二要完善考核机制；三要强化资金保障。\n"
    assert bodies(text, mentions=[(0, 2, "张三")]) == ["一要加强统筹协调；", "二要完善考核机制；", "三要强化资金保障。"]
    text = "张三建议：\n１．加强统筹协调。\n２．完善考核机制。\n"
    assert bodies(text, mentions=[(0, 2, "张三")]) == ["１．加强统筹协调。", "２．完善考核机制。"]


def test_problem_list_in_a_speech_is_not_proposals():
    text = ("#### 推动民营经济发展 市政协委员 王五\n\n当前民营企业发展存在三方面问题：一是融资难融资贵；二是用地指标紧张；"
            "三是人才引不进。建议：一是设立纾困基金；二是盘活存量用地；三是完善人才政策。\n")
    h = text.index("王五")
    got = props(text, headings=[(h, "王五")], mentions=[(h, h + 2, "王五")])
    assert [p.text for p in got] == ["一是设立纾困基金；", "二是盘活存量用地；", "三是完善人才政策。"]
    assert {p.speaker for p in got} == {"王五"}


def test_a_speaker_named_inside_an_item_does_not_take_over_the_rest_of_the_list():
    text = ("张伟委员建议：\n一是加强产业链协同，培育链主企业；\n二是借鉴李红委员提到的做法，设立人才专项资金；\n"
            "三是推动中小企业数字化改造。\n")
    li = text.index("李红")
    got = props(text, mentions=[(0, 2, "张伟"), (li, li + 2, "李红")])
    assert [p.speaker for p in got] == ["张伟", "张伟", "张伟"]


def test_an_item_that_opens_with_a_speakers_name_is_theirs():
    text = ("会上，委员们踊跃发言，提出以下建议：\n一、张伟：加强产业链协同，培育一批链主企业。\n"
            "二、李红：完善人才引进政策，设立专项资金。\n")
    zw, lh = text.index("张伟"), text.index("李红")
    got = props(text, mentions=[(zw, zw + 2, "张伟"), (lh, lh + 2, "李红")])
    assert [p.speaker for p in got] == ["张伟", "李红"]


def test_paren_list_after_ti_chu_comma_is_inline_items():
    text = ("“交易难。”市政协委员綦明轩坦言，确权难。綦委员提出，（一）落实数据产权登记制度；"
            "（二）建设数据资产评估体系；（三）鼓励国有企业开展数据资产入表。\n")
    got = props(text, mentions=[(text.index("綦明轩"), text.index("綦明轩") + 3, "綦明轩"),
                                (text.index("綦委员"), text.index("綦委员") + 3, "綦明轩")])
    assert [p.text for p in got] == ["（一）落实数据产权登记制度；", "（二）建设数据资产评估体系；",
                                     "（三）鼓励国有企业开展数据资产入表。"]
    assert all(p.speaker == "綦明轩" for p in got)


def test_paren_after_an_ordinary_comma_is_not_a_marker():
    text = "据统计，（1）工业增加值增长6%；（2）服务业增长4%。\n"
    assert bodies(text) == []


def test_ti_chu_then_jian_yi_starts_after_jian_yi():
    text = "市政协委员、律师事务所合伙人薄凤仪从法治角度提出，建议加快制定数据条例，明确交易规则和监管职责。\n"
    s = text.index("薄凤仪")
    got = props(text, mentions=[(s, s + 3, "薄凤仪")])
    assert [p.text for p in got] == ["加快制定数据条例，明确交易规则和监管职责。"]
    assert got[0].speaker == "薄凤仪"


def test_bracketed_name_heading_and_a_suggestion_clause_inside_the_speech(nlp):
    text = ("■ 以数字化赋能冰雪旅游\n□ 省政协委员、长白山文旅集团总经理 朴永浩\n\n要加快智慧景区建设。\n\n"
            "【李秀英】省政协委员、延边大学副校长\n要加强人才培养，建议在高校设立冰雪运动学院。\n")
    doc = nlp(text)
    speakers = {sp.name: sp for sp in doc._.speakers}
    assert speakers["李秀英"].titles == ["省政协委员", "延边大学副校长"]
    assert [(p.speaker, p.text) for p in doc._.proposals] == [("李秀英", "在高校设立冰雪运动学院。")]


def test_a_suggestion_clause_without_a_speaker_is_not_taken():
    from pipeline.stages.proposals import find_proposals

    text = "要加强人才培养，建议在高校设立冰雪运动学院。"
    assert find_proposals(text, [], []) == []


def test_quoted_suggestion_belongs_to_the_speaker_named_after_the_quotation(nlp):
    text = ("全国人大代表、吉林省通化市委书记王子联说，通化要打造医药健康产业集群。\n\n"
            "“冰雪产业链条长。建议国家层面出台支持冰雪装备制造业发展的专项政策。”全国人大代表、长春市副市长孙立华说。\n\n"
            "孙立华代表还建议，加快建设东北冰雪旅游大环线。")
    doc = nlp(text)
    assert [p.speaker for p in doc._.proposals] == ["孙立华", "孙立华"]


def test_the_list_of_stated_themes_is_not_a_list_of_proposals(nlp):
    text = ("会议设置了三个议题：一是深化闽台经贸合作；二是促进闽台社会文化融合；三是完善台胞台企同等待遇政策。\n\n"
            "会议议题如下：\n1.推动煤炭清洁高效利用\n2.加快构建新型电力系统\n\n"
            "省政协委员张建国建议：一是加快建设氢能运输通道；二是扩大绿电交易规模。")
    doc = nlp(text)
    assert [p.text for p in doc._.proposals] == ["一是加快建设氢能运输通道；", "二是扩大绿电交易规模。"]


def test_inline_lists_after_a_comma_or_right_after_the_verb(nlp):
    text = ("省政协委员鲍成蹊认为，要完善机制。鲍委员提出，第一，推动核算结果进规划、进决策；第二，扩大两山银行试点范围；"
            "第三，建立生态产品交易平台。全国政协委员敖立峰表示，融资难。建议一是完善融资增信机制；二是支持民营企业发行债券。")
    doc = nlp(text)
    assert [(p.speaker, p.text[:3]) for p in doc._.proposals] == [
        ("鲍成蹊", "第一，"), ("鲍成蹊", "第二，"), ("鲍成蹊", "第三，"), ("敖立峰", "一是完"), ("敖立峰", "二是支")]


def test_suggestions_opening_with_an_adverb_after_a_speaker(nlp):
    text = ("市政协委员、某某装备有限公司总经理初晓莹说，装备制造成本高。建议市里设立深远海养殖装备研发专项资金。"
            "同时建议研究出台大型养殖装备融资租赁政策。\n\n" + "去年全市海洋经济总产值增长较快。" * 25 +
            "\n\n同时建议各地加快推进改革。")
    doc = nlp(text)
    assert [(p.speaker, p.text[:6]) for p in doc._.proposals] == [("初晓莹", "市里设立深远"), ("初晓莹", "研究出台大型")]


def test_two_suggestions_in_one_sentence_are_two_proposals():
    text = ("俞清漪委员说，隐形歧视抑制了生育意愿。俞清漪建议，完善生育成本社会共担机制，对女职工产假期间的社保缴费给予补贴；"
            "还建议推广弹性工作制和居家办公等灵活安排。\n")
    got = props(text, mentions=[(0, 3, "俞清漪"), (19, 22, "俞清漪")])
    assert [p.text for p in got] == ["完善生育成本社会共担机制，对女职工产假期间的社保缴费给予补贴；", "推广弹性工作制和居家办公等灵活安排。"]
    assert [p.speaker for p in got] == ["俞清漪", "俞清漪"]


def test_numbered_items_right_after_the_verb_and_a_second_suggestion_with_a_pronoun():
    text = ("荀海帆委员说，海外仓布局不足。荀海帆建议（1）支持企业在新兴市场布局公共海外仓；（2）加密中欧班列，开通更多航线。\n\n"
            "石德旺委员说，报表太多。石委员呼吁，将村卫生室全部纳入医保定点管理；他还建议，整合各类考核报表，推行电子化填报。\n")
    got = props(text, mentions=[(0, 3, "荀海帆"), (15, 18, "荀海帆"), (52, 55, "石德旺"), (64, 67, "石德旺")])
    assert [p.text[:8] for p in got] == ["（1）支持企业在", "（2）加密中欧班", "将村卫生室全部纳", "整合各类考核报表"]


def test_first_person_suggestion_and_items_right_after_the_verb_and_comma():
    text = ("贡思宁委员说，一些商户仍在使用不合格灶具。我呼吁，在全市开展燃气具和配件质量专项整治，严厉打击违法行为。\n\n"
            "仰思成委员说，补贴一停就难以为继。仰思成建议，一、对设施实行“公建民营”，引入专业机构运营；"
            "二、允许机构开展适度的市场化服务；三、建立服务质量评价和退出机制。\n")
    got = props(text, mentions=[(0, 3, "贡思宁"), (55, 58, "仰思成"), (72, 75, "仰思成")])
    assert [p.text[:6] for p in got] == ["在全市开展燃", "一、对设施实", "二、允许机构", "三、建立服务"]


def _m(text, name):
    """The mention of ``name`` at its first occurrence in ``text``."""
    i = text.index(name)
    return (i, i + len(name), name)


@pytest.mark.parametrize("markers", [("首先，", "其次，", "最后，"), ("首先，", "其次，", "再次，")])
def test_shou_xian_qi_ci_inline_after_a_cue(markers):
    items = ["建立跨区域的水质监测网络", "完善流域生态补偿办法", "加大对沿岸企业的执法检查力度"]
    text = (f"罗成委员关注河湖治理。罗成建议，{markers[0]}{items[0]}；{markers[1]}{items[1]}；"
            f"{markers[2]}{items[2]}。会议结束。\n")
    got = props(text, mentions=[_m(text, "罗成")])
    assert [p.text.rstrip("；。") for p in got] == [m + it for m, it in zip(markers, items, strict=True)]
    assert all(p.speaker == "罗成" for p in got)


def test_shou_xian_qi_ci_on_own_lines_after_a_lead_in():
    text = ("#### 让小店活起来 区政协委员 方晴\n\n小店经营普遍困难。我建议：\n\n"
            "首先，设立小微商户纾困专项资金，对受影响的商户给予租金补贴；\n\n"
            "其次，开展老街区商业业态提升行动，引导商户错位经营。\n\n"
            "最后，区政协主席作了点评。\n")
    h = text.index("方晴")
    got = props(text, headings=[(h, "方晴")], mentions=[(h, h + 2, "方晴")])
    assert [p.text for p in got] == ["首先，设立小微商户纾困专项资金，对受影响的商户给予租金补贴；",
                                     "其次，开展老街区商业业态提升行动，引导商户错位经营。"]
    assert all(p.speaker == "方晴" for p in got)


@pytest.mark.parametrize("text", [
    # 首先/其次/最后 narrating facts, no suggestion cue
    "邱海介绍，首先，全市已建成充电桩两万个；其次，公交车全部换成了新能源车；最后，出租车电动化率超过九成。\n",
    # 首先要… is a discourse word, not a marker
    "邱海说，首先要看到，今年的订单比去年多了三成，其次是企业的利润也在回升。\n",
    # 一方面…另一方面… describing a situation
    "邱海认为，一方面，原材料价格持续上涨；另一方面，终端市场需求疲软，企业两头受挤压。\n",
])
def test_ordinal_words_in_narrative_are_not_proposals(text):
    assert props(text, mentions=[_m(text, "邱海")]) == []


def test_yi_fang_mian_ling_yi_fang_mian_after_a_cue():
    text = ("祁岚委员提出，一方面，要建立中小学心理健康教师配备标准；"
            "另一方面，要推动医院与学校共建心理危机转介通道。\n")
    got = props(text, mentions=[_m(text, "祁岚")])
    assert [p.text for p in got] == ["一方面，要建立中小学心理健康教师配备标准；",
                                     "另一方面，要推动医院与学校共建心理危机转介通道。"]
    assert all(p.speaker == "祁岚" for p in got)


def test_half_width_paren_numbers_inline_and_on_own_lines():
    text = ("俞涛说，县域物流成本偏高。他建议，1）建设县级物流集散中心；2）开通农产品冷链专线。\n\n"
            "蒋欣建议：\n1）扩大乡镇快递网点覆盖面；\n2）支持快递企业共配共用。\n")
    got = props(text, mentions=[_m(text, "俞涛"), _m(text, "蒋欣")])
    assert [p.text for p in got] == ["1）建设县级物流集散中心；", "2）开通农产品冷链专线。",
                                     "1）扩大乡镇快递网点覆盖面；", "2）支持快递企业共配共用。"]
    assert [p.speaker for p in got] == ["俞涛", "俞涛", "蒋欣", "蒋欣"]


def test_circled_items_after_a_lead_in_without_jian_yi():
    text = ("常委会副主任温岩参加审议。他提出，办法要坚持问题导向，对群众反映集中的停车难问题作出规定：\n"
            "①明确老旧小区增设停车位的审批程序；\n②对夜间占道停车实行分时段管理。\n")
    got = props(text, mentions=[_m(text, "温岩")])
    assert [p.text for p in got] == ["①明确老旧小区增设停车位的审批程序；", "②对夜间占道停车实行分时段管理。"]
    assert all(p.speaker == "温岩" for p in got)


def test_xi_wang_as_a_suggestion_cue():
    text = "黎川委员说，山区道路养护资金缺口大。他还希望，有关部门尽快出台农村公路养护补助办法，稳定养护队伍。\n"
    got = props(text, mentions=[_m(text, "黎川")])
    assert [p.text for p in got] == ["有关部门尽快出台农村公路养护补助办法，稳定养护队伍。"]
    assert got[0].speaker == "黎川"


@pytest.mark.parametrize("text", [
    "主席黎川在总结时说，他希望委员们把调研成果转化为高质量提案，推动有关部门研究吸收。\n",  # addressed to members
    "黎川说，我会继续跟踪办理情况，也希望社会各界多关心留守儿童，让他们健康成长。\n",  # addressed to the public
    "黎川说，这些孩子都很懂事。她希望孩子们早日康复，回到课堂。\n",  # a hope about facts
])
def test_xi_wang_that_is_not_a_suggestion(text):
    assert props(text, mentions=[_m(text, "黎川")]) == []


def test_problem_list_answering_a_question_is_not_proposals():
    text = ("记者：目前还存在哪些问题？\n\n"
            "严青：主要有两个方面。一是招工难，年轻人不愿进车间；二是融资贵，小企业贷款利率偏高。\n\n"
            "记者：您有什么建议？\n\n"
            "严青：我建议，设立制造业技能人才专项补贴，对新招技术工人给予岗位补助。\n")
    got = props(text, mentions=[_m(text, "严青")])
    assert [p.text for p in got] == ["设立制造业技能人才专项补贴，对新招技术工人给予岗位补助。"]
    assert got[0].speaker == "严青"


def test_tong_shi_jian_yi_after_a_pronoun():
    text = "委员莫言川呼吁，加大非遗传承人培养力度，提高传承补助标准。他同时建议建设非遗数字化保护平台，优先抢救濒危项目。\n"
    got = bodies(text, mentions=[_m(text, "莫言川")])
    assert got == ["加大非遗传承人培养力度，提高传承补助标准。", "建设非遗数字化保护平台，优先抢救濒危项目。"]


def test_a_bracketed_name_heading_repeated_opens_another_speech():
    text = ("【顾南】区政协委员、某公司董事长\n我的建议是：一是加快园区道路改造；二是完善园区公交线路。\n\n"
            "【柯雨】区政协委员\n我建议，在园区建设人才公寓，解决青年员工住房问题。\n\n"
            "【顾南】补充发言\n我还想再提一条：建议区里设立园区企业服务专员，帮助企业办理审批手续。\n")
    h1, h2, h3 = text.index("顾南"), text.index("柯雨"), text.rindex("顾南")
    got = props(text, headings=[(h1, "顾南"), (h2, "柯雨")],
                mentions=[(h1, h1 + 2, "顾南"), (h2, h2 + 2, "柯雨"), (h3, h3 + 2, "顾南")])
    assert [p.text for p in got][-1] == "区里设立园区企业服务专员，帮助企业办理审批手续。"
    assert [p.speaker for p in got] == ["顾南", "顾南", "柯雨", "顾南"]


def test_shou_xian_qi_ci_inside_a_quoted_speech_after_a_speakers_line():
    text = ("农工党市委会主委方晴：\n\n“调研中我们发现，不少老旧小区缺少养老服务设施。首先，要把社区养老服务用房纳入老旧小区改造内容；"
            "其次，要对连锁运营的社区养老机构给予运营补贴。”\n")
    got = props(text, mentions=[_m(text, "方晴")])
    assert [p.text for p in got] == ["首先，要把社区养老服务用房纳入老旧小区改造内容；",
                                     "其次，要对连锁运营的社区养老机构给予运营补贴。"]


def test_shou_xian_qi_ci_in_a_quotation_without_a_speakers_line_is_narrative():
    text = ("方晴说：“首先，全市已建成社区食堂两百家；其次，助餐服务覆盖了八成社区。”\n\n"
            "记者看到：“首先，要排队；其次，要等位。”\n")
    assert props(text, mentions=[_m(text, "方晴")]) == []


@pytest.mark.parametrize("bullet", ["■", "● ", "- ", "◆"])
def test_bulleted_suggestions_after_a_cue_line(bullet):
    text = (f"区政协委员邱海算了一笔账，企业投资积极性不高。他建议：\n{bullet}利用闲置车棚建设集中充电场所；\n\n"
            f"{bullet}对新建充电端口给予一次性建设补贴。\n\n邱海说，这些措施在邻区已见成效。\n")
    got = props(text, mentions=[_m(text, "邱海")])
    assert [p.text for p in got] == ["利用闲置车棚建设集中充电场所；", "对新建充电端口给予一次性建设补贴。"]
    assert all(p.speaker == "邱海" for p in got)


def test_bullets_without_a_suggestion_cue_are_not_proposals():
    text = "区政协委员邱海介绍了调研情况：\n■全区充电端口四万个；\n■今年发生火灾二十七起。\n\n参会人员：\n- 区住建局\n- 区消防救援大队\n"
    assert props(text, mentions=[_m(text, "邱海")]) == []


def test_a_paragraph_opening_with_tong_shi_yao_continues_the_last_item():
    text = ("邱海委员提出以下建议：\n①按常住人口配置县城教育、医疗资源；\n②推进紧密型县域医共体建设。\n"
            "同时，要加快县城市政管网更新改造，补齐县城短板。\n近两年，我省已安排专项债券资金支持县城补短板项目。\n")
    got = props(text, mentions=[_m(text, "邱海")])
    assert [p.text for p in got] == ["①按常住人口配置县城教育、医疗资源；",
                                     "②推进紧密型县域医共体建设。\n同时，要加快县城市政管网更新改造，补齐县城短板。"]


def test_suggestions_after_a_closed_or_an_opened_quotation():
    text = ("骑手跟邱海说：‘系统给的时间，就是让你跑着送。’我建议，由市人社部门牵头建立平台算法协商机制。\n\n"
            "方晴说，学校发现问题后往往不知道转给谁，“我建议，建立医校协同机制，开通转诊绿色通道。”\n\n"
            "讨论中，项委员建议，依托现有回收网点设立废旧电池回收点。\n")
    got = props(text, mentions=[_m(text, "邱海"), _m(text, "方晴"), (text.index("项委员"), text.index("项委员") + 3, "项一帆")])
    assert [p.text for p in got] == ["由市人社部门牵头建立平台算法协商机制。", "建立医校协同机制，开通转诊绿色通道。",
                                     "依托现有回收网点设立废旧电池回收点。"]


def test_hopes_that_ask_a_department_to_build_or_lead():
    text = ("区政协委员邱海说，充电棚建好后没人管。她希望区住建部门牵头，明确物业企业和运营企业的责任分工。\n\n"
            "委员方晴说，骑手休息难。她希望各区在商圈建设一批骑手驿站，提供热饭、饮水等服务。\n")
    got = bodies(text, mentions=[_m(text, "邱海"), _m(text, "方晴")])
    assert got == ["区住建部门牵头，明确物业企业和运营企业的责任分工。", "各区在商圈建设一批骑手驿站，提供热饭、饮水等服务。"]


@pytest.mark.parametrize("text", [
    # a leader's exhortation to a committee or the members
    "主席邱海讲话。他希望人资环委进一步深化研究，形成高质量协商成果，为科学决策提供参考。\n",
    # 建议 as a noun: tracked, listed with 等, counted
    "邱海表示，他希望委员们持续跟踪建议落实情况，让协商成果真正落地。\n",
    "邱海说，委员们提出的教师配备、学生评价改革等建议，教育厅将认真研究，逐项推进。\n",
    "邱海介绍，此前形成的停车、菜场改造等建议，已有多项被相关部门采纳落实。\n",
    "会后，邱海了解到，不少建议来自委员们在基层的调研。\n",
])
def test_replies_and_narration_about_suggestions_are_not_proposals(text):
    assert props(text, mentions=[_m(text, "邱海")]) == []


def test_ordinal_words_with_imperative_items_in_a_speech_section():
    text = ("◎邱海（市政协委员、某大学教授）\n\n我市冷链物流起步晚，短板明显。\n\n"
            "首先，要建设区域性冷链物流枢纽，完善县乡冷库网络；\n\n其次，要支持企业购置新能源冷藏车；\n\n"
            "最后，要建立冷链食品追溯平台。\n\n"
            "◎方晴（市政协委员）\n\n首先，我们走访了二十家企业；其次，我们召开了三场座谈会。\n")
    h1, h2 = text.index("邱海"), text.index("方晴")
    got = props(text, headings=[(h1, "邱海"), (h2, "方晴")], mentions=[_m(text, "邱海"), _m(text, "方晴")])
    assert [p.text for p in got] == ["首先，要建设区域性冷链物流枢纽，完善县乡冷库网络；", "其次，要支持企业购置新能源冷藏车；",
                                     "最后，要建立冷链食品追溯平台。"]
    assert all(p.speaker == "邱海" for p in got)


def test_yi_fang_mian_items_that_each_say_what_should_be_done():
    text = ("邱海　省政协委员：古村落保护关键在于处理好保护和发展的关系。一方面，要严格控制旅游开发强度；"
            "另一方面，应完善村民分享收益的机制。\n\n"
            "今年企业经营出现分化。一方面，要看到订单增长了三成；另一方面，要看到利润仍在下滑。\n")
    got = bodies(text)
    assert got == ["一方面，要严格控制旅游开发强度；", "另一方面，应完善村民分享收益的机制。"]


def test_answers_in_a_question_and_answer_transcript_are_not_proposals():
    text = ("问（市人大常委会委员邱海）：柴油货车排放超标问题突出。请问交管支队如何加强管控？"
            "另外，我希望交管部门与生态环境部门联合建立超标车辆黑名单，实施联合惩戒。\n\n"
            "答（市公安局交管支队支队长方晴）：下一步，我们将重点做好三件事：一是加密路检路查；"
            "二是在主要路口设置遥感监测点；三是推动老旧柴油货车淘汰。\n\n"
            "答：下一步将建立联合执法机制，建议车主及时维修，确保车辆达标排放。\n")
    got = props(text, mentions=[_m(text, "邱海"), _m(text, "方晴")])
    assert [p.text for p in got] == ["交管部门与生态环境部门联合建立超标车辆黑名单，实施联合惩戒。"]
    assert got[0].speaker == "邱海"


def test_xi_wang_opening_a_sentence_of_a_speakers_own_paragraph():
    text = ("4. 邱海（市人大代表、模具行业协会秘书长）：模具设计很容易被模仿，小企业往往吃哑巴亏。"
            "希望市市场监管局在模具产业集聚的镇设立知识产权工作站，为企业提供咨询服务。\n\n"
            "5. 方晴（市人大代表）：希望大家多关心小微企业的知识产权保护。\n\n"
            "市场上的模具企业越来越多。希望有关部门加强监管，规范市场秩序。\n")
    got = props(text, mentions=[_m(text, "邱海"), _m(text, "方晴")])
    assert [p.text for p in got] == ["市市场监管局在模具产业集聚的镇设立知识产权工作站，为企业提供咨询服务。"]
    assert got[0].speaker == "邱海"


def test_xi_wang_addressed_to_a_government_body():
    text = ("村民代表邱海说，村里老人赶场要走一个多小时山路。邱海希望镇里协调客运公司，在逢场天加开班车。\n\n"
            "方晴说，集市办起来以后很热闹。方晴希望镇里的集市越办越红火。\n\n"
            "方晴还说，这个格局来之不易。她希望这个局面能够长期保持下去。\n")
    mentions = [(m.start(), m.end(), m.group()) for m in re.finditer("邱海|方晴", text)]
    got = bodies(text, mentions=mentions)
    assert got == ["镇里协调客运公司，在逢场天加开班车。"]


def test_attribution_to_another_speaker_who_opens_a_sentence_in_a_section():
    text = ("甘立峰　大学教授：白族村落保护有经验可以借鉴。\n\n互动环节，童秋雨再次发言。童常委建议，由省级财政设立保护专项资金，"
            "对保护成效好的村落给予奖励。\n\n甘教授最后说，借鉴童常委建议的做法，建议设立全省传统建筑工匠名录，开展工匠职业技能等级认定。\n")
    h, c = text.index("甘立峰"), text.index("甘教授")
    a, b, d = text.index("童秋雨"), text.index("童常委"), text.rindex("童常委")
    got = props(text, headings=[(h, "甘立峰")], mentions=[(h, h + 3, "甘立峰"), (a, a + 3, "童秋雨"), (b, b + 3, "童秋雨"),
                                                          (c, c + 3, "甘立峰"), (d, d + 3, "童秋雨")])
    # the section's speaker keeps what they propose citing another (借鉴童常委建议的做法: not a sentence start)
    assert [p.speaker for p in got] == ["童秋雨", "甘立峰"]


def test_answers_of_a_special_inquiry_are_no_proposals():
    from pipeline.stages.proposals import drop_answers

    text = ("问（市人大代表甘立峰）：臭氧怎么治？我建议对重点企业实行错峰生产。\n\n"
            "答（市生态环境局局长童秋雨）：一是开展深度治理；二是加密走航监测。\n")
    a, b = text.index("甘立峰"), text.index("童秋雨")
    got = drop_answers(text, props(text, headings=[(a, "甘立峰"), (b, "童秋雨")],
                                   mentions=[(a, a + 3, "甘立峰"), (b, b + 3, "童秋雨")]))
    assert [p.speaker for p in got] == ["甘立峰"]
    assert [p.id for p in got] == ["p1"]


def test_closing_speaker_line_ends_each_speech():
    text = ("■ 发展智慧农业\n\n农业数字化还有短板。建议，一是建设农业大数据平台；二是培养数字农业人才。\n\n"
            "（发言人：全国政协委员、某某农业协会会长　吕文涛）\n\n"
            "■ 推动冰雪旅游\n\n冰雪旅游潜力很大。为此建议：\n第一，建设冰雪旅游度假区；\n第二，举办冰雪赛事。\n\n"
            "（发言人：某某大学教授　宁秋实）\n")
    lv, nq = text.index("吕文涛"), text.index("宁秋实")
    mentions = [(lv, lv + 3, "吕文涛"), (nq, nq + 3, "宁秋实")]
    got = find_proposals(text, [], mentions, [(lv, "吕文涛"), (nq, "宁秋实")])
    assert [(p.text[:4], p.speaker) for p in got] == [
        ("一是建设", "吕文涛"), ("二是培养", "吕文涛"), ("第一，建", "宁秋实"), ("第二，举", "宁秋实")]


def test_own_suggestion_is_colon():
    text = "张伟说，纪录片合作还不多。对此，我的建议是：鼓励企业与国际机构开展联合制作，讲好中国故事。"
    assert bodies(text, mentions=[(0, 2, "张伟")]) == ["鼓励企业与国际机构开展联合制作，讲好中国故事。"]


def test_noun_suggestion_is_not_a_proposal():
    text = "张伟说，大家的建议是有价值的。我的建议是否可行，还要再研究一下。"
    assert bodies(text, mentions=[(0, 2, "张伟")]) == []


def test_counted_motions_and_suggestions_are_no_proposal():
    text = ("张伟代表建议，加快建设职业教育实训基地，培养更多技能人才。\n\n"
            "据了解，代表团共提出议案20件、建议500余件，涵盖多个领域。今年的议案建议中，不少议案建议由多名代表联名提出。\n")
    assert bodies(text, mentions=[(0, 2, "张伟")]) == ["加快建设职业教育实训基地，培养更多技能人才。"]


def test_list_of_focus_points_is_no_proposal_list():
    text = ("编者按：会议围绕湿地保护协商议政。委员们的关注点主要有三：其一，湿地面积保护；其二，候鸟栖息地修复；"
            "其三，周边产业转型。\n\n张伟委员建议：其一，要划定湿地保护红线；其二，要建立生态补偿机制。\n")
    z = text.index("张伟")
    got = bodies(text, mentions=[(z, z + 2, "张伟")])
    assert got == ["其一，要划定湿地保护红线；", "其二，要建立生态补偿机制。"]


def test_side_list_without_commas():
    text = "张伟代表建议，一方面加快建设公共管廊，降低企业成本；另一方面推动企业间原料互供，提高资源利用效率。"
    assert bodies(text, mentions=[(0, 2, "张伟")]) == ["一方面加快建设公共管廊，降低企业成本；",
                                                     "另一方面推动企业间原料互供，提高资源利用效率。"]


def test_side_words_in_narration_are_no_list():
    text = "张伟代表说，一方面企业订单增加了；另一方面成本也在上涨。"
    assert bodies(text, mentions=[(0, 2, "张伟")]) == []


def test_more_suggestions_turned_into_policies_is_no_proposal():
    text = "局长李华作了回应。他表示，将认真研究代表们的意见，推动更多建议转化为政策措施。"
    assert bodies(text, mentions=[(4, 6, "李华")]) == []


def test_second_suggestion_after_comma_then():
    text = "李华代表发言。她希望县里建设电商服务平台，为企业提供直播培训，并提出，要鼓励企业开设品牌旗舰店。"
    assert bodies(text, mentions=[(0, 2, "李华")]) == ["县里建设电商服务平台，为企业提供直播培训",
                                                     "要鼓励企业开设品牌旗舰店。"]


def test_comma_then_without_speaker_is_no_proposal():
    text = "报告回顾了一年的工作，并提出，要继续深化改革。"
    assert bodies(text) == []


@pytest.mark.parametrize("line, answer", [
    ("答：下一步建立联合执法机制。", True),
    ("答（市生态环境局局长童秋雨）：一是开展深度治理。", True),
    ("答（市生态环境局局长童秋雨）一是开展深度治理。", True),
    ("  **回答（副市长籍文涛）**：我们将加快推进。", True),
    ("应询（市交通运输局局长）：将在年内完成。", True),
    ("追答：还将加密监测。", True),
    ("答复：已纳入计划。", True),
    ("问（市人大代表甘立峰）：臭氧怎么治？", False),
    ("追问（邸海明）：具体时间表呢？", False),
    ("答案是明确的：一是加强监管。", False),
    ("委员们答疑解惑，建议加强宣传。", False),
])
def test_one_test_tells_an_answer_line_for_lists_and_sentences(line, answer):
    """in_answer serves both the list filter and drop_answers: every answer form, with or without the
    speaker in brackets, with or without the colon after them; questions and words that open with 答 are not."""
    from pipeline.stages.proposals import in_answer

    text = "问（甲）：怎么办？\n" + line + "\n"
    assert in_answer(text, text.index(line) + len(line) - 2) is answer
