"""Hand annotated output to annotation tools and take their corrections back as gold files.

Annotators fix the pipeline's output in the tool they already know (Prodigy, doccano, Label Studio,
brat); `import` turns what they saved into ``corpus/gold/*.gold.json`` so every correction grows the
gold set. Proposals travel as ``PROPOSAL`` spans so they come back too. All offsets are Python ``str``
positions into the record's ``text`` (Unicode code points), as in SPEC.md.

This module also holds the one JSONL reader that ``report`` and ``tables`` share, and registers the
user-facing subcommands (report, export, import, tables) on the CLI.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

ENTITY_LABELS = ("PERSON", "ORG", "TITLE", "POLICY")
PROPOSAL = "PROPOSAL"
LABELS = (*ENTITY_LABELS, PROPOSAL)
FORMATS = ("prodigy", "doccano", "label-studio", "brat")
IMPORT_FORMATS = FORMATS
# Pipeline facts an annotation tool has no field for (speakers, themes, who made which proposal) ride
# along under this key; tools keep unknown keys, so `import` can give proposals their speaker back.
EXTRA_KEY = "zh_meeting"
BRAT_META = "zh_meeting_meta.jsonl"


# --------------------------------------------------------------------------- reading and writing


class InputError(ValueError):
    """A file the user gave us cannot be read; the message says where and why, in one line."""


def read_records(path: str | Path) -> Iterator[dict]:
    """Yield the JSON objects of a JSONL file, skipping blank lines; one place so all commands agree."""
    path = Path(path)
    try:
        fh = path.open(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot open ({exc.strerror or exc})") from None
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise InputError(f"{path}:{lineno}: expected a JSON object per line")
            yield obj


def write_jsonl(path: str | Path, rows: Iterable[dict]) -> int:
    """Write rows as UTF-8 JSONL (Chinese kept readable), all or nothing; return how many were written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")  # a bad input line half-way must not leave half a file
    n = 0
    try:
        # a lone surrogate (from a broken input) is written as the JSON escape \udXXX, which reads back as is
        with tmp.open("w", encoding="utf-8", errors="backslashreplace", newline="\n") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return n


# --------------------------------------------------------------------------- record helpers


def _valid(text: str, start, end) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)


def record_spans(rec: dict) -> list[dict]:
    """Entity spans plus one PROPOSAL span per proposal, sorted, without broken offsets or duplicates."""
    text = rec.get("text") or ""
    seen, out = set(), []
    items = [(s.get("start"), s.get("end"), s.get("label")) for s in rec.get("spans") or []]
    items += [(p.get("start"), p.get("end"), PROPOSAL) for p in rec.get("proposals") or []]
    for start, end, label in items:
        if not label or not _valid(text, start, end) or (start, end, label) in seen:
            continue
        seen.add((start, end, label))
        out.append({"start": start, "end": end, "text": text[start:end], "label": str(label)})
    out.sort(key=lambda s: (s["start"], -s["end"], s["label"]))
    return out


def _extra(rec: dict) -> dict:
    """What the tools cannot hold but the gold format needs: ids, themes, speakers, proposal owners."""
    return {
        "id": rec.get("id"),
        "source": rec.get("source"),
        "themes": list(rec.get("themes") or []),
        "speakers": [
            {
                "name": s.get("name"),
                "titles": list(s.get("titles") or []),
                "organisation": s.get("organisation"),
                "mentions": [list(m) for m in s.get("mentions") or []],
            }
            for s in rec.get("speakers") or []
        ],
        "proposals": [
            {k: p.get(k) for k in ("id", "start", "end", "speaker", "theme")}
            for p in rec.get("proposals") or []
        ],
    }


def _annotatable(records: Iterable[dict]) -> Iterator[dict]:
    """Records worth annotating: failed documents have no analysis to correct, so they are left out."""
    for rec in records:
        if rec.get("error") or not isinstance(rec.get("text"), str):
            print(f"export: skipping {rec.get('id')!r}: {rec.get('error') or 'no text'}", file=sys.stderr)
            continue
        yield rec


# --------------------------------------------------------------------------- Prodigy


def _prodigy_tokens(text: str, tokens: list[dict], cuts: set[int]) -> list[dict]:
    """Tokens that cover the whole text and break at every span boundary.

    Prodigy rebuilds the text from tokens and refuses spans that cut a token, while our word tokens skip
    whitespace and need not line up with a name inside a longer word. So single spaces become ``ws``,
    other whitespace (paragraph breaks) becomes a disabled token, and tokens are split at span edges.
    """
    ranges = sorted((t["start"], t["end"]) for t in tokens if _valid(text, t.get("start"), t.get("end"))) or [
        (i, i + 1) for i, ch in enumerate(text) if not ch.isspace()
    ]
    pieces: list[tuple[int, int]] = []
    pos = 0
    for start, end in ranges:
        if start < pos:  # overlapping input tokens: keep the text covered once
            start = pos
        if start >= end:
            continue
        if start > pos:
            pieces.extend(_gap_pieces(text, pos, start))
        pieces.append((start, end))
        pos = end
    pieces.extend(_gap_pieces(text, pos, len(text)))
    out: list[dict] = []
    for start, end in pieces:
        inner = sorted(c for c in cuts if start < c < end)
        for a, b in zip([start, *inner], [*inner, end], strict=True):
            out.append({"text": text[a:b], "start": a, "end": b, "id": len(out), "ws": False})
    merged: list[dict] = []
    for tok in out:
        if tok["text"] == " " and merged and not merged[-1]["ws"] and not merged[-1].get("disabled"):
            merged[-1]["ws"] = True
            continue
        if tok["text"].isspace():
            tok["disabled"] = True
        tok["id"] = len(merged)
        merged.append(tok)
    return merged


def _gap_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split an untokenised stretch into whitespace runs and the rest so both survive the round trip."""
    return [(m.start() + start, m.end() + start) for m in re.finditer(r"\s+|\S+", text[start:end])]


def to_prodigy(rec: dict) -> dict:
    """One Prodigy task (ner.manual / spans.manual shape) with token-aligned spans."""
    text = rec["text"]
    spans = record_spans(rec)
    cuts = {s["start"] for s in spans} | {s["end"] for s in spans}
    tokens = _prodigy_tokens(text, rec.get("tokens") or [], cuts)
    starts = {t["start"]: t["id"] for t in tokens}
    ends = {t["end"]: t["id"] for t in tokens}
    owners = {(p.get("start"), p.get("end")): p for p in rec.get("proposals") or []}
    out_spans = []
    for s in spans:
        span = dict(s)
        if s["start"] in starts and s["end"] in ends:  # token_end is inclusive, as Prodigy has it
            span["token_start"] = starts[s["start"]]
            span["token_end"] = ends[s["end"]]
        if s["label"] == PROPOSAL and (s["start"], s["end"]) in owners:
            p = owners[(s["start"], s["end"])]
            span["speaker"], span["theme"] = p.get("speaker"), p.get("theme")
        out_spans.append(span)
    return {
        "text": text,
        "tokens": tokens,
        "spans": out_spans,
        "meta": {"id": rec.get("id"), "source": rec.get("source")},
        EXTRA_KEY: _extra(rec),
    }


# --------------------------------------------------------------------------- doccano


def to_doccano(rec: dict) -> dict:
    """One doccano sequence-labelling line: text plus ``label`` as [start, end, LABEL] triples."""
    return {
        "text": rec["text"],
        "label": [[s["start"], s["end"], s["label"]] for s in record_spans(rec)],
        "doc_id": rec.get("id"),
        EXTRA_KEY: _extra(rec),
    }


# --------------------------------------------------------------------------- Label Studio

LABEL_STUDIO_CONFIG = """<View>
  <Labels name="label" toName="text">
    <Label value="PERSON" background="#f4a261"/>
    <Label value="ORG" background="#8ecae6"/>
    <Label value="TITLE" background="#b5e48c"/>
    <Label value="POLICY" background="#cdb4db"/>
    <Label value="PROPOSAL" background="#ffe066"/>
  </Labels>
  <Text name="text" value="$text" granularity="symbol"/>
</View>
"""


def to_label_studio(rec: dict, model_version: str = "zh-meeting-pipeline") -> dict:
    """One Label Studio task: the text in ``data`` and our spans as a prediction annotators can accept."""
    result = [
        {
            "id": f"s{i}",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": s["start"], "end": s["end"], "text": s["text"], "labels": [s["label"]]},
        }
        for i, s in enumerate(record_spans(rec))
    ]
    return {
        "data": {
            "text": rec["text"],
            "doc_id": rec.get("id"),
            "source": rec.get("source"),
            EXTRA_KEY: _extra(rec),
        },
        "predictions": [{"model_version": model_version, "result": result}],
    }


# --------------------------------------------------------------------------- brat

BRAT_ANNOTATION_CONF = """# Entity types of the zh-meeting pipeline (see ANNOTATION.md).
[entities]
PERSON
ORG
TITLE
POLICY
PROPOSAL
[relations]
# entities may nest (an ORG inside a TITLE, anything inside a PROPOSAL)
<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>
[events]
[attributes]
"""

BRAT_VISUAL_CONF = """[labels]
PERSON | Person
ORG | Organisation | Org
TITLE | Title
POLICY | Policy term | Policy
PROPOSAL | Proposal | Prop
[drawing]
PERSON\tbgColor:#f4a261
ORG\tbgColor:#8ecae6
TITLE\tbgColor:#b5e48c
POLICY\tbgColor:#cdb4db
PROPOSAL\tbgColor:#ffe066
"""

_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def safe_name(doc_id: str, taken: set[str] | None = None) -> str:
    """A file stem for a document id that is one plain name on any OS and cannot leave its folder.

    Separators, dots at the start, control and other odd characters become ``_``; Chinese letters stay.
    When cleaning changed the id or two ids collide (case-insensitively, for macOS and Windows), a short
    hash of the id keeps names distinct and stable.
    """
    raw = str(doc_id)
    stem = re.sub(r"\.(txt|md|jsonl?)$", "", raw, flags=re.IGNORECASE)
    clean = "".join(
        ch if (ch.isalnum() or ch in "-_.") and unicodedata.category(ch)[0] != "C" else "_" for ch in stem
    )
    clean = re.sub(r"_+", "_", clean).strip("._ ")[:80] or "doc"
    while len(clean.encode("utf-8")) > 180:  # room for "-hash" and ".gold.json" within 255 bytes
        clean = clean[:-1]
    if clean.lower() in _RESERVED:
        clean = f"{clean}_"
    if (clean != stem) or (taken is not None and clean.lower() in taken):
        clean = f"{clean}-{hashlib.sha1(raw.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    n = 2
    base = clean
    while taken is not None and clean.lower() in taken:
        clean, n = f"{base}-{n}", n + 1
    if taken is not None:
        taken.add(clean.lower())
    return clean


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """brat's .ann is line based, so a span across a paragraph break is written as pieces without newlines."""
    return [(m.start() + start, m.end() + start) for m in re.finditer(r"[^\n]+", text[start:end])]


def to_brat_ann(rec: dict) -> str:
    """The .ann standoff text: T lines for spans, AnnotatorNotes carrying each proposal's speaker/theme."""
    text = rec["text"]
    owners = {(p.get("start"), p.get("end")): p for p in rec.get("proposals") or []}
    lines, n_note = [], 0
    for i, s in enumerate(record_spans(rec), 1):
        frags = _fragments(text, s["start"], s["end"]) or [(s["start"], s["end"])]
        offsets = ";".join(f"{a} {b}" for a, b in frags)
        shown = " ".join(text[a:b] for a, b in frags).replace("\t", " ")
        lines.append(f"T{i}\t{s['label']} {offsets}\t{shown}")
        p = owners.get((s["start"], s["end"])) if s["label"] == PROPOSAL else None
        if p is not None:
            n_note += 1
            note = f"speaker={p.get('speaker') or ''} | theme={p.get('theme') or ''}"
            lines.append(f"#{n_note}\tAnnotatorNotes T{i}\t{_one_line(note)}")
    return "".join(line + "\n" for line in lines)


def _one_line(s: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", s)


def write_brat(records: Iterable[dict], folder: str | Path) -> int:
    """A brat collection: <name>.txt + <name>.ann per document, the two .conf files and an id map."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    taken: set[str] = set()
    meta, n = [], 0
    for rec in records:
        name = safe_name(rec.get("id") or rec.get("source") or f"doc{n}", taken)
        txt = (folder / f"{name}.txt").resolve()
        if txt.parent != root:  # belt and braces: safe_name never yields a path, but never write outside
            raise InputError(f"refusing to write {txt} outside {root}")
        # "replace" keeps one character per unencodable one, so offsets in the .ann stay right
        txt.write_text(rec["text"], encoding="utf-8", errors="replace", newline="")
        (folder / f"{name}.ann").write_text(to_brat_ann(rec), encoding="utf-8", errors="replace", newline="")
        meta.append({"file": name, **_extra(rec)})
        n += 1
    (folder / "annotation.conf").write_text(BRAT_ANNOTATION_CONF, encoding="utf-8")
    (folder / "visual.conf").write_text(BRAT_VISUAL_CONF, encoding="utf-8")
    write_jsonl(folder / BRAT_META, meta)
    return n


# --------------------------------------------------------------------------- export entry point


def export(records: Iterable[dict], fmt: str, out: str | Path) -> int:
    """Write records for one tool; returns the number of documents written."""
    records = _annotatable(records)
    out = Path(out)
    if fmt == "prodigy":
        return write_jsonl(out, (to_prodigy(r) for r in records))
    if fmt == "doccano":
        return write_jsonl(out, (to_doccano(r) for r in records))
    if fmt == "label-studio":
        tasks = [to_label_studio(r) for r in records]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            json.dumps(tasks, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
            errors="backslashreplace",
        )
        out.with_name(out.stem + ".labeling-config.xml").write_text(LABEL_STUDIO_CONFIG, encoding="utf-8")
        return len(tasks)
    if fmt == "brat":
        return write_brat(records, out)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


# --------------------------------------------------------------------------- import: tool files -> documents


def _doc(text: str, spans: list[tuple[int, int, str, dict]], extra: dict | None, fallback_id: str) -> dict:
    """The neutral form every importer produces: text, (start, end, label, info) spans and our extras."""
    extra = dict(extra or {})
    extra.setdefault("id", fallback_id)
    return {"text": text, "spans": spans, "extra": extra}


def _from_prodigy(path: Path) -> Iterator[dict]:
    for n, task in enumerate(read_records(path)):
        if task.get("answer") not in (None, "accept"):
            continue  # rejected or ignored in Prodigy: not a correction
        meta = task.get("meta") or {}
        extra = task.get(EXTRA_KEY) or {"id": meta.get("id"), "source": meta.get("source")}
        spans = [(s.get("start"), s.get("end"), s.get("label"), s) for s in task.get("spans") or []]
        yield _doc(task.get("text") or "", spans, extra, f"prodigy-{n}")


def _from_doccano(path: Path) -> Iterator[dict]:
    for n, line in enumerate(read_records(path)):
        spans = []
        for item in line.get("label") or line.get("labels") or []:
            if isinstance(item, list | tuple) and len(item) >= 3:
                spans.append((item[0], item[1], item[2], {}))
        for ent in line.get("entities") or []:  # doccano's export when relation labelling is on
            spans.append((ent.get("start_offset"), ent.get("end_offset"), ent.get("label"), {}))
        extra = line.get(EXTRA_KEY) or {"id": line.get("doc_id")}
        yield _doc(line.get("text") or "", spans, extra, f"doccano-{line.get('id', n)}")


def _from_label_studio(path: Path) -> Iterator[dict]:
    try:
        tasks = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a Label Studio JSON export ({exc})") from None
    if isinstance(tasks, dict):
        tasks = [tasks]
    for n, task in enumerate(tasks):
        data = task.get("data") or {}
        done = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        chosen = done[-1] if done else (task.get("predictions") or [{}])[0]  # latest human work wins
        spans = []
        for res in chosen.get("result") or []:
            value = res.get("value") or {}
            for label in value.get("labels") or []:
                spans.append((value.get("start"), value.get("end"), label, {}))
        extra = data.get(EXTRA_KEY) or {"id": data.get("doc_id"), "source": data.get("source")}
        yield _doc(data.get("text") or "", spans, extra, f"label-studio-{task.get('id', n)}")


def _from_brat(folder: Path) -> Iterator[dict]:
    if not folder.is_dir():
        raise InputError(f"{folder}: a brat import reads a folder of .txt and .ann files")
    meta = {}
    if (folder / BRAT_META).exists():
        meta = {m.get("file"): m for m in read_records(folder / BRAT_META)}
    for txt in sorted(folder.glob("*.txt")):
        ann = txt.with_suffix(".ann")
        text = _read_exact(txt)
        spans, notes = {}, {}
        lines = ann.read_text(encoding="utf-8").splitlines() if ann.exists() else []
        for line in lines:
            parts = line.split("\t")
            if line.startswith("T") and len(parts) >= 2:
                label, _, offsets = parts[1].partition(" ")
                frags = [tuple(int(x) for x in f.split()) for f in offsets.split(";") if f.strip()]
                if frags:
                    spans[parts[0]] = (frags[0][0], frags[-1][1], label)
            elif line.startswith("#") and len(parts) >= 3 and parts[1].startswith("AnnotatorNotes"):
                notes[parts[1].split()[-1]] = parts[2]
        out = []
        for tid, (start, end, label) in spans.items():
            info = dict(re.findall(r"(speaker|theme)=([^|]*)", notes.get(tid, "")))
            out.append((start, end, label, {k: v.strip() or None for k, v in info.items()}))
        extra = meta.get(txt.stem) or {"id": txt.name}
        yield _doc(text, out, extra, txt.name)


def _read_exact(path: Path) -> str:
    """brat offsets count characters of the file as is, so read it without newline translation."""
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


READERS = {
    "prodigy": _from_prodigy,
    "doccano": _from_doccano,
    "label-studio": _from_label_studio,
    "brat": _from_brat,
}


# --------------------------------------------------------------------------- import: documents -> gold


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def to_gold(doc: dict, origin: str = "") -> dict:
    """The gold-file form of one corrected document (see shared gold files), plus its positional spans."""
    text, extra = doc["text"], doc["extra"]
    spans, seen = [], set()
    for start, end, label, info in doc["spans"]:
        if not label or not _valid(text, start, end) or (start, end, label) in seen:
            continue
        seen.add((start, end, label))
        spans.append(
            {"start": start, "end": end, "text": text[start:end], "label": str(label), "_info": info}
        )
    spans.sort(key=lambda s: (s["start"], -s["end"], s["label"]))

    def distinct(label: str) -> list[str]:
        return sorted({s["text"] for s in spans if s["label"] == label})

    speakers = [dict(s) for s in extra.get("speakers") or [] if s.get("name")]
    old = [
        p
        for p in extra.get("proposals") or []
        if isinstance(p.get("start"), int) and isinstance(p.get("end"), int)
    ]
    themes = list(extra.get("themes") or [])
    proposals = []
    for s in (s for s in spans if s["label"] == PROPOSAL):
        info = s["_info"] or {}
        best = max(old, key=lambda p: _iou((p["start"], p["end"]), (s["start"], s["end"])), default=None)
        if best is not None and _iou((best["start"], best["end"]), (s["start"], s["end"])) < 0.5:
            best = None
        speaker = info.get("speaker") if "speaker" in info else (best or {}).get("speaker")
        if speaker is None and best is None:
            speaker = _nearest_speaker(speakers, s["start"])
        theme = info.get("theme") if "theme" in info else (best or {}).get("theme")
        proposals.append(
            {
                "start": s["start"],
                "end": s["end"],
                "text": s["text"],
                "speaker": speaker,
                "theme": theme,
                "themes_ok": [theme] if theme else [],
            }
        )
    source = extra.get("source") or extra.get("id") or "doc"
    return {
        "doc": Path(str(source)).name,
        "id": extra.get("id"),
        "themes": themes or sorted({p["theme"] for p in proposals if p["theme"]}),
        "persons": distinct("PERSON"),
        "persons_optional": [],
        "speakers": speakers,
        "speakers_optional": [],
        "orgs": distinct("ORG"),
        "orgs_optional": [],
        "titles": distinct("TITLE"),
        "policy_terms": distinct("POLICY"),
        "policy_optional": [],
        "proposals": proposals,
        "proposals_optional": [],
        "spans": [{k: v for k, v in s.items() if k != "_info"} for s in spans],
        "imported_from": origin,
    }


def _nearest_speaker(speakers: list[dict], pos: int) -> str | None:
    """A new proposal an annotator drew belongs to whoever was mentioned last before it."""
    best, best_pos = None, -1
    for s in speakers:
        for m in s.get("mentions") or []:
            if len(m) == 2 and best_pos < m[0] <= pos:
                best, best_pos = s["name"], m[0]
    return best


def import_gold(path: str | Path, fmt: str, out_dir: str | Path, overwrite: bool = False) -> list[Path]:
    """Write one <doc>.gold.json per corrected document into out_dir; returns the files written."""
    if fmt not in READERS:
        raise ValueError(f"unknown import format {fmt!r}; choose one of {', '.join(IMPORT_FORMATS)}")
    out_dir = Path(out_dir)
    golds = [to_gold(doc, fmt) for doc in READERS[fmt](Path(path))]
    taken: set[str] = set()
    targets = [out_dir / f"{safe_name(g['doc'], taken)}.gold.json" for g in golds]
    clash = [t for t in targets if t.exists()]
    if clash and not overwrite:
        raise InputError(
            f"{clash[0]} already exists ({len(clash)} file(s) would be replaced); pass --overwrite"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    for gold, target in zip(golds, targets, strict=True):
        text = json.dumps(gold, ensure_ascii=False, indent=1) + "\n"
        target.write_text(text, encoding="utf-8", errors="backslashreplace")
    return targets


# --------------------------------------------------------------------------- command line


def _cmd_report(args: argparse.Namespace) -> int:
    from pipeline.report import write_report

    n = write_report(read_records(args.input), args.output)
    print(f"report: {n} document(s) -> {args.output}", file=sys.stderr)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    n = export(read_records(args.input), args.to, args.output)
    print(f"export: {n} document(s) -> {args.output} ({args.to})", file=sys.stderr)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    written = import_gold(args.input, args.source_format, args.output, overwrite=args.overwrite)
    print(f"import: {len(written)} gold file(s) -> {args.output}", file=sys.stderr)
    return 0


def _cmd_tables(args: argparse.Namespace) -> int:
    from pipeline.tables import write_tables

    paths = write_tables(read_records(args.input), args.output)
    print(f"tables: {', '.join(p.name for p in paths)} -> {args.output}", file=sys.stderr)
    return 0


def _guard(func):
    """Turn unreadable input into one clear stderr line and exit status 2 instead of a traceback."""

    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except (InputError, ValueError, OSError) as exc:
            print(f"{args.command}: error: {exc}", file=sys.stderr)
            return 2

    return run


def add_subcommands(subparsers) -> None:
    """Register report, export, import and tables; each sets ``func``, so main() runs ``args.func(args)``."""
    fmt = argparse.RawDescriptionHelpFormatter

    p = subparsers.add_parser(
        "report",
        help="write one offline HTML page to read the results",
        formatter_class=fmt,
        description="Render annotated JSONL (the output of `annotate`) as one self-contained HTML page:\n"
        "each document's text with people, organisations, titles, policy terms and proposals highlighted,\n"
        "a speakers table, and bar charts of proposals per theme and per speaker and of the most frequent\n"
        "policy terms. The page loads nothing from the network; open it in any browser, even offline.",
        epilog="example: python -m pipeline report out/annotated.jsonl -o out/report.html",
    )
    p.add_argument("input", metavar="ANNOTATED.jsonl", help="output of `python -m pipeline annotate`")
    p.add_argument("-o", "--output", required=True, metavar="REPORT.html", help="HTML file to write")
    p.set_defaults(func=_guard(_cmd_report), command="report")

    p = subparsers.add_parser(
        "export",
        help="write the annotations for an annotation tool (Prodigy, doccano, Label Studio, brat)",
        formatter_class=fmt,
        description="Turn annotated JSONL into files an annotation tool opens, so people can correct them.\n"
        "Labels: PERSON, ORG, TITLE, POLICY and PROPOSAL (each proposal as one span). Offsets count\n"
        "characters of the text (Unicode code points).\n\n"
        "  prodigy       JSONL tasks with text, tokens and spans (e.g. for spans.manual / ner.manual)\n"
        "  doccano       JSONL lines with text and label: [[start, end, LABEL], ...]\n"
        "  label-studio  one JSON list of tasks (data.text + predictions); the matching labeling config\n"
        "                is written next to it as <name>.labeling-config.xml\n"
        "  brat          -o is a FOLDER: <id>.txt + <id>.ann per document, annotation.conf, visual.conf\n\n"
        "After correcting, bring the work back with `python -m pipeline import`.",
        epilog="example: python -m pipeline export out/annotated.jsonl --to doccano -o out/doccano.jsonl",
    )
    p.add_argument("input", metavar="ANNOTATED.jsonl", help="output of `python -m pipeline annotate`")
    p.add_argument("--to", required=True, choices=FORMATS, help="which tool to write for")
    p.add_argument("-o", "--output", required=True, metavar="PATH", help="file to write (a folder for brat)")
    p.set_defaults(func=_guard(_cmd_export), command="export")

    p = subparsers.add_parser(
        "import",
        help="turn corrected annotation-tool files back into gold files (corpus/gold/)",
        formatter_class=fmt,
        description="Read what annotators saved in their tool and write one <doc>.gold.json per document,\n"
        "in the gold format the scorer uses: persons, orgs, titles and policy_terms as distinct strings,\n"
        "proposals (from PROPOSAL spans, keeping their speaker and theme where the export carried them),\n"
        "speakers and themes from the export, and every span with its offsets. Prodigy tasks answered\n"
        "'reject' or 'ignore' are skipped. Existing gold files are kept unless you pass --overwrite.",
        epilog="example: python -m pipeline import doccano-corrected.jsonl --from doccano -o corpus/gold/",
    )
    p.add_argument("input", metavar="FILE", help="the tool's file (a folder for brat)")
    p.add_argument(
        "--from", dest="source_format", required=True, choices=IMPORT_FORMATS, help="which tool wrote it"
    )
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="gold folder, e.g. corpus/gold/")
    p.add_argument("--overwrite", action="store_true", help="replace gold files that already exist")
    p.set_defaults(func=_guard(_cmd_import), command="import")

    p = subparsers.add_parser(
        "tables",
        help="write flat CSV tables (speakers, proposals, spans) for Excel or pandas",
        formatter_class=fmt,
        description="Write speakers.csv, proposals.csv, spans.csv and documents.csv into DIR, one row per\n"
        "item with the document id in the first column. Files are UTF-8 with a byte-order mark (BOM), so\n"
        "Excel shows the Chinese text correctly when you double-click them; pandas reads them with\n"
        "encoding='utf-8-sig'.",
        epilog="example: python -m pipeline tables out/annotated.jsonl -o out/tables",
    )
    p.add_argument("input", metavar="ANNOTATED.jsonl", help="output of `python -m pipeline annotate`")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for the CSV files")
    p.set_defaults(func=_guard(_cmd_tables), command="tables")
