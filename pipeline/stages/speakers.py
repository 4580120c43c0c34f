"""Speakers: the people whose own remarks at the meeting the report gives.

A speaker is a titled name in a speech heading (发言摘编: ``<speech title> <titles> <name>``) or a titled
name in narrative followed by a speech verb in the same sentence (省政协常委陈敬辉建议…). People quoted
from another occasion (习近平总书记…强调, 曾指出) and bylines are not speakers. Every later occurrence of
the name, and short forms such as 王委员 where the surname is unambiguous, are mentions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..types import Speaker
from .entities import SPEECH_VERBS, build_rules, clean_org_part, split_title
from .sentences import sentence_start, sentence_stops

if not Doc.has_extension("speakers"):
    Doc.set_extension("speakers", default=None)

OTHER_OCCASION_RE = re.compile(r"曾(?:经)?|此前|早在|以前|生前|当年|年初|去年|日前|近日|(?<!总结|讲话|发言|讨论|审议|主持)时(?:强调|指出|说|表示)|时候|"
                               r"工作报告|报告中|召开的|大会上|考察时|调研时|视察时|在[^。，]{0,12}(?:大会|论坛|峰会)上|"
                               r"[跟对向]我$")  # 创始人费明朗跟我说: told the speaker, not the meeting
# the next sentence carries on with a pronoun: …关注学生近视问题。她提出… / 在她看来
PRONOUN_NEXT_RE = re.compile(r"^[\s“]*(?:在)?(?:他|她)(?:们)?(?:看来|还|也|则|更|进一步|特别|同时)?"
                             r"(?:在(?:发言|会上|审议|讨论)中?)?")  # 她在发言中谈了两点看法
# what the person reports having found, after a pronoun or short form opening the next sentence (她发现)
FOUND_RE = re.compile(r"(?:调研|走访|在工作中|在调研中)?(?:发现|注意到|了解到|观察到)")
# presenting material at the meeting: 带来了一组数据, 带来了一份提案
BROUGHT_RE = re.compile(r"带来(?:了)?(?:一[组份个条些项套]|[^。，]{0,6}(?:数据|提案|建议|案例|调研|发言|故事))")
# a short phrase, then a colon and a quotation: 接过话头：“…
COLON_QUOTE_RE = re.compile(r"[^，。；;、,\n“”「」]{1,8}[：:][“「]")
CHAIR_RE = re.compile(r"(?:在[^。，；]{0,10}?(?:中|时|上)[，,]?)?(?:要求|总结|强调|指出|表示|说|认为|建议|介绍|提出|"
                     r"呼吁|主张|坦言|直言)")
# verbs of speaking at the meeting besides the entity rules' SPEECH_VERBS: an official's 讲话 / 致辞 at the
# meeting itself counts (另一场合的讲话 is caught by OTHER_OCCASION_RE)
MORE_SPEECH_VERBS = {"注意到", "谈到", "算了一笔账", "提到", "讲到", "说起", "谈及", "提及", "主张", "阐述", "感叹", "笑称",
                     "直指", "点出", "道出", "打了个比方", "举了个例子", "建言", "讲话", "致辞", "讲述"}
# 谈 of 座谈会, 访谈, 谈判 is no speech verb (…副秘书长丰某，专家学者代表等参加座谈会)
SPEECH_RE = re.compile("|".join(w if w != "谈" else "(?<![座访恳])谈(?![判会])"
                                for w in sorted(set(SPEECH_VERBS) | MORE_SPEECH_VERBS, key=len, reverse=True)))
SHORT_FORM_TITLES = ("委员", "常委", "代表", "主席", "院长", "董事长", "教授", "主任", "局长", "书记", "会长", "校长",
                     "所长", "行长", "总", "老师", "博士", "研究员")


# a half-width full stop ends a sentence after Chinese text or a closing quote (not 3.5, not e.g.)
_SENTENCE_END_RE = re.compile(r"[。！？!?\n]|(?<=[\u4e00-\u9fff”\"’'）)])\.(?![0-9A-Za-z])")
_LAST_SENTENCE_END_RE = re.compile(r"(?s:.*)(?:[。！？!?\n]|(?<=[\u4e00-\u9fff”\"’'）)])\.(?![0-9A-Za-z]))")


@lru_cache(maxsize=1024)
def _short_form_re(surname: str) -> re.Pattern:
    """王委员, 王主任…: the surname with a title, not inside a longer name."""
    return re.compile("(?:(?<![\u4e00-\u9fff])|(?<=[对向与和据听请让给跟]))" + re.escape(surname)
                      + "(?:" + "|".join(SHORT_FORM_TITLES) + ")")


_SHORT_TITLE_RE = re.compile("|".join(SHORT_FORM_TITLES))
_AFTER_OK = frozenset("对向与和据听请让给跟")


class _ShortForm:
    """A short form found at ``start``: ``group(0)`` and ``end()`` as a match object gives them."""

    __slots__ = ("_text", "_end")

    def __init__(self, text: str, end: int):
        self._text, self._end = text, end

    def group(self, _index: int = 0) -> str:
        return self._text

    def end(self) -> int:
        return self._end


def _short_form_at(text: str, surname: str, pos: int) -> int:
    """End of the short form of ``surname`` at ``pos`` (``_short_form_re(surname).match(text, pos)``), or -1.

    Compiling the regex per surname (its lookbehind's CJK range) costs ~1 ms: the same test in plain code."""
    if not text.startswith(surname, pos):
        return -1
    if pos > 0:
        c = text[pos - 1]
        if "\u4e00" <= c <= "\u9fff" and c not in _AFTER_OK:
            return -1
    m = _SHORT_TITLE_RE.match(text, pos + len(surname))
    return m.end() if m else -1


def short_form_match(text: str, surname: str, pos: int) -> _ShortForm | None:
    end = _short_form_at(text, surname, pos)
    return _ShortForm(text[pos:end], end) if end >= 0 else None


def short_form_spans(text: str, surname: str, start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
    """Spans of ``_short_form_re(surname).finditer(text)``: non-overlapping, left to right; those that
    start in ``[start, stop)`` when given."""
    stop = len(text) if stop is None else stop
    out = []
    pos = text.find(surname, start, stop) if surname else -1
    while pos >= 0:
        end = _short_form_at(text, surname, pos)
        if end >= 0:
            out.append((pos, end))
            pos = text.find(surname, end, stop)
        else:
            pos = text.find(surname, pos + 1, stop)
    return out


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END_RE.search(text, pos)
    return m.start() if m else len(text)


def _sentence_start(text: str, pos: int, stops: list[int] | None = None) -> int:
    """Where the sentence holding ``pos`` begins; ``stops``: ``sentence_stops(text)``, if known."""
    if stops is None:
        stops = sentence_stops(text)
    start = sentence_start(stops, pos)
    if text.find(".", start, pos) >= 0:  # half-width stops: the last one that ends a sentence
        m = _LAST_SENTENCE_END_RE.match(text, start, pos)
        if m:
            start = m.end()
    return start


def _after_quotation(text: str, start: int) -> str:
    """The sentence from ``start``; when it opens a quotation, the sentence after the quotation closes
    (…教授桂湘宁以一组数据开场：…。「…。」她建议… : the pronoun follows the quoted words)."""
    end = _sentence_end(text, start)
    if text[start:start + 1] not in "「“『":
        return text[start:end]
    for _ in range(4):  # the quotation's sentences, to the one its closing mark follows
        if end >= len(text) or text[end] == "\n":
            break
        start = end + 1
        end = _sentence_end(text, start)
        if text[start:start + 1] in "」”』":
            return text[start + 1:end]
    return text[start:end]


def _speaks_later(text: str, tn, after: int) -> bool:
    """A later bare mention of the name opens a statement: 周明远在总结时表示, 彭德胜要求."""
    for m in re.finditer(re.escape(tn.name), text[after:]):
        start = after + m.end()
        if start - len(tn.name) - after > 0 and text[after + m.start() - 1] not in "。！？!?.\n，,；;”」":
            continue
        said = CHAIR_RE.match(text, start)
        if said and not OTHER_OCCASION_RE.search(said.group(0)):
            return True
    return False


def _short_form_speaks(text: str, surname: str, start: int, end: int) -> bool:
    """The short form opens a statement before ``end`` (the next person introduced), at a sentence start
    or right after a quotation: …院长郎晓川长期从事…研究。“…。”郎院长说，…"""
    for s, e in short_form_spans(text, surname, start, end):
        if (s == 0 or text[s - 1] in "。！？!?\n”」") and SPEECH_RE.match(text, e):
            return True
    return False


def surname_of(name: str, rules) -> str:
    """The surname a short form repeats: a compound one (上官 of 上官云舒 -> 上官委员) or the first character."""
    return name[:2] if len(name) >= 3 and name[:2] in rules.compound_surnames else name[0]


def organisation_of(titles: list[str], rules) -> str | None:
    """The organisation a speaker speaks for: that of the first title that is a post, not a seat."""
    for title in titles:
        org, head = split_title(title, rules)
        org = clean_org_part(org, rules) if head not in rules.membership else org.strip()
        if head in rules.membership or not org or re.fullmatch(r"全国|中央|国家|[省市县区]", org):
            continue
        return org
    return None


def find_speakers(text: str, titled, rules) -> list[Speaker]:
    speakers: dict[str, Speaker] = {}
    order: list[str] = []
    ordered = sorted(titled, key=lambda t: t.start)
    starts = [t.start for t in ordered]  # where each person is introduced: the next one ends a search
    stops = None
    for tn in ordered:
        if tn.context in ("heading", "closing"):
            is_speaker = True
        elif tn.context == "narrative" and tn.titles:
            sent_end = _sentence_end(text, tn.end)
            tail = text[tn.end:sent_end]
            if stops is None:
                stops = sentence_stops(text)
            head = text[_sentence_start(text, tn.start, stops):tn.start]
            verb = SPEECH_RE.search(tail) or BROUGHT_RE.match(tail)
            between = tail[:verb.start()] if verb else tail
            if OTHER_OCCASION_RE.search(head[-10:]) or verb and OTHER_OCCASION_RE.search(between) \
                    or head.lstrip(" \t　*").startswith("图为"):
                is_speaker = False  # another occasion; or a photo caption (图为…在会上发言), which reports no remarks
            elif verb or tail[:1] in "：:" and len(tail.strip()) > 4 or COLON_QUOTE_RE.match(tail) \
                    or tail.strip(" \t　*") in ("：", ":") and text[sent_end:sent_end + 200].strip():
                # a speech verb, or the remarks after a colon: …会长覃海燕：要加强…, …上官云舒接过话头：“…”, or
                # a line of titles and name ending in a colon, the remarks in the next paragraph
                is_speaker = True
            else:
                nxt = _after_quotation(text, sent_end + 1)
                pron = PRONOUN_NEXT_RE.match(nxt)
                if not (pron and pron.group(0).strip("“ ")):
                    # or the next sentence opens with the short form: 拜委员认为
                    pron = short_form_match(nxt, surname_of(tn.name, rules), len(nxt) - len(nxt.lstrip(" “")))
                is_speaker = bool(pron and pron.group(0).strip("“ ")
                                  and (pron.group(0).endswith("看来") or SPEECH_RE.match(nxt, pron.end())
                                       or FOUND_RE.match(nxt, pron.end())))
                if not is_speaker:
                    later = bisect_right(starts, tn.end)
                    nxt_name = starts[later] if later < len(starts) else len(text)
                    is_speaker = _speaks_later(text, tn, sent_end) or \
                        _short_form_speaks(text, surname_of(tn.name, rules), sent_end, min(nxt_name, sent_end + 300))
            if any(t[2].endswith(("记者", "通讯员")) for t in tn.titles):
                is_speaker = False
        else:
            is_speaker = False
        if not is_speaker:
            continue
        titles = [t[2] for t in tn.titles]
        if tn.name not in speakers:
            speakers[tn.name] = Speaker(tn.name, titles, None, [], "heading" if tn.context == "closing" else tn.context)
            order.append(tn.name)
        sp = speakers[tn.name]
        # a heading's titles are the fullest; otherwise keep the longest list seen
        if tn.context in ("heading", "closing") and sp.evidence != "heading" or len(titles) > len(sp.titles):
            sp.titles = titles
            sp.evidence = "heading" if tn.context in ("heading", "closing") else sp.evidence
    out = [speakers[name] for name in order]
    surnames = {}
    for sp in out:
        surnames.setdefault(surname_of(sp.name, rules), []).append(sp)
    for sp in out:
        sp.organisation = organisation_of(sp.titles, rules)
        mentions = [m.span() for m in re.finditer(re.escape(sp.name), text)]
        surname = surname_of(sp.name, rules)
        if len(surnames[surname]) == 1:
            names = list(mentions)  # the name's own spans: a short form inside one is not another mention
            for span in short_form_spans(text, surname):
                if not any(s <= span[0] < e for s, e in names):
                    mentions.append(span)
        sp.mentions = sorted(set(mentions))
    return out


class SpeakerFinder:
    def __init__(self, nlp: Language, name: str, models: str | None):
        self.rules = build_rules(models)

    def __call__(self, doc: Doc) -> Doc:
        text = doc._.analysis_text if doc._.analysis_text is not None else doc.text
        doc._.speakers = find_speakers(text, doc._.titled_names or [], self.rules)
        return doc


@Language.factory("meeting_speakers", default_config={"models": None})
def make_speaker_finder(nlp: Language, name: str, models: str | None):
    return SpeakerFinder(nlp, name, models)
