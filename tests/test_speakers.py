"""Speakers: headings, narrative attributions, pronoun continuations; not bylines or leaders quoted."""

from __future__ import annotations

from pipeline.stages.entities import build_rules, find_entities
from pipeline.stages.segment import analysis_text
from pipeline.stages.speakers import find_speakers


def _speakers(text: str):
    rules = build_rules()
    analysis = analysis_text(text)
    _, titled = find_entities(analysis, rules)
    return {sp.name: sp for sp in find_speakers(analysis, titled, rules)}


def test_paren_heading_and_titles():
    text = "张伟明（省政协委员、某某大学副校长）\n\n建议加快建设创新平台。"
    sp = _speakers(text)
    assert "张伟明" in sp
    assert sp["张伟明"].titles == ["省政协委员", "某某大学副校长"]
    assert sp["张伟明"].organisation == "某某大学"


def test_inline_introduction_and_short_form_mentions():
    text = ("市政协委员、某某汽车零部件有限公司董事长谢志刚直言，融资难。"
            "谢委员建议，推广知识产权质押融资。")
    sp = _speakers(text)
    assert list(sp) == ["谢志刚"]
    short = text.index("谢委员")
    assert [short, short + 3] in [list(m) for m in sp["谢志刚"].mentions]
    assert sp["谢志刚"].organisation == "某某汽车零部件有限公司"


def test_pronoun_continuation_makes_a_speaker():
    text = "县政协委员、县人民医院儿科主任邓春梅关注学生近视问题。她提出，将视力筛查纳入体检。"
    assert "邓春梅" in _speakers(text)


def test_pronoun_after_a_quotation_makes_a_speaker():
    text = ("全国政协委员、北京大学人口研究所教授桂湘宁以一组数据开场：出生人口处于低位。"
            "「生育支持不能只靠发钱。更要靠服务。」她建议将托育纳入基本公共服务。")
    assert "桂湘宁" in _speakers(text)
    text = "省政协委员、某某医院院长邓春梅关注近视问题。「近视低龄化令人担忧。」据统计，发病率上升。"
    assert "邓春梅" not in _speakers(text)


def test_chair_speaking_later_is_a_speaker():
    text = "市政协副主席周明远主持会议。\n\n会上委员发言。\n\n周明远在总结时表示，建议很有针对性。"
    assert "周明远" in _speakers(text)


def test_leader_quoted_from_another_occasion_is_not_a_speaker():
    text = ("省委书记钟立衡在今年年初召开的全省数字经济大会上曾强调，要坚定不移推进。"
            "省长黄德明在省政府工作报告中提出，要实施产业集群建设工程。")
    assert _speakers(text) == {}


def test_byline_is_not_a_speaker():
    text = "南京日报记者 赵雨桐\n\n市政协委员、某某大学教授钱文博认为，要加强护理员队伍。"
    sp = _speakers(text)
    assert "赵雨桐" not in sp
    assert "钱文博" in sp


def test_traditional_heading_with_space():
    text = "### 推動規則銜接\n\n廣州市政協常委、香港執業大律師 鄺頌恩\n\n建議擴大跨境執業範圍。"
    sp = _speakers(text)
    # stages work on the simplified copy; offsets index the original text
    assert list(sp) == ["邝颂恩"]
    (start, end), = sp["邝颂恩"].mentions
    assert text[start:end] == "鄺頌恩"
    assert sp["邝颂恩"].titles[0] == "广州市政协常委"
    assert sp["邝颂恩"].organisation is None


def test_officials_with_rare_surnames_who_speak_later():
    text = ("市政协主席訾明远出席并讲话，副市长郗子健到会听取意见并讲话。\n\n"
            "委员们踊跃发言。\n\n訾明远指出，要抓好落实。郗子健表示，市政府将认真研究。")
    assert {"訾明远", "郗子健"} <= set(_speakers(text))


def test_name_first_heading_is_a_speaker():
    text = "### 推进地下水超采综合治理\n\n**祁文远 省政协常委、民盟某某省委副主委**\n\n我省地下水超采问题突出。"
    sp = _speakers(text)
    assert sp["祁文远"].titles == ["省政协常委", "民盟某某省委副主委"]


def test_pronoun_then_finding_makes_a_speaker():
    text = "省政协委员、某某医院老年医学科主任蒙秀兰长期在临床一线工作。她发现，不少老年人同时患有多种慢性病。"
    assert "蒙秀兰" in _speakers(text)


def test_short_form_opening_next_sentence_makes_a_speaker():
    text = "自治区政协常委、某某大学文化旅游学院院长拜文涛长期研究黄河文化。拜委员认为，要加强保护传承。"
    assert "拜文涛" in _speakers(text)


def test_presenting_data_makes_a_speaker():
    text = "省政协委员、某某科技有限公司总经理万俊明带来了一组数据：去年全省无人机作业面积大增。"
    assert "万俊明" in _speakers(text)


def test_introduction_without_statement_is_not_a_speaker():
    text = "省政协委员、某某医院主任蒙秀兰长期在临床一线工作。她的同事也参加了调研。"
    assert "蒙秀兰" not in _speakers(text)


def test_bare_name_without_title_is_not_a_speaker():
    assert "张文远" not in _speakers("会上，张文远说，要加快建设。")


def test_name_with_seat_and_colon_is_a_speaker():
    sp = _speakers("张文远委员：建议加快建设创新平台。")
    assert sp["张文远"].titles == ["委员"]


def test_listed_names_who_speak_share_the_title():
    sp = _speakers("市政协委员张文远、李明华分别发言，建议加快建设。")
    assert sp["李明华"].titles == ["市政协委员"]


def test_official_speaking_at_the_meeting_is_a_speaker():
    sp = _speakers("市政协主席巴文生出席并讲话，副市长钮文华到会听取意见并讲话。")
    assert {"巴文生", "钮文华"} <= set(sp)


def test_speech_at_another_event_is_not_a_speaker():
    sp = _speakers("市委书记尚文海此前在全市数字经济发展大会上讲话，要求抓好落实。")
    assert "尚文海" not in sp


def test_half_width_full_stop_ends_a_sentence():
    text = "省政协委员、某某医院主任蒙秀兰长期在临床一线工作.她发现,不少老年人同时患有多种慢性病."
    assert "蒙秀兰" in _speakers(text)


def test_half_width_stop_keeps_an_introduction_apart_from_a_later_statement():
    text = "市政协委员、某某公司总经理蒙秀兰参加会议.会议期间,王文生建议加快建设."
    assert "蒙秀兰" not in _speakers(text)


def test_decimal_point_is_not_a_sentence_end():
    text = "省政协委员、某某公司总经理蒙秀兰说,增速达3.5个百分点."
    assert "蒙秀兰" in _speakers(text)


def test_name_comma_titles_comma_and_seat_before_a_half_width_comma():
    text = ("会上，李华，省政协委员、福建师范大学教授，建议加快建设海洋强省。"
            "省政协常委,民进省委副主委王晓东表示，应当推进港口整合。")
    sp = _speakers(text)
    assert sp["李华"].titles == ["省政协委员", "福建师范大学教授"]
    assert sp["王晓东"].titles == ["省政协常委", "民进省委副主委"]


def test_title_after_a_narrative_lead_in_is_cut():
    found, _ = find_entities(analysis_text("会议由副主席周敏主持。"), build_rules())
    titles = {"会议由副主席周敏主持。"[s:e] for s, e, label in found if label == "TITLE"}
    assert titles == {"副主席"}


def test_parenthesised_titles_opening_a_narrative_paragraph_start_no_speech_section():
    from pipeline.stages.proposals import find_proposals

    text = ("陈立新（省政协委员、厦门大学海洋学院院长）说，要加强海洋科技创新。\n"
            "来自企业界的委员林国华直言，民营企业是生力军。林国华建议设立海洋产业基金。")
    rules = build_rules()
    analysis = analysis_text(text)
    _, titled = find_entities(analysis, rules)
    assert {tn.name: tn.context for tn in titled if tn.name == "陈立新"} == {"陈立新": "narrative"}
    speakers = find_speakers(analysis, titled, rules)
    mentions = [(s, e, sp.name) for sp in speakers for s, e in sp.mentions]
    heading = [(tn.start, tn.name) for tn in titled if tn.context == "heading"]
    proposals = find_proposals(analysis, heading, mentions)
    assert [(p.speaker, p.text) for p in proposals] == [("林国华", "设立海洋产业基金。")]


def test_remarks_after_a_colon_make_a_speaker_and_a_photo_caption_does_not():
    sp = _speakers("市政协委员、市律师协会会长覃海燕：要加强法律服务供给。\n图为省政协委员何晓燕在会上发言。")
    assert list(sp) == ["覃海燕"]


def test_editor_byline_and_compound_surname_with_two_character_given_name():
    found, _ = find_entities(analysis_text("秘书长司马光华出席会议。\n责任编辑：刘洋"), build_rules())
    text = "秘书长司马光华出席会议。\n责任编辑：刘洋"
    assert {text[s:e] for s, e, label in found if label == "PERSON"} == {"司马光华", "刘洋"}


def test_transliterated_names_and_a_name_ending_in_he():
    sp = _speakers("全国人大代表、乌兰哈达嘎查党支部书记萨仁图雅，讲述了牧区的新变化。"
                   "全国人大代表、某某高新区管委会主任阿拉坦仓则把目光投向了稀土。他介绍，包头依托资源优势。"
                   "全国政协常委、湖北省政协副主席鄢正和长期关注长江大保护。鄢常委呼吁，完善生态补偿机制。")
    assert set(sp) == {"萨仁图雅", "阿拉坦仓", "鄢正和"}


def test_no_name_in_the_middle_of_a_body_and_a_name_after_a_half_width_comma():
    sp = _speakers("全国政协委员、交通运输部长江航务管理局局长阮启明首先发言。"
                   "省政协常委、九三学社江苏省委副主委,缪振宇长期关注医药创新。他认为，要加快审评审批。")
    assert set(sp) == {"阮启明", "缪振宇"}


def test_short_form_speaking_after_a_quotation_makes_the_introduced_person_a_speaker():
    sp = _speakers("省政协常委、吉林体育学院院长郎晓川长期从事冰雪运动教学研究。“全省持证滑雪指导员不足一万人。”"
                   "郎院长说，人才是冰雪经济的第一资源。")
    assert list(sp) == ["郎晓川"]


def test_name_first_heading_with_a_parenthesised_group_and_an_editor_byline():
    text = "樊振宇 市政协委员、上海城投（集团）有限公司副总裁\n破解城市更新资金难题\n\n（本版编辑 尤晓筠）\n"
    sp = _speakers(text)
    assert sp["樊振宇"].titles == ["市政协委员", "上海城投（集团）有限公司副总裁"]
    found, _ = find_entities(analysis_text(text), build_rules())
    assert {text[s:e] for s, e, label in found if label == "PERSON"} == {"樊振宇", "尤晓筠"}


def test_names_the_dictionary_reads_otherwise_and_rare_surnames():
    sp = _speakers("市政协委员、中国科学院某研究所研究员蒲雅文说，要共享大型科研仪器。"
                   "市政协委员、成都国际铁路港管委会副主任庹明亮则关注开放通道建设。他介绍，班列开行量增长。"
                   "海口海关副关长陈海澜也注意到，通关便利化仍需提升。\n\n"
                   "初晓莹 市政协委员、山东某装备有限公司总经理\n推动深远海养殖装备迭代升级\n\n建议设立装备研发专项资金。")
    assert {"蒲雅文", "庹明亮", "陈海澜", "初晓莹"} <= set(sp)


def test_byline_names_whose_surname_the_table_lacks():
    text = "本报通讯员 刀玉香 岩温罕\n\n河南日报记者 晁书航 见习记者 邰一鸣\n"
    found, _ = find_entities(analysis_text(text), build_rules())
    assert {text[s:e] for s, e, label in found if label == "PERSON"} == {"刀玉香", "岩温罕", "晁书航", "邰一鸣"}


def test_tibetan_name_heading_and_pronoun_speaking_in_the_speech():
    sp = _speakers("#### 索南才让 | 市政协委员、某某大学社会学院副教授\n\n**把制度落到实处**\n\n建议加强督查。\n")
    assert "索南才让" in sp and sp["索南才让"].titles == ["市政协委员", "某某大学社会学院副教授"]
    sp = _speakers("省政协委员、某某电子商务有限公司董事长闫若岑长期从事农村电商。她在发言中谈了两点看法：其一，整合资金。")
    assert "闫若岑" in sp


def test_an_ordinary_person_quoted_by_role_is_a_person_not_a_speaker():
    text = ("省政协委员、某某大学教授张伟明说，要发展县域商业。在清坪镇开小超市的村民幸秋菊告诉调研组，过去进货难。"
            "种粮大户满立春在接受记者采访时说，地租太高。")
    persons = {text[s:e] for s, e, label in find_entities(analysis_text(text), build_rules())[0] if label == "PERSON"}
    assert {"张伟明", "幸秋菊", "满立春"} <= persons
    assert list(_speakers(text)) == ["张伟明"]


def test_narrative_only_speakers_with_transliterated_names():
    text = ("来自某盟的委员孟和巴雅尔是一家牧场的场主，他更关心奶牛的单产。他说，良种是关键。"
            "孟和巴雅尔建议加快良种扩繁。\n\n"
            "经济界委员、某某银行副行长萨娜则把目光放在金融支持上。她呼吁，推广活畜抵押贷款。")
    sp = _speakers(text)
    assert list(sp) == ["孟和巴雅尔", "萨娜"]
    assert sp["萨娜"].organisation == "某某银行"


def test_attending_a_symposium_is_no_speech():
    text = ("全国政协委员、某某大学教授柏文衡说，要加强古籍保护。\n\n"
            "全国政协副秘书长甘守拙，全国政协委员及专家学者代表等参加座谈会。\n")
    assert list(_speakers(text)) == ["柏文衡"]


def test_people_quoted_by_role_or_post_are_no_speakers():
    text = ("全国人大代表、某某医院院长阿惹木呷带来了一份建议。\n\n"
            "我还请教了某某医院的柯明哲教授。他告诉我，早筛很关键。养殖户洪满仓在调研时对委员们说，最怕压价。")
    assert list(_speakers(text)) == ["阿惹木呷"]


def test_speaker_with_a_surname_the_table_lacks_who_speaks_first():
    # 佀 is no surname of the table and a character the segmenter tags apart: 首先发言 and the pronoun make
    # the speaker, the short form 佀委员 a mention
    text = ("在第一组，省人大常委会委员、某某大学法学院教授佀嘉欣首先发言。她认为，草案的规定比较原则。\n\n"
            "临近审议结束，佀委员再次发言作补充。")
    sp = _speakers(text)
    assert list(sp) == ["佀嘉欣"]
    assert (text.index("佀委员"), text.index("佀委员") + 3) in sp["佀嘉欣"].mentions


def test_comma_titled_name_headings_are_speakers():
    text = ("书写城镇化答卷\n\n让进城农民落得下\n欧阳明远　省政协委员，某某大学教授\n\n一是放开落户限制。\n\n"
            "县城要补短板\n苑立文（省政协常委，民建某省委会副主委）\n\n二是补齐公共服务短板。\n")
    sp = _speakers(text)
    assert list(sp) == ["欧阳明远", "苑立文"]
    assert sp["苑立文"].titles == ["省政协常委", "民建某省委会副主委"]


def test_compound_surname_short_form():
    text = ("自治区政协委员、某医院心理卫生中心主任上官云岚关注青少年心理健康。"
            "讨论中，上官云岚再次发言。上官委员建议，开通心理援助热线。")
    sp = _speakers(text)
    assert "上官云岚" in sp
    short = text.index("上官委员")
    assert [short, short + 4] in [list(m) for m in sp["上官云岚"].mentions]
    # 上 alone is no surname of hers: 上委员 is no mention
    assert not any(text[s:e].startswith("上委") for s, e in sp["上官云岚"].mentions)


def test_titles_and_name_ending_in_a_colon_open_a_speech():
    text = ("座谈会上，与会党外人士逐一发言。\n\n民革市委会主委司马文清：\n\n“首先，要推动试点扩面。”\n\n"
            "民盟市委会主委靳书华：\n\n“我建议建立算法协商机制。”\n")
    assert list(_speakers(text)) == ["司马文清", "靳书华"]
    # a colon at the end of the text opens nothing
    assert not _speakers("民革市委会主委司马文清：\n")


def test_a_short_phrase_then_a_colon_and_a_quotation():
    text = "自治区政协委员、某医院心理卫生中心主任上官云岚接过话头：“我们门诊的青少年患者，很多是病情拖重了才来。”"
    assert "上官云岚" in _speakers(text)
    text = "自治区政协委员、某医院院长林德华也在现场，手里拿着一份材料。"
    assert not _speakers(text)


def test_a_later_statement_during_the_discussion_or_an_appeal():
    text = ("自治区政协副主席穆德华参加讨论。会前开展了问卷调查。穆德华在讨论时说，委员们的发言有调研、有案例。")
    assert "穆德华" in _speakers(text)
    text = "自治区政协委员、某市妇联主席海丽芳讲了一个故事：一位学生休学在家半年。海丽芳呼吁，把家庭教育纳入公共服务。"
    assert "海丽芳" in _speakers(text)
    # a statement on another occasion still is not one
    text = "市政协副主席穆德华参加讨论。穆德华在去年的大会上说，要抓落实。"
    assert "穆德华" not in _speakers(text)


def test_name_then_titles_then_a_colon_and_the_speech_on_the_same_line():
    text = ("主会场\n\n甘立峰　省政协常委、某某大学建筑学院教授：传统民居要活化利用，不能一修了之。\n\n"
            "黔东分会场\n\n童秋雨　省政协委员、某县文化馆馆长：要办好传习所。\n")
    sp = _speakers(text)
    assert list(sp) == ["甘立峰", "童秋雨"]
    assert sp["甘立峰"].titles == ["省政协常委", "某某大学建筑学院教授"]
    assert sp["甘立峰"].evidence == "heading"
    # no job head before the colon: no heading
    assert not _speakers("甘立峰　发言要点：传统民居要活化利用。\n")


def test_questions_and_answers_of_a_special_inquiry():
    text = ("问（市人大代表、某某环保科技有限公司总经理甘立峰）：臭氧污染怎么治？\n\n"
            "答（市生态环境局局长童秋雨）：我们已经开展深度治理。\n\n"
            "追问（甘立峰）：监测发现问题后怎么处理？\n\n答（副市长邰文涛）：感谢各位的询问。\n")
    sp = _speakers(text)
    assert list(sp) == ["甘立峰", "童秋雨", "邰文涛"]
    assert sp["甘立峰"].titles == ["市人大代表", "某某环保科技有限公司总经理"]
    assert sp["邰文涛"].titles == ["副市长"]
    # brackets without a name after the titles, or a number, are no speaker's
    assert not _speakers("问（一）：臭氧怎么治？\n\n答（详见附件）：已治理。\n")


def test_bulleted_paren_heading_with_a_surname_the_table_lacks():
    text = "◎同海川（省政协常委、省工商联副主席）\n\n民营企业是商业航天的生力军。\n"
    sp = _speakers(text)
    assert list(sp) == ["同海川"]
    assert sp["同海川"].titles == ["省政协常委", "省工商联副主席"]
    # an ordinary word in that place is no name
    assert not _speakers("◎会议（省政协办公厅主任）\n\n会议议程如下。\n")


def test_the_chair_speaking_while_presiding():
    text = "市政协主席甘立峰主持。十位委员作大会发言。甘立峰在主持时说，发言紧扣主题。"
    assert "甘立峰" in _speakers(text)


def test_someone_who_told_the_speaker_is_no_speaker():
    text = "一位火箭企业创始人童秋雨跟我说，他们最怕融资断档。"
    assert "童秋雨" not in _speakers(text)
    text = "某火箭企业创始人童秋雨说，他们最怕融资断档。"
    assert "童秋雨" in _speakers(text)


def test_closing_speaker_line_after_the_speech():
    text = ("■ 发展智慧农业\n\n农业数字化还有短板。建议，一是建设农业大数据平台；二是培养数字农业人才。\n\n"
            "（发言人：全国政协委员、某某农业协会会长　吕文涛）\n\n"
            "■ 推动冰雪旅游\n\n冰雪旅游潜力很大。建议加快建设冰雪旅游度假区。\n\n（发言者：某某大学教授　宁秋实）\n")
    sp = _speakers(text)
    assert set(sp) == {"吕文涛", "宁秋实"}
    assert sp["吕文涛"].titles == ["全国政协委员", "某某农业协会会长"]
    assert sp["吕文涛"].evidence == "heading"


def test_parenthesis_naming_no_speaker_line_is_not_a_closing_speaker():
    sp = _speakers("建议加快建设冰雪旅游度假区。\n\n（记者　宁秋实）\n")
    assert "宁秋实" not in sp


def test_dotted_name_before_de_is_a_speaker():
    text = "自治区政协委员、某某商会副会长艾则孜·托合提的发言聚焦品牌建设。他说，品牌是企业的生命。"
    assert "艾则孜·托合提" in _speakers(text)


def test_craft_titles_are_job_heads():
    text = "全国人大代表、某某机械集团焊接工艺师祁小川说，技能人才十分紧缺。"
    assert "祁小川" in _speakers(text)
