"""One self-contained HTML page that shows people what the pipeline found.

A policy researcher opens it in a browser, offline, and sees per document the highlighted text, who
spoke for which organisation, each proposal with its speaker and theme, and small charts; plus the same
charts across the corpus. Everything is inline (CSS and SVG, no scripts, no fonts or images from the
network) and a Content-Security-Policy forbids loading anything, because the page must work on an
air-gapped laptop and the document text is untrusted input: every string goes through ``_e``.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ENTITY_LABELS = ("PERSON", "ORG", "TITLE", "POLICY")
LABEL_COLORS = {"PERSON": "#f4a261", "ORG": "#8ecae6", "TITLE": "#b5e48c", "POLICY": "#cdb4db"}
LABEL_NAMES = {
    "PERSON": "person 人名",
    "ORG": "organisation 机构",
    "TITLE": "title 职务",
    "POLICY": "policy term 政策术语",
}
# Twenty distinguishable colours; documents rarely have more themes, and past that colours repeat.
THEME_COLORS = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948",
    "#9c755f", "#ff9da7", "#17becf", "#1f3d7a", "#a05a00", "#2e6b30", "#8c1c2a",
    "#3d7f7a", "#6a3d7a", "#8a7a00", "#5c4033", "#d6616b", "#7f7f7f",
)  # fmt: skip
NO_THEME = "(no theme)"
NO_SPEAKER = "(speaker unknown)"
GREY = "#9e9e9e"
# Nothing may be fetched: no scripts, fonts, images or frames; only the inline stylesheet applies.
CSP = "default-src 'none'; style-src 'unsafe-inline'"
NONE = '<span class="muted">none</span>'

CSS = (
    """
:root { --font: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  "WenQuanYi Micro Hei", "Noto Sans CJK TC", sans-serif; }
* { box-sizing: border-box; }
body { font-family: var(--font); margin: 0; color: #222; background: #f6f6f4; line-height: 1.6; }
main { max-width: 1120px; margin: 0 auto; padding: 16px 24px 64px; }
h1 { font-size: 1.6em; margin: 8px 0; } h2 { font-size: 1.3em; margin: 0 0 6px; } h3 { font-size: 1.05em; }
section.card { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 16px 20px;
  margin: 18px 0; }
.muted { color: #666; font-size: .9em; } .small { font-size: .85em; }
.legend span.key, .chip { display: inline-block; padding: 0 6px; margin: 2px 4px 2px 0; border-radius: 3px; }
.chip { color: #fff; font-size: .85em; white-space: nowrap; }
table { border-collapse: collapse; margin: 8px 0; font-size: .92em; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0ec; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 12px 28px; }
figure.chart { margin: 6px 0; } figure.chart figcaption { font-weight: bold; font-size: .92em; }
svg text { font-family: var(--font); font-size: 12px; fill: #222; }
.text { white-space: pre-wrap; word-break: break-all; font-size: 1.02em; line-height: 2.1; padding: 8px;
  background: #fcfcfa; border: 1px solid #eee; }
mark.ent { padding: 1px 2px; border-radius: 3px; color: inherit; }
mark.ent .lbl { display: inline-block; font-size: .62em; font-weight: bold; margin-left: 2px;
  vertical-align: middle; opacity: .75; }
"""
    + "\n".join(f"mark.ent-{k} {{ background: {v}; }}" for k, v in LABEL_COLORS.items())
    + """
span.prop { background: #fff6c7; border-left: 3px solid var(--c, #e0b000); padding-left: 2px; }
span.ptag { font-size: .75em; font-weight: bold; color: #fff; background: var(--c, #e0b000);
  border-radius: 3px;
  padding: 0 5px; margin-right: 4px; white-space: nowrap; }
span.mention { border-bottom: 2px dotted #c0392b; }
.error { color: #b00020; }
nav ol { columns: 2; font-size: .92em; }
details > summary { cursor: pointer; font-weight: bold; margin: 8px 0; }
"""
)


def _e(value) -> str:
    """Escape for HTML text and attribute values; the one door untrusted text goes through."""
    return html.escape("" if value is None else str(value), quote=True)


# --------------------------------------------------------------------------- charts


def bar_chart(
    title: str, rows: list[tuple[str, dict[str, int]]], colors: dict[str, str], width: int = 480
) -> str:
    """Horizontal (stacked) bars as inline SVG: rows are (label, {series: count}), largest first."""
    rows = [(label, {k: v for k, v in parts.items() if v}) for label, parts in rows]
    rows = [r for r in rows if r[1]]
    if not rows:
        caption = f"<figcaption>{_e(title)}</figcaption>"
        return f'<figure class="chart">{caption}<p class="muted">nothing to show</p></figure>'
    label_w, row_h, pad = 170, 22, 44
    bar_w = width - label_w - pad
    top = max(sum(parts.values()) for _, parts in rows)
    height = row_h * len(rows) + 6
    out = [
        f'<figure class="chart"><figcaption>{_e(title)}</figcaption>',
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_e(title)}">',
    ]
    for i, (label, parts) in enumerate(rows):
        y = i * row_h + 3
        shown = label if len(label) <= 11 else label[:10] + "…"
        out.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">'
            f"<title>{_e(label)}</title>{_e(shown)}</text>"
        )
        x = float(label_w)
        for series, value in parts.items():
            w = bar_w * value / top
            tip = f"{label} · {series}: {value}" if series else f"{label}: {value}"
            out.append(
                f'<rect x="{x:.1f}" y="{y + 2}" width="{max(w, 1):.1f}" height="{row_h - 6}" '
                f'fill="{_e(colors.get(series, GREY))}"><title>{_e(tip)}</title></rect>'
            )
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + 15}">{sum(parts.values())}</text>')
    out.append("</svg></figure>")
    return "".join(out)


def _chip(theme: str, colors: dict[str, str]) -> str:
    return f'<span class="chip" style="background:{_e(colors.get(theme, GREY))}">{_e(theme)}</span>'


def _theme_legend(themes: Iterable[str], colors: dict[str, str]) -> str:
    return "".join(_chip(t, colors) for t in themes)


# --------------------------------------------------------------------------- highlighted text


@dataclass
class _Mark:
    """One highlighted range; ``first`` opens it with its badge, ``again`` reopens it after a crossing."""

    start: int
    end: int
    rank: int  # on equal ranges: lower rank is the outer element
    first: str
    again: str
    close_last: str
    close: str = ""


def highlight(text: str, marks: list[_Mark]) -> str:
    """Escape text and wrap ranges in properly nested elements, reopening a range that another crosses."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    opening: dict[int, list[_Mark]] = {}
    for m in marks:
        opening.setdefault(m.start, []).append(m)
    points = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    out: list[str] = []
    stack: list[_Mark] = []
    for i, pos in enumerate(points):
        if any(m.end == pos for m in stack):
            reopen = []
            while any(m.end == pos for m in stack):
                m = stack.pop()
                out.append(m.close_last if m.end == pos else m.close)
                if m.end != pos:
                    reopen.append(m)
            for m in reversed(reopen):
                out.append(m.again)
                stack.append(m)
        for m in sorted(opening.get(pos, []), key=lambda m: (-m.end, m.rank)):
            out.append(m.first)
            stack.append(m)
        if i + 1 < len(points):
            out.append(_e(text[pos : points[i + 1]]))
    for m in reversed(stack):
        out.append(m.close_last)
    return "".join(out)


def _marks(rec: dict, doc_no: int, theme_colors: dict[str, str]) -> list[_Mark]:
    marks = []
    for j, p in enumerate(rec.get("proposals") or [], 1):
        if not isinstance(p.get("start"), int) or not isinstance(p.get("end"), int):
            continue
        color = _e(theme_colors.get(p.get("theme"), GREY))
        tag = f"P{j} · {p.get('speaker') or NO_SPEAKER} · {p.get('theme') or NO_THEME}"
        style = f'class="prop" style="--c:{color}" title="{_e(tag)}"'
        marks.append(
            _Mark(
                p["start"],
                p["end"],
                0,
                first=f'<span {style} id="d{doc_no}-p{j}"><span class="ptag">{_e(tag)}</span>',
                again=f"<span {style}>",
                close_last="</span>",
                close="</span>",
            )
        )
    for s in rec.get("spans") or []:
        label = s.get("label")
        if (
            label not in ENTITY_LABELS
            or not isinstance(s.get("start"), int)
            or not isinstance(s.get("end"), int)
        ):
            continue
        opener = f'<mark class="ent ent-{label}" title="{_e(LABEL_NAMES[label])}">'
        marks.append(
            _Mark(
                s["start"],
                s["end"],
                2,
                first=opener,
                again=opener,
                close_last=f'<span class="lbl">{label}</span></mark>',
                close="</mark>",
            )
        )
    for sp in rec.get("speakers") or []:
        opener = f'<span class="mention" title="{_e("speaker: " + str(sp.get("name")))}">'
        for m in sp.get("mentions") or []:
            if isinstance(m, list | tuple) and len(m) == 2 and all(isinstance(x, int) for x in m):
                marks.append(
                    _Mark(m[0], m[1], 1, first=opener, again=opener, close_last="</span>", close="</span>")
                )
    return marks


# --------------------------------------------------------------------------- counting


def _proposals_by(records: Iterable[dict], key: str) -> Counter:
    counts: Counter = Counter()
    for rec in records:
        for p in rec.get("proposals") or []:
            counts[
                (p.get(key) or (NO_THEME if key == "theme" else NO_SPEAKER), p.get("theme") or NO_THEME)
            ] += 1
    return counts


def _charts(records: list[dict], theme_colors: dict[str, str], n_terms: int, n_speakers: int) -> str:
    """Proposals per theme, per speaker (stacked by theme) and the most frequent policy terms."""
    counts = _proposals_by(records, "speaker")
    per_theme: Counter = Counter()
    per_speaker: dict[str, Counter] = {}
    for (speaker, theme), n in counts.items():
        per_theme[theme] += n
        per_speaker.setdefault(speaker, Counter())[theme] += n
    order = {t: i for i, t in enumerate(theme_colors)}
    theme_rows = [
        (t, {t: n}) for t, n in sorted(per_theme.items(), key=lambda kv: (-kv[1], order.get(kv[0], 99)))
    ]
    speaker_rows = sorted(per_speaker.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:n_speakers]
    speaker_rows = [
        (s, dict(sorted(c.items(), key=lambda kv: order.get(kv[0], 99)))) for s, c in speaker_rows
    ]
    terms = Counter(
        s.get("text")
        for rec in records
        for s in rec.get("spans") or []
        if s.get("label") == "POLICY" and s.get("text")
    )
    term_rows = [(t, {"": n}) for t, n in sorted(terms.items(), key=lambda kv: (-kv[1], kv[0]))[:n_terms]]
    return (
        '<div class="charts">'
        + bar_chart("Proposals per theme", theme_rows, theme_colors)
        + bar_chart("Proposals per speaker (colour = theme)", speaker_rows, theme_colors)
        + bar_chart(f"Most frequent policy terms (top {n_terms})", term_rows, {"": LABEL_COLORS["POLICY"]})
        + "</div>"
    )


# --------------------------------------------------------------------------- page parts


def _speakers_table(rec: dict, theme_colors: dict[str, str]) -> str:
    speakers = rec.get("speakers") or []
    if not speakers:
        return '<p class="muted">No speakers found.</p>'
    counts = _proposals_by([rec], "speaker")
    themes = list(rec.get("themes") or [])
    themes += sorted({t for (_, t) in counts if t not in themes})
    head = "".join(f"<th>{_chip(t, theme_colors)}</th>" for t in themes)
    rows = []
    for s in speakers:
        name = s.get("name")
        cells = "".join(f'<td class="n">{counts.get((name, t), 0) or ""}</td>' for t in themes)
        total = sum(counts.get((name, t), 0) for t in themes)
        rows.append(
            f"<tr><td><b>{_e(name)}</b></td><td>{_e('、'.join(s.get('titles') or []))}</td>"
            f'<td>{_e(s.get("organisation") or "")}</td><td class="n">{len(s.get("mentions") or [])}</td>'
            f'{cells}<td class="n"><b>{total}</b></td></tr>'
        )
    return (
        "<table><thead><tr><th>Speaker</th><th>Titles</th><th>Organisation</th><th>Mentions</th>"
        f"{head}<th>Proposals</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _proposals_table(rec: dict, doc_no: int, theme_colors: dict[str, str]) -> str:
    proposals = rec.get("proposals") or []
    if not proposals:
        return '<p class="muted">No proposals found.</p>'
    rows = []
    for j, p in enumerate(proposals, 1):
        text = str(p.get("text") or "").replace("\n", " ")
        short = text if len(text) <= 70 else text[:68] + "…"
        score = p.get("theme_score")
        score = f"{float(score):.2f}" if isinstance(score, int | float) else ""
        theme = p.get("theme") or NO_THEME
        rows.append(
            f'<tr><td><a href="#d{doc_no}-p{j}">P{j}</a></td><td>{_e(p.get("speaker") or NO_SPEAKER)}</td>'
            f"<td>{_chip(theme, theme_colors)}</td>"
            f'<td class="n">{score}</td><td>{_e(short)}</td></tr>'
        )
    return (
        "<table><thead><tr><th>#</th><th>Speaker</th><th>Theme</th><th>Score</th><th>Proposal</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _doc_section(rec: dict, doc_no: int, theme_colors: dict[str, str]) -> str:
    text = rec.get("text") if isinstance(rec.get("text"), str) else ""
    spans = rec.get("spans") or []
    by_label = Counter(s.get("label") for s in spans)
    summary = " · ".join(f"{by_label.get(k, 0)} {k}" for k in ENTITY_LABELS)
    return (
        f'<section class="card doc" id="doc-{doc_no}">'
        f"<h2>{doc_no}. {_e(rec.get('id'))}</h2>"
        f'<p class="muted">source: {_e(rec.get("source"))} · {len(text)} characters · {summary} · '
        f"{len(rec.get('speakers') or [])} speakers · {len(rec.get('proposals') or [])} proposals</p>"
        f"<p>Themes: {_theme_legend(rec.get('themes') or [], theme_colors) or NONE}</p>"
        + _charts([rec], theme_colors, n_terms=10, n_speakers=12)
        + "<h3>Speakers</h3>"
        + _speakers_table(rec, theme_colors)
        + "<h3>Proposals</h3>"
        + _proposals_table(rec, doc_no, theme_colors)
        + '<details open><summary>Text</summary><div class="text">'
        + highlight(text, _marks(rec, doc_no, theme_colors))
        + "</div></details></section>"
    )


def _errors_section(failed: list[tuple[int, dict]]) -> str:
    if not failed:
        return ""
    rows = "".join(
        f'<tr id="doc-{n}"><td>{n}</td><td>{_e(r.get("id"))}</td><td>{_e(r.get("source"))}</td>'
        f'<td class="error">{_e(r.get("error"))}</td></tr>'
        for n, r in failed
    )
    return (
        '<section class="card" id="errors"><h2 class="error">Documents that could not be annotated</h2>'
        f"<table><thead><tr><th>#</th><th>id</th><th>source</th><th>error</th></tr></thead><tbody>{rows}</tbody>"
        "</table></section>"
    )


def _theme_colors(records: list[dict]) -> dict[str, str]:
    """One colour per theme for the whole page, in order of first appearance, so charts agree."""
    themes: list[str] = []
    for rec in records:
        for t in [*(rec.get("themes") or []), *(p.get("theme") for p in rec.get("proposals") or [])]:
            if t and t not in themes:
                themes.append(t)
    colors = {t: THEME_COLORS[i % len(THEME_COLORS)] for i, t in enumerate(themes)}
    colors[NO_THEME] = GREY
    return colors


def render_report(records: Iterable[dict]) -> str:
    """The whole page as a string (deterministic: same records, same bytes)."""
    records = list(records)
    ok = [(n, r) for n, r in enumerate(records, 1) if not r.get("error")]
    failed = [(n, r) for n, r in enumerate(records, 1) if r.get("error")]
    good = [r for _, r in ok]
    colors = _theme_colors(good)
    labels = Counter(s.get("label") for r in good for s in r.get("spans") or [])
    n_props = sum(len(r.get("proposals") or []) for r in good)
    n_speakers = len({s.get("name") for r in good for s in r.get("speakers") or []})
    legend = "".join(
        f'<span class="key" style="background:{c}">{_e(LABEL_NAMES[k])} ({labels.get(k, 0)})</span>'
        for k, c in LABEL_COLORS.items()
    )
    toc = "".join(
        f'<li><a href="#doc-{n}">{_e(r.get("id"))}</a>'
        + (
            ' <span class="error">(failed)</span>'
            if r.get("error")
            else f" — {len(r.get('proposals') or [])} proposals"
        )
        + "</li>"
        for n, r in enumerate(records, 1)
    )
    versions = sorted({str((r.get("meta") or {}).get("pipeline_version")) for r in good if r.get("meta")})
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-Hans"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Meeting report annotations</title>",
        f"<style>{CSS}</style></head><body><main>",
        '<section class="card" id="corpus"><h1>Meeting report annotations</h1>',
        f"<p>{len(records)} documents ({len(failed)} failed) · {n_speakers} speakers · {n_props} proposals"
        + (f' · <span class="muted">pipeline {_e(", ".join(versions))}</span>' if versions else "")
        + "</p>",
        f'<p class="legend">{legend}<span class="key mention-key" style="border-bottom:2px dotted #c0392b">'
        'speaker mention</span> <span class="key" style="background:#fff6c7">proposal 建议</span></p>',
        "<h2>Across the corpus</h2>",
        _charts(good, colors, n_terms=15, n_speakers=20),
        f"<nav><h2>Documents</h2><ol>{toc}</ol></nav></section>",
        *(_doc_section(r, n, colors) for n, r in ok),
        _errors_section(failed),
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"


def write_report(records: Iterable[dict], path: str | Path) -> int:
    """Write the HTML page to path and return how many records it covers."""
    records = list(records)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(records), encoding="utf-8", errors="replace")  # lone surrogates -> ?
    return len(records)
