"""Proposals: enumerated items (一、 一是 第一， （一） 1. 1） ①; 首先，…其次，…最后，…; 一方面，…另一方面，…)
and 建议/呼吁/希望 sentences, with their speaker.

An enumerated list counts when it is part of a speech (under a 发言摘编 heading) or introduced as
suggestions (建议, 为此, 对策…) or made of imperative items (加强…, 推动…). An item runs from its marker to
the next marker of its list; the last item runs to the end of its paragraph, re-joined across a
paragraph break that cuts a sentence. A 建议 sentence runs from the suggested content to the end of
the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ..chinese import parse_number
from ..ranges import Coverage
from ..types import Proposal
from .sentences import sentence_start, sentence_stops
from .themes import find_stated_theme_spans

if not Doc.has_extension("proposals"):
    Doc.set_extension("proposals", default=None)

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
CN_NUM = "[一二三四五六七八九十]{1,3}"
SIDE_VERBS = "要|应|加快|加强|加大|推动|推进|完善|健全|建立|构建|强化|优化|提升|提高|支持|鼓励|引导|深化|扩大|落实|培育|打造|设立"
# (style, regex); group "n" is the ordinal. Inline styles may follow a clause boundary; others start a line.
MARKERS = [
    ("cn_dun", re.compile(rf"(?:^|(?<=[。；;：:\n])|(?<=建议，)|(?<=呼吁，))[ \t　]*(?P<m>(?P<n>{CN_NUM})、)", re.M)),
    # 一是 also right after the verb that introduces the list: 建议一是…；二是…
    ("cn_shi", re.compile(rf"(?:^|(?<=[。；;：:，,\n们])|(?<=建议|提出|呼吁))[ \t　]*(?P<m>(?P<n>{CN_NUM})[是要])"
                          rf"(?=[\u4e00-\u9fff“])", re.M)),
    ("cn_di", re.compile(rf"(?:^|(?<=[。；;：:，,\n]))[ \t　]*(?P<m>第(?P<n>{CN_NUM})[，,、：:])", re.M)),
    ("cn_qi", re.compile(rf"(?:^|(?<=[。；;：:，,\n]))[ \t　]*(?P<m>其(?P<n>{CN_NUM})[，,、：:])", re.M)),  # 其一，其二，
    ("cn_paren", re.compile(rf"(?:^|(?<=[。；;：:，,\n])|(?<=建议|提出|呼吁))[ \t　]*(?P<m>[（(](?P<n>{CN_NUM})[）)])", re.M)),
    ("arabic", re.compile(r"(?:^|(?<=[。；;：:\n]))[ \t　]*(?P<m>(?P<n>\d{1,2})(?:[.．、](?!\d)|[)）]))", re.M)),
    # 1）2） also inline after a comma (他建议，1）…；2）…), like （1）: only after a speech verb (find_markers)
    ("arabic", re.compile(r"(?:(?<=[，,])|(?<=建议|提出|呼吁))[ \t　]*(?P<m>(?P<n>\d{1,2})[)）])(?=[\u4e00-\u9fff“])")),
    ("arabic_paren", re.compile(r"(?:^|(?<=[。；;：:，,\n])|(?<=建议|提出|呼吁))[ \t　]*(?P<m>[（(](?P<n>\d{1,2})[）)])", re.M)),
    ("circled", re.compile(rf"(?:^|(?<=[。；;：:，,\n]))[ \t　]*(?P<m>(?P<n>[{CIRCLED}]))", re.M)),
    # ordinal words: 首先，…；其次，…；再次，…；最后，… and 一方面，…；另一方面，… (WORD_STYLES: also ordinary
    # discourse words, so such a list counts only where it is introduced as suggestions)
    ("cn_seq", re.compile(r"(?:^|(?<=[。；;：:，,\n]))[ \t　]*(?P<m>(?P<n>首先|其次|再次|最后)[，,：:])", re.M)),
    # (一方面加快…；另一方面推动…: without a comma, before an action verb)
    ("cn_side", re.compile(rf"(?:^|(?<=[。；;：:，,\n]))[ \t　]*(?P<m>(?P<n>另一方面|一方面)(?:[，,：:]|(?={SIDE_VERBS})))", re.M)),
]
WORD_STYLES = ("cn_seq", "cn_side")
LAST = 99  # 最后: ends a 首先 list at any length
WORD_ORDINALS = {"首先": 1, "其次": 2, "再次": 3, "最后": LAST, "一方面": 1, "另一方面": 2}
# what each style's marker itself looks like (after the optional spaces): where a match can be. A marker's
# numerals follow a clause boundary or a space, never another numeral, so no marker is inside an earlier
# hit of these (一 alone is in every other sentence; 一、 is rare)
MARKER_FIRST = {
    "cn_dun": re.compile(f"{CN_NUM}、"),
    "cn_shi": re.compile(f"{CN_NUM}[是要]"),
    "cn_di": re.compile(f"第{CN_NUM}[，,、：:]"),
    "cn_qi": re.compile(f"其{CN_NUM}[，,、：:]"),
    "cn_paren": re.compile("[（(]"),
    "arabic": re.compile(r"\d{1,2}(?:[.．、](?!\d)|[)）])"),
    "arabic_paren": re.compile("[（(]"),
    "circled": re.compile(f"[{CIRCLED}]"),
    "cn_seq": re.compile("首先|其次|再次|最后"),
    "cn_side": re.compile("另一方面|一方面"),  # (literal openings: re skips to their first characters)
}


def marker_matches(style: str, regex: re.Pattern, text: str, firsts: list[int] | None = None):
    """``regex.finditer(text)`` for a marker regex, tried only where its marker can begin (``MARKER_FIRST``;
    ``firsts``: where its matches start, when the caller has them: styles share some).

    A match begins at a clause boundary (line start, after 。；：…), then spaces, then the marker: so it
    begins where the run of spaces before a marker's first character begins. ``regex.match(text, pos)``
    sees the characters before ``pos`` (lookbehind, ``^`` of re.M), so it is the attempt finditer makes there.
    """
    last_end = 0
    if firsts is None:
        firsts = [f.start() for f in MARKER_FIRST[style].finditer(text)]
    for p in firsts:
        while p > 0 and text[p - 1] in " \t\u3000":
            p -= 1
        if p < last_end:
            continue
        m = regex.match(text, p)
        if m:
            last_end = m.end()
            yield m


CUE_RE = re.compile(r"建议|提出|呼吁|希望|对策|措施|举措|着力|要|应当|应该|为此|如下|几点|需要|必须|亟需|发力|方面")
IMPERATIVE_RE = re.compile(
    r"^(?:要|应|在|由|对|把|以|为|从|进一步|切实|加快|加强|加大|推动|推进|完善|健全|建立|构建|强化|优化|提升|提高|支持|鼓励|"
    r"引导|深化|打造|落实|探索|发挥|坚持|实施|制定|设立|扩大|降低|培育|聚焦|锚定|重点|突出|做强|做大|做优|开辟|率先|"
    r"争取|出台|系统性|推广|规范|强|抓|用|把握|深入|积极|大力|着力|统筹|畅通|拓展|创新|布局|夯实|壮大|激发|改善|保障)")
# 一方面，要…；另一方面，应… : every item says what should be done
MODAL_RE = re.compile(r"(?:要|应当|应该|应|需要|必须)(?!求|是|看到|认识到|清醒|注意到)")
PROBLEM_RE = re.compile(r"关注点|焦点|问题|短板|不足|困难|瓶颈|挑战|难点|痛点|堵点|原因|表现在|现状|成效|成绩|特点|亮点|做法|进展|情况")
NARRATIVE_TURN_RE = re.compile(r"说|表示|指出|点评|总结|主持|发言|介绍")
WORD_LIST_CUE_RE = re.compile(r"建议|提出|呼吁|希望|主张|提议|倡议|对策|措施|举措|为此|如下|几点|意见")
SPEECH_VERB_RE = re.compile(r"认为|表示|指出|强调|说|谈到|坦言|直言")
SUGGESTION_CUE_RE = re.compile(r"建议|呼吁|对策|措施|举措|为此|对此|着力|应当|应该|必须|需要|(?<![主重])要")
SUGGEST_RE = re.compile(r"(?P<verb>建议|呼吁|提议|倡议)(?P<punct>[，,：:]?)")
TERMINAL = "。！？!?…”"


def ordinal(value: str) -> int:
    if value in WORD_ORDINALS:
        return WORD_ORDINALS[value]
    if value in CIRCLED:
        return CIRCLED.index(value) + 1
    return parse_number(value)


@dataclass
class Marker:
    style: str
    n: int
    start: int  # where the marker text begins
    line_start: bool
    end: int = -1  # where the marker text ends (the item's body begins)


@dataclass
class Section:
    """A stretch of text that belongs to one speaker's speech (after a 发言摘编 heading)."""

    speaker: str
    start: int
    end: int


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, (len(text) if e < 0 else e)


def is_heading_line(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("#") or (stripped.startswith("**") and stripped.endswith("**"))


SENT_TERMINAL_RE = re.compile(r"[。！？!?]")
COMMA_LIST_CUE_RE = re.compile(r"(?:建议|提出|认为|呼吁|表示|指出|强调|主张|说|谈到|提议)$")
CLAUSE_PUNCT_RE = re.compile(r"[，。；：,;:！？!?、]")
ANY_MARKER_RE = re.compile(rf"[ \t　*]*(?:{CN_NUM}[、是]|第{CN_NUM}[，,、：:]|[（(](?:{CN_NUM}|\d{{1,2}})[）)]|\d{{1,2}}[.．、)）]|[{CIRCLED}])")


def followed_by_prose(text: str, line_end: int) -> bool:
    """Whether the next non-empty line is an ordinary paragraph (not another item)."""
    m = BREAK_RE.match(text, line_end)
    if not m or m.end() >= len(text):
        return False
    nxt = text[m.end():paragraph_end(text, m.end())]
    return bool(nxt.strip()) and not ANY_MARKER_RE.match(nxt) and not is_heading_line(nxt)


def find_markers(text: str) -> list[Marker]:
    markers = []
    firsts: dict[re.Pattern, list[int]] = {}  # (two styles start with a bracket; two patterns are arabic)
    for style, regex in MARKERS:
        first = MARKER_FIRST[style]
        if first not in firsts:
            firsts[first] = [f.start() for f in first.finditer(text)]
        for m in marker_matches(style, regex, text, firsts[first]):
            ls, le = line_bounds(text, m.start("m"))
            line = text[ls:le]
            rest = text[m.end("m"):le].strip(" \t　*")
            if is_heading_line(line) or not rest:
                continue  # section numbers such as "#### (一)" are headings, not items
            before = text[ls:m.start("m")].rstrip(" \t　")
            if (style in ("cn_paren", "arabic_paren") or m.group("m")[-1] in ")）") and before.endswith(("，", ",")) \
                    and not COMMA_LIST_CUE_RE.search(before[:-1]):
                continue  # （一） after a comma opens a list only after a speech verb (綦委员提出，（一）…；（二）…)
            line_start = not text[ls:m.start("m")].strip(" \t　*")
            if line_start and len(rest) <= 20 and not CLAUSE_PUNCT_RE.search(rest) and followed_by_prose(text, le):
                continue  # "一、会议概况" over a body paragraph: a section heading
            markers.append(Marker(style, ordinal(m.group("n")), m.start("m"), line_start, m.end("m")))
    markers.sort(key=lambda mk: mk.start)
    return markers


CLAUSE_END_RE = re.compile(r"[，。；：,;:！？!?\n]")


def first_clause(text: str, start: int) -> str:
    """From ``start`` to the first clause punctuation (not 、) or line break."""
    m = CLAUSE_END_RE.search(text, start)
    return text[start:m.start() if m else len(text)]


def adjacent(text: str, prev: Marker, mk: Marker) -> bool:
    """Whether ``mk`` is in the same paragraph as ``prev`` or opens the next non-empty line."""
    between = text[prev.start:mk.start].split("\n")
    return sum(bool(line.strip()) for line in between[1:]) == 0


def group_sequences(markers: list[Marker], barriers: list[int], text: str = "") -> list[list[Marker]]:
    """Runs of markers of one style numbered 1, 2, 3… with no speech heading between them."""
    sequences: list[list[Marker]] = []
    open_seqs: dict[str, list[Marker]] = {}
    for mk in markers:
        seq = open_seqs.get(mk.style)
        follows = seq and (mk.n == seq[-1].n + 1 or mk.n == LAST and mk.style == "cn_seq" and seq[-1].n < LAST)
        if follows and mk.style in WORD_STYLES and not adjacent(text, seq[-1], mk):
            follows = False  # 首先…其次 far apart: discourse words, not one list
        if follows and not any(seq[-1].start < b < mk.start for b in barriers):
            seq.append(mk)
            continue
        if mk.n == 1:
            seq = [mk]
            open_seqs[mk.style] = seq
            sequences.append(seq)
    return [s for s in sequences if len(s) >= 2]


def paragraph_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def extend_across_breaks(text: str, end: int, stop: int) -> int:
    """Re-join a paragraph cut mid-sentence (no terminal punctuation) with the paragraphs that follow."""
    while end < stop:
        stripped_end = end
        while stripped_end > 0 and text[stripped_end - 1] in " \t　":
            stripped_end -= 1
        if stripped_end and text[stripped_end - 1] in TERMINAL:
            return stripped_end
        m = BREAK_RE.match(text, end)
        if not m or m.end() >= stop:
            return stripped_end
        next_start = m.end()
        next_line = text[next_start:paragraph_end(text, next_start)]
        if is_heading_line(next_line) or any(r.match(next_line) for _, r in MARKERS):
            return stripped_end
        end = paragraph_end(text, next_start)
    return end


# a paragraph that goes on with the suggestion before it: 同时，要… / 此外，还应…
CONTINUATION_RE = re.compile(r"(?:同时|此外|另外|与此同时)[，,]?还?(?:要|应当|应该|应|需要)")


def extend_continuations(text: str, end: int, stop: int) -> int:
    """An item's end moved over the paragraphs after it that continue it (②…。\n同时，要加快…。): one proposal."""
    while True:
        m = BREAK_RE.match(text, end)
        if not m or m.end() >= stop or not CONTINUATION_RE.match(text, m.end()):
            return end
        end = rstrip_pos(text, m.end(), min(paragraph_end(text, m.end()), stop))


def rstrip_pos(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


TITLE_LINE_RE = re.compile(r"^[ \t　]*(?:#|[■□●○◆◇▪•])", re.M)


def find_sections(text: str, heading_speakers: list[tuple[int, str]],
                  closing_speakers: list[tuple[int, str]] = ()) -> list[Section]:
    """Speech sections: from a speaker's heading line to the next heading line; and for a speaker named in a
    line after the speech (（发言人：…张三）), from the end of the previous such line (or, for the first, from
    the last title line before it) to that line."""
    heading_starts = [m.start() for m in re.finditer(r"^[ \t]*#", text, re.M)]
    sections = []
    for pos, name in heading_speakers:
        _, le = line_bounds(text, pos)
        later = [h for h in heading_starts if h > le] + [p for p, _ in heading_speakers if p > le]
        sections.append(Section(name, le, min(later) if later else len(text)))
    prev_end = None
    for pos, name in sorted(closing_speakers):
        ls, le = line_bounds(text, pos)
        if prev_end is None:
            titles = [m.start() for m in TITLE_LINE_RE.finditer(text, 0, ls)]
            prev_end = titles[-1] if titles else 0
        earlier = [p for p, _ in heading_speakers if prev_end <= p < ls]
        start = line_bounds(text, max(earlier))[1] if earlier else prev_end
        sections.append(Section(name, start, ls))
        prev_end = le
    return sections


BRACKET_HEAD_RE = re.compile(r"[ \t　]*【$")


def repeated_headings(text: str, heading_speakers: list[tuple[int, str]],
                      mentions: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """A later line opening with a heading speaker's name in brackets (【李四】补充发言) opens another speech
    of theirs, even without the titles of their first heading."""
    named = {name for _pos, name in heading_speakers}
    starts = {pos for pos, _name in heading_speakers}
    out = []
    for s, e, name in mentions:
        if name in named and s not in starts and text[e:e + 1] == "】" \
                and BRACKET_HEAD_RE.fullmatch(text, text.rfind("\n", 0, s) + 1, s):
            out.append((s, name))
    return out


BULLETS = "■□●○◆◇▪•"
# a bulleted line: ■A / ● A / - A (a Markdown list: - or * and a space); the item starts after the bullet
BULLET_LINE_RE = re.compile(rf"^[ \t　]*(?P<m>[{BULLETS}]|[-*](?=[ \t　]))[ \t　]*(?=[^\s*])", re.M)


def bullet_runs(text: str) -> list[list[tuple[int, int]]]:
    """Bulleted suggestions: runs of lines opening with the same bullet (blank lines between them allowed)
    right after a paragraph that introduces suggestions (他建议： / 提出以下建议：), one proposal per line, from
    after its bullet to the end of its line."""
    if not any(b in text for b in BULLETS) and "- " not in text and "* " not in text:
        return []
    runs: list[list[tuple[int, int]]] = []
    run: list[tuple[int, int]] = []
    bullet, last_end = None, -1
    for m in BULLET_LINE_RE.finditer(text):
        end = paragraph_end(text, m.end())
        if not (run and m.group("m") == bullet and not text[last_end:m.start()].strip()):
            run = []
            intro_end = text.rfind("\n", 0, m.start())
            intro = text[subject_clause_start(text, max(intro_end, 0)):max(intro_end, 0)].rstrip().rstrip("*")
            if intro.endswith(("：", ":")) and WORD_LIST_CUE_RE.search(intro):
                runs.append(run)
        run.append((m.end(), rstrip_pos(text, m.end(), end)))
        bullet, last_end = m.group("m"), end
    return [r for r in runs if r]


def in_quoted_speech(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside a quoted paragraph that a line of its own introduces (民革市委会主委李四：\n\n“…),
    the quotation not closed before ``pos``."""
    ps = text.rfind("\n", 0, pos) + 1
    while ps < pos and text[ps] in " \t　":
        ps += 1
    if text[ps:ps + 1] not in "“「" or ps == pos or any(q in text[ps:pos] for q in "”」"):
        return False
    before = text[:ps].rstrip()
    return before.endswith(("：", ":")) and "\n" in text[max(0, len(before) - 60):ps]


# a line of a 专题询问 transcript that gives an official's answer: 答：… / 答（市生态环境局局长戈振东）：… / 回答（…）
# / 应询（…）… / 追答：… / 答复：…: the kind, then the speaker in brackets (the colon after it optional) or a colon.
# An official says what their department will do (下一步…一是…二是…): a commitment; suggestions are the questioners'.
ANSWER_LINE_RE = re.compile(r"[ \t　*]*(?:追答|回答|答复|应询|答)[ \t　]*(?:[（(][^（）()\n]{0,40}[）)]|(?=[：:]))")


def in_answer(text: str, pos: int) -> bool:
    """Whether ``pos`` lies on a line that opens as a Q&A answer (a question, 问（…）：, is no answer)."""
    ps = text.rfind("\n", 0, pos) + 1
    head = text[ps:ps + 8]
    return ("答" in head or "应询" in head) and ANSWER_LINE_RE.match(text, ps) is not None


def find_proposals(text: str, heading_speakers: list[tuple[int, str]],
                   mentions: list[tuple[int, int, str]],
                   closing_speakers: list[tuple[int, str]] = ()) -> list[Proposal]:
    """All proposals of ``text``; ``mentions`` are ``(start, end, speaker name)`` of every speaker mention;
    ``closing_speakers`` those named in a line after their speech (（发言人：…张三）)."""
    sections = find_sections(text, heading_speakers + repeated_headings(text, heading_speakers, mentions),
                             closing_speakers)
    in_speeches = Coverage([(sc.start, sc.end) for sc in sections])
    barriers = [s.start for s in sections] + [m.start() for m in re.finditer(r"^[ \t]*#", text, re.M)]
    markers = find_markers(text)
    sequences = group_sequences(markers, barriers, text)
    items: list[tuple[int, int]] = []
    list_start: dict[int, int] = {}  # item start -> where its list begins
    for seq in sequences:
        first = seq[0].start
        in_speech = in_speeches.covers(first)
        before = text[max(0, first - 120):first]
        spans = []
        for i, mk in enumerate(seq):
            if i + 1 < len(seq):
                end = rstrip_pos(text, mk.start, seq[i + 1].start)
            else:
                limit = min([s.end for s in sections if s.start <= mk.start < s.end] + [len(text)])
                nxt = [m.start for m in markers if m.start > mk.start and m.line_start]
                stop = min([limit] + [n for n in nxt if n > mk.start])
                end = extend_across_breaks(text, paragraph_end(text, mk.start), stop)
                end = extend_continuations(text, end, stop)
                if not seq[0].line_start:  # an inline list ends with its sentence
                    sent = SENT_TERMINAL_RE.search(text, mk.start)
                    if sent and sent.end() < end:
                        end = sent.end()
            spans.append((mk.start, end))
        if seq[-1].n == LAST and NARRATIVE_TURN_RE.search(first_clause(text, seq[-1].end)):
            seq, spans = seq[:-1], spans[:-1]  # …；其次，…。最后，主席作了点评: the narrative goes on, the list has ended
            if len(seq) < 2:
                continue
        bodies = [text[mk.end:e] for mk, (_s, e) in zip(seq, spans, strict=True)]
        imperative = sum(bool(IMPERATIVE_RE.match(b.lstrip())) for b in bodies) >= len(bodies) / 2
        intro_start = subject_clause_start(before, len(before))
        intro = before[intro_start:]
        # an answer whose bare lead-in (主要有三个方面。一是…) follows a question about problems (存在哪些问题？)
        context = intro
        question = before[:intro_start].rstrip(" \t　\n")
        if question.endswith(("？", "?")) and not (SUGGESTION_CUE_RE.search(intro) or WORD_LIST_CUE_RE.search(intro)):
            context = before[subject_clause_start(before, intro_start):]
        found = PROBLEM_RE.search(context)
        problem = found and not SUGGESTION_CUE_RE.search(context[found.end():])
        if problem and not imperative:
            continue  # 存在三方面问题：一是…: the list reports problems, not suggestions
        if in_answer(text, first):
            continue  # 答（局长）：下一步…一是…: what a department will do
        if seq[0].style in WORD_STYLES:
            # 首先，…；其次，… is a list of proposals only as suggestions: after 建议/提出…, or after a lead-in
            # (他认为，… / …：) with imperative items, or in a speech with every item imperative (首先，要…；
            # 其次，要…); never on the strength of a speech section alone
            lead_in = intro.rstrip(" \t　\n").endswith(("：", ":")) or SPEECH_VERB_RE.search(intro) \
                or in_quoted_speech(text, first)
            all_imperative = all(IMPERATIVE_RE.match(b.lstrip()) for b in bodies)
            modal = all(MODAL_RE.match(b.lstrip()) for b in bodies)
            if not (WORD_LIST_CUE_RE.search(intro) or lead_in and imperative or in_speech and all_imperative
                    or modal):
                continue
        if in_speech or CUE_RE.search(before) or imperative:
            items.extend(spans)
            list_start.update((sp[0], seq[0].start) for sp in spans)
    for run in bullet_runs(text):
        items.extend(run)
        list_start.update((sp[0], run[0][0]) for sp in run)
    # leaf items only: an item that contains other items is a section of the list, not a proposal
    items = [a for a in items if not any(b != a and a[0] <= b[0] and b[1] <= a[1] for b in items)]
    proposals = [Proposal(s, e, text[s:e], kind="item") for s, e in items]
    proposals += find_suggestion_sentences(text, items, markers, [m[0] for m in mentions], sections,
                                           [m[1] for m in mentions])
    proposals.sort(key=lambda p: p.start)
    for p in proposals:
        # one speaker per list: an item is attributed where its list begins, so that a speaker named inside an
        # earlier item (借鉴王委员提到的做法) does not take over the items after it; an item that opens with a
        # speaker's name (二、李四：…) is that speaker's
        first = list_start.get(p.start, p.start)
        head = item_head_speaker(text, p, mentions) or quoted_speaker(text, first, mentions)
        p.speaker = head or attribute(first, sections, mentions, text)
        if p.speaker is not None and head is None and not in_speeches.covers(p.start):
            first = list_start.get(p.start, p.start)
            clause_start = subject_clause_start(text, first)
            if GROUP_SUBJECT_RE.search(text, clause_start, first) and \
                    not any(clause_start <= ms < first for ms, _e, _n in mentions):
                p.speaker = None  # 委员们建议 / 部分委员还提出: no one speaker made it
    for i, p in enumerate(proposals, 1):
        p.id = f"p{i}"
    return proposals


ADVERBS = r"(?:同时|此外|另外|并且?|还|也|同时还|此外还|另外还)"
ADVERB_SUBJECT_RE = re.compile(ADVERBS)
# 我建议，in a speech; 另外，我希望… after a question
PERSON_SUBJECT_RE = re.compile(r"[他她]|委员(?!们)|代表(?!们)|常委|[\u4e00-\u9fff]{2,3}$|(?:^|[，,；;])我$")
# a suggestion that follows another in the same sentence: 建议A；同时建议B / 建议A；还呼吁B
NEXT_SUGGESTION_RE = re.compile(rf"[；;][ \t　]*[他她]?{ADVERBS}?(?:建议|呼吁)")
SPOKEN_SUBJECT_RE = re.compile(r"[：:][ \t　]*([我他她][^：:“”「」]{0,6})$")
QUOTED_SUBJECT_RE = re.compile(r"[“「][ \t　]*([我他她][^：:“”「」，,]{0,6})$")
CLOSING_QUOTES = "”’」』"
# 她希望A，并提出，B: a second suggestion in the sentence of one who speaks (a pronoun opening it)
COMMA_THEN_RE = re.compile(r"([我他她])[^。！？!?；;]*[，,][ \t　]*(并|还|同时|并且|同时还)")
COMMA_NEXT_SUGGESTION_RE = re.compile(r"[，,][ \t　]*(?:并|还|同时|并且|同时还)(?:提出|建议|呼吁)[，,：:]")
CLAUSE_AFTER_SEMICOLON_RE = re.compile(r"[；;][ \t　]*[他她]?([^；;]*)$")
SUGGEST_SENT_RE = re.compile(r"(?P<verb>建议|呼吁|提议|倡议|提出|主张|希望)(?P<punct>[，,：:]?)")
# 希望 is a suggestion when a speaker (他/她/我/委员…, or a named speaker) asks for an action (希望有关部门尽快出台…),
# not when it is addressed to members or the public (希望委员们…, 希望社会各界多关心…) or hopes for a fact
HOPE_SUBJECT_RE = re.compile(rf"(?:[他她我]|委员|代表|常委){ADVERBS}?(?:特别|衷心|更|则)?$")
HOPE_ADDRESSEE_RE = re.compile(r"(?:委员们|代表们|常委们|各位|大家|同志们|与会|广大|社会各界|全社会|你们|我们|大伙)")
HOPE_ACTION_RE = re.compile(r"尽快|加快|加强|加大|推动|推进|完善|健全|建立|构建|强化|优化|提升|提高|支持|鼓励|引导|深化|"
                            r"打造|落实|探索|出台|制定|设立|扩大|降低|培育|推广|规范|保障|改善|统筹|给予|放宽|纳入|增设|允许|"
                            r"建设|牵头")
# 希望…继续深入调查研究 / 进一步深化研究 / 多建言献策: a leader's exhortation to the members or a committee to do
# their consultative work, not a suggestion
# 希望镇里协调… / 希望市市场监管局在…设立…: a request addressed to a government body
HOPE_BODY_RE = re.compile(r"(?:[省市县区镇乡村]里|(?:[省市县区镇乡]|各级)?政府|有关部门|相关部门|"
                          r"[\u4e00-\u9fff]{1,10}(?:局(?![面势限部])|厅|部门|委(?!员)))(?!的)")
# a paragraph of someone's own words: 4. 李四（市人大代表）： / 问（市人大常委会委员李四）：…
SPOKEN_LINE_RE = re.compile(r"(?:委员|代表|常委)?(?:[（(][^）)\n]{0,40}[）)])?[ \t　]*[：:]")
QUESTION_LINE_RE = re.compile(r"[ \t　]*(?:追问|提问|问)[（(][^）)\n]{0,40}[）)][：:]")
HOPE_EXHORT_RE = re.compile(r"研究|调研|履职|建言|献策|议政")
NOUN_BEFORE_RE = re.compile(r"(?:的|和|与|等|条|项|些|份|点|把|将|对|向|推动|形成|提出|意见|议案|提案|收到|吸收|办理|采纳|提交|跟踪|督办|"
                            r"收集|征集|梳理|汇总|整理|不少|很多|许多|诸多|更多|各项|多项|这些)"
                            r"(?:委员|代表|常委|[他她])?们?$")
# 项委员 / 向代表: a surname and a title (the surname also a word NOUN_BEFORE_RE knows: 三项建议, 向…建议)
SURNAME_TITLE_RE = re.compile(r"[\u4e00-\u9fff](?:委员|代表|常委)")
NOT_PERSON_RE = re.compile(r"报告|讲话|(?:文件|会议|规划|纲要|方案|意见|决定|通知)(?:中|里|上|明确)|[中时上]$")
PERSON_WORD_RE = re.compile(r"[我他她]|委员|代表|常委")
NOUN_AFTER_RE = re.compile(r"(?:案|书|稿|的|数|件|和|与|了|过|\d|[一二两三四五六七八九十百千几多余]+[件条项个])")
OBJECT_PREFIX_RE = re.compile(r"^(?:了)?[一二两三四五六七八九十几多\d]*(?:条|点|项|个)?(?:具体|意见)?(?:建议|意见|提案|对策)")
SENT_END_RE = re.compile(r"[。！？!?\n]")
LEAD_JIANYI_RE = re.compile(r"建议[，,：:]?[ \t　]*(?![的案书稿数件和与了过])")
BREAK_RE = re.compile(r"\n[\s　]*")
# 我的建议是：A: a speaker's own suggestion, A
OWN_SUGGESTION_RE = re.compile(r"[我他她]的$")
IS_COLON_RE = re.compile(r"是[：:，,][ \t　]*")


def _sentence_end(text: str, start: int) -> int:
    """End of the sentence from ``start``, re-joined across a paragraph break that cuts it."""
    while True:
        m = SENT_END_RE.search(text, start)
        if not m:
            return len(text)
        if text[m.start()] != "\n":
            return m.end()
        brk = BREAK_RE.match(text, m.start())
        nxt = brk.end() if brk else m.end()
        nxt_line = text[nxt:paragraph_end(text, nxt)]
        cut = m.start() > 0 and text[m.start() - 1] not in TERMINAL + "：:；;" and text[m.start() - 1] not in " \t"
        if not cut or nxt >= len(text) or not nxt_line.strip() or is_heading_line(nxt_line) \
                or any(r.match(nxt_line) for _, r in MARKERS) or SUGGEST_SENT_RE.match(nxt_line):
            return m.start()
        start = nxt


def spoken_paragraph(text: str, pos: int, mention_spans: list[tuple[int, int]]) -> bool:
    """Whether the paragraph of ``pos`` opens with a speaker and a colon before ``pos`` (4. 李四（代表）：… /
    问（委员李四）：…): a sentence of it with no subject of its own is that speaker's."""
    ps = text.rfind("\n", 0, pos) + 1
    if "：" not in text[ps:pos] and ":" not in text[ps:pos]:
        return False
    if "问" in text[ps:ps + 6] and QUESTION_LINE_RE.match(text, ps):
        return True
    marker = ANY_MARKER_RE.match(text, ps)
    head = marker.end() if marker else ps
    while head < pos and text[head] in " \t　":
        head += 1
    return any(s == head and (m := SPOKEN_LINE_RE.match(text, e)) and m.end() <= pos for s, e in mention_spans)


def find_suggestion_sentences(text: str, items: list[tuple[int, int]], markers: list[Marker],
                              mention_starts: list[int] | None = None,
                              sections: list[Section] = (), mention_ends: list[int] = ()) -> list[Proposal]:
    mention_starts = mention_starts or []
    out = []
    in_item = Coverage(items)
    in_speeches = Coverage([(sc.start, sc.end) for sc in sections])
    stops = sentence_stops(text)
    for m in SUGGEST_SENT_RE.finditer(text):
        pos = m.start()
        if in_item.covers(pos):
            continue
        verb = m.group("verb")
        sent_start = sentence_start(stops, pos)
        subject = text[sent_start:pos].strip(" \t　*").lstrip(CLOSING_QUOTES)  # 。’我建议: the quote has ended
        spoken = SPOKEN_SUBJECT_RE.search(subject) or QUOTED_SUBJECT_RE.search(subject)
        if spoken:
            subject = spoken.group(1)  # 李四：我建议 (an interview's answer), 她说，…“我建议: the subject is after the
            # colon, or the opening quote
        then = COMMA_THEN_RE.fullmatch(subject)
        if then:
            subject = then.group(1) + then.group(2)  # 她希望A，并提出，B: 她并提出，B
        clause = CLAUSE_AFTER_SEMICOLON_RE.search(subject)
        if clause and (not clause.group(1) or ADVERB_SUBJECT_RE.fullmatch(clause.group(1))):
            subject = clause.group(1)  # …；还建议B: a second suggestion of the same sentence's speaker
        skip = 0
        own_form = OWN_SUGGESTION_RE.search(subject) if verb == "建议" and not m.group("punct") else None
        if own_form and IS_COLON_RE.match(text, m.end()):
            subject = subject[:own_form.start() + 1]  # 我的建议是：A: 我建议：A
            skip = IS_COLON_RE.match(text, m.end()).end() - m.end()
        noun = NOUN_BEFORE_RE.search(subject)
        if noun and SURNAME_TITLE_RE.fullmatch(noun.group()) and subject[noun.start() - 1:noun.start()] in "，,；;：: ":
            noun = None  # (讨论中，)项委员建议: a surname and a title opening the clause
        if noun or NOUN_AFTER_RE.match(text, m.end()) and not m.group("punct"):
            continue  # the noun 建议: 委员们的建议, 意见建议, 形成建议案
        if verb in ("提出", "主张") and not m.group("punct"):
            continue  # 提出了三条建议 / 提出问题: only 提出， introduces a suggestion
        # 要加强人才培养，建议设立…: a clause of its own in a speech, or in a sentence that names a speaker;
        # 同时建议… / 还建议… opening a sentence of a speech or right after a speaker's sentence
        in_speech = in_speeches.covers(pos)
        own_clause = subject[-1:] in "，,；;：:" and not NOT_PERSON_RE.search(subject) and (
            in_speech or any(sent_start <= ms < pos for ms in mention_starts)) or \
            ADVERB_SUBJECT_RE.fullmatch(subject) is not None and (
                in_speech or any(pos - 300 <= ms < pos for ms in mention_starts))
        core = re.sub(rf"{ADVERBS}$", "", subject) or subject  # 他同时建议: the subject is 他
        if subject and not own_clause and (not PERSON_SUBJECT_RE.search(core[-12:]) or NOT_PERSON_RE.search(core)):
            continue
        # 。希望… opening a sentence of a speaker's own paragraph (4. 李四（代表）：…。希望…)
        spoken_here = not subject and verb == "希望" and (
            in_speech or spoken_paragraph(text, pos, list(zip(mention_starts, mention_ends, strict=False))))
        if verb != "建议" and not (PERSON_WORD_RE.search(subject) or spoken_here
                                   or any(sent_start <= ms < pos for ms in mention_starts)):
            continue  # 报告提出， / 提出， needs a person who speaks here
        if not subject and verb != "建议" and not spoken_here:
            continue
        start = m.end() + skip
        while start < len(text) and text[start] in " \t　":
            start += 1
        if verb == "希望":
            named = any(pos - 12 <= me <= pos and re.fullmatch(rf"{ADVERBS}?", text[me:pos]) for me in mention_ends)
            head = first_clause(text, start)
            if not (HOPE_SUBJECT_RE.search(subject) or named or spoken_here) or HOPE_ADDRESSEE_RE.match(head) \
                    or not (HOPE_ACTION_RE.search(head) or HOPE_BODY_RE.match(head)) or HOPE_EXHORT_RE.search(head):
                continue
        if verb != "建议" and LEAD_JIANYI_RE.match(text, start):
            start = LEAD_JIANYI_RE.match(text, start).end()  # 从法治角度提出，建议加快…: the suggestion follows 建议
        elif OBJECT_PREFIX_RE.match(text[start:start + 12]):
            continue
        if any(p.start == start for p in out):
            continue
        end = _sentence_end(text, start)
        second = NEXT_SUGGESTION_RE.search(text, start, end)
        end = rstrip_pos(text, start, second.start() + 1 if second else end)  # 建议A；还建议B: A ends at its ；
        then_next = COMMA_NEXT_SUGGESTION_RE.search(text, start, end)
        if then_next:
            end = rstrip_pos(text, start, then_next.start())  # 希望A，并提出，B: A ends before the comma
        body = text[start:end].strip()
        if len(body) < 8 or body.endswith(("：", ":")):
            continue  # 建议： introducing a list: the list items are the proposals
        if any(s < end and start < e for s, e in items):
            continue  # 建议：①…；②…: the items are the proposals
        nxt = BREAK_RE.match(text, end)
        if nxt and any(mk.start == nxt.end() for mk in markers) and text[end - 1:end] in "：:":
            continue
        out.append(Proposal(start, end, text[start:end], kind="sentence"))
    return out


GROUP_SUBJECT_RE = re.compile(r"委员们|代表们|常委们|大家|与会(?:委员|代表|人员|专家)|(?:部分|不少|一些|多位|有的|很多|许多)"
                              r"(?:委员|代表|常委|专家)")


def subject_clause_start(text: str, pos: int) -> int:
    """Start of the sentence that leads into ``pos`` (the previous paragraph's last one when ``pos`` opens a line)."""
    end = pos
    while end > 0 and text[end - 1] in " \t　\n":
        end -= 1
    return max(max(text.rfind(ch, 0, end - 1) for ch in "。！？!?"), text.rfind("\n", 0, end)) + 1


ITEM_HEAD_END_RE = re.compile(r"[，。；：,;:！？!?\n]")
# the name is the item's subject: 李四： / 李四委员建议 (not 借鉴李四委员提到的做法)
HEAD_SPEECH_RE = re.compile(r"(?:委员|代表|常委)?(?:[（(][^）)\n]{0,20}[）)])?[ \t]*(?:[：:]|建议|认为|提出|表示|指出|呼吁|强调|说)")


def item_head_speaker(text: str, p: Proposal, mentions: list[tuple[int, int, str]]) -> str | None:
    """The speaker named at the head of an enumerated item (before its first punctuation), if any."""
    if p.kind != "item":
        return None
    m = ITEM_HEAD_END_RE.search(text, p.start, min(p.end, p.start + 30))
    head_end = m.start() if m else p.start
    head = [(s, name) for s, e, name in mentions
            if p.start <= s < head_end and HEAD_SPEECH_RE.match(text, e, min(p.end, e + 12))]
    return min(head)[1] if head else None


QUOTE_REACH = 600
QUOTE_SPEAKER_VERB_RE = re.compile(r"(?:委员|代表|常委)?(?:说|表示|认为|介绍|指出|强调|坦言|直言|呼吁|建议)")


def quoted_speaker(text: str, pos: int, mentions: list[tuple[int, int, str]]) -> str | None:
    """The speaker named right after the quotation that ``pos`` lies in: “…建议…。”全国人大代表、…孙立华说."""
    lo, hi = max(0, pos - QUOTE_REACH), pos + QUOTE_REACH  # a quotation is a paragraph at most
    opening = max(text.rfind("“", lo, pos), text.rfind("「", lo, pos))
    if opening < 0 or max(text.rfind("”", opening, pos), text.rfind("」", opening, pos)) >= 0:
        return None
    closing = min((i for i in (text.find("”", pos, hi), text.find("」", pos, hi)) if i >= 0), default=-1)
    if closing < 0 or "\n" in text[opening:closing]:
        return None
    after = [(s, e, name) for s, e, name in mentions
             if closing < s <= closing + 40 and not re.search(r"[。！？!?\n“「]", text[closing + 1:s])]
    for _s, e, name in sorted(after):
        if QUOTE_SPEAKER_VERB_RE.match(text, e):
            return name
    return None


def attribute(pos: int, sections: list[Section], mentions: list[tuple[int, int, str]],
              text: str | None = None) -> str | None:
    """The speaker of a proposal: its speech section's, else the nearest preceding speaker mention. In a
    section, another speaker who opens a sentence of the proposal's paragraph with a speech verb takes it
    (after the last speech: 互动环节，皮文韬再次发言。皮常委建议，…)."""
    for s in sections:
        if s.start <= pos < s.end:
            if text is not None:
                para = text.rfind("\n", 0, pos) + 1
                other = [(ms, name) for ms, me, name in mentions if para <= ms < pos and name != s.speaker
                         and (ms == para or text[ms - 1] in "。！？!?") and HEAD_SPEECH_RE.match(text, me, pos)]
                if other:
                    return max(other)[1]
            return s.speaker
    best = None
    for start, _end, name in mentions:
        if start < pos and (best is None or start > best[0]):
            best = (start, name)
    return best[1] if best else None


def drop_stated_themes(proposals: list[Proposal], theme_spans: list[tuple[int, int]]) -> list[Proposal]:
    """Items that are the report's list of discussion themes (议题如下：1.… 2.…; 一是…二是… after 三个议题：)
    name themes, not suggestions: an item that is a stated theme plus its marker and punctuation is dropped."""
    if not theme_spans:
        return proposals
    kept = [p for p in proposals
            if not any(p.start <= s and e <= p.end and (p.end - p.start) - (e - s) <= 5 for s, e in theme_spans)]
    for i, p in enumerate(kept, 1):
        p.id = f"p{i}"
    return kept


def drop_answers(text: str, proposals: list[Proposal]) -> list[Proposal]:
    """An official's answer in a 专题询问 transcript (答（市生态环境局局长…）：…一是…二是…) states what the
    department does, no member's suggestion: items and sentences on an answer line are dropped."""
    if "答" not in text and "应询" not in text:
        return proposals
    kept = [p for p in proposals if not in_answer(text, p.start)]
    if len(kept) < len(proposals):
        for i, p in enumerate(kept, 1):
            p.id = f"p{i}"
    return kept


class ProposalFinder:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = doc._.analysis_text if doc._.analysis_text is not None else doc.text
        speakers = doc._.speakers or []
        heading = [(tn.start, tn.name) for tn in (doc._.titled_names or []) if tn.context == "heading"
                   and any(sp.name == tn.name for sp in speakers)]
        closing = [(tn.start, tn.name) for tn in (doc._.titled_names or []) if tn.context == "closing"
                   and any(sp.name == tn.name for sp in speakers)]
        mentions = [(s, e, sp.name) for sp in speakers for s, e in sp.mentions]
        proposals = drop_stated_themes(drop_answers(text, find_proposals(text, heading, mentions, closing)),
                                       find_stated_theme_spans(text))
        original = doc.text
        for p in proposals:
            p.text = original[p.start:p.end]
        doc._.proposals = proposals
        return doc


@Language.factory("meeting_proposals", default_config={})
def make_proposal_finder(nlp: Language, name: str):
    return ProposalFinder(nlp, name)
