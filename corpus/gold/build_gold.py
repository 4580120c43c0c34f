"""Build the gold files of the development corpus from hand-written annotation specs.

usage: python corpus/gold/build_gold.py            (run from the repository root)

The annotation judgements (who is a speaker, where each proposal starts and ends, which theme it gets, ...)
are written below by hand as strings; this script only turns them into character offsets, so that no offset
is ever typed by hand.  Offsets index the decoded text exactly as SPEC.md defines it: BOM dropped, \\r\\n and
\\r turned into \\n, nothing else changed.

Spec conventions
- speakers: (name, [titles as written], organisation or None, [surface forms]); every occurrence of every
  form (full name, 王委员, 王代表, 鲁院长 ...) becomes a mention.
- proposals: (speaker, start_string, end_string, theme, [acceptable themes]); the proposal starts at the
  (unique) occurrence of start_string and ends after the first end_string that follows it.
- proposals_optional: (speaker or None, start_string, end_string).
- Documents in traditional characters are specified in simplified characters and converted with the same
  OpenCC configuration that produced the document (plus quote/fix-up replacements), so gold strings are as
  written in the document.  The conversion is asserted against the text, so any mismatch fails loudly.
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEV = ROOT / "dev"
GOLD = ROOT / "gold"

DEFAULT_THEMES = ["优化产业结构", "加大科技创新力度", "加快数字化转型", "强化资源要素保障"]
S, T, D, R = DEFAULT_THEMES  # 结构, 科技, 数字, 资源要素


def read_text(path):
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        text, enc = raw[3:].decode("utf-8"), "utf-8-sig"
    else:
        try:
            text, enc = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, enc = raw.decode("gb18030"), "gb18030"
    return text.replace("\r\n", "\n").replace("\r", "\n"), enc


# --------------------------------------------------------------------------------------------------
# annotation specs
# --------------------------------------------------------------------------------------------------
DOCS = {}

DOCS["101_zhejiang_digital_economy.txt"] = dict(
    themes=["数字产业化", "产业数字化", "数据要素市场化配置"],
    persons=["钱晓岚", "吴嘉禾", "钟立衡", "沈嘉言", "蒋卫平", "方一鸣", "孔令哲", "俞思涵", "毛晓燕", "章一帆"],
    persons_optional=[],
    speakers=[
        ("沈嘉言", ["省政协常委", "杭州电子科技大学副校长"], "杭州电子科技大学", ["沈嘉言"]),
        ("蒋卫平", ["省政协委员", "宁波华仪智能装备有限公司总经理"], "宁波华仪智能装备有限公司", ["蒋卫平", "蒋委员"]),
        ("方一鸣", ["省政协委员", "浙江数澜云科技有限公司董事长"], "浙江数澜云科技有限公司", ["方一鸣", "方委员"]),
        ("毛晓燕", ["省政协委员", "温州市瓯海区副区长"], "温州市瓯海区", ["毛晓燕"]),
        ("孔令哲", ["省政协常委", "省数据局副局长"], "省数据局", ["孔令哲"]),
        ("俞思涵", ["民盟省委副主委"], "民盟省委", ["俞思涵"]),
        ("章一帆", ["省政协常委", "致公党省委专职副主委"], "致公党省委", ["章一帆"]),
    ],
    speakers_optional=[],
    orgs=["省政协", "杭州电子科技大学", "宁波华仪智能装备有限公司", "浙江数澜云科技有限公司", "省数据局", "民盟省委",
          "致公党省委", "省发展改革委", "省经信厅", "杭州数据交易所"],
    orgs_optional=["省委", "省政协十三届常委会第六次会议", "十三届常委会第六次会议", "全省数字经济高质量发展大会",
                   "全球数字贸易博览会", "本报", "中国（浙江）自由贸易试验区", "之江议政", "省级有关部门"],
    policy_terms=["一号发展工程", "数字经济", "数字浙江", "卡脖子", "数字化转型", "数据要素", "数字产业化", "产业数字化",
                  "数据要素市场化配置", "智算中心", "一网统管", "链式改造", "链主企业", "抱团上云", "首台套", "大模型",
                  "415X", "先进制造业集群", "产教融合", "产业大脑", "未来工厂", "工业互联网", "亩均效益", "首席数据官",
                  "算力券", "小快轻准", "上云用数赋智", "块状经济", "数据资产", "公共数据", "授权运营", "可信数据空间",
                  "揭榜挂帅", "数字贸易", "海外仓", "数字丝路"],
    policy_optional=["数智浙江", "一盘棋", "算力", "算力调度平台", "东热西冷", "人工智能", "数字变革高地", "规上工业企业",
                     "数字化改造", "现代产业学院", "模型+场景+产业", "店开全球", "自由贸易试验区", "跨境电商", "负面清单",
                     "数据产权", "数据产权分置运行机制", "数据分类分级", "公共数据授权运营", "关键信息基础设施",
                     "数据出境安全评估", "跨境数据流动", "产业大脑+未来工厂", "数据交易所", "智能制造", "块状经济",
                     "数据安全", "中小企业", "龙头企业", "一号发展工程"],
    proposals=[
        ("毛晓燕", "一是在县域布局一批行业级工业互联网平台", "按需“点单”；", "产业数字化", ["产业数字化"]),
        ("毛晓燕", "二是建立数字化改造绩效评价机制", "能耗水平挂钩；", "产业数字化", ["产业数字化"]),
        ("毛晓燕", "三是加大对县域数字化人才的培训力度", "“首席数据官”。", "产业数字化", ["产业数字化", "数字产业化"]),
        ("沈嘉言", "一是统筹算力基础设施布局。", "省级算力调度平台。", "数字产业化", ["数字产业化"]),
        ("沈嘉言", "二是降低企业用算成本。", "一定比例补贴。", "数字产业化", ["数字产业化", "产业数字化"]),
        ("沈嘉言", "三是加强核心技术攻关。", "原创成果。", "数字产业化", ["数字产业化"]),
        ("蒋卫平", "（一）分行业制定数字化转型路线图。", "解决方案。", "产业数字化", ["产业数字化"]),
        ("蒋卫平", "（二）推行“链式改造”。", "上云用数赋智。", "产业数字化", ["产业数字化"]),
        ("蒋卫平", "（三）完善转型服务生态。", "“不会转”难题。", "产业数字化", ["产业数字化", "数字产业化"]),
        ("孔令哲", "第一，加快数据基础制度落地", "评估试点。", "数据要素市场化配置", ["数据要素市场化配置"]),
        ("孔令哲", "第二，培育数据交易市场", "进入市场。", "数据要素市场化配置", ["数据要素市场化配置"]),
        ("孔令哲", "第三，推进行业可信数据空间建设", "流通利用试点。", "数据要素市场化配置", ["数据要素市场化配置"]),
        ("俞思涵", "1.健全数据分类分级保护制度", "安全责任。", "数据要素市场化配置", ["数据要素市场化配置", "数字产业化"]),
        ("俞思涵", "2.加强关键信息基础设施安全防护", "应急处置机制。", "数字产业化", ["数字产业化", "数据要素市场化配置"]),
        ("俞思涵", "3.推进“数据安全+数据开放”协同治理", "安全审计。", "数据要素市场化配置", ["数据要素市场化配置"]),
        ("方一鸣", "我省把握窗口期", "良性循环。", "数字产业化", ["数字产业化", "产业数字化"]),
        ("章一帆", "一、高水平建设中国（浙江）自由贸易试验区", "先行先试。", "数据要素市场化配置", ["数据要素市场化配置", "数字产业化"]),
        ("章一帆", "二、支持跨境电商企业建设海外仓和独立站", "“店开全球”。", "产业数字化", ["产业数字化", "数字产业化"]),
        ("章一帆", "三、办好全球数字贸易博览会", "影响力。", "数字产业化", ["数字产业化", "产业数字化"]),
    ],
    proposals_optional=[
        ("沈嘉言", "统筹全省智算中心布局", "按需调配。"),
        ("蒋卫平", "推广“链式改造”模式", "给予补助。"),
        ("方一鸣", "率先开放一批政务和公共服务领域的应用场景", "能练兵”。"),
        (None, "深化产教融合，支持高校与龙头企业共建现代产业学院", "复合型人才。"),
    ],
)

DOCS["102_guangdong_marine_economy.txt"] = dict(
    themes=None,
    persons=["梁思琪", "邓国威", "叶振邦", "何立川", "符晓峰", "唐韵", "陈嘉豪", "林婉仪"],
    persons_optional=["粤协宣"],
    speakers=[
        ("邓国威", ["省政协主席", "党组书记"], "省政协", ["邓国威"]),
        ("叶振邦", ["副省长"], None, ["叶振邦"]),
        ("何立川", ["省政协委员", "中山大学海洋科学学院教授"], "中山大学海洋科学学院", ["何立川"]),
        ("符晓峰", ["省政协委员", "广东海宏水产集团董事长"], "广东海宏水产集团", ["符晓峰", "符委员"]),
        ("唐韵", ["省政协常委", "广东海联风电装备集团副总裁"], "广东海联风电装备集团", ["唐韵", "唐常委"]),
        ("陈嘉豪", ["省政协委员", "香港浩洋航运有限公司董事总经理"], "香港浩洋航运有限公司", ["陈嘉豪", "陈委员"]),
        ("林婉仪", ["民进省委会副主委"], "民进省委会", ["林婉仪"]),
    ],
    speakers_optional=[],
    orgs=["省政协", "中山大学海洋科学学院", "南方海洋科学与工程广东省实验室", "广东海宏水产集团", "广东海联风电装备集团",
          "香港浩洋航运有限公司", "民进省委会", "省自然资源厅", "省发展改革委", "省农业农村厅", "省政府"],
    orgs_optional=["中山大学", "政协", "专门协商机构"],
    policy_terms=["海洋强省", "海洋经济", "海上风电", "海洋牧场", "现代化海洋牧场", "深远海养殖", "概念验证中心", "中试基地",
                  "风渔融合", "海水制氢", "漂浮式海上风电", "湾长制", "陆海统筹", "粤港澳大湾区", "国际航运中心", "十五五"],
    policy_optional=["高质量发展", "最后一公里", "大而不强", "海洋生产总值", "深水网箱", "政策性保险", "养殖工船", "全产业链",
                     "航运金融", "海事仲裁", "船舶登记", "规则衔接", "红树林", "入海排污口", "向海图强", "海洋科技",
                     "海洋科技创新", "新增长极", "冷链物流", "蓝色海湾", "用海管理", "生态底线"],
    proposals=[
        ("何立川", "依托南方海洋科学与工程广东省实验室", "最后一公里。", T, [T]),
        ("符晓峰", "一是加快出台深远海养殖用海管理办法", "办理流程；", R, [R, S]),
        ("符晓峰", "二是推动政策性保险扩面", "保险补贴范围；", R, [R]),
        ("符晓峰", "三是支持建设现代化海洋牧场全产业链示范区", "协同发展。", S, [S]),
        ("唐韵", "加快布局漂浮式海上风电示范项目", "新模式。", S, [S, T]),
        ("陈嘉豪", "深化与香港在航运金融", "国际航运中心。", S, [S, R]),
        ("林婉仪", "全面推行“湾长制”", "蓝色海湾更美。", R, [R, S]),
    ],
    proposals_optional=[
        ("邓国威", "要坚持陆海统筹、向海发展", "智慧和力量。"),
    ],
)

DOCS["103_sichuan_rural_revitalization.txt"] = dict(
    themes=None,
    persons=["刘一帆", "杨春燕", "罗志强", "王晓琳", "朱德明"],
    persons_optional=[],
    speakers=[
        ("杨春燕", ["省人大代表", "眉山市东坡区太和镇党委书记"], "眉山市东坡区太和镇党委", ["杨春燕", "杨代表"]),
        ("罗志强", ["省人大代表", "四川天府粮仓农业科技有限公司董事长"], "四川天府粮仓农业科技有限公司", ["罗志强", "罗代表"]),
        ("王晓琳", ["省人大代表", "青神县竹编艺人", "竹里春风合作社理事长"], "竹里春风合作社", ["王晓琳", "王代表"]),
        ("朱德明", ["省人大代表", "仁寿县人民医院院长"], "仁寿县人民医院", ["朱德明"]),
    ],
    speakers_optional=[],
    orgs=["眉山代表团", "四川天府粮仓农业科技有限公司", "竹里春风合作社", "仁寿县人民医院", "省农业农村厅"],
    orgs_optional=["省十四届人大三次会议", "眉山市东坡区太和镇党委", "本报", "科研院所"],
    policy_terms=["天府粮仓", "三农", "乡村全面振兴", "粮食安全", "高标准农田", "乡村振兴", "土地托管", "创新联合体",
                  "揭榜挂帅", "乡村工匠", "农村人居环境整治"],
    policy_optional=["产业集群", "代耕代种", "小农户", "现代农业", "农事服务中心", "乡村振兴项目库", "种业", "种质资源库",
                     "知识产权保护", "返乡入乡创业", "一刀切", "建管用", "长效机制", "“建管用”一体化长效机制", "东坡泡菜",
                     "丘陵山区", "套牌侵权", "种质资源"],
    proposals=[
        ("杨春燕", "加大对粮食烘干、仓储等设施的建设补贴力度", "予以支持。", R, [R, S]),
        ("罗志强", "第一，建设省级种质资源库", "鉴定评价；", T, [T, R]),
        ("罗志强", "第二，支持种业企业与科研院所组建育种创新联合体", "品种选育难题；", T, [T]),
        ("罗志强", "第三，完善种业知识产权保护", "打击力度。", T, [T, R]),
        ("王晓琳", "实施“乡村工匠”培育计划", "干得好”。", R, [R]),
        ("朱德明", "建立农村公共设施", "“晒太阳”。", R, [R]),
    ],
    proposals_optional=[],
)

DOCS["104_shandong_healthcare_fayan.txt"] = dict(
    themes=["医保基金监管", "医疗服务价格改革", "分级诊疗"],
    persons=["孙海峰", "葛文静", "马振东", "刘静怡"],
    persons_optional=[],
    speakers=[
        ("孙海峰", ["省政协常委", "山东大学齐鲁医学院副院长"], "山东大学齐鲁医学院", ["孙海峰"]),
        ("葛文静", ["省政协委员", "青岛市医疗保障局副局长"], "青岛市医疗保障局", ["葛文静"]),
        ("马振东", ["省政协委员", "临沂市沂南县人民医院院长"], "临沂市沂南县人民医院", ["马振东"]),
        ("刘静怡", ["省政协委员", "民盟省委社会服务部部长"], "民盟省委社会服务部", ["刘静怡"]),
    ],
    speakers_optional=[],
    orgs=["省政协", "山东大学齐鲁医学院", "青岛市医疗保障局", "临沂市沂南县人民医院", "民盟省委", "省政协办公厅"],
    orgs_optional=["山东大学", "民盟省委社会服务部", "本版"],
    policy_terms=["医药卫生体制改革", "医保基金", "医保基金监管", "医疗服务价格改革", "分级诊疗", "欺诈骗保", "医保信息平台",
                  "医保码", "医改", "DRG", "DIP", "结余留用", "县域医共体", "医共体", "跨省异地就医直接结算"],
    policy_optional=["医疗保障", "打击欺诈骗保", "智能监控", "大数据", "行刑衔接", "举报奖励", "动态调整机制",
                     "医疗服务价格动态调整机制", "总量控制、结构调整、有升有降", "绿色通道", "按疾病诊断相关分组", "按病种分值",
                     "特例单议", "总额付费", "紧密型", "县管乡用、乡聘村用", "县管乡用", "乡聘村用", "优质医疗资源下沉",
                     "远程会诊", "异地就医", "门诊慢特病", "适老化", "看病钱", "救命钱", "牛鼻子", "形聚神散", "主战场",
                     "健康管理", "职称评审"],
    proposals=[
        ("孙海峰", "（一）构建智能监管体系。", "事后追溯。", "医保基金监管", ["医保基金监管"]),
        ("孙海峰", "（二）健全部门联动机制。", "高压态势。", "医保基金监管", ["医保基金监管"]),
        ("孙海峰", "（三）完善社会监督。", "行业自律。", "医保基金监管", ["医保基金监管"]),
        ("葛文静", "1.建立医疗服务价格动态调整机制", "项目价格。", "医疗服务价格改革", ["医疗服务价格改革"]),
        ("葛文静", "2.加快新增医疗服务价格项目审核", "临床应用。", "医疗服务价格改革", ["医疗服务价格改革"]),
        ("葛文静", "3.深化按疾病诊断相关分组", "重症患者。", "医疗服务价格改革", ["医疗服务价格改革", "医保基金监管"]),
        ("马振东", "一、推进医共体紧密型建设", "健康管理。", "分级诊疗", ["分级诊疗", "医保基金监管"]),
        ("马振东", "二、强化基层医疗卫生人才队伍建设。", "干得好”。", "分级诊疗", ["分级诊疗"]),
        ("马振东", "三、推动优质医疗资源下沉", "好医生。", "分级诊疗", ["分级诊疗"]),
        ("刘静怡", "进一步扩大跨省异地就医直接结算", "“适老化”服务。", "医保基金监管", ["医保基金监管", "分级诊疗"]),
    ],
    proposals_optional=[],
)

DOCS["105_nanjing_elderly_care.txt"] = dict(
    themes=["居家社区养老服务", "养老护理人才队伍建设"],
    persons=["赵雨桐", "周明远", "陆晓燕", "钱文博", "汤国庆"],
    persons_optional=[],
    speakers=[
        ("周明远", ["市政协副主席"], "市政协", ["周明远"]),
        ("陆晓燕", ["市政协委员", "鼓楼区宁馨养老服务中心主任"], "鼓楼区宁馨养老服务中心", ["陆晓燕", "陆委员"]),
        ("钱文博", ["市政协委员", "南京中医药大学护理学院副院长"], "南京中医药大学护理学院", ["钱文博", "钱委员"]),
        ("汤国庆", ["市政协委员", "江苏康颐健康产业集团副总经理"], "江苏康颐健康产业集团", ["汤国庆"]),
    ],
    speakers_optional=[],
    orgs=["市政协", "南京日报", "市民政局", "市卫健委", "市人社局", "鼓楼区宁馨养老服务中心", "南京中医药大学护理学院",
          "江苏康颐健康产业集团"],
    orgs_optional=["南京中医药大学", "本报", "高职院校"],
    policy_terms=["一老一小", "养老服务体系", "家庭养老床位", "适老化改造", "长期护理保险", "医养康养相结合"],
    policy_optional=["居家社区机构相协调", "居家社区养老服务", "养老护理人才队伍建设", "中央厨房+社区配送", "助餐",
                     "日间照料中心", "订单式培养", "职业技能等级", "养老护理员", "综合性养老服务中心", "居家养老服务站",
                     "长期护理保险制度", "最美护理员", "失能老人", "养老服务", "智能监测"],
    proposals=[
        ("陆晓燕", "①推行“中央厨房+社区配送”助餐模式", "分档运营补贴；", "居家社区养老服务", ["居家社区养老服务"]),
        ("陆晓燕", "②推进家庭养老床位建设", "不离亲”。", "居家社区养老服务", ["居家社区养老服务"]),
        ("钱文博", "①支持本地高职院校", "订单式培养；", "养老护理人才队伍建设", ["养老护理人才队伍建设"]),
        ("钱文博", "②建立养老护理员职业技能等级", "岗位补贴；", "养老护理人才队伍建设", ["养老护理人才队伍建设"]),
        ("钱文博", "③开展“最美护理员”评选", "职业荣誉感。", "养老护理人才队伍建设", ["养老护理人才队伍建设"]),
        ("汤国庆", "加快推进长期护理保险制度扩面", "家庭负担。", "居家社区养老服务", ["居家社区养老服务"]),
    ],
    proposals_optional=[],
)

DOCS["106_hunan_county_education.txt"] = dict(
    themes=None,
    persons=["向春晖", "黄思远", "彭德胜", "戴晓红", "胡建军", "尹丽华", "邓春梅"],
    persons_optional=[],
    speakers=[
        ("彭德胜", ["县政协主席"], "县政协", ["彭德胜"]),
        ("胡建军", ["县政协委员", "漳江中学校长"], "漳江中学", ["胡建军"]),
        ("尹丽华", ["县政协常委", "县民进支部主委"], "县民进支部", ["尹丽华"]),
        ("邓春梅", ["县政协委员", "县人民医院儿科主任"], "县人民医院", ["邓春梅"]),
    ],
    speakers_optional=["戴晓红"],
    orgs=["桃源县政协", "县政协", "县委", "漳江中学", "县民进支部", "民进支部", "县人民医院"],
    orgs_optional=["宣传部", "国家智慧教育平台", "专委会", "县人民医院儿科", "县政协各专委会", "教育集团"],
    policy_terms=["义务教育优质均衡发展", "大班额", "集团化办学", "双师课堂"],
    policy_optional=["国家智慧教育平台", "课后服务", "心理健康教育", "城镇化", "乡村小规模学校", "乡村教师",
                     "生活补助", "周转宿舍", "优质均衡", "视力筛查"],
    proposals=[
        ("胡建军", "推行城乡学校“集团化办学”", "质量统一评价。", R, [R]),
        ("尹丽华", "一是落实乡村教师生活补助", "安心从教；", R, [R]),
        ("尹丽华", "二是用好国家智慧教育平台", "优质课程。", D, [D, R]),
        ("邓春梅", "将学生视力筛查纳入", "体育活动时间。", R, [R]),
    ],
    proposals_optional=[
        (None, "将心理健康教育纳入教师培训必修内容", "心理健康教师。"),
    ],
)

DOCS["107_yunnan_tourism_trad.txt"] = dict(
    opencc="s2hk", quotes=True,
    themes=None,
    persons=["苏慕贤", "段家祥", "黎国栋", "格桑卓玛", "杨子豪"],
    persons_optional=[],
    speakers=[
        ("段家祥", ["省政协常委", "云南大学工商管理与旅游管理学院院长"], "云南大学工商管理与旅游管理学院", ["段家祥"]),
        ("黎国栋", ["香港云南联谊总会副会长", "省政协委员"], "香港云南联谊总会", ["黎国栋"]),
        ("格桑卓玛", ["省政协委员", "香格里拉普达措景区管理局局长"], "香格里拉普达措景区管理局", ["格桑卓玛"]),
        ("杨子豪", ["省政协委员", "云南智游科技有限公司总经理"], "云南智游科技有限公司", ["杨子豪"]),
    ],
    speakers_optional=[],
    orgs=["云南省政协", "云南大学工商管理与旅游管理学院", "香港云南联谊总会", "香格里拉普达措景区管理局",
          "云南智游科技有限公司", "省文化和旅游厅", "云南政协报"],
    orgs_optional=["商报", "商报网", "云南大学", "省政协", "普达措景区"],
    policy_terms=["文旅融合", "旅居云南", "康养旅居", "研学旅行", "分时预约"],
    policy_optional=["有一种叫云南的生活", "文旅产业", "高质量发展", "打卡式观光", "沉浸式生活", "新业态", "流量", "留量",
                     "茶马古道", "最大承载量", "生态修复", "大数据", "人工智能", "游云南", "智能导览", "信用评价",
                     "旅游旺、消费弱", "出圈", "生态保护"],
    proposals=[
        ("段家祥", "深入挖掘茶马古道", "变成“留量”。", S, [S]),
        ("黎国栋", "一是在香港设立云南文旅推广中心", "推介活动；", S, [S, R]),
        ("黎国栋", "二是推动昆明与香港之间增开直航航班", "便利措施；", R, [R, S]),
        ("黎国栋", "三是联合港资企业开发高端度假产品", "国际知名度。", S, [S]),
        ("格桑卓玛", "严格落实景区最大承载量管控", "生态修复。", R, [R, S]),
        ("杨子豪", "用好大数据和人工智能技术", "全程无忧”。", D, [D]),
    ],
    proposals_optional=[],
)

DOCS["108_hainan_carbon_peak.txt"] = dict(
    themes=["清洁能源岛建设", "生态产品价值实现", "绿色低碳产业发展"],
    persons=["符雅琪", "陈泽宇", "韩立群", "吴国梁", "黎振华", "王丽娟", "邢德利", "许志远", "李海燕"],
    persons_optional=[],
    speakers=[
        ("吴国梁", ["省政协常委", "海南琼能新能源股份有限公司副总经理"], "海南琼能新能源股份有限公司", ["吴国梁"]),
        ("黎振华", ["省政协委员", "海南电网有限责任公司规划发展部主任"], "海南电网有限责任公司规划发展部", ["黎振华", "黎委员"]),
        ("王丽娟", ["省政协常委", "海南大学生态与环境学院院长"], "海南大学生态与环境学院", ["王丽娟", "王常委"]),
        ("邢德利", ["省政协委员", "海口市农业农村局副局长"], "海口市农业农村局", ["邢德利"]),
        ("许志远", ["省政协常委", "民建省委副主委", "海南椰德投资集团董事长"], "海南椰德投资集团", ["许志远"]),
    ],
    speakers_optional=[],
    orgs=["省政协", "海南琼能新能源股份有限公司", "海南电网有限责任公司", "海南大学生态与环境学院", "海口市农业农村局",
          "民建省委", "海南椰德投资集团", "省生态环境厅", "省发展改革委", "省委", "省政府", "海南国际碳排放权交易中心"],
    orgs_optional=["海南大学", "海南电网有限责任公司规划发展部", "调研组", "本报", "博鳌近零碳示范区", "热带雨林国家公园",
                   "全省生态环境保护大会", "省政协八届常委会第九次会议", "八届常委会第九次会议", "椰城议政", "金融机构"],
    policy_terms=["碳达峰", "碳中和", "碳达峰碳中和", "双碳", "国家生态文明试验区", "海南自由贸易港", "清洁能源岛",
                  "生态产品价值实现", "绿色低碳产业", "新能源汽车", "禁塑", "装配式建筑", "近零碳", "海上风电", "新型储能",
                  "源网荷储", "多能互补", "虚拟电厂", "绿水青山", "金山银山", "生态产品总值", "GEP", "蓝碳", "碳汇",
                  "绿色金融", "碳排放权", "排污权", "用能权", "自由贸易账户", "以资源换产业", "生态银行", "生态保护补偿",
                  "加工增值内销免关税"],
    policy_optional=["生态文明试验区", "自由贸易港", "生态文明建设", "清洁能源岛建设", "绿色低碳产业发展", "储能",
                     "电力市场", "零关税、低税率、简税制", "链式集聚", "两山", "横向补偿", "纵向补偿", "蓝碳+",
                     "区域总部", "近零碳园区", "近零碳社区", "近零碳景区", "近零碳示范区", "核能综合利用", "海水淡化",
                     "热带雨林国家公园", "绿色低碳产业集群", "生态修复", "方法学", "蓝碳经济", "氢能", "节能环保",
                     "绿色建材", "运维母港", "新能源", "精准招商", "招商图谱", "政策红利", "一体化",
                     "GEP核算", "抵质押融资", "绿色金融产品", "源网荷储一体化", "金字招牌",
                     "生态优势", "可复制可推广"],
    proposals=[
        ("黎振华", "要加快推进源网荷储一体化", "消纳能力。", "清洁能源岛建设", ["清洁能源岛建设"]),
        ("黎振华", "在具备条件的地区开展虚拟电厂试点", "电力市场交易。", "清洁能源岛建设", ["清洁能源岛建设"]),
        ("吴国梁", "一、统筹推进海上风电规模化开发", "通而不畅”。", "清洁能源岛建设", ["清洁能源岛建设"]),
        ("吴国梁", "二、培育海上风电装备制造产业链", "落地见效。", "绿色低碳产业发展", ["绿色低碳产业发展", "清洁能源岛建设"]),
        ("吴国梁", "三、探索核能综合利用", "示范基地。", "清洁能源岛建设", ["清洁能源岛建设"]),
        ("王丽娟", "一是建立健全GEP核算标准体系", "核算结果。", "生态产品价值实现", ["生态产品价值实现"]),
        ("王丽娟", "二是拓展生态产品价值实现路径", "市场化运营。", "生态产品价值实现", ["生态产品价值实现"]),
        ("王丽娟", "三是完善生态保护补偿机制", "横向补偿机制。", "生态产品价值实现", ["生态产品价值实现"]),
        ("邢德利", "(一)开展全省蓝碳资源本底调查", "评估体系。", "生态产品价值实现", ["生态产品价值实现"]),
        ("邢德利", "(二)依托海南国际碳排放权交易中心", "交易规模。", "生态产品价值实现", ["生态产品价值实现"]),
        ("邢德利", "(三)探索“蓝碳+”生态修复模式", "双赢。", "生态产品价值实现", ["生态产品价值实现"]),
        ("许志远", "第一,编制绿色低碳产业招商图谱", "生产基地。", "绿色低碳产业发展", ["绿色低碳产业发展"]),
        ("许志远", "第二,支持博鳌近零碳示范区经验复制推广", "近零碳景区。", "绿色低碳产业发展", ["绿色低碳产业发展"]),
        ("许志远", "第三,完善绿色金融服务体系", "融资支持。", "绿色低碳产业发展", ["绿色低碳产业发展", "生态产品价值实现"]),
    ],
    proposals_optional=[
        ("王丽娟", "以热带雨林国家公园为重点", "进决策。"),
        ("许志远", "要抓住海南自由贸易港", "“链式集聚”。"),
        (None, "要完善绿色金融支持体系", "境外低成本资金。"),
    ],
)

DOCS["109_chongqing_private_economy.txt"] = dict(
    themes=None,
    persons=["谭晓雯", "唐仕林", "郑凯文", "袁晓蕾", "谢志刚", "冉琳", "牟红英"],
    persons_optional=[],
    speakers=[
        ("唐仕林", ["市政协主席"], "市政协", ["唐仕林"]),
        ("郑凯文", ["副市长"], None, ["郑凯文"]),
        ("袁晓蕾", ["市政协常委", "重庆渝信律师事务所主任"], "重庆渝信律师事务所", ["袁晓蕾"]),
        ("谢志刚", ["市政协委员", "重庆长嘉汽车零部件有限公司董事长"], "重庆长嘉汽车零部件有限公司", ["谢志刚", "谢委员"]),
        ("冉琳", ["市政协委员", "重庆邮电大学经济管理学院教授"], "重庆邮电大学经济管理学院", ["冉琳", "冉委员"]),
        ("牟红英", ["市政协委员", "三峡好味食品有限公司总经理"], "三峡好味食品有限公司", ["牟红英"]),
    ],
    speakers_optional=[],
    orgs=["市政协", "重庆日报", "重庆渝信律师事务所", "重庆长嘉汽车零部件有限公司", "重庆邮电大学经济管理学院",
          "三峡好味食品有限公司", "市政府"],
    orgs_optional=["重庆邮电大学", "课题组", "商会"],
    policy_terms=["民营经济", "民营经济促进法", "惠企政策", "融资难融资贵", "综合查一次", "知识产权质押", "专精特新",
                  "创新联合体", "研发费用加计扣除", "小巨人", "单项冠军", "数字化转型", "小快轻准", "营商环境"],
    policy_optional=["民营经营主体", "民间投资", "市场准入", "隐性壁垒", "公平竞争", "柔性执法", "远洋捕捞", "多元化解",
                     "应收账款质押", "订单融资", "首贷", "信用贷", "中长期贷款", "政府性融资担保体系", "政企面对面",
                     "市级重大科技专项", "市场化、法治化、国际化", "商会调解", "律师调解", "研发投入强度",
                     "专精特新中小企业", "公共服务平台", "柔性执法清单", "GDP"],
    proposals=[
        ("袁晓蕾", "一是全面落实民营经济促进法", "公平竞争的规定；", R, [R, S]),
        ("袁晓蕾", "二是规范涉企行政执法", "合法权益；", R, [R, S]),
        ("袁晓蕾", "三是完善涉企纠纷多元化解机制", "维权成本。", R, [R, S]),
        ("谢志刚", "推广知识产权质押", "降下来。", R, [R]),
        ("冉琳", "支持民营企业牵头组建创新联合体", "单项冠军企业。", T, [T, S]),
        ("牟红英", "在区县布局中小企业数字化转型公共服务平台", "数字化产品。", D, [D]),
    ],
    proposals_optional=[],
)

DOCS["110_heilongjiang_new_energy_npc.txt"] = dict(
    themes=None,
    persons=["孟庆伟", "于佳宁", "高振宇", "邹敏", "于海滨", "习近平"],
    persons_optional=[],
    speakers=[
        ("高振宇", ["全国人大代表", "大庆油田有限责任公司新能源事业部经理"], "大庆油田有限责任公司新能源事业部", ["高振宇", "高代表"]),
        ("邹敏", ["全国人大代表", "哈尔滨电气集团有限公司首席技术专家"], "哈尔滨电气集团有限公司", ["邹敏", "邹代表"]),
        ("于海滨", ["全国人大代表", "绥化市北林区兴隆村党支部书记"], "绥化市北林区兴隆村党支部", ["于海滨"]),
    ],
    speakers_optional=["习近平"],
    orgs=["黑龙江代表团", "黑龙江日报", "大庆油田有限责任公司", "哈尔滨电气集团有限公司"],
    orgs_optional=["十四届全国人大三次会议", "黑龙江日报全国两会报道组", "大庆油田有限责任公司新能源事业部",
                   "绥化市北林区兴隆村党支部", "兴隆村党支部", "全国两会", "报道组"],
    policy_terms=["风光氢储", "新型能源体系", "绿电", "隔墙售电", "氢能", "光伏+农业", "分布式光伏", "粮食安全", "能源安全"],
    policy_optional=["新能源", "液氢", "管道输氢", "新能源装备", "东北老工业基地", "秸秆能源化利用", "分布式新能源",
                     "老字号", "生态安全", "清洁低碳、安全高效", "油气电氢", "新能源汽车", "电解水制氢",
                     "就近消纳", "示范基地", "制造集群", "新能源装备制造集群", "冰雪资源", "绿色发展", "综合能源"],
    proposals=[
        ("高振宇", "1.支持大庆建设国家级“风光氢储”一体化示范基地", "“隔墙售电”；", S, [S, R]),
        ("高振宇", "2.加快布局液氢、管道输氢等储运设施", "规模化应用；", S, [S, R, T]),
        ("高振宇", "3.支持老油田利用废弃井场", "复合利用。", R, [R, S]),
        ("邹敏", "国家层面应加大对大型风电机组", "制造集群。", T, [T, S]),
        ("于海滨", "推广“光伏+农业”", "绿色发展红利。", S, [S, R]),
    ],
    proposals_optional=[],
)

DOCS["111_guangzhou_gba_trad.txt"] = dict(
    opencc="s2tw", quotes=True,
    themes=["规则衔接", "青年创新创业", "科技协同创新"],
    persons=["邝颂恩", "何嘉欣", "黄浩然"],
    persons_optional=[],
    speakers=[
        ("邝颂恩", ["广州市政协常委", "香港执业大律师", "香港中华总商会常务会董"], "香港中华总商会", ["邝颂恩"]),
        ("何嘉欣", ["广州市政协委员", "澳门青年创业协会会长"], "澳门青年创业协会", ["何嘉欣"]),
        ("黄浩然", ["广州市政协委员", "香港科技大学（广州）副校长"], "香港科技大学（广州）", ["黄浩然"]),
    ],
    speakers_optional=[],
    orgs=["广州市政协", "市发展改革委", "市港澳办", "香港中华总商会", "澳门青年创业协会", "香港科技大学（广州）",
          "南沙国际仲裁中心"],
    orgs_optional=["南沙区", "本刊编辑部", "香港科技大学", "数据跨境服务中心", "仲裁机构"],
    policy_terms=["粤港澳大湾区", "规则衔接", "跨境执业", "单边认可", "白名单", "百企千人"],
    policy_optional=["国际一流湾区", "穗港澳合作", "试验田", "一次备案、三地通行", "多元化解", "数据跨境", "跨境数据",
                     "一站式", "港澳青年创新创业基地", "青年创新创业", "科技协同创新", "科技创新走廊", "联合实验室",
                     "科技成果", "人才公寓", "全链条", "堵点", "就地转化", "数据安全有序流动", "跨境商事纠纷"],
    proposals=[
        ("邝颂恩", "一、扩大港澳专业人士跨境执业范围", "单边认可。", "规则衔接", ["规则衔接"]),
        ("邝颂恩", "二、推动跨境商事纠纷多元化解", "仲裁规则。", "规则衔接", ["规则衔接"]),
        ("邝颂恩", "三、试点跨境数据安全有序流动", "便利。", "规则衔接", ["规则衔接", "科技协同创新"]),
        ("何嘉欣", "（一）整合港澳青年创新创业基地资源", "全链条服务。", "青年创新创业", ["青年创新创业"]),
        ("何嘉欣", "（二）完善港澳青年在穗就业的社保", "保障范围。", "青年创新创业", ["青年创新创业", "规则衔接"]),
        ("何嘉欣", "（三）扩大“百企千人”实习计划规模", "实习见习。", "青年创新创业", ["青年创新创业"]),
        ("黄浩然", "进一步放宽财政科研资金跨境拨付限制", "就地转化。", "科技协同创新", ["科技协同创新", "规则衔接"]),
    ],
    proposals_optional=[],
)

DOCS["112_cppcc_hk_members_trad.txt"] = dict(
    opencc="s2t", quotes=False, fixups={"併爲": "並爲"},
    themes=None,
    persons=["司徒振邦", "陈慧珊", "梁卓谦", "温子轩", "林晓晴"],
    persons_optional=[],
    speakers=[
        ("司徒振邦", ["全国政协委员", "香港中华厂商联合会会长"], "香港中华厂商联合会", ["司徒振邦"]),
        ("陈慧珊", ["全国政协委员", "香港理工大学校董会副主席"], "香港理工大学校董会", ["陈慧珊", "陈委员"]),
        ("梁卓谦", ["全国政协委员", "香港青年联会主席"], "香港青年联会", ["梁卓谦", "梁委员"]),
        ("温子轩", ["全国政协委员", "香港金融发展协会副主席"], "香港金融发展协会", ["温子轩", "温委员"]),
    ],
    speakers_optional=[],
    orgs=["全国政协", "香港中华厂商联合会", "香港理工大学校董会", "香港青年联会", "香港金融发展协会"],
    orgs_optional=["本报", "全国政协十四届三次会议", "香港理工大学", "东盟", "河套深港科技创新合作区"],
    policy_terms=["超级联系人", "高水平对外开放", "一国两制", "走出去", "一带一路", "绿色债券", "河套深港科技创新合作区",
                  "互联互通", "互换通", "跨境理财通", "国际金融中心"],
    policy_optional=["出海", "一站式", "国际绿色金融中心", "绿色金融", "中试平台", "南向资金", "高质量发展", "大湾区",
                     "香港研发、大湾区转化", "自由贸易和投资协定", "背靠祖国、联通世界", "产业化", "科研成果转化",
                     "新兴市场"],
    proposals=[
        ("司徒振邦", "1、支持香港建设内地企业出海综合服务中心", "一站式服务；", R, [R, S]),
        ("司徒振邦", "2、推动香港与东盟", "合作；", S, [S, R]),
        ("司徒振邦", "3、鼓励内地企业利用香港资本市场", "金融中心。", R, [R, S]),
        ("陈慧珊", "深化河套深港科技创新合作区建设", "成为常态。", T, [T]),
        ("梁卓谦", "进一步扩大内地高校对香港学生的招生规模", "等便利。", R, [R]),
        ("温子轩", "进一步扩大内地与香港金融市场互联互通的标的范围", "中心地位。", R, [R, S]),
    ],
    proposals_optional=[],
)

DOCS["113_wuhan_sci_tech_innovation.txt"] = dict(
    themes=["强化企业科技创新主体地位", "促进科技成果就地转化", "优化创新人才发展环境"],
    persons=["彭子涵", "柯文韬", "万承志", "雷振华", "田雨濛", "范玉洁", "龚立新"],
    persons_optional=[],
    speakers=[
        ("万承志", ["市政协主席"], "市政协", ["万承志"]),
        ("雷振华", ["市政协常委", "武汉光谷智联科技股份有限公司董事长"], "武汉光谷智联科技股份有限公司", ["雷振华"]),
        ("田雨濛", ["市政协委员", "华中科技大学科学技术发展院副院长"], "华中科技大学科学技术发展院", ["田雨濛"]),
        ("范玉洁", ["市政协委员", "九三学社武汉市委副主委"], "九三学社武汉市委", ["范玉洁"]),
        ("龚立新", ["市政协委员", "武汉科创投资集团总经理"], "武汉科创投资集团", ["龚立新"]),
    ],
    speakers_optional=[],
    orgs=["市政协", "长江日报", "武汉光谷智联科技股份有限公司", "华中科技大学科学技术发展院", "九三学社武汉市委",
          "武汉科创投资集团", "市科技创新局"],
    orgs_optional=["华中科技大学", "调研组", "东湖高新区", "市政协十四届常委会第十一次会议", "十四届常委会第十一次会议"],
    policy_terms=["科技创新中心", "高新技术企业", "新型研发机构", "职务科技成果赋权改革", "先使用后付费", "概念验证中心",
                  "中试平台", "技术经理人", "政府引导基金", "科技成果转化"],
    policy_optional=["科技成果", "技术合同", "企业出题、院所答题、政府助题", "首台（套）、首批次、首版次", "首台（套）",
                     "死亡之谷", "一站式", "天使投资母基金", "投早、投小、投硬科技", "硬科技", "科技创新策源地", "近悦远来",
                     "科教大市", "创新强市", "光电子信息", "生物医药", "企业研究院", "第一资源", "青年科技人才",
                     "最后一公里", "科技创新主体地位", "企业科技创新主体地位", "国家级科研平台", "职称评审",
                     "停居留便利化", "出题人"],
    proposals=[
        ("雷振华", "1. 推行“企业出题", "一半以上。", "强化企业科技创新主体地位", ["强化企业科技创新主体地位"]),
        ("雷振华", "2. 对企业新建或参与建设的新型研发机构", "企业研究院。", "强化企业科技创新主体地位", ["强化企业科技创新主体地位"]),
        ("雷振华", "3. 落实首台（套）", "打开市场。", "强化企业科技创新主体地位", ["强化企业科技创新主体地位", "促进科技成果就地转化"]),
        ("田雨濛", "一是深化职务科技成果赋权改革", "模式。", "促进科技成果就地转化", ["促进科技成果就地转化"]),
        ("田雨濛", "二是建设概念验证中心和中试平台", "“死亡之谷”。", "促进科技成果就地转化", ["促进科技成果就地转化"]),
        ("田雨濛", "三是壮大技术经理人队伍", "有奔头。", "促进科技成果就地转化", ["促进科技成果就地转化", "优化创新人才发展环境"]),
        ("范玉洁", "实施更加开放的人才政策", "便利化改革。", "优化创新人才发展环境", ["优化创新人才发展环境"]),
        ("龚立新", "要发挥政府引导基金作用", "“初创期”。", "促进科技成果就地转化", ["促进科技成果就地转化", "强化企业科技创新主体地位"]),
    ],
    proposals_optional=[],
)

K1, K2, K3 = "整车与零部件协同", "关键核心技术攻关", "产业发展要素保障"
DOCS["114_anhui_nev_industry.txt"] = dict(
    themes=[K1, K2, K3],
    persons=["汪雨辰", "方立群", "宋启航", "潘建华", "黄德明", "庞立新", "任晓敏", "卞志刚", "蒋皓月", "鲁明远", "殷晓红",
             "柏晓峰", "田慧敏"],
    persons_optional=[],
    speakers=[
        ("宋启航", ["省政协主席"], "省政协", ["宋启航"]),
        ("潘建华", ["副省长"], None, ["潘建华"]),
        ("庞立新", ["省政协常委", "芜湖瑞驰汽车控股集团副总经理"], "芜湖瑞驰汽车控股集团", ["庞立新"]),
        ("任晓敏", ["省政协委员", "安徽凯瑞达汽车部件有限公司董事长"], "安徽凯瑞达汽车部件有限公司", ["任晓敏", "任委员"]),
        ("卞志刚", ["省政协常委", "中国科学技术大学工程科学学院教授"], "中国科学技术大学工程科学学院", ["卞志刚", "卞常委"]),
        ("蒋皓月", ["省政协委员", "合肥讯智科技股份有限公司智能汽车事业部总经理"], "合肥讯智科技股份有限公司", ["蒋皓月", "蒋委员"]),
        ("鲁明远", ["省政协委员", "安徽职业技术学院院长"], "安徽职业技术学院", ["鲁明远", "鲁院长"]),
        ("殷晓红", ["民建省委副主委", "省政协常委"], "民建省委", ["殷晓红"]),
        ("柏晓峰", ["省政协委员", "国网安徽省电力有限公司营销服务中心主任"], "国网安徽省电力有限公司", ["柏晓峰", "柏委员"]),
        ("田慧敏", ["省政协委员", "芜湖市商务局局长"], "芜湖市商务局", ["田慧敏"]),
    ],
    speakers_optional=[],
    orgs=["省政协", "省政府", "省委", "安徽日报", "芜湖瑞驰汽车控股集团", "安徽凯瑞达汽车部件有限公司",
          "中国科学技术大学工程科学学院", "合肥讯智科技股份有限公司", "安徽职业技术学院", "民建省委",
          "国网安徽省电力有限公司", "芜湖市商务局", "省经济和信息化厅", "省发展改革委", "省科技厅",
          "省人力资源和社会保障厅"],
    orgs_optional=["中国科学技术大学", "国网安徽省电力有限公司营销服务中心", "合肥讯智科技股份有限公司智能汽车事业部",
                   "省新兴产业引导基金", "国家实验室", "专题调研组", "省政协十三届常委会第七次会议",
                   "十三届常委会第七次会议", "本报", "芜湖港", "合肥港", "中欧班列", "银行机构"],
    policy_terms=["首位产业", "新能源汽车", "先进制造业集群", "整零协同", "卡脖子", "创新联合体", "揭榜挂帅", "赛马制",
                  "车规级芯片", "智能网联汽车", "车路云一体化", "现代学徒制", "供应链金融", "专精特新", "科大硅谷",
                  "产教融合型企业", "车网互动", "峰谷分时电价", "RCEP", "铁海联运", "车联网先导区", "数据要素"],
    policy_optional=["产业集群", "汽车产业集群", "本地配套率", "产业学院", "订单班", "应收账款融资", "引导基金", "链主",
                     "揭榜配套", "首用", "金蓝领", "换电模式", "统建统服", "充换电", "超充站", "白名单", "中欧班列",
                     "自动驾驶", "后市场", "动力电池回收利用", "国土空间规划", "城市更新", "固态电池", "智能座舱",
                     "新赛道", "先手棋", "一技术一专班", "大科学装置", "国家实验室", "反补贴", "贸易壁垒", "自贸协定",
                     "整车与零部件协同", "关键核心技术攻关", "产业发展要素保障", "操作系统", "汽车操作系统",
                     "车用操作系统", "智能网联", "绿色循环", "有序充电", "错峰充电", "电网调峰", "订单融资",
                     "供应链对接平台", "产业基金", "滚装", "上市融资", "技能等级认定", "产教融合", "数据可信流通",
                     "原产地规则", "智能驾驶", "人工智能", "高质量发展", "换道超车"],
    proposals=[
        ("任晓敏", "引导整车企业合理设置账期", "合法权益。", K1, [K1, K3]),
        ("卞志刚", "一是依托国家实验室和大科学装置", "创新联合体；", K2, [K2]),
        ("卞志刚", "二是设立省级新能源汽车关键技术攻关专项", "组织实施；", K2, [K2]),
        ("卞志刚", "三是建设车规级芯片检测认证公共服务平台", "验证周期。", K2, [K2, K3]),
        ("鲁明远", "推动职业院校与整车企业共建产业学院", "入校即入厂”。", K3, [K3]),
        ("庞立新", "一、实施“整零协同”专项行动。", "10个百分点。", K1, [K1]),
        ("庞立新", "二、培育一批“专精特新”零部件企业。", "供应链体系。", K1, [K1, K2]),
        ("庞立新", "三、加快零部件产业园建设。", "落地成本。", K3, [K3, K1]),
        ("卞志刚", "（一）聚焦车规级芯片", "推进机制。", K2, [K2]),
        ("卞志刚", "（二）建立汽车芯片“首用”风险补偿机制", "保险补偿。", K2, [K2, K1]),
        ("卞志刚", "（三）深化“科大硅谷”建设", "链条。", K2, [K2, K3]),
        ("鲁明远", "第一，编制新能源汽车产业人才需求目录", "招生规模。", K3, [K3]),
        ("鲁明远", "第二，推行产教融合型企业认定", "税费优惠政策。", K3, [K3]),
        ("鲁明远", "第三，完善技能人才评价和激励机制", "发展空间。", K3, [K3]),
        ("殷晓红", "1.做强产业基金矩阵", "薄弱环节。", K3, [K3]),
        ("殷晓红", "2.发展供应链金融", "资金压力。", K3, [K3, K1]),
        ("殷晓红", "3.支持优质新能源汽车企业上市融资", "资源库。", K3, [K3]),
        ("柏晓峰", "一是统筹规划布局。", "城市更新项目。", K3, [K3]),
        ("柏晓峰", "二是推进车网互动。", "电网调峰。", K3, [K3, K2]),
        ("柏晓峰", "三是创新运营模式。", "问题。", K3, [K3]),
        ("田慧敏", "（一）完善出口服务体系。", "原产地规则。", K3, [K3, K1]),
        ("田慧敏", "（二）畅通国际物流通道。", "降本增效。", K3, [K3]),
        ("田慧敏", "（三）加强海外风险防范。", "贸易壁垒。", K3, [K3, K1]),
        ("蒋皓月", "1.扩大测试示范范围。", "落户安徽。", K2, [K2, K3]),
        ("蒋皓月", "2.加快车路云一体化建设。", "实时融合。", K2, [K2, K3]),
        ("蒋皓月", "3.完善法规标准。", "制度保障。", K3, [K3, K2]),
        ("蒋皓月", "4.强化数据要素支撑。", "迭代。", K3, [K3, K2]),
    ],
    proposals_optional=[
        ("庞立新", "建立全省新能源汽车供应链对接平台", "给予奖励。"),
        ("蒋皓月", "扩大智能网联汽车测试示范区范围", "商业化运营。"),
        ("殷晓红", "发挥省新兴产业引导基金作用", "应收账款融资。"),
        ("柏晓峰", "编制全省充换电基础设施布局规划", "建设运营机制。"),
        ("田慧敏", "支持整车企业在重点市场建设海外生产基地", "国际贸易壁垒。"),
        (None, "要加快发展二手车出口", "做大产业规模。"),
    ],
)


# --------------------------------------------------------------------------------------------------
# builder
# --------------------------------------------------------------------------------------------------
def make_conv(spec):
    cfg = spec.get("opencc")
    if not cfg:
        return lambda s: s
    import opencc

    cc = opencc.OpenCC(cfg)
    quotes = spec.get("quotes")
    fixups = spec.get("fixups", {})

    def conv(s):
        if s is None:
            return None
        out = cc.convert(s)
        if quotes:
            out = out.replace("“", "「").replace("”", "」").replace("‘", "『").replace("’", "』")
        for a, b in fixups.items():
            out = out.replace(a, b)
        return out

    return conv


def find_all(text, s):
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def locate(text, start_s, end_s, doc):
    starts = find_all(text, start_s)
    assert len(starts) == 1, f"{doc}: start string {start_s!r} occurs {len(starts)} times"
    s = starts[0]
    e = text.find(end_s, s + len(start_s))
    assert e >= 0, f"{doc}: end string {end_s!r} not found after {start_s!r}"
    return s, e + len(end_s)


def build(doc, spec, text):
    conv = make_conv(spec)
    cl = lambda xs: [conv(x) for x in xs]  # noqa: E731
    themes = cl(spec["themes"]) if spec["themes"] else list(DEFAULT_THEMES)
    theme_of = (lambda t: conv(t)) if spec["themes"] else (lambda t: t)
    missing = [(key, x) for key in ("persons", "persons_optional", "orgs", "orgs_optional", "policy_terms",
                                    "policy_optional") for x in cl(spec[key]) if x not in text]
    assert not missing, f"{doc}: entries not in text: {missing}"
    if spec["themes"]:
        for t in themes:
            assert t in text, f"{doc}: theme {t!r} not in text"
    persons = set(cl(spec["persons"]))
    speakers, taken = [], []
    for name, titles, org, forms in spec["speakers"]:
        name, titles, org, forms = conv(name), cl(titles), conv(org), cl(forms)
        assert name in persons, f"{doc}: speaker {name} not in persons"
        for t in titles:
            assert t in text, f"{doc}: title {t!r} not in text"
        mentions = []
        for f in forms:
            occ = find_all(text, f)
            assert occ, f"{doc}: mention form {f!r} not found"
            mentions += [[i, i + len(f)] for i in occ]
        mentions.sort()
        for a, b in mentions:
            for a2, b2, who in taken:
                assert b <= a2 or a >= b2, f"{doc}: mention of {name} overlaps mention of {who}"
            taken.append((a, b, name))
        speakers.append({"name": name, "titles": titles, "organisation": org, "mentions": mentions})
    names = {s["name"] for s in speakers}
    # a full name of a speaker must not sit inside another person's name
    for p in persons:
        for q in persons:
            if p != q:
                assert p not in q, f"{doc}: person {p} is a substring of {q}"
    proposals, ranges = [], []
    for spk, a, b, theme, ok in spec["proposals"]:
        spk = conv(spk)
        s, e = locate(text, conv(a), conv(b), doc)
        theme, ok = theme_of(theme), [theme_of(x) for x in ok]
        assert spk in names, f"{doc}: proposal speaker {spk} unknown"
        assert theme in themes and theme == ok[0] and set(ok) <= set(themes), f"{doc}: bad theme at {a!r}"
        proposals.append({"speaker": spk, "start": s, "end": e, "text": text[s:e], "theme": theme, "themes_ok": ok})
        ranges.append((s, e, a))
    optional = []
    for spk, a, b in spec["proposals_optional"]:
        spk = conv(spk)
        s, e = locate(text, conv(a), conv(b), doc)
        assert spk is None or spk in names
        optional.append({"speaker": spk, "start": s, "end": e, "text": text[s:e]})
        ranges.append((s, e, a))
    ranges.sort()
    for (_s1, e1, a1), (s2, _e2, a2) in zip(ranges, ranges[1:], strict=False):
        assert e1 <= s2, f"{doc}: proposals overlap: {a1!r} / {a2!r}"
    for p in proposals + optional:
        assert text[p["start"]:p["end"]] == p["text"] and p["text"].strip() == p["text"]
    proposals.sort(key=lambda p: p["start"])
    optional.sort(key=lambda p: p["start"])
    return {
        "doc": doc,
        "themes": themes,
        "persons": sorted(persons),
        "persons_optional": sorted(cl(spec["persons_optional"])),
        "speakers": speakers,
        "speakers_optional": cl(spec["speakers_optional"]),
        "orgs": sorted(set(cl(spec["orgs"]))),
        "orgs_optional": sorted(set(cl(spec["orgs_optional"])) - set(cl(spec["orgs"]))),
        "policy_terms": sorted(set(cl(spec["policy_terms"]))),
        "policy_optional": sorted(set(cl(spec["policy_optional"])) - set(cl(spec["policy_terms"]))),
        "proposals": proposals,
        "proposals_optional": optional,
    }


MARKERS = re.compile(r"(?:^|[\n：:；;。，,])\s*(?:[一二三四五六七八九十]+[、是要]|第[一二三四五六七八九十]+[，,、]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|[①②③④⑤⑥⑦⑧⑨])")
CUES = re.compile(r"建议|提出|呼吁|提醒")


def review(gold, text):
    """Print enumeration markers and 建议/提出/呼吁 cues that no proposal covers, for a human to check."""
    spans = [(p["start"], p["end"]) for p in gold["proposals"] + gold["proposals_optional"]]
    covered = lambda i: any(s - 8 <= i < e for s, e in spans)  # noqa: E731
    out = []
    for m in MARKERS.finditer(text):
        i = m.end() - 1
        if not covered(i):
            out.append(("marker", text[max(0, i - 6):i + 14].replace("\n", "/")))
    for m in CUES.finditer(text):
        if not covered(m.start()):
            out.append(("cue", text[max(0, m.start() - 10):m.start() + 16].replace("\n", "/")))
    return out


def write_gold(doc: str, gold: dict, text: str, enc: str, verbose: bool, extra: str = "") -> None:
    """Check that proposals slice to their text, write ``<doc>.gold.json``, print a summary line (and with
    ``verbose`` the enumeration markers and 建议 cues no proposal covers)."""
    for p in gold["proposals"]:
        assert text[p["start"]:p["end"]] == p["text"]
    GOLD.mkdir(exist_ok=True)
    (GOLD / (doc[:-4] + ".gold.json")).write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")
    print(f"{doc}: {len(text)} chars, {enc}, persons={len(gold['persons'])} speakers={len(gold['speakers'])} "
          f"{extra}proposals={len(gold['proposals'])}+{len(gold['proposals_optional'])} opt")
    if verbose:
        for kind, ctx in review(gold, text):
            print(f"   uncovered {kind}: {ctx}")


def earlier_names(own: set[str]) -> set[str]:
    """Person names of the seed and of every development document whose 3-digit number is not in ``own``
    (the documents being built): a new document must not reuse them."""
    names = set()
    seed = GOLD.parents[1].parent / "shared" / "gold"
    files = [p for p in GOLD.glob("*.gold.json") if p.name[:3] not in own]
    files += sorted(seed.glob("*.gold.json")) if seed.is_dir() else []
    for p in files:
        g = json.loads(p.read_text(encoding="utf-8"))
        names |= set(g.get("persons", [])) | set(g.get("persons_optional", []))
    return names


def build_new_set(docs: dict, verbose: bool, length: tuple[int, int] | None = None,
                  with_optional: bool = False) -> None:
    """Build and write the gold of a set of new documents, checking that no person name repeats one of an
    earlier document (``with_optional``: nor an optional one) or another document of the set (习近平 may),
    and, with ``length``, that every document is within that many characters."""
    old = earlier_names({doc[:3] for doc in docs})
    seen: dict[str, str] = {}
    for doc, spec in docs.items():
        text, enc = read_text(DEV / doc)
        gold = build(doc, spec, text)
        xi = make_conv(spec)("习近平")
        persons = gold["persons"] + (gold["persons_optional"] if with_optional else [])
        reused = [p for p in persons if p in old and p != xi]
        assert not reused, f"{doc}: {len(reused)} person name(s) reused from earlier documents"
        for p in gold["persons"]:
            if p != xi:
                assert p not in seen, f"{doc}: a person name is already used in {seen[p]}"
                seen[p] = doc
        if length:
            assert length[0] <= len(text) <= length[1], f"{doc}: {len(text)} characters"
        write_gold(doc, gold, text, enc, verbose,
                   extra=f"orgs={len(gold['orgs'])} policy={len(gold['policy_terms'])} " if length else "")


HALF_WIDTH = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"}


def half_width(text: str) -> str:
    """Half-width commas, colons, semicolons and brackets, as in the seed article."""
    for a, b in HALF_WIDTH.items():
        text = text.replace(a, b)
    return text


def traditional(text: str, config: str = "s2t", fixes: dict | None = None) -> str:
    """Traditional characters by OpenCC ``config`` (s2t, s2tw, s2hk), with 「」『』 quotes and ``fixes``
    (replacements OpenCC gets wrong for a text: 爲 -> 為)."""
    import opencc

    out = opencc.OpenCC(config).convert(text)
    out = out.replace("“", "「").replace("”", "」").replace("‘", "『").replace("’", "』")
    for a, b in (fixes or {}).items():
        out = out.replace(a, b)
    return out


def converted_spec(spec, convert):
    """A document's gold spec with every string passed through ``convert`` (as its text was written)."""
    if isinstance(spec, str):
        return convert(spec)
    if isinstance(spec, list):
        return [converted_spec(v, convert) for v in spec]
    if isinstance(spec, tuple):
        return tuple(converted_spec(v, convert) for v in spec)
    if isinstance(spec, dict):
        return {k: converted_spec(v, convert) for k, v in spec.items()}
    return spec


def write_documents(docs: dict, conversions: dict) -> None:
    """Write the documents of a write_docs_N.py script into dev/: ``docs`` maps a file name to ``(encoding,
    conversion, text)``, the text first passed through ``conversions[conversion]`` when one is named (traditional
    characters, half-width punctuation); the encoding ``utf-8-sig-crlf`` is UTF-8 with a byte-order mark and CRLF
    line ends."""
    for name, (enc, conv, text) in docs.items():
        if conv:
            text = conversions[conv](text)
        if enc == "utf-8-sig-crlf":
            data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
        else:
            data = text.encode(enc)
        (DEV / name).write_bytes(data)
        print(f"{name}: {len(text)} chars, {enc}{', ' + conv if conv else ''}")


def record_split(name: str, docs) -> None:
    """Record ``docs`` (file names) as the split ``name`` in splits.json, kept in the file's format (indent=1,
    no trailing newline)."""
    path = GOLD / "splits.json"
    splits = json.loads(path.read_text(encoding="utf-8"))
    splits[name] = list(docs)
    path.write_text(json.dumps(splits, indent=1, ensure_ascii=False), encoding="utf-8")


def main():
    verbose = "-v" in sys.argv
    for doc, spec in DOCS.items():
        text, enc = read_text(DEV / doc)
        write_gold(doc, build(doc, spec, text), text, enc, verbose)


if __name__ == "__main__":
    main()
