"""Policy terms a document makes salient, beyond the lexicon: termhood from headings and topic lists.

A report puts its policy programmes in its headings (``#### 加快建设清洁能源岛``, ``推动整零协同 提升本地配套率``)
and in the list of topics a meeting discussed (会议分为A、B、C三个专题). The noun phrase such a heading or
topic item ends in (leading verbs and adverbs stripped, trailing 建设/发展 dropped) is a policy term when

- it recurs in the body of the document (salience: said at least twice),
- it contains a morpheme of policy language (``models/lexicons/policy_morphemes.txt``),
- it is not ordinary vocabulary: not a word of general Chinese (the UD treebanks) nor an ordinary word of
  economics or law (THUOCL caijing / law), kept in ``models/background/ordinary_words.json``
  (built by ``make background``; see :func:`build_background`),
- it is no job title or organisation (省数据局副局长, 经济委员会 are for the other rules).

``python -m pipeline.stages.policy_terms build`` writes the background file.
"""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from pathlib import Path

from ..resources import HAN, models_dir, shared_dir

BACKGROUND = Path("background") / "ordinary_words.json"
# heading lines: short, no sentence punctuation (markdown # allowed)
HEADING_RE = re.compile(rf"^[#*\s]*(?P<line>[{HAN}A-Za-z0-9 　、·+]{{4,40}})[*\s]*$", re.M)
TOPIC_RE = re.compile(rf"(?:围绕|分为|分别就|聚焦)(?P<items>[{HAN}、]{{4,80}}?)"
                      r"(?:[两三四五六七八九]个|等)(?:专题|主题|议题|方面|小组)")
ITEM_SPLIT_RE = re.compile(r"[\s　、]+|以及|[和与及](?=[\u4e00-\u9fff]{4})")
# what a heading puts before its term: verbs, adverbs, prepositions, places (加快建设, 持续, 在, 海南)
LEAD_TAGS = frozenset(("v", "vd", "p", "d", "c", "r", "u", "ad", "f", "t", "x", "q", "ns", "nr", "nrfg", "nrt",
                       "uj", "ul", "ud", "uz", "zg", "y", "e", "o"))
# action words of policy headings that the segmenter may tag otherwise (培育 vn, 壮大 a)
LEAD_WORDS = frozenset(("培育", "壮大", "建设", "发展", "创新", "提升", "优化", "完善", "强化", "深化", "推进", "推动",
                        "加快", "加强", "打造", "构建", "健全", "实施", "促进", "扩大", "支持", "做大做强", "聚力",
                        "聚焦", "着力", "全面", "持续", "大力", "积极", "探索", "助力", "赋能", "破解", "破除", "释放", "重点"))
# parts of speech that may not stand inside a term
INNER_TAGS = frozenset(("x", "p", "c", "u", "uj", "ul", "r", "ns", "nr", "nrfg", "nrt", "y", "e", "o"))
GENERIC_TAIL = ("建设", "发展", "工作", "问题", "方面", "领域", "水平", "能力", "培育", "提升", "优化", "提速")


@lru_cache(maxsize=4)
def ordinary_words(models: str | None = None) -> frozenset:
    path = models_dir(models) / BACKGROUND
    if not path.exists():
        return frozenset()
    return frozenset(json.loads(path.read_text(encoding="utf-8"))["words"])


@lru_cache(maxsize=1)
def _tagger():
    import rjieba

    return rjieba.Jieba()


@lru_cache(maxsize=4096)
def noun_phrase(phrase: str) -> str | None:
    """The term a heading part or topic item names: 加快建设清洁能源岛 -> 清洁能源岛, 绿色低碳产业发展 -> 绿色低碳产业."""
    toks = _tagger().tag(phrase)
    while toks and (toks[0][1] in LEAD_TAGS or toks[0][0] in LEAD_WORDS
                    or len(toks[0][0]) == 1 and toks[0][1] in ("a", "v", "vn")):
        toks = toks[1:]
    while toks and toks[-1][0] in GENERIC_TAIL:
        toks = toks[:-1]
    if not toks or toks[-1][1] in ("v", "a", "d", "m", "q"):
        return None
    if any(tag in INNER_TAGS for _w, tag in toks):
        return None
    return "".join(w for w, _ in toks)


def salient_terms(text: str, morpheme_re: re.Pattern, not_term: tuple[re.Pattern, ...] = (),
                  models: str | None = None) -> set[str]:
    """Terms named in a heading or topic list of ``text`` that pass the termhood tests above."""
    parts: list[str] = []
    for m in HEADING_RE.finditer(text):
        parts.extend(ITEM_SPLIT_RE.split(m.group("line").strip()))
    for m in TOPIC_RE.finditer(text):
        parts.extend(ITEM_SPLIT_RE.split(m.group("items")))
    ordinary = ordinary_words(models)
    found: set[str] = set()
    for part in parts:
        if len(part) < 4:
            continue
        term = noun_phrase(part)
        if (term is None or not 4 <= len(term) <= 8 or term in ordinary or text.count(term) < 2
                or not morpheme_re.search(term) or any(r.search(term) for r in not_term)):
            continue
        found.add(term)
    return found


def build_background(out: Path | None = None, shared: Path | None = None) -> Path:
    """Ordinary vocabulary of 4+ characters: UD word forms (general Chinese, simplified) and THUOCL's
    caijing / law words (ordinary words of economics and law: 产业发展, 技术改造, 有关部门)."""
    from .segment import analysis_text

    shared = shared or shared_dir()
    words: set[str] = set()
    for conllu in sorted((shared / "data" / "ud").glob("*.conllu")):
        for line in conllu.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) > 2 and cols[0].isdigit() and len(cols[1]) >= 4:
                words.add(analysis_text(cols[1]))
    for name in ("THUOCL_caijing.txt", "THUOCL_law.txt"):
        for line in (shared / "data" / "thuocl" / name).read_text(encoding="utf-8-sig").splitlines():
            parts = line.split()
            if parts and len(parts[0]) >= 4:
                words.add(parts[0])
    out = out or models_dir() / BACKGROUND
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = {"about": "Ordinary vocabulary (4+ characters) that is not a policy term; built by `make background`.",
           "sources": {"UD_Chinese-GSDSimp, UD_Chinese-HK word forms": "CC BY-SA 4.0",
                       "UD_Chinese-PUD word forms": "CC BY-SA 3.0",
                       "THUOCL caijing, law (thunlp/THUOCL)": "MIT"},
           "words": sorted(w for w in words if re.fullmatch(f"[{HAN}]+", w))}
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    if sys.argv[1:2] == ["build"]:
        print(build_background())
    else:
        print("usage: python -m pipeline.stages.policy_terms build", file=sys.stderr)
        sys.exit(2)
