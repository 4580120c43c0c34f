"""The HTML report: offline, escaped, complete; and, where Chromium is installed, readable in a browser."""

from __future__ import annotations

import argparse
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import export as ex
from pipeline.report import _Mark, highlight, render_report, write_report

THEMES = ["优化产业结构", "加大科技创新力度", "加快数字化转型", "强化资源要素保障"]
EVIL = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def _at(text: str, sub: str) -> tuple[int, int]:
    i = text.index(sub)
    return i, i + len(sub)


def sample_record(doc_id: str, name: str = "丁世忠") -> dict:
    """A small SPEC-shaped record whose text and names carry markup that must come out as text."""
    text = (
        f"省政协常委、安踏集团董事长{name}发言。他建议:\n第一,推动专精特新企业发展{EVIL}。\n\n"
        "第二,提高产业链供应链质量,\n\n推动产业集群发展。见 https://example.com/a.png\n"
    )
    spans = []
    for sub, label in [
        ("省政协常委", "TITLE"), ("安踏集团", "ORG"), ("安踏集团董事长", "TITLE"), (name, "PERSON"),
        ("专精特新", "POLICY"), ("产业集群", "POLICY"), ("董事长" + name[0], "TITLE"),
    ]:  # fmt: skip
        s, e = _at(text, sub)
        spans.append({"start": s, "end": e, "text": text[s:e], "label": label})
    p1 = _at(text, f"第一,推动专精特新企业发展{EVIL}。")
    p2 = (text.index("第二"), text.index("发展。见"))
    proposals = [
        {"id": i, "speaker": name, "start": s, "end": e, "text": text[s:e], "theme": t, "theme_score": 0.5}
        for i, ((s, e), t) in enumerate([(p1, THEMES[1]), (p2, THEMES[0])], 1)
    ]
    return {
        "id": doc_id,
        "source": f"corpus/{doc_id}",
        "text": text,
        "meta": {"encoding": "utf-8", "sha256": "0", "pipeline_version": "test", "segmenter": "jieba"},
        "sentences": [],
        "tokens": [],
        "spans": spans,
        "speakers": [
            {
                "name": name,
                "titles": ["省政协常委", "安踏集团董事长"],
                "organisation": "安踏集团",
                "mentions": [list(_at(text, name))],
            }
        ],  # fmt: skip
        "themes": THEMES,
        "proposals": proposals,
    }


@pytest.fixture()
def records() -> list[dict]:
    return [
        sample_record("a.txt"),
        sample_record(f"b{EVIL}.txt", name="陈曦"),
        {"id": "broken.txt", "source": "corpus/broken.txt", "error": f"UnicodeDecodeError {EVIL}"},
    ]


class _Tags(HTMLParser):
    """Collects start tags, checks nesting, and keeps the visible text minus the report's own badges."""

    VOID = {"meta", "br", "img", "input", "link", "rect", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.badge_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag not in self.VOID:
            self.stack.append(tag)
            if self.badge_depth or attrs.get("class") in ("lbl", "ptag"):
                self.badge_depth += 1

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()
        if self.badge_depth:
            self.badge_depth -= 1

    def handle_data(self, data):
        if not self.badge_depth:
            self.text.append(data)


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def test_page_is_offline(records):
    page = render_report(records)
    assert not re.search(r"""(src|href|action|poster|data)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"url\(|@import|@font-face", page, re.I)
    assert "<script" not in page.lower() and "<link" not in page.lower()
    csp = [
        a for t, a in _parse(page).tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp and "default-src 'none'" in csp[0]["content"]


def test_untrusted_text_is_escaped(records):
    page = render_report(records)
    parsed = _parse(page)
    assert not [t for t, _ in parsed.tags if t in ("script", "img")]
    assert not any(k.startswith("on") for _, attrs in parsed.tags for k in attrs)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "https://example.com/a.png" in "".join(parsed.text)  # shown as text, never fetched


def test_every_document_and_every_error_is_there(records):
    page = render_report(records)
    assert len(re.findall(r'<section class="card doc"', page)) == 2
    text = "".join(_parse(page).text)
    for rec in records:
        assert rec["id"] in text
    assert "UnicodeDecodeError" in text and "could not be annotated" in text
    for name in ("丁世忠", "陈曦"):
        assert name in text
    for j in (1, 2):
        assert f'id="d1-p{j}"' in page and f'href="#d1-p{j}"' in page


def test_proposals_show_speaker_and_theme_and_speakers_table(records):
    page = render_report(records[:1])
    assert "P1 · 丁世忠 · 加大科技创新力度" in page and "P2 · 丁世忠 · 优化产业结构" in page
    table = page[page.index("<th>Speaker</th>") :]
    table = table[: table.index("</table>")]
    assert "安踏集团董事长" in table and "<b>2</b>" in table  # total proposals of the speaker
    assert page.count("<svg") == 6  # three charts for the corpus, three for the document


def test_text_survives_highlighting(records):
    rec = records[0]
    page = render_report([rec])
    body = page[page.index('<div class="text">') :]
    body = body[: body.index("</div></details>")] + "</div>"
    assert "".join(_parse(body).text) == rec["text"]


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="政协委员<&>\n ab", min_size=1, max_size=30).flatmap(
        lambda text: st.tuples(
            st.just(text),
            st.lists(
                st.tuples(st.integers(0, len(text)), st.integers(0, len(text)), st.integers(0, 2)), max_size=8
            ),
        )
    )
)
def test_highlight_nests_any_overlap(case):
    text, ranges = case
    marks = [
        _Mark(min(a, b), max(a, b), r, first=f'<span class="m{r}">', again=f'<span class="m{r}">',
              close_last='<span class="lbl">X</span></span>', close="</span>")
        for a, b, r in ranges
    ]  # fmt: skip
    out = highlight(text, marks)
    parsed = _parse(f"<div>{out}</div>")
    assert parsed.stack == []
    assert "".join(parsed.text) == text


def test_same_records_same_bytes(records):
    assert render_report(records) == render_report(json.loads(json.dumps(records)))


def test_cli_writes_the_page(tmp_path, records):
    src = tmp_path / "annotated.jsonl"
    ex.write_jsonl(src, records)
    parser = argparse.ArgumentParser(prog="pipeline")
    ex.add_subcommands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["report", str(src), "-o", str(tmp_path / "out" / "report.html")])
    assert args.func(args) == 0
    assert (tmp_path / "out" / "report.html").read_text(encoding="utf-8") == render_report(records)


def test_empty_corpus_still_renders(tmp_path):
    write_report([], tmp_path / "r.html")
    assert "0 documents" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_browser_renders_chinese(tmp_path, records):
    """The check behind `make report-check`, on the fixture: skipped only where no browser is installed."""
    from pipeline import reportcheck

    if not any(shutil.which(n) for n in reportcheck.CHROMIUM_NAMES):
        pytest.skip("Chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    if not reportcheck.cjk_fonts():
        pytest.skip("no CJK font is installed (apt-get install fonts-noto-cjk)")
    src = tmp_path / "annotated.jsonl"
    ex.write_jsonl(src, records)
    write_report(records, tmp_path / "report.html")
    notes = reportcheck.check(tmp_path / "report.html", tmp_path / "report.png", src)
    assert any("2 document sections" in n for n in notes)
    assert Path(tmp_path / "report.png").stat().st_size > 10_000


def test_broken_unicode_still_renders(tmp_path):
    rec = sample_record("s.txt")
    rec["text"] = rec["text"] + "\ud800"
    write_report([rec], tmp_path / "r.html")
    assert "丁世忠" in (tmp_path / "r.html").read_text(encoding="utf-8")
