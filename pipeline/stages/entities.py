"""PERSON, ORG, TITLE and POLICY spans, found by context rules over the text.

Names are found from context (titles before them, speech verbs after them, bylines, speech headings),
organisations from their structure (level/place + body, party + committee, name + suffix, the
organisation part of a title), policy terms from the lexicon in ``models/lexicons/policy_terms.tsv``
plus terms the document coins in quotation marks. No list of particular people is used.

Besides ``doc.spans["sc"]`` the component sets ``doc._.titled_names``: every name found with the
titles written before it, which the speakers stage reads.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick_rs
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..resources import HAN, Lexicons, alternation, load_lexicons, models_dir, read_words

if not Doc.has_extension("titled_names"):
    Doc.set_extension("titled_names", default=None)

SPEECH_VERBS = ("建议", "认为", "表示", "指出", "提出", "介绍", "说", "谈", "呼吁", "坦言", "直言", "强调", "举例",
                "分析", "感慨", "透露", "告诉", "补充", "回应", "发言", "观察到", "提议", "倡议", "希望", "期待",
                "呼吁", "提醒", "坦承", "表态", "解释", "算了", "分享", "讲述", "说道")
# What may follow a name: punctuation, a speech verb, or a preposition/particle that starts the predicate.
NAME_FOLLOWERS = SPEECH_VERBS + (
    "在", "从", "对", "就", "以", "结合", "围绕", "针对", "用", "也", "还", "则", "更", "等", "和", "与", "及", "同",
    "一行", "带领", "率", "主持", "出席", "参加", "调研", "作", "的", "是", "先生", "女士", "同志", "今年", "去年",
    "多年", "长期", "一直", "带来", "提交", "聚焦", "关注", "注意到", "发现", "了解到", "调查", "深有", "感到",
    "所在", "现场", "接受", "连续", "首先", "最后", "随后", "接着", "并", "又", "都", "曾", "将", "已", "正",
    "摄", "报道", "整理", "通讯员", "实习生", "记者", "答复")
FUNCTION_CHARS = set("在从对就以也还则更等和与及同说的是将把被向为于并又都曾已正作率")
BOUNDARY_CHARS = "，,。；;：:、！？!?“”\"'‘’（）()《》【】[]·—\n\t 　#*"
# what opens a clause, before a name that opens it (bare_name_re, name_comma_titles_re)
CLAUSE_BOUNDARY = "，,。；;：:！？!?”」\n"
LEADER_TITLES = ("总书记", "同志", "总理", "委员长", "副总理", "国家主席")
# speech verbs that, right after a clause-initial name the segmenter tags as a name, make it a PERSON
BARE_NAME_VERBS = ("说", "表示", "认为", "建议", "指出", "介绍", "坦言", "直言", "强调", "呼吁", "提出", "谈到", "告诉",
                   "补充", "透露", "解释", "回应", "感慨")
# a surname with one of these is a form of address, not a full name (李博士, 王总): no bare PERSON
ADDRESS_FORMS = re.compile(r"(?:博士|老师|先生|女士|同志|师傅|大妈|大爷|大姐|大哥|阿姨|老板|教授|主任|院长|书记|经理|"
                           r"会长|局长|委员|代表|总|老|姐|哥|工)$")
# what may open a heading line before the name: Markdown marks, bullets, brackets, 发言人：
HEADING_LEAD = (r"(?:[#*\s◆◇■□●○▲△▶►★☆◎•·【\[-]|发言人?[：:]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．]|"
                r"[（(][一二三四五六七八九十\d]{1,3}[）)])*")
# the line openings of a 专题询问 transcript: a question, a follow-up, an answer
QA_KINDS = "追问|提问|询问|问|回答|应询|答"
QA_LINE_RE = re.compile(rf"^[ \t　*]*(?:{QA_KINDS})[ \t　]*[（(]", re.M)
# between a heading's name and the titles after it: spaces, a closing bold mark or bracket (【李秀英】), a bar
# or a colon
NAME_SEP = r"\**(?:[】\]][ \t　]*|[ \t　]+|[ \t　]*[|｜丨：:]+[ \t　]*)"


@dataclass
class TitledName:
    """A person's name as found, with the titles written right before it (or in its heading)."""

    name: str
    start: int
    end: int
    titles: list[tuple[int, int, str]] = field(default_factory=list)
    context: str = "narrative"  # heading | narrative | byline | leader | known


@dataclass(eq=False)  # hashed by identity: the memoised rules below take it as part of their key
class Rules:
    """Compiled patterns built once from the lexicons."""

    name_re: re.Pattern
    title_name_re: re.Pattern
    role_name_re: re.Pattern
    surname_start_re: re.Pattern
    heading_re: re.Pattern
    paren_heading_re: re.Pattern
    byline_re: re.Pattern
    photo_re: re.Pattern
    leader_re: re.Pattern
    gov_re: re.Pattern
    party_re: re.Pattern
    suffix_org_re: TwinScan
    policy_re: LazyPattern | re.Pattern
    quoted_re: re.Pattern
    digital_re: re.Pattern
    job_head_re: re.Pattern
    generic_org_re: re.Pattern
    policy_morpheme_re: re.Pattern
    membership: frozenset
    extra_policy: list
    extra_org: list
    customs_re: re.Pattern
    listed_body_re: re.Pattern
    lex: Lexicons
    non_org_places: frozenset = frozenset()
    lead_re: re.Pattern | None = None
    compound_surnames: frozenset = frozenset()
    org_trim_re: re.Pattern | None = None
    heading_tail_re: re.Pattern | None = None
    name_heading_re: re.Pattern | None = None
    name_seat_re: TwinScan | None = None
    bare_name_re: TwinScan | None = None
    inline_paren_re: re.Pattern | None = None
    name_heading_tail_re: re.Pattern | None = None
    name_list_re: re.Pattern | None = None
    inner_lead_re: re.Pattern | None = None
    name_comma_titles_re: TwinScan | None = None
    post_title_name_re: TwinScan | None = None
    transliteration_chars: frozenset = frozenset()
    org_suffix_set: frozenset = frozenset()
    place_prefix_re: re.Pattern | None = None
    policy_matcher: ahocorasick_rs.AhoCorasick | None = None
    name_colon_heading_re: re.Pattern | None = None
    qa_heading_re: re.Pattern | None = None
    closing_re: re.Pattern | None = None
    policy_term_set: frozenset = frozenset()


def _gov_guard(prefixes, bodies, own_prefix) -> str:
    """A lookahead on the first two characters of a gov_re match: a prefix (全国, a place) or a level
    (省市县区) followed by a body, or a body of its own level (市政府); one class per character."""
    bodies = [b for b in bodies if b]
    pairs = [p[:2] for p in prefixes if len(p) >= 2]
    pairs += [x + b[0] for x in {p for p in prefixes if len(p) == 1} | set("省市县区") for b in bodies]
    pairs += [w[:2] for w in own_prefix if len(w) >= 2]
    if any(len(w) < 2 for w in own_prefix) or not pairs:
        return _starting_with([*prefixes, "省", "市", "县", "区", *own_prefix])
    first = "".join(re.escape(c) for c in sorted({p[0] for p in pairs}))
    second = "".join(re.escape(c) for c in sorted({p[1] for p in pairs}))
    return f"(?=[{first}][{second}])"


# the words a byline_re match can open with (its optional lead-ins and its required job word)
BYLINE_STARTS = ("本报", "本刊", "新华社", "央视", "人民网", "融媒体", "特约", "实习", "摄影", "记者", "通讯员", "实习生",
                 "见习记者", "责任编辑", "本版编辑", "编辑", "校对", "执笔", "撰稿", "审核", "审校", "作者")


def _two_char_guard(words) -> str:
    """A lookahead on the first two characters of ``words`` (one class per character), or on the first
    one when a word is a single character."""
    words = [w for w in words if w]
    if any(len(w) < 2 for w in words):
        return _starting_with(words)
    first = "".join(re.escape(c) for c in sorted({w[0] for w in words}))
    second = "".join(re.escape(c) for c in sorted({w[1] for w in words}))
    return f"(?=[{first}][{second}])" if words else ""


def _ending_with(words) -> str:
    """A lookbehind for the last characters of ``words`` (none when there are no words)."""
    last = sorted({w[-1] for w in words if w})
    return "(?<=[" + "".join(re.escape(c) for c in last) + "])" if last else ""


def _alternation(words, bucket: int = 40) -> str:
    """``alternation(words)`` with the trie's first-character branches in groups of ``bucket``, each
    behind a lookahead on its first characters: sre tries a group's branches one by one, so a position
    is rejected by a few class tests instead of one literal test per first character. The branches
    start with distinct characters, so at most one can match: the same matches."""
    words = sorted({w for w in words if w})
    firsts = sorted({w[0] for w in words})
    if len(firsts) <= bucket:
        return alternation(words)
    groups = [set(firsts[i:i + bucket]) for i in range(0, len(firsts), bucket)]
    return "(?:" + "|".join(_starting_with(g) + alternation([w for w in words if w[0] in g]) for g in groups) + ")"


def _surname_alternation(surnames) -> str:
    """``alternation(surnames)`` (the same matches, tried in the same order: a compound surname before the
    single one it starts with) as a class of the one-character surnames after a trie of the compound ones,
    behind a lookahead on their first characters: one class test where the trie had a branch per surname
    (hundreds), so the dozens of patterns holding a name compile and run faster."""
    singles = "".join(re.escape(c) for c in sorted({w for w in surnames if len(w) == 1}))
    longer = sorted({w for w in surnames if len(w) > 1})
    parts = [_starting_with(longer) + alternation(longer)] if longer else []
    parts += [f"[{singles}]"] if singles else []
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def _starting_with(words) -> str:
    """A lookahead for the first characters of ``words`` (none when there are no words)."""
    first = sorted({w[0] for w in words if w})
    return "(?=[" + "".join(re.escape(c) for c in first) + "])" if first else ""


class LazyPattern:
    """A regular expression compiled when first used (a large one that most runs never need)."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return getattr(self._compiled, name)


class TwinScan:
    """``regex.finditer(text)`` for a pattern whose matches open where something stands right before them
    (a boundary character, a lead word), which the pattern checks by looking behind: the positions are
    found by ``twins``, patterns that consume that something (``width`` characters) and then match what
    ``regex`` matches there, and ``regex`` itself is matched at each position they find. A pattern that
    opens with a character class or literal branches lets re skip to their characters; a lookbehind (or
    the lookahead guards of the name patterns) first makes it try every position: 2x faster for the
    patterns below. ``at_start``: the pattern may also match at the start of the text (``^``, or a
    negative lookbehind), where no twin can, having nothing to consume.

    The same matches as ``regex.finditer``: a twin's match at ``p - width`` means ``regex`` matches at
    ``p``, and each twin is searched from ``pos - width`` for the first match at or after ``pos``."""

    def __init__(self, regex: re.Pattern, twins: list[tuple[str, int]], at_start: bool = False):
        self.regex = regex
        self.twins = [(re.compile(pattern, regex.flags), width) for pattern, width in twins]
        self.at_start = at_start

    def finditer(self, text: str) -> Iterator[re.Match]:
        pos = 0
        if self.at_start:
            first = self.regex.match(text)
            if first is not None:
                yield first
                pos = max(first.end(), 1)
        found: list[int | None] = [-1] * len(self.twins)  # each twin's next position (None: no more)
        while True:
            for k, (twin, width) in enumerate(self.twins):
                at = found[k]
                if at is not None and at < pos:
                    m = twin.search(text, max(pos - width, 0))
                    found[k] = m.start() + width if m is not None else None
            starts = [at for at in found if at is not None]
            if not starts:
                return
            m = self.regex.match(text, min(starts))
            if m is None:  # cannot happen (see above): go on after the position rather than loop
                pos = min(starts) + 1
                continue
            yield m
            pos = max(m.end(), m.start() + 1)


def _boundary_scan(guard: str, boundary: str, rest: str, flags: int = 0, line_start: bool = False) -> TwinScan:
    """``guard + (?<=[boundary]) + rest`` (``(?:(?<=[boundary])|^)`` with ``line_start``) as a TwinScan."""
    behind = f"(?:(?<=[{boundary}])|^)" if line_start else f"(?<=[{boundary}])"
    return TwinScan(re.compile(guard + behind + rest, flags), [(f"[{boundary}]" + guard + rest, 1)], line_start)


@lru_cache(maxsize=4)
def build_rules(models: str | None = None) -> Rules:
    lex = load_lexicons(models)
    surname = _surname_alternation(lex.surnames)
    heads = alternation(lex.post_titles + lex.membership_titles)  # opens patterns: sre scans for its first chars
    han = f"[{HAN}]"
    name = f"(?:{surname}){han}{{1,2}}"
    places = _alternation(lex.places + lex.provinces)
    level = f"(?:(?<![{HAN}])|(?<=[和与及、在由向对经送给到至请为同跟被把将从赴据彻实照循]))[省市县区]"
    prefix = f"(?:全国|中央|国家|{places}|{level})"
    own_prefix = [b for b in lex.gov_bodies if b[0] in "省市县区"]
    longest_name = max(map(len, lex.surnames), default=1) + 2
    # one lookbehind per word length (a trie of the words of that length) instead of one per word: an
    # alternation of zero-width assertions matches where any of them does, whatever their order
    lead_by_len: dict[int, list[str]] = {}
    for w in set(read_words(models_dir(models) / "lexicons" / "org_lead_words.txt")):
        if w:
            lead_by_len.setdefault(len(w), []).append(w)
    # one-character lead words join the boundary class; longer ones are first tested on their last
    # character (one class) before their trie: the same positions, most rejected by one class test
    lead_chars = "".join(sorted(lead_by_len.pop(1, [])))
    non_org_places = read_words(models_dir(models) / "lexicons" / "non_org_places.txt") + list(lex.provinces) + \
        list(lex.places)
    translit = "".join(sorted(set("".join(read_words(models_dir(models) / "lexicons" / "transliteration_chars.txt")))))
    lead_words = "".join(f"|{_ending_with(ws)}(?<={_alternation(ws)})" for _n, ws in sorted(lead_by_len.items()))
    org_boundary = re.escape(BOUNDARY_CHARS + lead_chars)
    # an organisation's name: up to 16 characters ending with a body's suffix (协会, 有限公司…)
    org_name = (rf"(?P<org>[{HAN}A-Za-z0-9]{{2,16}}?{_starting_with(lex.org_suffixes)}(?:{_alternation(lex.org_suffixes)})"
                rf"(?:[（(][{HAN}]{{2,4}}[）)])?)")
    # a transliterated name (乌兰其其格, 额尔敦毕力格) is the longest run of 4-6 transliteration characters that a
    # clause boundary, a seat (委员, 代表) or what follows a name (说, 建议, 是, 带来) delimits: 苏和巴特尔是…
    delimited = f"(?=[{re.escape(BOUNDARY_CHARS)}]|$|委员|代表|常委|同志|{_alternation(NAME_FOLLOWERS)})"
    translit_name = f"[{translit}]{{4,6}}{delimited}"
    # the same for a short one (塔娜则把目光…) when its first character is no surname of the table
    short_translit = f"[{translit}]{{2,3}}{delimited}"
    # the second part of a dotted name: the longest delimited run of transliteration characters, else DOT_TAIL's
    # shortest delimited part, else the whole run of transliteration characters (古丽娜尔·艾买提通过视频连线发言)
    dot_name = f"{DOT_HEAD}(?:[{translit}]{{2,6}}{delimited}|{DOT_TAIL}|[{translit}]{{2,6}}(?![{translit}]))"
    seat_guard = _starting_with(lex.surnames) + f"(?=[{HAN}]{{2,{longest_name}}}?(?:委员|代表|常委))"
    seat_rest = rf"(?P<name>{name})(?P<head>委员|代表|常委)(?=[，,：:]|{_alternation(SPEECH_VERBS)})"
    return Rules(
        name_re=re.compile(f"^{name}$"),
        surname_start_re=re.compile(f"(?:{surname})"),
        # a job head followed by a name candidate (up to 3 chars after the surname; trimmed later)
        # (or four characters of a transliterated name, 萨仁图雅, read whole when no such character follows)
        # (or two or three characters of a name whose surname the table lacks, when the person speaks next)
        title_name_re=re.compile(f"(?P<head>{heads})[\\s　,]?(?P<name>{dot_name}|"
                                 f"{translit_name}|(?:{surname}){han}{{1,2}}|{short_translit}|"
                                 f"[^\\W{NOT_IN_NAME}]{{2,3}}(?={SPEAKS_NEXT}))"),
        heading_re=re.compile(
            rf"^[#*\s]*(?P<lead>[^\n]{{0,100}}?)(?P<titles>[^\s#*]{{0,60}}?{heads})[\s　]+(?P<name>{name})[\s*]*$",
            re.M),
        # (or 2-3 characters that a surname of the table does not open, checked in find_names: ◎同立新（…）)
        paren_heading_re=re.compile(
            rf"^{HEADING_LEAD}(?P<name>{name}|[^\W\d{NOT_IN_NAME}]{{2,3}})\**[\s　]*[（(]"
            rf"(?P<titles>[^（）()\n]{{2,60}}(?:{heads}))[）)]", re.M),
        # the same inside a sentence: 会上，张文远（省政协委员、某某大学教授）表示
        inline_paren_re=re.compile(
            _starting_with(lex.surnames) + rf"(?:(?<![{HAN}])|(?<=[和与及]))(?P<name>{name})[（(]"
            rf"(?P<titles>[^（）()\n，。,；;]{{2,60}}?(?:{heads}))[）)]"),
        byline_re=re.compile(
            _starting_with(BYLINE_STARTS) + rf"(?:本报|本刊|新华社|央视|人民网|融媒体)?(?:特约|实习|摄影)?(?:记者|通讯员|实习生|见习记者|(?:责任|本版)?编辑[：:\s　]|校对[：:]|执笔[：:]|撰稿[：:]|审核[：:]|审校[：:]|作者[：:])"
            rf"(?P<names>(?:[\s　]*{name}(?=[\s　、，,）)]|$|摄|报道|整理|通讯员|实习生)|"
            rf"[ 　]+[{HAN}]{{2,4}}(?=[ 　]*(?:\n|$)|[ 　]+))+)", re.M),
        # lookaheads first (a surname's first character; a leader title 2-4 characters on): same matches
        photo_re=re.compile(_starting_with(lex.surnames) + rf"(?<![{HAN}])(?P<name>{name})[\s　]+摄"),
        leader_re=re.compile(_starting_with(lex.surnames) + f"(?=.{{2,{longest_name}}}(?:{_alternation(LEADER_TITLES)}))"
                             f"(?P<name>{name})(?={_alternation(LEADER_TITLES)})"),
        # gov_re and party_re open with a lookahead on the characters a match can start with: the same
        # matches, but most positions fail on one character class instead of the whole alternation
        gov_re=re.compile(_gov_guard(["全国", "中央", "国家", *lex.places, *lex.provinces], lex.gov_bodies, own_prefix) +
                          f"(?P<org>{prefix}(?:{_alternation(lex.gov_bodies)})|"
                          f"(?:(?<![{HAN}])|(?<=[和与及、在由向对经送给到至请为同跟被把将从赴据彻实照循]))(?:{_alternation(own_prefix)}))"),
        party_re=re.compile(_starting_with(["省", "市", "县", "区", *lex.parties]) +
                            f"(?P<org>(?:(?<![{HAN}])[省市县区])?(?:{_alternation(lex.parties)})(?:中央|"
                            f"{places}?(?:省委会?|市委会?|县委会?|区委会?|委员会)|(?:省|市|县|区)委会?|(?:总)?支部)?)"),
        # (found from the boundary characters and the lead words before the names, see TwinScan)
        suffix_org_re=TwinScan(
            re.compile(rf"(?:(?<=[{org_boundary}])|^{lead_words}){org_name}", re.M),
            [(f"[{org_boundary}]{org_name}", 1)] + [(f"(?:{alternation(ws)}){org_name}", n)
                                                      for n, ws in sorted(lead_by_len.items())], at_start=True),
        # a lookahead on the first two characters of a term (one class each) before the trie; the scan
        # over a whole text is policy_matcher's (the same spans)
        # (compiled when first used: the Aho-Corasick matcher scans the texts, policy_term_set tests a string)
        policy_re=LazyPattern(_two_char_guard(lex.policy_terms) + _alternation(lex.policy_terms)),
        policy_term_set=frozenset(t for t in lex.policy_terms if t),
        policy_matcher=policy_term_matcher(lex.policy_terms),
        quoted_re=re.compile(rf"[“\"「](?P<term>[{HAN}]{{3,8}})[”\"」]"),
        digital_re=re.compile(f"数字(?:{_alternation(lex.provinces)})"),
        job_head_re=re.compile(f"(?:{heads})$"),
        generic_org_re=re.compile("|".join(read_words(models_dir(models) / "lexicons" / "generic_org_words.txt"))),
        policy_morpheme_re=re.compile(_alternation(read_words(models_dir(models) / "lexicons" / "policy_morphemes.txt"))),
        membership=frozenset(lex.membership_titles),
        extra_policy=[(re.compile(p["pattern"]), re.compile(p["require"]) if p.get("require") else None,
                       bool(p.get("coined")), bool(p.get("not_all_verbs")), p.get("lexicon_core"))
                      for p in lex.policy_patterns],
        extra_org=[re.compile(p["pattern"]) for p in lex.org_patterns],
        # customs districts are named by a city without 市: 厦门海关, 乌鲁木齐海关
        customs_re=re.compile(
            f"(?<![{HAN}])(?:{_alternation(sorted({p[:-1] for p in lex.places if p.endswith('市') and len(p) >= 3}))})海关"),
        # the next bodies of a list that opens with a prefixed one share its level: 自治区发展改革委、交通运输厅、商务厅
        listed_body_re=re.compile(f"、(?P<org>{_alternation(lex.gov_bodies)})(?=[、，,。；;和及与等\\s])"),
        lex=lex,
        lead_re=re.compile(_alternation(read_words(models_dir(models) / "lexicons" / "org_lead_words.txt"))),
        # up to the last word that never occurs inside a name: 委员们在沈阳职业技术学院 -> 沈阳职业技术学院
        inner_lead_re=re.compile(".*(?:" + "|".join(read_words(models_dir(models) / "lexicons" /
                                                               "org_inner_lead_words.txt")) + ")"),
        non_org_places=frozenset(non_org_places),
        # the longest place a company's name opens with (江苏 of 江苏康睿生物医药有限公司)
        place_prefix_re=re.compile(_alternation(sorted(non_org_places, key=len, reverse=True))),
        compound_surnames=frozenset(w for w in lex.surnames if len(w) == 2),
        transliteration_chars=frozenset(translit),
        org_suffix_set=frozenset(lex.org_suffixes),
        # the end of the last named body inside a title's organisation part (安踏集团董事局 -> 安踏集团)
        org_trim_re=re.compile(f"(?:{_alternation(lex.org_suffixes + lex.gov_bodies)}|"
                               f"(?:{_alternation(lex.parties)})(?:[{HAN}]{{0,5}}?[省市县区]委会?|中央|支部)?)"),
        # what every heading_re match contains: a job head, spacing, a name at the end of a line
        heading_tail_re=re.compile(rf"(?:{heads})[\s　]+(?:{name})[\s*]*$", re.M),
        # a heading line with the name first and its titles after a space: **卢佩珊 省政协委员、…局长**
        name_heading_re=re.compile(
            rf"^{HEADING_LEAD}(?P<name>[{translit}]{{4,6}}|{name}){NAME_SEP}(?P<titles>[^\s#*（）()，。,；;：:！？!?\d【】\[\]|｜丨]"
            rf"(?:[^\n（）()。；;：:！？!?【】\[\]]|[（(][{HAN}]{{2,4}}[）)]){{0,60}}?(?:{heads}))[ \t　*】\]]*$", re.M),
        # the same with the remarks after a colon on the same line: 皮文韬　省政协常委、贵州大学…教授：传统村落是…
        # (the name and its titles apart by spaces; tried only at lines with a colon, see _name_colon_matches)
        name_colon_heading_re=re.compile(
            rf"{HEADING_LEAD}(?P<name>{dot_name}|[{translit}]{{4,6}}|{name})\**[ \t　]+(?P<titles>[^\s#*（）()，。,；;：:！？!?\d【】\[\]|｜丨]"
            rf"(?:[^\n（）()。；;：:！？!?【】\[\]]|[（(][{HAN}]{{2,4}}[）)]){{0,60}}?(?:{heads}))\**[：:]"),
        # a question or an answer of a 专题询问 transcript: 问（市人大代表、…经理刘俊峰）： / 答（副市长籍文涛）： /
        # 追问（邸海明）：, the name last in the brackets (tried only where such a line opens, see _qa_heading_matches)
        # a line that closes a speech with its speaker (发言摘登): （发言人：全国政协委员、某协会会长　张三）
        closing_re=re.compile(rf"^[ \t　*]*[（(]发言(?:人|者)[：:][ \t　]*(?:(?P<titles>[^（）()\n]{{2,80}}?(?:{heads}))"
                              rf"[ \t　]+)?(?P<name>{dot_name}|{name})[ \t　]*[）)][ \t　*]*$", re.M),
        qa_heading_re=re.compile(rf"[ \t　*]*(?P<kind>{QA_KINDS})[ \t　]*[（(](?P<inner>[^（）()\n：:]{{2,70}})[）)][ \t　*]*[：:]"),
        # what ends every name_heading_re match: a job head at the end of the line
        name_heading_tail_re=re.compile(rf"(?:{heads})[ \t　*】\]]*$", re.M),
        # a full name with its seat after it, then a speech verb or a comma: 拜学文委员认为, 李明代表，
        # (found from the character before the name: any but a hanzi, or 和与及; see TwinScan)
        name_seat_re=TwinScan(
            re.compile(seat_guard + rf"(?:(?<![{HAN}])|(?<=[和与及、])){seat_rest}"),
            [(f"[^{HAN}]" + seat_guard + seat_rest, 1), ("[和与及]" + seat_guard + seat_rest, 1)], at_start=True),
        # 李华，省政协委员、福建师范大学教授，: a clause-initial name, a comma, 、-separated titles, a comma
        name_comma_titles_re=_boundary_scan(
            _starting_with(lex.surnames), CLAUSE_BOUNDARY, rf"(?P<name>{name})[，,]"
            rf"(?P<titles>[^，,。；;：:！？!?\n（）()]{{2,60}}?(?:{heads}))(?=[，,])", re.M, line_start=True),
        # the next name of a list after a title: 全国人大代表张文远、覃立新、农秀梅等 (…、黎承泽参加视察)
        name_list_re=re.compile(rf"[、和及与](?P<name>{name})(?=[、，,。；;：:和及与等]|分别|参加|出席|列席|陪同|$)", re.M),
        # a name without a title opening a clause before a speech verb: 会上，张文远说 / ”丁世忠介绍
        # an ordinary person quoted by role (村民幸秋菊告诉调研组): a PERSON with no title
        # (the roles' plain trie: a pattern opening with literal branches lets re skip to their first characters,
        # 2x faster here than _alternation's guarded groups, which re must try at every position)
        role_name_re=re.compile(
            f"(?:{alternation(read_words(models_dir(models) / 'lexicons' / 'person_roles.txt'))})"
            f"(?P<name>{dot_name}|(?:{surname}){han}{{1,2}})(?={_alternation(ROLE_SPEECH)}|{ROLE_TOLD})"),
        # a name with a post after it that a clause boundary or a speech verb ends: …医院的李华教授。他告诉我
        post_title_name_re=_boundary_scan(
            _starting_with(lex.surnames), "的、和与及", rf"(?P<name>{name})(?={POST_TITLES}(?:[，,。；;、：:]|"
            f"{_alternation(BARE_NAME_VERBS)}))"),
        bare_name_re=_boundary_scan(
            _starting_with(lex.surnames), CLAUSE_BOUNDARY,
            rf"(?P<name>{name})(?={_alternation(BARE_NAME_VERBS)})", re.M, line_start=True),
    )


# The string tests below (is this a plausible name, the organisation inside a title, a company's brand, a
# coined term) depend on the string, the rules and the segmenter's fixed dictionary only, and a report
# repeats its names and titles: each is memoised per process, up to this many strings.
MEMO_SIZE = 1 << 16

NOT_NAME_TAGS = frozenset(("v", "vn", "vd", "p", "c", "d", "a", "ad", "an", "u", "r", "m", "q", "f", "n", "t", "l", "i"))


VERB_TAGS = ("d", "v", "vd", "vn", "ad", "p")


def _trim_name(text: str, start: int, candidate: str, rules: Rules) -> str:
    """Choose between a 2- and 3-character reading of a name by what follows it and where the
    segmenter puts word boundaries: 冉琳/关注 -> 冉琳, 尹丽华/代表 -> 尹丽华, 郑/凯文/到会 -> 郑凯文."""
    if len(candidate) < 3:
        return candidate
    # a compound surname (司马, 欧阳) takes one more character: the choice is between 3 and 4 characters
    sur = 2 if candidate[:2] in rules.compound_surnames and len(candidate) == 4 else 1
    if SPEECH_AFTER_NAME_RE.match(text, start + len(candidate)):
        return candidate  # 研究员蒲雅文说: a speech verb right after the three characters
    if candidate[sur + 1] in FUNCTION_CHARS:
        # 鄢正和长期关注: 和 followed by an adverb or verb ends a name; 张三和李四 joins two
        after = _dictionary().tag(text[start + sur + 2:start + sur + 6]) if candidate[sur + 1] == "和" else []
        if after and after[0][1] not in VERB_TAGS:  # 柴景和主持会议: 主持会议 is one noun, 主持 a verb
            after = _dictionary().tag(text[start + sur + 2:start + sur + 4])
        if not (after and after[0][1] in VERB_TAGS):
            return candidate[:sur + 1]
        return candidate
    window = text[start:start + 8]
    bounds, pos = set(), 0
    for piece in _dictionary().cut(window, False):
        pos += len(piece)
        bounds.add(pos)
    if sur + 1 in bounds and sur + 2 not in bounds:
        return candidate[:sur + 1]
    return candidate


@lru_cache(maxsize=MEMO_SIZE)
def plausible_name(name: str, rules: Rules) -> bool:
    """False for strings that a surname-initial pattern catches but that are ordinary words:
    呼吁, 关于, 安心 (the first two characters are a non-name dictionary word), 和委员 (a title)."""
    if len(name) < 2 or rules.job_head_re.search(name) or "委员" in name:
        return False
    if name[0] in "和与及同跟并或" or any(ch in "了们的" for ch in name[1:]):
        return False  # 和委员; 干了 (…年轻教师干了两三年): a particle ends a verb, never a name
    if DOT_NAME_RE.fullmatch(name):
        return True  # 买买提江·阿不力孜: a dotted transliteration, whatever its first characters mean
    if name[:2] in rules.compound_surnames:
        return True
    seg = _dictionary()
    head = name[:2]
    if len(name) == 3 and head[1] == "家":
        return True  # 黄家明: surname + 家 is "the Huang family" (n) only without a third character
    if seg.has_word(head):
        tags = seg.tag(head)
        if len(tags) == 1 and tags[0][1] in NOT_NAME_TAGS:
            # 初晓莹 (初晓 "dawn" + 莹 read as a name): a noun or time word before a name character; 关文澍 (关文
            # + 澍, a bound morpheme no word holds); 甘露茜 (甘露 read as a verb + 茜 as a name)
            if len(name) != 3:
                return False
            last = seg.tag(name)[-1]
            return len(last[0]) == 1 and (tags[0][1] in ("t", "n", "a") and last[1] in ("nr", "g")
                                          or tags[0][1] == "v" and last[1] == "nr")
    return True


# what follows the middle of a body's name, never a person's: 交通运输部长江航务管理局 (部长 + 江航务 + 管理局)
BODY_AFTER_NAME_RE = re.compile(r"管理局|管理处|管理站|管理委员会|委员会|研究院|研究所|中心|公司|集团|事务局")
# a transliterated name in two parts joined by a middle dot (叶尔兰·努尔兰, 古丽米拉·艾海提): the second part is
# the shortest that a clause boundary, a speech verb or a particle follows (叶尔兰·努尔兰结合口岸工作…)
# the middle dots that join a transliterated name's parts (· of GB text, ‧ of Taiwan's, ・ and ･ of Japanese fonts)
NAME_DOTS = "·•・‧･"
DOT_HEAD = f"[{HAN}]{{2,6}}[{NAME_DOTS}]"
DOT_TAIL = (f"[{HAN}]{{2,6}}?(?=[^{HAN}]|说|表示|认为|介绍|指出|建议|坦言|直言|呼吁|强调|提出|谈|"
            "告诉|结合|在|就|对|从|用|以|带|等|也|还|则|和|与|的|同志|委员|代表|常委|发言)")
DOT_NAME = DOT_HEAD + DOT_TAIL
DOT_NAME_RE = re.compile(f"{DOT_HEAD}[{HAN}]{{2,6}}")  # (fullmatch: a whole candidate)
COMPANY_TAIL_RE = re.compile("股份有限公司|有限责任公司|有限公司")
# the departments of a party committee (省委组织部, 市委社会工作部, 县委政法委)
PARTY_DEPARTMENT_RE = re.compile(r"组织部|宣传部|统战部|社会工作部|政法委|网信办|编办|政研室|农办|财经办|外办|台办|"
                                 r"教育工委|机关工委|老干部局|党校|巡察办|改革办")
SPEECH_AFTER_NAME_RE = re.compile(r"说|表示|认为|介绍|指出|建议|坦言|直言|呼吁|强调|提出|谈到")
# how a quoted ordinary person's words are introduced after the name
# a person telling the visitors, on an occasion or earlier: 竹农李某对委员们说, 养殖户王某在调研时对委员们说, 骑手王某跟我说
# (村民栗大成在监督小组走访时说: the occasion, then 说)
ROLE_TOLD = r"(?:在[^，。；;\n]{1,8}时)?(?:曾经?|也|还)?[对跟][^，。；;\n“”]{1,5}说|在[^，。；;\n“”]{1,8}时说"
# posts written after a name (李华教授), not seats: 委员/代表 after a name are name_seat_re's
POST_TITLES = "(?:教授|副教授|研究员|院士|博士|医生|医师|律师|工程师|老师)"
ROLE_SPEECH = ("告诉", "对记者说", "对我说", "向委员们", "向记者", "向调研组", "在接受", "说", "表示", "介绍", "坦言", "感慨",
               "算了", "道出", "谈到")
# characters no name holds (们的意见建议, 委员们普遍认为 are not names)
NOT_IN_NAME = "们的了和与及在是为对将把被从等各该本其这那此都也还就又再向"
# what follows a speaker's name when the remarks come next: 骞志诚说，/ 琚振涛在发言中说
SPEAKS_NEXT = (rf"(?:{SPEECH_AFTER_NAME_RE.pattern}|在发言中|在会上|在审议中|在讨论中|(?:首先|率先|再次|接着|随后|最后)发言)"
               "[，,：:]?")
SPEAKS_NEXT_RE = re.compile(SPEAKS_NEXT)
TITLE_LEAD_IN_RE = re.compile(r".*(?:的|是|了|(?<!自)由|邀请|会上|图为)")
CLAUSE_CHARS = "，,。；;：:！？!?“”「」『』\"\n\t 　#*》"
SEAT_BEFORE_COMMA_RE = re.compile(r"(?:全国|[省市县区])(?:政协|人大)(?:常委|委员|代表)$|(?:全国|[省市县区])人大代表$")


def _title_chain(text: str, head_end: int, rules: Rules, limit: int = 60) -> list[tuple[int, int, str]]:
    """The 、-separated titles that end at ``head_end``, walking left to the clause boundary."""
    left = head_end
    stop = max(0, head_end - limit)
    while left > stop and text[left - 1] not in CLAUSE_CHARS:
        left -= 1
    chain = text[left:head_end]
    titles = []
    pos = left
    for piece in chain.split("、"):
        s, e = pos, pos + len(piece)
        pos = e + 1
        piece_clean = piece.strip()
        if not piece_clean:
            continue
        # drop narrative lead-ins such as 来自…的, 会议由 or 会上
        lead = TITLE_LEAD_IN_RE.match(piece)
        if lead:
            s += lead.end()
            piece = piece[lead.end():]
        if rules.job_head_re.search(piece) and len(piece) <= 30:
            titles.append((s, e, text[s:e]))
        else:
            titles = []  # a non-title piece breaks the chain: only titles adjacent to the name count
    # a seat before a comma belongs to the chain too: 省政协常委,民进省委副主委王晓东
    while titles and left > stop + 1 and text[left - 1] in "，,":
        seat = SEAT_BEFORE_COMMA_RE.search(text, max(stop, left - 14), left - 1)
        if not seat or seat.start() > 0 and text[seat.start() - 1] not in CLAUSE_CHARS:
            break
        titles.insert(0, (seat.start(), seat.end(), seat.group()))
        left = seat.start()
    return titles


def split_title(title: str, rules: Rules) -> tuple[str, str]:
    """``(organisation part, job head)`` of a title: 省工商联党组书记 -> (省工商联, 党组书记);
    a seat keeps its body with the organisation: 福州市政协委员 -> (福州市政协, 委员)."""
    match = rules.job_head_re.search(title)
    if not match:
        return "", title
    org, head = title[:match.start()], match.group(0)
    if head.startswith("政协") and len(head) > 2:
        org, head = org + "政协", head[2:]
    return org, head


@lru_cache(maxsize=MEMO_SIZE)
def clean_org_part(org: str, rules: Rules) -> str:
    """The named organisation inside a title's organisation part, or "" when there is none:
    drops lead-ins (□, 7位), cuts after the last named body (大庆油田有限责任公司新能源事业部 ->
    大庆油田有限责任公司, 致公党省委专职 -> 致公党省委), and rejects bare places (温州市瓯海区)."""
    org = re.sub(r"^[^\u3400-\u9fffA-Za-z0-9]*(?:[0-9一二三四五六七八九十两几多]+[位名个])?", "", org.strip())
    org = re.sub(r"(?:执业|专职|常务|兼职|驻会|名誉|首席|资深|高级|特聘|执行|特邀)+$", "", org)
    ends = [m.end() for m in rules.org_trim_re.finditer(org)]
    if ends and ends[-1] < len(org):
        org = org[:ends[-1]]
    if len(org) < 2 or org.endswith(("全国", "中央", "国家")) or re.fullmatch(r"[省市县区]", org):
        return ""  # 港区全国 (of 港区全国人大代表) is a delegation's place, not a body
    if org in rules.non_org_places or not ends and (len(org) < 3 or _tagged_name(org)):
        return ""
    if not ends and re.search(r"[省市县区州镇乡村]$", org):
        return ""
    if not ends and not re.search(r"[A-Za-z\u3400-\u9fff]{2}", org):
        return ""
    return org


_BLANK_LINE_RE = re.compile(r"[#*\s]*")


def _heading_matches(text: str, rules: Rules) -> Iterator[re.Match]:
    """The matches of ``rules.heading_re.finditer(text)``, the same ones, without trying every line.

    heading_re backtracks through ~100 x 60 positions at each line start, so it is only tried where it
    can match: a match starting at line start L has its titles and job head on X, the first line from L
    with a character other than ``#``, ``*`` or whitespace, so X holds the start of a match of
    ``heading_tail_re``; L is X's start or that of one of the blank lines right before it.
    """
    regex, tail = rules.heading_re, rules.heading_tail_re
    pos = last_end = 0
    while True:
        t = tail.search(text, pos)
        if t is None:
            return
        line_start = text.rfind("\n", 0, t.start()) + 1
        starts = [line_start]
        while starts[-1] > 0:
            prev = text.rfind("\n", 0, starts[-1] - 1) + 1
            if not _BLANK_LINE_RE.fullmatch(text, prev, starts[-1] - 1):
                break
            starts.append(prev)
        for start in reversed(starts):
            if start >= last_end:
                m = regex.match(text, start)
                if m:
                    yield m
                    last_end = m.end()
                    break
        line_end = text.find("\n", t.start())
        if line_end < 0:
            return
        pos = max(line_end + 1, last_end)


_PAREN_RE = re.compile("[（(]")


def _inline_paren_matches(text: str, rules: Rules) -> Iterator[re.Match]:
    """The matches of ``rules.inline_paren_re`` (a name right before a parenthesis), tried only 2-4
    characters before each opening parenthesis instead of at every position; the longest name first."""
    if rules.inline_paren_re is None:
        return
    for paren in _PAREN_RE.finditer(text):
        p = paren.start()
        for k in (4, 3, 2):
            if p - k >= 0:
                m = rules.inline_paren_re.match(text, p - k)
                if m and m.end("name") == p:
                    yield m
                    break


def _paren_heading_matches(text: str, rules: Rules) -> Iterator[re.Match]:
    """The matches of ``rules.paren_heading_re.finditer(text)``, tried only at the start of lines with an
    opening parenthesis (every match has one on its first line)."""
    last = -1
    for paren in _PAREN_RE.finditer(text):
        start = text.rfind("\n", 0, paren.start()) + 1
        while start > 0 and not text[start:paren.start()].strip():  # the name may stand on a line above
            start = text.rfind("\n", 0, start - 1) + 1
        if start <= last:
            continue
        m = rules.paren_heading_re.match(text, start)
        last = m.end() if m else start
        if m:
            yield m


def _name_heading_matches(text: str, rules: Rules) -> Iterator[re.Match]:
    """The matches of ``rules.name_heading_re``, tried only at the start of lines that end with a job
    head (every match does), found by ``name_heading_tail_re``."""
    if rules.name_heading_re is None or rules.name_heading_tail_re is None:
        return
    last = -1
    for t in rules.name_heading_tail_re.finditer(text):
        start = text.rfind("\n", 0, t.start()) + 1
        if start == last:
            continue
        last = start
        m = rules.name_heading_re.match(text, start)
        if m:
            yield m


def _name_colon_matches(text: str, rules: Rules) -> Iterator[re.Match]:
    """The matches of ``rules.name_colon_heading_re`` at line starts, tried only on lines whose first colon
    comes within 90 characters (the name, the titles and the colon)."""
    if rules.name_colon_heading_re is None:
        return
    for colon in ("：", ":"):
        pos = text.find(colon)
        while pos >= 0:
            start = text.rfind("\n", 0, pos) + 1
            if pos - start <= 90 and "：" not in text[start:pos] and ":" not in text[start:pos]:
                m = rules.name_colon_heading_re.match(text, start, pos + 1)
                if m:
                    yield m
            end = text.find("\n", pos)
            pos = text.find(colon, end) if end >= 0 else -1


def _qa_heading_matches(text: str, rules: Rules) -> Iterator[re.Match]:
    """The matches of ``rules.qa_heading_re`` at the start of lines that QA_LINE_RE finds (问（ / 答（ …)."""
    if rules.qa_heading_re is None or not any(k in text for k in ("问（", "答（", "问(", "答(")):
        return
    for line in QA_LINE_RE.finditer(text):
        m = rules.qa_heading_re.match(text, line.start())
        if m:
            yield m


def qa_name(inner: str, rules: Rules) -> tuple[str, str] | None:
    """``(titles, name)`` of a 专题询问 line's brackets (市人大代表、…经理刘俊峰, 副市长籍文涛, 邸海明): the name last,
    its titles (if any) ending in a job head; a three-character name before a two-character one."""
    dotted = DOT_NAME_RE.search(inner)
    if dotted and dotted.end() == len(inner):
        cands = [len(inner) - dotted.start()]
    else:
        cands = [3, 2]
    for k in cands:
        if len(inner) < k:
            continue
        titles, name = inner[:-k].rstrip(" \t　"), inner[-k:]
        if titles and not rules.job_head_re.search(titles):
            continue
        if dotted or rules.surname_start_re.match(name) and plausible_name(name, rules) \
                or not titles and _name_evidence(name):
            return titles, name
    return None


TITLE_BULLETS = "□■◆◇●○▲△▶►★☆◎•·-—*【】[]「」『』“”\" \t　"


_COMMAS_AS_DUN = str.maketrans("，,", "、、")


def split_titles(titles: str, start: int, rules: Rules, need_head: bool = True,
                 all_or_none: bool = False, commas: bool = False) -> list[tuple[int, int, str]]:
    """``(start, end, title)`` of each 、-separated title of ``titles`` (which starts at ``start``),
    without leading bullets or quotes (□省政协常委 -> 省政协常委). ``need_head``: only pieces that end in a
    job head; ``all_or_none``: every piece must be such a title of at most 30 characters, else none is.
    ``commas``: a comma separates titles too (a heading's 省政协委员，郑州大学教授)."""
    out, pos = [], start
    for piece in (titles.translate(_COMMAS_AS_DUN) if commas else titles).split("、"):
        lead = len(piece) - len(piece.lstrip(TITLE_BULLETS))
        title = piece[lead:]
        if title and (not need_head or rules.job_head_re.search(title) and (not all_or_none or len(title) <= 30)):
            out.append((pos + lead, pos + len(piece), title))
        elif all_or_none:
            return []
        pos += len(piece) + 1
    return out


def find_names(text: str, rules: Rules) -> list[TitledName]:
    found: list[TitledName] = []
    for m in _heading_matches(text, rules):
        titles = split_titles(m.group("titles"), m.start("titles"), rules, need_head=False)
        if titles and len(m.group(0)) < 120:
            context = "byline" if re.search(r"(?:记者|通讯员|实习生|摄影|编辑)$", titles[-1][2]) else "heading"
            found.append(TitledName(m.group("name"), m.start("name"), m.end("name"),
                                    [] if context == "byline" else titles, context))
    for m in _paren_heading_matches(text, rules):
        name = m.group("name")
        if not rules.surname_start_re.match(name) and (_dictionary().has_word(name) or m.start("name") == 0
                                                         or text[m.start("name") - 1] not in "◎●○■□◆◇▲△▶►★☆•*#【 \t　"):
            continue  # no surname of the table: a string no dictionary word reads, after a bullet (◎同立新（…）)
        titles = split_titles(m.group("titles"), m.start("titles"), rules, commas=True)
        # a heading ends its line (or opens the speech with a colon); 陈立新（…）说，… opens a narrative paragraph
        line_end = text.find("\n", m.end())
        rest = text[m.end():line_end if line_end >= 0 else len(text)].strip(" \t　*")
        context = "heading" if not rest or rest[0] in "：:" else "narrative"
        found.append(TitledName(m.group("name"), m.start("name"), m.end("name"), titles, context))
    # a name, a comma, then its titles and a comma: 会上，李华，省政协委员、福建师范大学教授，建议…
    for m in rules.name_comma_titles_re.finditer(text) if rules.name_comma_titles_re else ():
        name = m.group("name")
        if m.start("name") in {f.start for f in found} or not plausible_name(name, rules) \
                or not _name_evidence(name, strict=False):
            continue
        titles = split_titles(m.group("titles"), m.start("titles"), rules, all_or_none=True)
        if titles:
            found.append(TitledName(name, m.start("name"), m.end("name"), titles, "narrative"))
    for m in _inline_paren_matches(text, rules):
        name = m.group("name")
        if m.start("name") in {f.start for f in found} or not plausible_name(name, rules) \
                or not _name_evidence(name, strict=False):
            continue
        titles = split_titles(m.group("titles"), m.start("titles"), rules)
        found.append(TitledName(name, m.start("name"), m.end("name"), titles, "narrative"))
    for m in _qa_heading_matches(text, rules):
        got = qa_name(m.group("inner"), rules)
        if got:
            titles_text, name = got
            start = m.end("inner") - len(name)
            titles = split_titles(titles_text, m.start("inner"), rules, commas=True) if titles_text else []
            found.append(TitledName(name, start, start + len(name), titles, "heading"))
    for m in rules.closing_re.finditer(text) if rules.closing_re and "发言" in text else ():
        name = m.group("name")
        if m.start("name") in {f.start for f in found} or not (DOT_NAME_RE.fullmatch(name) or plausible_name(name, rules)):
            continue
        titles = split_titles(m.group("titles"), m.start("titles"), rules, commas=True) if m.group("titles") else []
        found.append(TitledName(name, m.start("name"), m.end("name"), titles, "closing"))
    for m in _name_colon_matches(text, rules):
        name = m.group("name")
        if m.start("name") in {f.start for f in found} or not (DOT_NAME_RE.fullmatch(name) or plausible_name(name, rules)):
            continue
        titles = split_titles(m.group("titles"), m.start("titles"), rules, all_or_none=True, commas=True)
        if titles:
            found.append(TitledName(name, m.start("name"), m.end("name"), titles, "heading"))
    for m in _name_heading_matches(text, rules):
        if m.start("name") in {f.start for f in found} or not plausible_name(m.group("name"), rules):
            continue
        titles = split_titles(m.group("titles"), m.start("titles"), rules, all_or_none=True, commas=True)
        if titles:
            found.append(TitledName(m.group("name"), m.start("name"), m.end("name"), titles, "heading"))
    taken = {f.start for f in found}
    for m in rules.title_name_re.finditer(text):
        start = m.start("name")
        name = m.group("name")
        dotted = DOT_NAME_RE.fullmatch(name) is not None
        transliterated = all(ch in rules.transliteration_chars for ch in name) and (
            len(name) >= 4 or not rules.surname_start_re.match(name) and _name_evidence(name))
        if not (dotted or transliterated):  # both are taken as written
            name = _trim_name(text, start, name, rules)
        speaks = len(name) == 3 and SPEAKS_NEXT_RE.match(text, start + 3) is not None
        fallback = not (dotted or transliterated or rules.surname_start_re.match(name))
        if fallback and not (speaks and _read_as_name(name)):
            continue  # no surname of the table: only a name the dictionary does not hold, right before speech
        if (start in taken or m.group("head") in LEADER_TITLES or not (plausible_name(name, rules) or speaks)
                or not _name_evidence(name, strict=False)):
            continue
        if rules.org_trim_re.match(text, start + len(name)) or BODY_AFTER_NAME_RE.match(text, start + len(name)):
            continue  # 交通运输部长江航务管理局: 部长 + 江航务 is the middle of a body's name
        head = m.group("head")
        titles = _title_chain(text, m.end("head"), rules)
        if head in ("记者", "通讯员"):
            found.append(TitledName(name, start, start + len(name), [], "byline"))
            continue
        found.append(TitledName(name, start, start + len(name), titles, "narrative"))
        # more names listed after the first share its titles: 代表张文远、覃立新等
        end = start + len(name)
        while rules.name_list_re and (nxt := rules.name_list_re.match(text, end)):
            other = nxt.group("name")
            if not (plausible_name(other, rules) and _name_evidence(other, strict=False)):
                break
            found.append(TitledName(other, nxt.start("name"), nxt.end("name"), titles, "narrative"))
            end = nxt.end("name")
    taken = {f.start for f in found}
    for m in rules.role_name_re.finditer(text):
        name, start = m.group("name"), m.start("name")
        if not DOT_NAME_RE.fullmatch(name):
            name = _trim_name(text, start, name, rules)
        if start not in taken and (DOT_NAME_RE.fullmatch(name) or plausible_name(name, rules)
                                   and _name_evidence(name, strict=False)):
            found.append(TitledName(name, start, start + len(name), [], "narrative"))
            taken.add(start)
    for m in rules.post_title_name_re.finditer(text) if rules.post_title_name_re else ():
        name, start = m.group("name"), m.start("name")
        if start not in taken and plausible_name(name, rules) and _name_evidence(name):
            found.append(TitledName(name, start, m.end("name"), [], "narrative"))  # a PERSON, no speaker
            taken.add(start)
    for m in rules.name_seat_re.finditer(text) if rules.name_seat_re else ():
        name, start = m.group("name"), m.start("name")
        if start not in taken and plausible_name(name, rules) and _name_evidence(name):
            found.append(TitledName(name, start, m.end("name"), [(m.start("head"), m.end("head"), m.group("head"))],
                                    "narrative"))
    for m in rules.bare_name_re.finditer(text) if rules.bare_name_re else ():
        name, start = m.group("name"), m.start("name")
        if (start not in taken and plausible_name(name, rules) and _tagged_name(name)
                and not ADDRESS_FORMS.search(name)):
            found.append(TitledName(name, start, m.end("name"), [], "narrative"))
    for m in rules.byline_re.finditer(text):
        base = m.start("names")
        for nm in re.finditer(r"\S+", m.group("names")):
            cand = nm.group(0)
            if rules.name_re.match(cand) or _byline_name(cand) or DOT_NAME_RE.fullmatch(cand):
                found.append(TitledName(cand, base + nm.start(), base + nm.end(), [], "byline"))
    for m in rules.photo_re.finditer(text) if "摄" in text else ():
        found.append(TitledName(m.group("name"), m.start("name"), m.end("name"), [], "byline"))
    famous = rules.lex.famous_people
    for m in rules.leader_re.finditer(text) if any(t in text for t in LEADER_TITLES) else ():
        cand = m.group("name")
        start = m.start("name")
        # the 3-char reading may have eaten the previous word's last character: 来自习近平
        for offset in (0, 1):
            sub = cand[offset:]
            if len(sub) >= 2 and (sub in famous or _tagged_name(sub)
                                  or offset == 0 and (start == 0 or not _is_han(text[start - 1]))):
                found.append(TitledName(sub, start + offset, m.end("name"), [], "leader"))
                break
    return found


def _byline_name(word: str) -> bool:
    """A space-separated word after 记者/通讯员 whose surname the table lacks (岩温罕, a Dai name): no
    dictionary word, or one the segmenter reads as a name."""
    if word.endswith(("记者", "通讯员", "实习生", "编辑", "摄影", "摄", "报道", "整理")):
        return False  # the next byline's role: 见习记者
    return 2 <= len(word) <= 4 and all(_is_han(ch) for ch in word) and (
        _tagged_name(word) or not _dictionary().has_word(word) and len(_dictionary().cut(word, False)) > 1)


@lru_cache(maxsize=MEMO_SIZE)
def _tagged_name(word: str) -> bool:
    """The segmenter reads ``word`` as one personal name (习近平 -> nrfg)."""
    tags = _dictionary().tag(word)
    return len(tags) == 1 and tags[0][1].startswith("nr")


@lru_cache(maxsize=MEMO_SIZE)
def _read_as_name(word: str) -> bool:
    """The segmenter reads ``word`` as a name, its first character at most a morpheme of its own or a
    character it does not know: 琚振涛 -> nr, 骞志诚 -> 骞/g 志诚/nr, 禤嘉欣 -> 禤/x 嘉/nr 欣/nr (surnames the
    table lacks), 过秀英 -> 过/ug 秀英/nr (the surname 过 read as the particle); not 采访时 -> v n."""
    tagged = _dictionary().tag(word)
    tags = [tag for _w, tag in tagged]
    if len(tags) > 1 and len(tagged[0][0]) == 1 and tags[0] in ("x", "zg", "ug"):
        tags = tags[1:]
    return bool(tags) and tags[-1].startswith("nr") and all(t.startswith("nr") or t == "g" for t in tags)


def _name_evidence(word: str, strict: bool = True) -> bool:
    """The segmenter does not read ``word`` as an ordinary word: a name (拜学文 -> nr, or a string no
    dictionary holds) but not a place or a group (苏州 -> ns, 党员 -> n, 江苏省 -> ns). Not ``strict``
    (a title before the name is evidence too), only two-character words are checked: the dictionary
    holds some three-character names under other tags (陈慧珊 -> ns)."""
    if not strict and len(word) > 2:
        return True
    return _tagged_name(word) or not _dictionary().has_word(word)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def find_orgs(text: str, rules: Rules, titled: list[TitledName]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for regex in (rules.gov_re, rules.party_re):
        for m in regex.finditer(text):
            s, e = m.span("org")
            if regex is rules.gov_re and re.match(r"[一二三四五六七八九十]+次会议|届", text[e:e + 6]):
                continue
            if regex is rules.gov_re and m.group("org") in ("全国人大",) and re.search(r"届$", text[max(0, s - 3):s]):
                continue
            if regex is rules.gov_re and text.startswith("网", e) and not text.startswith("网信办", e):
                continue  # a website's name: 天津政协网 (not 市委网信办)
            # a bare party short form inside a word: 涂新民建议 (民 + 建议), 农民建设, 人民建
            if regex is rules.party_re and e - s == 2 and (
                    text[e:e + 1] in "议设成造立筑" or s > 0 and _dictionary().has_word(text[s - 1:s + 1])):
                continue
            if text.startswith("员", e) and text[e - 1] == "委":  # 区委员 (区 surname + 委员): not 区委
                continue
            if regex is rules.gov_re and text[e - 1] == "委" and (dept := PARTY_DEPARTMENT_RE.match(text, e)):
                e = dept.end()  # 市委社会工作部, 省委宣传部: the committee's department
            spans.append((s, e))
            while regex is rules.gov_re and (nxt := rules.listed_body_re.match(text, e)):
                spans.append(nxt.span("org"))  # 自治区发展改革委、交通运输厅、商务厅
                e = nxt.end("org")
    for m in rules.suffix_org_re.finditer(text):
        s, e = m.span("org")
        if (tail := COMPANY_TAIL_RE.match(text, e)) is not None:
            e = tail.end()  # 安徽皖北粮油集团有限公司: the shortest reading stops at 集团
        lead = rules.lead_re.match(text, s, e)
        if lead and e - lead.end() >= 4:
            s = lead.end()
        inner = rules.inner_lead_re.match(text, s, e)
        if inner:
            if e - inner.end() < 4:
                continue  # 打通科技成果从实验室: a bare kind after the cut (a body like 市政协 is found by its own rule)
            s = inner.end()
        if text[e - 1] == "学" and text[e:e + 1] in "习生":  # 环境中学习, 大学生: not a school's name
            continue
        if text[s] in "了着过的地得":
            s += 1  # 会议的绥化代表团 after the cut at 会议; “死”在了实验室 then fails the length test
            if e - s < 5:
                continue
        if _joins_a_bare_kind(text[s:e], rules):
            continue  # 进入医保目录和医院 (a list ending in a kind of body)
        if not rules.generic_org_re.search(text[s:e]):
            spans.append((s, e))
    spans.extend(_listed_companies(text))
    for regex in rules.extra_org:  # a pattern with an "org" group matches more than the organisation's name
        group = "org" if "org" in regex.groupindex else 0
        spans.extend(m.span(group) for m in regex.finditer(text))
    if "海关" in text:  # the pattern has no literal start: scanned only where it can match
        spans.extend(m.span() for m in rules.customs_re.finditer(text))
    # the organisation part of a title next to a name: 安踏集团董事局主席 -> 安踏集团
    for tn in titled:
        for s, _e, title in tn.titles:
            org, _head = split_title(title, rules)
            org_clean = clean_org_part(org, rules)
            if org_clean:
                at = title.find(org_clean)
                spans.append((s + at, s + at + len(org_clean)))
    # short forms of companies: 安踏集团 -> 安踏, 江苏康睿生物医药有限公司 -> 康睿, wherever they stand alone
    names = {text[s:e] for s, e in spans}
    for full in list(names):
        short = company_short_form(full, rules)
        if short:
            spans.extend(_occurrences(text, short))
    return spans


# longest first: the first that ends a name is its legal suffix
COMPANY_SUFFIXES = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "（集团）", "(集团)", "集团")
# the industry words between a company's brand and its legal suffix: 康睿 + 生物医药 + 有限公司
INDUSTRY_TAGS = frozenset(("n", "vn", "nz", "b"))


@lru_cache(maxsize=MEMO_SIZE)
def company_short_form(full: str, rules: Rules) -> str:
    """The brand a company is called by: the full name without its legal suffix, then without a leading
    place and trailing industry words when what is left is still 2-4 characters (安踏集团 -> 安踏,
    江苏康睿生物医药有限公司 -> 康睿); "" when there is none."""
    core = full
    for suffix in COMPANY_SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix):
            core = core[: -len(suffix)]
            break
    else:
        return ""
    if core.endswith(("（集团）", "(集团)")):
        core = core[:-4]
    if 2 <= len(core) <= 4:
        return core
    place = rules.place_prefix_re.match(core) if rules.place_prefix_re else None
    if not place or len(core) - place.end() < 2:
        return ""  # a brand follows a place: 江苏康睿…; without one the name may be all industry words
    core = core[place.end():]
    pieces = _dictionary().tag(core)
    while len(pieces) > 1 and pieces[-1][1] in INDUSTRY_TAGS and len("".join(w for w, _ in pieces[:-1])) >= 2:
        pieces = pieces[:-1]
    brand = "".join(w for w, _ in pieces)
    if not 2 <= len(brand) <= 4 or brand == core or brand in rules.non_org_places:
        return ""
    tags = _dictionary().tag(brand)
    # an ordinary word is no brand (时代 of 福建时代星云科技有限公司); a word the segmenter does not know is
    return brand if len(tags) > 1 or tags[0][1] in ("nz", "nr", "nrt", "nrfg", "j", "nt") else ""


def _joins_a_bare_kind(org: str, rules: Rules) -> bool:
    """``org`` ends in 和/与/及 + a bare suffix word: two things listed (医保目录和医院), not one name
    (社会和法制委员会, 智能与计算学部 keep more than a suffix after the conjunction)."""
    cut = max(org.rfind("和"), org.rfind("与"), org.rfind("及"))
    return cut >= 0 and org[cut + 1:] in rules.org_suffix_set


# found from the 等…企业 that closes the list, then the list read backwards from it (a regex that tried a
# list at every position of the text cost more than the rest of the organisation rules)
COMPANIES_CLOSE_RE = re.compile(
    # closers that only follow names (tried first): 以美的、格力为代表的, 等一批知名品牌, 等企业为例
    r"(?P<named>为代表的|等(?:一批)?[\u4e00-\u9fff]{0,4}品牌|等(?:企业|公司)?为例)"
    r"|等(?:一批|多家|\d+家|一些)?(?:龙头|重点|知名|头部|骨干|领军|民营|科技|链主)?(?:企业|公司|集团|药企|车企|厂商)")
LIST_BEFORE_RE = re.compile(r"(?:[\u4e00-\u9fffA-Za-z]{2,6}、)+[\u4e00-\u9fffA-Za-z]{2,6}$")
BRAND_TAGS = frozenset(("nr", "nrt", "nrfg", "ns", "nt"))
NOT_BRAND_TAGS = frozenset(("v", "vn", "p", "d", "c", "u", "r", "m", "q", "f", "t", "a", "ad"))


@lru_cache(maxsize=MEMO_SIZE)
def _brand_like(item: str) -> bool:
    """A company called by its brand (恒瑞, 华为, 正大天晴, 宁德时代), not an industry (光伏, 新材料, 叶片):
    the segmenter reads a name or a proper noun in it."""
    tags = _dictionary().tag(item)
    if len(tags) == 1:
        return tags[0][1] in BRAND_TAGS or tags[0][1] == "nz" and len(item) <= 3
    return any(t in BRAND_TAGS for _w, t in tags) and not any(t == "n" and len(w) >= 2 for w, t in tags[1:-1])


def _listed_companies(text: str) -> list[tuple[int, int]]:
    """Companies named by brand in a list before 等…企业 (恒瑞、豪森、正大天晴等一批龙头企业), when most of the
    list reads as brands; a verb opening the first item is left out (支持恒瑞、豪森等)."""
    spans = []
    for close in COMPANIES_CLOSE_RE.finditer(text) if "等" in text else ():
        window = max(0, close.start() - 80)
        m = LIST_BEFORE_RE.search(text, window, close.start())
        if not m:
            continue
        items, pos = [], m.start()
        for i, item in enumerate(m.group().split("、")):
            s = pos
            if i == 0:
                tags = _dictionary().tag(item)
                while len(tags) > 1 and tags[0][1] in NOT_BRAND_TAGS:
                    s += len(tags[0][0])
                    tags = tags[1:]
            items.append((s, pos + len(item)))
            pos += len(item) + 1
        if close.group("named"):  # the closer says these are names: every item that is not a place
            if text[max(0, items[0][0] - 1)] == "以" or "品牌" in close.group() or "为例" in close.group():
                spans.extend((s, e) for s, e in items if 2 <= e - s <= 5 and text[s:e] not in NON_BRAND_WORDS
                             and not _dictionary().tag(text[s:e])[0][1].startswith(("v", "p", "d", "a")))
            continue
        brands = [(s, e) for s, e in items if e - s >= 2 and _brand_like(text[s:e])]
        if len(brands) * 2 >= len(items) + 1:
            spans.extend(brands)
    return spans


# list items before a naming closer that are no company's name: 以企业、高校为代表的
NON_BRAND_WORDS = frozenset(("企业", "公司", "集团", "高校", "院所", "园区", "品牌", "产品", "龙头", "行业", "产业"))


def _word_matches(text: str, words) -> list[tuple[int, int]]:
    """The spans of ``re.compile(alternation(words)).finditer(text)`` without compiling a pattern per
    document: left to right, the longest word at the first position where one starts, then on after it."""
    ends: dict[int, int] = {}
    for word in words:
        if word:
            n = len(word)
            at = text.find(word)
            while at >= 0:
                if ends.get(at, 0) < at + n:
                    ends[at] = at + n
                at = text.find(word, at + 1)
    spans = []
    last = 0
    for start in sorted(ends):
        if start >= last:
            spans.append((start, ends[start]))
            last = ends[start]
    return spans


def _occurrences(text: str, word: str) -> Iterator[tuple[int, int]]:
    """The spans of ``re.finditer(re.escape(word), text)`` for a non-empty ``word``, without compiling
    a pattern per word: successive non-overlapping occurrences, left to right."""
    n = len(word)
    at = text.find(word)
    while at >= 0:
        yield at, at + n
        at = text.find(word, at + n)


def policy_term_matcher(terms) -> ahocorasick_rs.AhoCorasick:
    """An Aho-Corasick automaton giving the spans of ``policy_re.finditer``: the trie alternation
    matches the longest term at the leftmost position where one starts, then goes on after it, which is
    leftmost-longest matching without overlaps. One pass over the text instead of the regex's attempt
    at every position (~4x faster); offsets are character offsets for ``str`` input."""
    return ahocorasick_rs.AhoCorasick(sorted({t for t in terms if t}),
                                      matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


def policy_term_spans(text: str, rules: Rules) -> list[tuple[int, int]]:
    """The spans of ``rules.policy_re.finditer(text)``. A text with a lone surrogate (never an analysis
    copy, which has them replaced) cannot cross into Rust: the regex scans it."""
    if rules.policy_matcher is not None:
        try:
            return [(s, e) for _i, s, e in rules.policy_matcher.find_matches_as_indexes(text)]
        except UnicodeEncodeError:
            pass
    return [m.span() for m in rules.policy_re.finditer(text)]


def find_policy_terms(text: str, rules: Rules, chengyu: frozenset) -> list[tuple[int, int]]:
    spans = policy_term_spans(text, rules)
    spans += [m.span() for m in rules.digital_re.finditer(text)]
    # a pattern's optional tests (models/patterns/policy.jsonl): "require" a regex the term must contain,
    # "coined" the term is no dictionary word, "not_all_verbs" its +-joined parts are not all verbs;
    # "lexicon_core" a regex of endings: a term that is a lexicon term plus such an ending is that lexicon
    # term (建设新型电力系统示范区 names the policy 新型电力系统)
    for regex, require, coined, not_all_verbs, lexicon_core in rules.extra_policy:
        for m in regex.finditer(text):
            span = m.span("term") if "term" in regex.groupindex else m.span()
            term = text[span[0]:span[1]]
            if require is not None and not require.search(term) or coined and not _coined(term):
                continue
            if _quoted(text, span) and _remark(term):
                continue
            if not_all_verbs and _all_verbs(re.split("[+＋]", term)):
                continue
            if lexicon_core:
                ending = re.search(f"(?:{lexicon_core})$", term)
                if ending and term[:ending.start()] in rules.policy_term_set:
                    span = (span[0], span[0] + ending.start())
            spans.append(span)
    spans += law_spans(text)
    for m in rules.quoted_re.finditer(text):
        term = m.group("term")
        if term not in chengyu and not _remark(term) and (rules.policy_morpheme_re.search(term) or _coined(term)):
            spans.append(m.span("term"))
    return spans


# a law by its name's usual ending (消费者权益保护法, 民营经济促进法, 民法典): the name up to the last word
# before it that is no part of a name (落实, 和, 、 …); a bare 法 of other words (执法, 算法, 非法) is none
LAW_RE = re.compile(
    rf"[{HAN}]{{0,16}}?(?:(?:保护|促进|保障|防治|管理|服务|安全|监督|振兴|教育|组织|应对|登记|救助)法"
    rf"(?![律规治人院官制学庭务条])|法典)")
LAW_LEAD_RE = re.compile(r".*(?:落实|实施|贯彻|执行|依据|根据|按照|依照|遵守|违反|遵照|修订|修改|制定|出台|推进|审议|"
                         r"通过|颁布|施行|对照|衔接|配套|学习|宣传|宣讲|普及|适用|运用|编纂|起草|研究|加快|推动|建立|健全|完善|"
                         r"加强|强化|深化|用好|用足|严格|认真|坚持|围绕|结合|"
                         r"和|与|及|的|将|把|在|是|为|了|对|以|按|由|从|等|该|这|或|也|都|还|并|已)")
# a title in book-title marks that names a law, regulation, treaty or official list: 《国家珍贵古籍名录》,
# 《区域全面经济伙伴关系协定》; not a proposal or a report (《关于……的提案》)
BOOK_TITLE_RE = re.compile(rf"《(?P<term>(?!关于)[{HAN}（）()·]{{2,30}}?(?:法|法典|条例|协定|公约|名录)(?:（草案）)?)》")


LAW_ENDING_WORDS = frozenset(("保护", "促进", "保障", "防治", "管理", "服务", "安全", "监督", "振兴", "教育", "组织", "应对",
                              "登记", "救助"))
LAW_NOT_AFTER = "律规治人院官制学庭务条"
_HAN_CHAR_RE = re.compile(f"[{HAN}]")


def _law_matches(text: str) -> Iterator[tuple[int, int]]:
    """The spans of ``LAW_RE.finditer(text)``, found from the law endings: each 法 is found with ``str.find``
    (LAW_RE itself tries its lazy run of up to 16 hanzi at every position of the text). A match ends with the
    first ending at or after where the last one ended, and starts as far back as LAW_RE's run reaches: up to 16
    hanzi, not before the last match's end nor over a character that is no hanzi."""
    endings = []  # (start, end) of each ending, ascending
    at = text.find("法")
    while at >= 0:
        if text.startswith("法典", at):
            endings.append((at, at + 2))
        if at >= 2 and text[at - 2:at] in LAW_ENDING_WORDS and (at + 1 >= len(text)
                                                                 or text[at + 1] not in LAW_NOT_AFTER):
            endings.append((at - 2, at + 1))
        at = text.find("法", at + 1)
    endings.sort()
    pos = 0
    for q, end in endings:
        if q < pos:
            continue
        start = q
        while start > pos and q - start < 16 and _HAN_CHAR_RE.match(text, start - 1):
            start -= 1
        yield start, end
        pos = end


def law_spans(text: str) -> list[tuple[int, int]]:
    """Laws and regulations: 《…法》-type titles as written inside their marks, bare law names by
    their ending (LAW_RE) with what leads into them trimmed (全面落实民营经济促进法 -> 民营经济促进法)."""
    spans = [m.span("term") for m in BOOK_TITLE_RE.finditer(text)]
    for start, end in _law_matches(text) if "法" in text else ():
        lead = LAW_LEAD_RE.match(text, start, end - 1)
        if lead:
            start = lead.end()
        if end - start >= 3:
            spans.append((start, end))
    return spans


QUOTES_OPEN = "“\"「『‘"
QUOTES_CLOSE = "”\"」』’"
# a quoted phrase that is a remark someone made, not a named term: particles and pronouns of speech
# (“换了老板就不认”, “有没有生育计划”), a negated or 就-clause of five characters or more (“一年也检不上一次”;
# not 毫不 of “两个毫不动摇” nor 就业 of “家门口就业”), an opening 不愿/不敢… (“不愿进药”), a three-character
# X得Y verb complement (“放得开”, “融得进”) and a long phrase with 的 (“把中国人的饭碗牢牢端在自己手中”).
# Parallel slogans (“原始数据不出域、数据可用不可见”, “市场采购+跨境电商”) are judged by their own parts' form.
REMARK_RE = re.compile(r"[了吗呢吧啊我你他她咱没么怎谁]|^不(?:愿|敢|会|想|能|肯)|^[\u4e00-\u9fff]得[\u4e00-\u9fff]$")
REMARK_LONG_RE = re.compile(r"(?<!毫)不|就(?!业|近|地|医|诊|学|读)")


def _quoted(text: str, span: tuple[int, int]) -> bool:
    """Whether ``span`` is the whole content of a pair of quotation marks."""
    return (span[0] > 0 and text[span[0] - 1] in QUOTES_OPEN and span[1] < len(text)
            and text[span[1]] in QUOTES_CLOSE)


def _remark(term: str) -> bool:
    """A quoted single clause that reads as a colloquial remark (REMARK_RE) rather than a policy term;
    a list of parallel parts (、，,+) is a slogan and never a remark."""
    if re.search("[、，,+＋]", term):
        return False
    if REMARK_RE.search(term):
        return True
    return len(term) >= 5 and (REMARK_LONG_RE.search(term) is not None or len(term) > 8 and "的" in term)


@lru_cache(maxsize=1)
def _dictionary():
    """jieba's default dictionary (no user words): ``cut``, ``tag`` and ``has_word``. rjieba loads one
    when it is imported and offers it as module functions, so no second copy is loaded (~0.08 s)."""
    import rjieba

    return rjieba


@lru_cache(maxsize=MEMO_SIZE)
def _coined(term: str) -> bool:
    """A quoted term some of whose pieces are in no dictionary is an abbreviation coined for a policy
    (光储充检 -> 光储/充检); one made of ordinary words (头脑风暴, 综合考题) is a figure of speech."""
    seg = _dictionary()
    return any(not seg.has_word(piece) for piece in seg.cut(term, True))


def _all_verbs(parts: list[str]) -> bool:
    """Every non-empty part is one dictionary verb (培育, 引进): a list of actions, not a named model."""
    tags = [_dictionary().tag(p) for p in parts if p]
    return bool(tags) and all(len(t) == 1 and t[0][1] in ("v", "vn", "vd") for t in tags)


def _dedupe(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Leftmost-longest, non-overlapping ranges."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda x: (x[0], -x[1])):
        if e <= s:
            continue
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def _inside(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    """Whether ``span`` lies within one of ``others`` (sorted, non-overlapping, as ``_dedupe`` gives)."""
    i = bisect_right(others, (span[0], float("inf"))) - 1
    return i >= 0 and others[i][0] <= span[0] and span[1] <= others[i][1]


def find_entities(text: str, rules: Rules) -> tuple[list[tuple[int, int, str]], list[TitledName]]:
    """All entity ranges ``(start, end, label)`` of ``text`` and the titled names behind the PERSONs."""
    titled = find_names(text, rules)
    confirmed = {tn.name for tn in titled}
    person: list[tuple[int, int]] = []
    if confirmed:
        person = _word_matches(text, confirmed)
    # a lexicon policy term that looks like a body by its suffix (生态银行) is a policy term
    orgs = [o for o in _dedupe(find_orgs(text, rules, titled)) if text[o[0]:o[1]] not in rules.policy_term_set]
    policy = [p for p in _dedupe(find_policy_terms(text, rules, rules.lex.chengyu)) if not _inside(p, orgs)]
    titles = _dedupe([(s, e) for tn in titled for s, e, _ in tn.titles])
    person = [p for p in _dedupe(person) if not _inside(p, orgs)]
    out = [(s, e, "PERSON") for s, e in person] + [(s, e, "ORG") for s, e in orgs]
    out += [(s, e, "TITLE") for s, e in titles] + [(s, e, "POLICY") for s, e in policy]
    out.sort(key=lambda x: (x[0], -x[1], x[2]))
    return out, titled


def ensure_token_boundaries(doc: Doc, offsets: set[int],
                            arrays: tuple[list[int], list[int]] | None = None) -> Doc:
    """Split tokens so that every offset in ``offsets`` falls on a token boundary. ``arrays``: the
    Doc's token starts and lengths when the caller has them."""
    if not offsets or not len(doc):
        return doc
    starts, lengths = arrays if arrays is not None else doc.to_array([IDX, LENGTH]).T.tolist()
    return _split_tokens(doc, _token_cuts(starts, lengths, offsets))


def _token_cuts(starts: list[int], lengths: list[int], offsets: set[int]) -> dict[int, list[int]]:
    """The offsets that fall inside a token (not on its edges), relative to its start, by token index."""
    cuts: dict[int, list[int]] = {}
    for o in sorted(offsets):  # each offset is inside at most one token: the last starting before it
        i = bisect_right(starts, o) - 1
        if i >= 0 and starts[i] < o < starts[i] + lengths[i]:
            cuts.setdefault(i, []).append(o - starts[i])
    return cuts


def _split_tokens(doc: Doc, cuts: dict[int, list[int]]) -> Doc:
    """The Doc with token ``i`` split at the offsets ``cuts[i]`` (relative to the token)."""
    if not cuts:
        return doc
    if len(cuts) > REBUILD_AFTER_SPLITS:
        return _rebuilt_with_cuts(doc, cuts)
    with doc.retokenize() as retokenizer:
        for i, inner in cuts.items():
            token = doc[i]
            bounds = [0, *inner, len(token.text)]
            orths = [token.text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
            retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))
    return doc


# spaCy's retokenizer moves every later token on each split, so n splits of a long document cost n times
# its length (60 s for a 1.2 M-character line); past this many splits the Doc is built anew instead
REBUILD_AFTER_SPLITS = 32


def _rebuilt_with_cuts(doc: Doc, cuts: dict[int, list[int]]) -> Doc:
    """The Doc with token ``i`` split at the character offsets ``cuts[i]`` (relative to the token), built
    in one pass: same text, the pieces of a split token share its sentence start (first piece) and its
    trailing space (last piece), and the Doc-level extension values are carried over."""
    words, spaces, sent_starts = [], [], []
    has_sents = doc.has_annotation("SENT_START")
    for i, token in enumerate(doc):
        text, space = token.text, bool(token.whitespace_)
        bounds = [0, *cuts.get(i, ()), len(text)]
        for k, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
            words.append(text[a:b])
            spaces.append(space and b == len(text))
            sent_starts.append(token.is_sent_start if k == 0 else (False if has_sents else None))
    new = type(doc)(doc.vocab, words=words, spaces=spaces, sent_starts=sent_starts if has_sents else None)
    if "_text" in doc.__dict__:  # TextDoc keeps the string it was built from
        new._text = doc.__dict__["_text"]
    new.user_data.update(doc.user_data)
    return new


class EntityRecognizer:
    """Finds PERSON / ORG / TITLE / POLICY spans and stores them in ``doc.spans[spans_key]``."""

    def __init__(self, nlp: Language, name: str, models: str | None, spans_key: str):
        self.name = name
        self.models = models
        self.spans_key = spans_key
        self.rules = build_rules(models)
        # the labels' string-store ids: a Span given a str label hashes and adds it each time
        self.label_ids = {label: nlp.vocab.strings.add(label) for label in ("PERSON", "ORG", "TITLE", "POLICY")}

    def __call__(self, doc: Doc) -> Doc:
        text = doc._.analysis_text if doc._.analysis_text is not None else doc.text
        found, titled = find_entities(text, self.rules)
        spans = []
        if found and len(doc):
            # the token arrays are read once; a split adds its cut to both the starts and the ends
            arrays = doc.to_array([IDX, LENGTH])
            starts, lengths = arrays[:, 0].tolist(), arrays[:, 1].tolist()
            ends = (arrays[:, 0] + arrays[:, 1]).tolist()
            needed = {o for s, e, _ in found for o in (s, e)}.difference(starts)
            needed.discard(len(text))
            cuts = _token_cuts(starts, lengths, needed) if needed else {}
            if cuts:
                doc = _split_tokens(doc, cuts)
                inside = [starts[i] + cut for i, inner in cuts.items() for cut in inner]
                starts, ends = sorted(starts + inside), sorted(ends + inside)
            # doc.char_span(s, e) in strict mode, by bisection over the token starts and ends (tokens are
            # never empty, so their starts and ends ascend)
            n = len(starts)
            labels = self.label_ids
            for s, e, label in found:
                i = bisect_left(starts, s)
                j = bisect_left(ends, e)
                if i < n and starts[i] == s and j < n and ends[j] == e and j >= i:
                    spans.append(Span(doc, i, j + 1, label=labels[label]))
        doc.spans[self.spans_key] = spans
        doc._.titled_names = titled
        return doc


@Language.factory("meeting_entities", default_config={"models": None, "spans_key": "sc"})
def make_entity_recognizer(nlp: Language, name: str, models: str | None, spans_key: str):
    return EntityRecognizer(nlp, name, models, spans_key)


__all__ = ["EntityRecognizer", "TitledName", "build_rules", "find_entities", "split_title", "Span"]
