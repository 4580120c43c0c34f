"""Stated themes (every way a report states them, as written) and deterministic theme assignment."""

from __future__ import annotations

import json

import numpy as np
import pytest

from pipeline.stages.themes import ThemeModel, find_stated_theme_spans, find_stated_themes, load_theme_file

DEFAULT = ["优化产业结构", "加大科技创新力度", "加快数字化转型", "强化资源要素保障"]


@pytest.mark.parametrize("text,expected", [
    ("委员们围绕优化产业结构、加大科技创新力度、加快数字化转型、强化资源要素保障四个主题建言。", DEFAULT),
    ("委员们围绕今年的数字产业化、产业数字化、数据要素市场化配置三个议题分组讨论。",
     ["数字产业化", "产业数字化", "数据要素市场化配置"]),
    ("会议围绕“居家社区养老服务”“养老护理人才队伍建设”两个方面展开协商。", ["居家社区养老服务", "养老护理人才队伍建设"]),
    ("本次协商聚焦三大议题：一是规则衔接，二是青年创新创业，三是科技协同创新。来自港澳的委员参加。",
     ["规则衔接", "青年创新创业", "科技协同创新"]),
    ("会议分为三个小组，分别就整车与零部件协同、关键核心技术攻关和产业发展要素保障进行讨论。",
     ["整车与零部件协同", "关键核心技术攻关", "产业发展要素保障"]),
    ("会议分为清洁能源岛建设、生态产品价值实现、绿色低碳产业发展三个专题进行分组协商。",
     ["清洁能源岛建设", "生态产品价值实现", "绿色低碳产业发展"]),
    ("会议设置三个议题，分别是数字产业化、产业数字化和数据要素配置。", ["数字产业化", "产业数字化", "数据要素配置"]),
    ("会议围绕乡村产业振兴、人才振兴和文化振兴等议题展开讨论。", ["乡村产业振兴", "人才振兴", "文化振兴"]),
    ("会议设三个分组，主题分别为乡村产业振兴、乡村人才振兴、乡村文化振兴。", ["乡村产业振兴", "乡村人才振兴", "乡村文化振兴"]),
    ("议题一：规则衔接；议题二：青年创新创业。", ["规则衔接", "青年创新创业"]),
    ("会议设置以下议题：\n（一）规则衔接\n（二）青年创新创业\n（三）科技协同创新\n\n正文。",
     ["规则衔接", "青年创新创业", "科技协同创新"]),
    ("本次协商设三个议题：一、规则衔接；二、青年创新创业；三、科技协同创新。", ["规则衔接", "青年创新创业", "科技协同创新"]),
    # groups that 分别围绕 their themes 与委员们交流 (no 进行)
    ("会议设四个小组，分别围绕港口建设、航运服务、临港产业培育、海洋安全监管与委员们深入交流。",
     ["港口建设", "航运服务", "临港产业培育", "海洋安全监管"]),
    ("会议分三个组，分别围绕规则衔接、青年创新创业和科技协同创新同与会专家座谈交流。", ["规则衔接", "青年创新创业", "科技协同创新"]),
    # 议题聚焦：A、B、C
    ("本次会议议题聚焦：数据资源开发利用、数据流通交易、数据安全治理。会前开展调研。",
     ["数据资源开发利用", "数据流通交易", "数据安全治理"]),
    ("本次协商议题聚焦于规则衔接、青年创新创业和科技协同创新。", ["规则衔接", "青年创新创业", "科技协同创新"]),
    ("这次协商会设置了“市域产教联合体建设”“双师型教师队伍建设”“技能人才评价激励”三个议题，委员发言。",
     ["市域产教联合体建设", "双师型教师队伍建设", "技能人才评价激励"]),
    ("委员们从葡萄酒文旅融合、星空旅游品牌打造、黄河文化保护传承三个方面建言献策。",
     ["葡萄酒文旅融合", "星空旅游品牌打造", "黄河文化保护传承"]),
    # a label, then the list filling its line (middle dots, 、)
    ("# 协商座谈会\n\n**协商议题：** 网格化服务管理 · 物业小区治理 · 基层减负\n\n正文。",
     ["网格化服务管理", "物业小区治理", "基层减负"]),
    ("讨论主题：规则衔接、青年创新创业、科技协同创新\n正文。", ["规则衔接", "青年创新创业", "科技协同创新"]),
    ("**协商主题**：培育市场主体；完善物流通道布局；优化监管服务\n\n正文。", ["培育市场主体", "完善物流通道布局", "优化监管服务"]),
    # what the discussion focuses on, enumerated: the conjunction inside an item does not split it
    ("本次协商聚焦：一是设施布局和空间保障；二是服务供给和运营模式；三是资金和人才保障。部门负责同志参加。",
     ["设施布局和空间保障", "服务供给和运营模式", "资金和人才保障"]),
    # bullet lines after 议题…展开：
    ("协商围绕以下三个议题展开：\n◆推进数据共享开放\n◆提升“一网通办”服务效能\n◆筑牢安全防线\n\n正文。",
     ["推进数据共享开放", "提升“一网通办”服务效能", "筑牢安全防线"]),
    # each group's subject; slashes between a label's themes; 主线 as the noun; the points a discussion centred on
    ("协商会分两个小组进行，一组讨论“职业技能培训”，另一组讨论“服务质量标准”，委员们畅所欲言。",
     ["职业技能培训", "服务质量标准"]),
    ("第一组围绕乡村产业振兴，第二组围绕乡村人才振兴，第三组围绕乡村文化振兴，分别开展讨论。",
     ["乡村产业振兴", "乡村人才振兴", "乡村文化振兴"]),
    ("协商议题：湿地保护/社区共建/科普教育和生态旅游\n正文。", ["湿地保护", "社区共建", "科普教育和生态旅游"]),
    ("委员们围绕“非遗活化”与“文创出海”两条主线建言献策。", ["非遗活化", "文创出海"]),
    ("委员们的关注点主要有三：其一，源头减排；其二，岸线修复；其三，绿色转型。会议安排发言10个。",
     ["源头减排", "岸线修复", "绿色转型"]),
    # a meeting divided (会分…) into its themes
    ("协商会分湿地保护修复、生态产品开发、社区共管共享三个板块进行。", ["湿地保护修复", "生态产品开发", "社区共管共享"]),
    # the issues a meeting is asked about (就A、B、C和D等问题，听取意见): the last part split at its 和
    ("座谈会聚焦“托育服务”这一主题，就提升托育服务供给、规范收费和监管、加强人才培养和扩大普惠托位等问题，听取各方意见建议。",
     ["提升托育服务供给", "规范收费和监管", "加强人才培养", "扩大普惠托位"]),
    ("座谈会就优化营商环境、减轻企业负担等问题进行协商。", ["优化营商环境", "减轻企业负担"]),
    # a discussion divided into themes listed after a colon, and quoted themes with a count
    ("讨论分为三个专题：集中供暖改造；老旧管网更新；电梯加装。", ["集中供暖改造", "老旧管网更新", "电梯加装"]),
    ("会议围绕“耕地保护”“高标准农田建设”两个方面展开协商。", ["耕地保护", "高标准农田建设"]),
    # a second, nested statement: its verb is not part of the first theme
    ("会议围绕加快发展低空经济，聚焦无人机物流、通用机场建设两个重点，8位委员作大会发言。", ["无人机物流", "通用机场建设"]),
    ("本次专题询问聚焦三个议题（老旧小区改造、停车设施建设、社区养老服务），委员们逐一提问。",
     ["老旧小区改造", "停车设施建设", "社区养老服务"]),
    # one theme, stated as the meeting's only 议题 in quotation marks
    ("镇里召开协商议事会。本次会议的议题是“集镇停车难治理”。镇党委副书记主持会议。", ["集镇停车难治理"]),
    ("本次协商的主题为“推进古籍保护”\n委员们发言。", ["推进古籍保护"]),
    # a list is preferred to the one quoted theme
    ("本次协商的主题是“推进古籍保护和利用”，重点围绕古籍数字化和古籍专业人才培养两个方面展开。",
     ["古籍数字化", "古籍专业人才培养"]),
])
def test_stated_themes(text, expected):
    assert find_stated_themes(text) == expected


@pytest.mark.parametrize("text", [
    "委员们围绕主题积极建言，提出了一批意见建议。",
    "但在绿电就近消纳、氢能储运等方面还存在瓶颈。",
    "审议中，代表们还就寒地汽车测试、冰雪资源开发等话题进行了交流。",
    "围绕“推进数字经济创新提质”开展专题议政。",
    "副市长表示，将推动在基础设施、产业培育、场景应用等方面取得突破。",
    "两位委员分别围绕产业培育和场景应用作了发言。",
    "本期专题：乡村振兴\n正文。",  # one theme is no list
    "调研分析显示，部分产品、渠道、品牌三个方面仍有短板。",  # 分 inside a word, not a meeting divided
    "他说，一组讨论很热烈，气氛活跃。",  # one group's talk, no run of subjects
    "委员们的关注点主要有三：其一，源头减排；其二，岸线修复。",  # two points where three are announced
    "针对融资难、融资贵等问题，建议设立专项基金。",  # problems a suggestion answers, not what was discussed
    "代表们还就学生课后服务、心理健康教育等问题进行了交流。",  # side topics
    "新就业形态劳动者、灵活就业人员等问题突出，需要协商解决。",  # 就 of 就业; no meeting asked about them
    "他就住房、医疗等问题谈了看法。",
    "讲座的主题是“共同富裕”。",  # not a meeting's 议题
    "会议的主题是“凝心聚力”，委员们围绕发展积极建言。",  # not a sentence of its own: a slogan leading on
    "本次会议的议题是推进乡村振兴。",  # one theme, not delimited
    "委员们还就两个方面（见附件）作了说明。",
    "会议聚焦两个重点（2023年）展开讨论。",
])
def test_no_stated_themes(text):
    assert find_stated_themes(text) == []


def test_traditional_themes_stay_traditional_through_the_pipeline():
    from pipeline.nlp import load

    text = "本次協商聚焦三大議題：一是規則銜接，二是青年創新創業，三是科技協同創新。\n\n王大文委員建議，擴大港澳專業人士跨境執業範圍。\n"
    doc = load()(text)
    assert doc._.themes == ["規則銜接", "青年創新創業", "科技協同創新"]
    for p in doc._.proposals:
        assert p.theme in doc._.themes and 0 < p.theme_score <= 1


def test_spans_index_the_text():
    text = "委员们围绕优化产业结构、加大科技创新力度两个主题发言。"
    assert [text[s:e] for s, e in find_stated_theme_spans(text)] == ["优化产业结构", "加大科技创新力度"]


def test_default_theme_file():
    assert [t.name for t in load_theme_file()] == DEFAULT


def test_theme_file_as_list(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(["甲主题", "乙主题"], ensure_ascii=False), encoding="utf-8")
    assert [t.name for t in load_theme_file(path)] == ["甲主题", "乙主题"]


SEEDS = ["数字化转型 数字化 工业互联网 数据 平台 智能化", "人才 培养 引进 高校 技能 工匠"]
TEXTS = ["建设工业互联网平台，推动企业数字化改造", "加大高层次人才引进力度，完善技能人才培养体系",
         "推动公共数据开放共享，建设数据交易平台", "支持高校与企业共建产业学院，培养技能工匠"]


def test_assignment_follows_seeds():
    model = ThemeModel().fit(SEEDS, TEXTS)
    assert list(model.predict(TEXTS)) == [0, 1, 0, 1]


def test_assignment_is_deterministic_and_a_probability():
    a = ThemeModel().fit(SEEDS, TEXTS).predict_proba(TEXTS)
    b = ThemeModel().fit(SEEDS, list(TEXTS)).predict_proba(TEXTS)
    assert np.array_equal(a, b)
    assert np.allclose(a.sum(axis=1), 1.0) and (a >= 0).all()


def test_context_moves_an_ambiguous_proposal():
    text = ["完善相关配套政策"]
    to_talent = ThemeModel().fit(SEEDS, text, ["人才 培养 引进"]).predict(text, ["人才 培养 引进"])
    to_digital = ThemeModel().fit(SEEDS, text, ["数字化 工业互联网"]).predict(text, ["数字化 工业互联网"])
    assert list(to_talent) == [1] and list(to_digital) == [0]


def test_pipeline_output_is_deterministic():
    from pipeline.nlp import load

    text = ("委员们围绕优化产业结构、加大科技创新力度、加快数字化转型、强化资源要素保障四个主题建言。\n\n"
            "陈明委员建议：\n一是建设工业互联网平台；\n二是设立科技成果转化基金；\n三是盘活低效用地。\n")
    runs = []
    for _ in range(2):
        doc = load()(text)
        runs.append([(p.theme, round(p.theme_score, 6)) for p in doc._.proposals])
    assert runs[0] == runs[1] and len(runs[0]) == 3


def test_theme_modules_do_not_import_scikit_learn():
    import subprocess
    import sys

    code = ("import sys, pipeline.stages.themes, pipeline.discover, pipeline.nlp\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_background_idf_downweights_common_words():
    from pipeline.stages.themes import Background, TermSpace

    cut = str.split
    rare = TermSpace(Background(100, {}, {}), cut=cut).fit(["甲 乙"])
    common = TermSpace(Background(100, {"甲": 90}, {"甲": 90}), cut=cut).fit(["甲 乙"])
    w_rare, w_common = rare.transform(["甲 乙"])[0], common.transform(["甲 乙"])[0]
    j = rare.vocab_[0]["甲"]
    assert w_common[j] < w_rare[j]  # 甲 is in 90 of 100 background units: it weighs less than 乙
    assert np.isclose(np.linalg.norm(w_rare[:len(rare.vocab_[0])]), 1.0)  # each block is L2-normalised


def test_fixed_idf_makes_a_text_vector_independent_of_its_neighbours():
    from pipeline.stages.themes import TermSpace, load_background

    bg = load_background()
    assert bg.n_docs > 0 and bg.words and bg.chars
    alone = TermSpace(bg).fit(["建设工业互联网平台"])
    together = TermSpace(bg).fit(["建设工业互联网平台", "建设人才公寓", "建设养老机构"])
    a = alone.transform(["建设工业互联网平台"])[0]
    b = together.transform(["建设工业互联网平台"])[0]
    assert np.isclose(np.sort(a[a > 0]), np.sort(b[b > 0])).all()  # the same weights, whatever else is fitted


def test_transform_drops_terms_outside_the_fitted_vocabulary():
    model = ThemeModel().fit(SEEDS, TEXTS)
    x = model.transform(["𠀀𠀁"])  # no word or character of this text was seen in fit
    assert x.shape[1] == model.centroids_.shape[1] and not x.any()


def test_background_builder_counts_units_and_prunes_rare_terms():
    from pipeline.discover import build_background

    data = build_background(["数字经济发展", "数字经济", "养老服务"], min_df=2)
    assert data["n_docs"] == 3 and "CC BY-SA" in data["licence"]
    assert data["chars"]["数字"] == 2 and "养老" not in data["chars"]


def test_pipeline_theme_model_uses_the_tokenizers_segmenter():
    from pipeline.nlp import load

    nlp = load()
    themer = dict(nlp.pipeline)["meeting_themes"]
    assert themer.model_params["cut"] == nlp.tokenizer.segmenter.cut
    assert themer.model_params["background"].n_docs > 0


def test_the_most_specific_concept_describes_a_stated_theme():
    from pipeline.stages.themes import describe, load_concepts

    concepts = load_concepts()
    names = ["数字产业化", "产业数字化"]
    a, b = (describe(n, {}, concepts, names) for n in names)
    assert a != b  # the same characters in another order are another concept
    assert "集成电路" in a and "智能化改造" in b
    assert "招商" not in a  # 产业 gives way to 数字产业化, which contains it


def test_opening_clause_of_a_proposal_counts_twice():
    from pipeline.nlp import load

    themer = dict(load().pipeline)["meeting_themes"]
    assert themer._unit("三是创新运营模式。支持公交推广换电。") == "三是创新运营模式。支持公交推广换电。 创新运营模式"
    assert themer._unit("推广换电") == "推广换电"  # no clause boundary: the text as it is


def test_stated_themes_split_proposals_by_their_concepts():
    from pipeline.nlp import load

    text = ("会议围绕数字产业化、产业数字化两个议题展开协商。\n\n"
            "陈明委员建议：\n一是支持集成电路和软件企业做大做强，建设算力中心；\n"
            "二是推动中小企业智能化改造，建设数字化车间和智能工厂；\n"
            "三是发展芯片设计和基础软件产业。\n")
    doc = load()(text)
    assert [p.theme for p in doc._.proposals] == ["数字产业化", "产业数字化", "数字产业化"]
    assert all(0.5 < p.theme_score <= 1 for p in doc._.proposals)


def test_a_concept_every_stated_theme_shares_describes_none_of_them():
    from pipeline.stages.themes import describe, load_concepts

    concepts = load_concepts()
    names = ["数据资源开发利用", "数据流通交易", "数据安全治理"]
    described = [describe(n, {}, concepts, names) for n in names]
    assert all(concepts["数据"] not in d for d in described)
    assert "交易" in described[1] and "安全" in described[2]


def test_theme_seeds_stress_what_tells_the_names_apart():
    from pipeline.stages.themes import core_name, shared_part

    names = ["低空基础设施建设", "低空产业培育", "低空应用场景拓展", "低空安全监管"]
    assert shared_part(names) == "低空"
    assert [core_name(n, "低空") for n in names] == ["基础设施建设", "产业培育", "应用场景拓展", "安全监管"]
    assert shared_part(["规则衔接", "青年创新创业"]) == ""


def test_stated_themes_with_a_shared_word_get_their_own_proposals():
    from pipeline.nlp import load

    text = ("本次会议议题聚焦：数据资源开发利用、数据流通交易、数据安全治理。\n\n"
            "王大文委员建议，建立数据交易所的数据确权登记和定价规则，促进数据交易流通。\n\n"
            "李小明委员建议，建立数据分类分级保护制度，加强数据安全风险监测预警和监管执法。\n")
    doc = load()(text)
    assert doc._.themes == ["数据资源开发利用", "数据流通交易", "数据安全治理"]
    assert [p.theme for p in doc._.proposals] == ["数据流通交易", "数据安全治理"]


def test_default_themes_place_water_and_health_proposals_under_resource_guarantees():
    from pipeline.nlp import load

    text = ("王大文委员建议，深化农业水价综合改革，扩大水权交易试点，严格地下水取用水总量控制。\n\n"
            "李小明委员建议，推动基层医院与养老机构签约合作，深化医养结合，完善护理服务。\n")
    doc = load()(text)
    assert doc._.themes == DEFAULT
    assert [p.theme for p in doc._.proposals] == ["强化资源要素保障", "强化资源要素保障"]



def test_default_themes_place_law_social_insurance_and_brand_proposals():
    """Laws, enforcement and social insurance are guarantees; brands, orders, processing and operators are the
    industry's structure (the vocabulary of default.json's descriptions; before it, all seven were guarantees)."""
    from pipeline.nlp import load

    items = ["加快出台地方性条例，明确监管责任，对违法行为依法处罚。", "推动工伤保险扩面，保障劳动者职业健康。",
             "开发一批公益性岗位，帮助困难群众就业增收。", "建立司法保护与监督检查衔接机制，规范监管责任。",
             "统一区域公用品牌，组织企业参加展销会，拓展订单收购渠道。", "推动精深加工和产销对接，提升经营主体运营水平。",
             "打造商业综合体，引入专业化运营团队。"]
    doc = load()("".join(f"王大文委员建议，{item}\n\n" for item in items))
    assert doc._.themes == DEFAULT
    assert [p.theme for p in doc._.proposals] == ["强化资源要素保障"] * 4 + ["优化产业结构"] * 3

def test_themes_stated_after_discussed_with_a_count():
    assert find_stated_themes("会上，委员们分组讨论了乡村振兴、县域经济和生态保护三个方面的问题。") == \
        ["乡村振兴", "县域经济", "生态保护"]


def test_themes_stated_before_deng_wenti_jianyan_xiance():
    text = "会上，委员们分别就提升长江干线航道通过能力、推动长江航运绿色低碳转型、完善港口集疏运体系等问题建言献策。"
    assert find_stated_themes(text) == ["提升长江干线航道通过能力", "推动长江航运绿色低碳转型", "完善港口集疏运体系"]


def test_theme_names_lose_their_opening_verbs_for_the_model():
    from pipeline.stages.themes import topic_of

    assert topic_of("加快数字化转型") == "数字化转型"
    assert topic_of("培育壮大转型发展新动能") == "转型发展新动能"
    assert topic_of("推动") == "推动"  # nothing would remain
    assert topic_of("冰雪人才培养") == "冰雪人才培养"
    assert topic_of("加大科技创新力度") == "科技创新"


def test_a_one_line_document_has_no_heading_and_short_contexts():
    from pipeline.stages.themes import HEADING_LINE_RE, proposal_context

    text = "# 标题" + "委员建议，一是加快建设创新平台；二是完善人才政策。" * 3000
    headings = [m.span() for m in HEADING_LINE_RE.finditer(text)]
    assert headings == []
    assert len(proposal_context(text, text.rindex("二是"), headings)) <= 200


def test_documents_with_very_many_proposals_are_fitted_in_chunks(nlp, monkeypatch):
    from pipeline.stages import themes

    text = "围绕产业升级、科技创新两个议题协商。\n" + "".join(
        f"委员{i}建议，加快建设第{i}个创新平台，完善科技成果转化机制。\n" for i in range(7))
    monkeypatch.setattr(themes, "MAX_PROPOSALS_PER_FIT", 3)
    doc = nlp(text)
    assert len(doc._.proposals) == 7
    assert all(p.theme in ("产业升级", "科技创新") and 0 < p.theme_score <= 1 for p in doc._.proposals)


def test_the_opening_clause_of_an_item_names_its_topic():
    from pipeline.stages.themes import lead_clause

    assert lead_clause("一、强化要素保障，加快出台园区建设标准。") == "强化要素保障"
    assert lead_clause("（二）推进技术标准化，推动技术与产业融合试点。") == "推进技术标准化"
    long_clause = "设立省级生物医药产业母基金引导社会资本投早投小投长期投硬科技"
    assert lead_clause(long_clause) == long_clause[:24]


def test_quoted_themes_keep_their_inner_separators():
    text = "委员们聚焦“落实民营经济促进法、优化发展环境”“破除市场准入壁垒、保障公平竞争”“支持科技创新和转型升级”等议题建言资政。"
    assert find_stated_themes(text) == ["落实民营经济促进法、优化发展环境", "破除市场准入壁垒、保障公平竞争", "支持科技创新和转型升级"]


def test_stated_themes_pull_is_centred_over_the_reports_proposals():
    """With stated themes (seeds from names and concepts) and at least as many proposals as themes, each
    theme's mean similarity over the proposals is subtracted; default themes and short lists keep theirs."""
    from pipeline.nlp import load

    nlp = load()
    comp = nlp.get_pipe("meeting_themes")
    stated = ("会议围绕托育服务供给、职业女性就业权益两个议题协商。\n\n"
              "王大文委员建议，扩大普惠托育服务供给，支持职业院校开设托育专业。\n\n"
              "李小明委员建议，保障职业女性就业权益，查处招聘中的性别歧视。\n\n"
              "赵一凡委员建议，建立托育从业人员职业资格评价制度。\n")
    doc = nlp.make_doc(stated)
    for name, proc in nlp.pipeline:
        if name == "meeting_themes":
            break
        doc = proc(doc)
    sims = comp.similarities(doc)
    assert sims.shape == (3, 2)
    assert np.allclose(sims.mean(axis=0), 0)
    comp.centre_generated = False
    try:
        raw = comp.similarities(doc)
    finally:
        comp.centre_generated = True
    assert np.allclose(raw - raw.mean(axis=0), sims)
    assert not np.allclose(raw.mean(axis=0), 0)
    default = nlp("王大文委员建议，扩大普惠托育服务供给。\n\n李小明委员建议，保障职业女性就业权益。\n")
    assert not np.allclose(comp.similarities(default).mean(axis=0), 0)


def test_themes_from_a_file_without_descriptions_are_not_centred_when_the_report_states_none(tmp_path):
    """Centring is for themes a report states: a --themes file of bare names (no descriptions) used for a
    report that states none keeps its similarities as they are."""
    from pipeline.nlp import build

    themes_file = tmp_path / "themes.json"
    themes_file.write_text(json.dumps(["产业结构", "科技创新"], ensure_ascii=False), encoding="utf-8")
    nlp = build(themes_file=str(themes_file))
    comp = nlp.get_pipe("meeting_themes")
    doc = nlp("王大文委员建议，推动传统产业转型升级。\n\n李小明委员建议，加强关键核心技术攻关。\n\n张三委员建议，培育新兴产业集群。\n")
    assert not doc._.themes_stated
    sims = comp.similarities(doc)
    comp.centre_generated = False
    assert np.array_equal(sims, comp.similarities(doc))


def test_one_refinement_round_moves_each_seed_once_towards_its_nearest_proposals():
    """n_iter=1: each centroid is its seed (seed_weight) plus the mean of the proposals nearest that seed,
    normalised, and no further round; the theme stage refines this way (REFINE_ITERATIONS)."""
    from pipeline.nlp import load
    from pipeline.stages.themes import REFINE_ITERATIONS, _l2_rows

    once = ThemeModel(n_iter=1).fit(SEEDS, TEXTS)
    x, seeds = once.x_, once.seeds_
    labels = (x @ seeds.T).argmax(axis=1)
    expected = 4.0 * seeds
    for k in set(labels.tolist()):
        expected[k] += x[labels == k].mean(axis=0)
    assert np.allclose(once.centroids_, _l2_rows(expected))
    assert not np.allclose(once.centroids_, seeds)  # it did move
    assert REFINE_ITERATIONS == 1
    assert dict(load().pipeline)["meeting_themes"].model_params["n_iter"] == REFINE_ITERATIONS


HEADED = ("县政协召开常委会议，围绕特色产业发展议政。\n\n一、壮大特色加工\n\n县政协常委、宜兴竹业有限公司总经理王建华说，"
          "加工企业多为初级产品。他建议，引进竹纤维精深加工项目，培育两家龙头企业。\n\n二、拓展绿色消费\n\n"
          "县政协委员、县商会会长李秀英建议，推广竹制餐具和竹编包装，在机关食堂率先使用。\n\n"
          "县政协委员、县竹业合作社理事长刘春生建议，在景区和民宿推广竹制用品，打响绿色消费品牌。\n\n三、强化要素保障\n\n"
          "县政协委员、县农商银行行长赵立新建议，设立竹产业专项资金，开发竹林经营权抵押贷款。\n")


def test_section_headings_over_proposals_are_the_themes():
    from pipeline.nlp import load

    doc = load("jieba", None)(HEADED)
    assert doc._.themes == ["壮大特色加工", "拓展绿色消费", "强化要素保障"]
    assert len(doc._.proposals) == 4
    assert [p.theme for p in doc._.proposals] == [doc._.themes[i] for i in (0, 1, 1, 2)]


@pytest.mark.parametrize("text", [
    HEADED.replace("二、", "三、", 1),  # numbering with a gap
    HEADED.replace("建议，推广竹制餐具", "介绍，推广了竹制餐具"),  # a section without a proposal
    HEADED.replace("壮大特色加工", "会议概况").replace("拓展绿色消费", "委员发言"),  # not topics
    # each heading over one member's proposals: the titles of their speeches (a 委员观点 page)
    HEADED.replace("县政协委员、县竹业合作社理事长刘春生建议", "李秀英还建议"),
])
def test_section_headings_that_are_not_themes(text):
    from pipeline.nlp import load
    from pipeline.stages.themes import heading_theme_spans

    doc = load("jieba", None)(text)
    assert heading_theme_spans(doc.text, doc._.proposals) == []
    assert doc._.themes == DEFAULT


BOLD = ("# 为小店撑腰\n\n**本报记者 林小雨**\n\n界别小组讨论气氛热烈。\n\n**减轻经营负担**\n\n"
        "全国政协委员、民建中央委员王建华说，房租压力大。他建议：\n\n- 将小规模纳税人免征增值税政策常态化实施；\n"
        "- 督促外卖平台规范佣金收取，对中小商户实行阶梯式降费。\n\n**破解融资难题**\n\n"
        "全国政协委员、某银行副行长李秀英建议，推广纯信用贷款产品，扩大政府性融资担保覆盖面。\n\n"
        "全国政协委员、某商会会长张立群建议，设立个体工商户应急转贷资金，缓解短期周转压力。\n")


def test_bold_lines_over_proposals_are_the_themes():
    from pipeline.nlp import load

    doc = load("jieba", None)(BOLD)
    assert doc._.themes == ["减轻经营负担", "破解融资难题"]  # the reporter's bold line is above every proposal


@pytest.mark.parametrize("text", [
    BOLD.replace("李秀英建议，推广", "李秀英介绍，推广了"),  # a bold line without a proposal below it
    BOLD.replace("**破解融资难题**", "#### 李秀英 委员\n\n**破解融资难题**"),  # a speech's title under its heading
    BOLD.replace("全国政协委员、某商会会长张立群建议", "李秀英还建议"),  # one member under each: speech titles
])
def test_bold_lines_that_are_not_themes(text):
    from pipeline.nlp import load
    from pipeline.stages.themes import heading_theme_spans

    doc = load("jieba", None)(text)
    assert heading_theme_spans(doc.text, doc._.proposals) == []
