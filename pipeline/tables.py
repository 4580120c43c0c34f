"""Flat CSV tables of annotated output, for people who work in Excel, pandas or R.

The files are UTF-8 *with* a byte-order mark: without it Excel guesses a legacy code page and shows
the Chinese as mojibake; pandas and R read the BOM fine (pandas: ``encoding="utf-8-sig"``).
Text comes from untrusted documents, so a cell that would start a spreadsheet formula (=, +, -, @)
gets a leading apostrophe; offsets in the CSV still index the original text.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

SPEAKER_COLUMNS = ["doc_id", "name", "titles", "organisation", "mentions", "proposals", "proposals_by_theme"]
PROPOSAL_COLUMNS = ["doc_id", "proposal_id", "speaker", "theme", "theme_score", "start", "end", "text"]
SPAN_COLUMNS = ["doc_id", "label", "text", "start", "end", "token_start", "token_end"]
DOCUMENT_COLUMNS = ["doc_id", "source", "themes", "spans", "speakers", "proposals", "error"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEP = "; "  # titles and themes never contain it, and it reads naturally in a spreadsheet cell


def _rows(records: Iterable[dict]) -> dict[str, list[list]]:
    tables: dict[str, list[list]] = {"speakers": [], "proposals": [], "spans": [], "documents": []}
    for rec in records:
        doc_id = rec.get("id")
        proposals = rec.get("proposals") or []
        per_speaker: dict[str | None, Counter] = {}
        for p in proposals:
            per_speaker.setdefault(p.get("speaker"), Counter())[p.get("theme")] += 1
        for s in rec.get("speakers") or []:
            counts = per_speaker.get(s.get("name"), Counter())
            by_theme = LIST_SEP.join(
                f"{t}: {n}" for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
            )
            tables["speakers"].append(
                [
                    doc_id,
                    s.get("name"),
                    LIST_SEP.join(s.get("titles") or []),
                    s.get("organisation") or "",
                    len(s.get("mentions") or []),
                    sum(counts.values()),
                    by_theme,
                ]
            )
        for p in proposals:
            score = p.get("theme_score")
            tables["proposals"].append(
                [
                    doc_id,
                    p.get("id"),
                    p.get("speaker") or "",
                    p.get("theme") or "",
                    "" if score is None else round(float(score), 4),
                    p.get("start"),
                    p.get("end"),
                    p.get("text"),
                ]
            )
        for sp in rec.get("spans") or []:
            tables["spans"].append(
                [
                    doc_id,
                    sp.get("label"),
                    sp.get("text"),
                    sp.get("start"),
                    sp.get("end"),
                    sp.get("token_start", ""),
                    sp.get("token_end", ""),
                ]
            )
        tables["documents"].append(
            [
                doc_id,
                rec.get("source") or "",
                LIST_SEP.join(rec.get("themes") or []),
                len(rec.get("spans") or []),
                len(rec.get("speakers") or []),
                len(proposals),
                rec.get("error") or "",
            ]
        )
    return tables


def _cell(value):
    """Defuse spreadsheet formulas hidden in document text (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_tables(records: Iterable[dict], out_dir: str | Path) -> list[Path]:
    """Write speakers.csv, proposals.csv, spans.csv and documents.csv; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = _rows(records)
    headers = {
        "speakers": SPEAKER_COLUMNS,
        "proposals": PROPOSAL_COLUMNS,
        "spans": SPAN_COLUMNS,
        "documents": DOCUMENT_COLUMNS,
    }
    paths = []
    for name, header in headers.items():
        path = out_dir / f"{name}.csv"
        with path.open("w", encoding="utf-8-sig", errors="replace", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows([_cell(v) for v in row] for row in tables[name])
        paths.append(path)
    return paths
