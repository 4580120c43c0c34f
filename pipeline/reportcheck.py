"""Look at the HTML report the way a person would: in a real browser, with Chinese fonts.

``make report-check`` runs this after ``make report``. Headless Chromium renders the page to a PNG and
dumps its DOM; the check fails when the screenshot is blank, when the speakers' names are missing from
the rendered page, when document text smuggled in markup (a ``<script>`` element), or when Chinese
characters come out as identical "tofu" boxes because no CJK font is installed. Pure standard library
plus zlib, so it runs wherever Chromium does.

usage: python -m pipeline.reportcheck out/report.html --records out/annotated.jsonl --png out/report.png
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)
INSTALL_HINT = "install them with: apt-get update && apt-get install -y chromium fonts-noto-cjk"


class CheckFailed(Exception):
    """The report does not look right; the message says what a person would have seen."""


# --------------------------------------------------------------------------- browser


def find_chromium() -> str:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    raise CheckFailed(f"no Chromium found; {INSTALL_HINT}")


def _run_chromium(url: str, extra: list[str], timeout: int = 120) -> subprocess.CompletedProcess:
    """One headless run with a fresh profile, so no state leaks between runs and nothing phones home."""
    with tempfile.TemporaryDirectory(prefix="reportcheck-") as profile:
        cmd = [find_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url]
        try:
            return subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise CheckFailed(f"Chromium did not finish within {timeout}s") from None


def screenshot(page: Path, png: Path, width: int = 1280, height: int = 2400) -> None:
    png.parent.mkdir(parents=True, exist_ok=True)
    png.unlink(missing_ok=True)
    proc = _run_chromium(
        page.resolve().as_uri(), [f"--window-size={width},{height}", f"--screenshot={png.resolve()}"]
    )
    if not png.exists() or png.stat().st_size == 0:
        raise CheckFailed(f"Chromium wrote no screenshot (exit {proc.returncode}): {_tail(proc.stderr)}")


def dump_dom(page: Path) -> str:
    proc = _run_chromium(page.resolve().as_uri(), ["--dump-dom"])
    dom = proc.stdout.decode("utf-8", "replace")
    if "<html" not in dom.lower():
        raise CheckFailed(f"Chromium returned no DOM (exit {proc.returncode}): {_tail(proc.stderr)}")
    return dom


def _tail(data: bytes) -> str:
    lines = [ln for ln in data.decode("utf-8", "replace").splitlines() if "dbus" not in ln]
    return " | ".join(lines[-3:])


# --------------------------------------------------------------------------- PNG


def read_png(path: Path) -> tuple[int, int, int, list[bytes]]:
    """Decode an 8-bit, non-interlaced PNG (what Chromium writes) into rows of raw pixel bytes."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise CheckFailed(f"{path} is not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if header is None:
        raise CheckFailed(f"{path}: no PNG header")
    width, height, depth, color, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(color)
    if depth != 8 or channels is None or interlace:
        raise CheckFailed(
            f"{path}: unsupported PNG (depth {depth}, colour type {color}, interlace {interlace})"
        )
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        _unfilter(kind, line, prev, channels)
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def _unfilter(kind: int, line: bytearray, prev: bytearray, bpp: int) -> None:
    n = len(line)
    if kind == 0:
        return
    if kind == 1:
        for i in range(bpp, n):
            line[i] = (line[i] + line[i - bpp]) & 0xFF
    elif kind == 2:
        for i in range(n):
            line[i] = (line[i] + prev[i]) & 0xFF
    elif kind == 3:
        for i in range(n):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
    elif kind == 4:
        for i in range(n):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[i] = (line[i] + pred) & 0xFF
    else:
        raise CheckFailed(f"bad PNG filter type {kind}")


def pixel_stats(path: Path) -> dict:
    """Distinct colours and the share of pixels that differ from the most common (background) colour."""
    width, height, channels, rows = read_png(path)
    counts: dict[bytes, int] = {}
    for row in rows:
        for x in range(0, len(row), channels * 2):  # every other pixel is plenty to judge variety
            px = row[x : x + min(channels, 3)]
            counts[px] = counts.get(px, 0) + 1
    total = sum(counts.values())
    background = max(counts.values())
    return {"width": width, "height": height, "colours": len(counts), "ink": 1 - background / total}


# --------------------------------------------------------------------------- glyph probe


def glyph_probe(chars: str, png: Path) -> None:
    """Render each character large in its own cell and compare the cells.

    Without a CJK font every Han character falls back to the same empty box, so the cells come out
    identical (or blank); with a font they all differ. A private-use character is drawn too, as the
    picture of a missing glyph that real characters must not look like.
    """
    chars = "".join(dict.fromkeys(c for c in chars if "\u4e00" <= c <= "\u9fff"))[:6]
    if len(chars) < 2:
        chars = "政协委员"
    cells = [*chars, "\ue000"]
    size, gap = 80, 20
    body = "".join(
        f'<div style="position:absolute;left:{i * (size + gap) + gap}px;top:{gap}px;'
        f"width:{size}px;height:{size}px;"
        f'font-size:{size - 16}px;line-height:{size}px;text-align:center">{html.escape(c)}</div>'
        for i, c in enumerate(cells)
    )
    page = png.with_suffix(".html")
    from pipeline.report import CSS  # the report's own font stack, so the probe sees what the page sees

    font = re.search(r"--font:([^;]+);", CSS).group(1)
    page.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{{margin:0;background:#fff;color:#000;'
        f"font-family:{font}}}</style></head><body>{body}</body></html>",
        encoding="utf-8",
    )
    width = len(cells) * (size + gap) + gap
    screenshot(page, png, width=max(width, 800), height=400)  # tiny windows clip in headless mode
    _, _, channels, rows = read_png(png)
    bitmaps = []
    for i in range(len(cells)):
        x0 = (i * (size + gap) + gap) * channels
        cell = b"".join(row[x0 : x0 + size * channels] for row in rows[gap : gap + size])
        ink = sum(1 for k in range(0, len(cell), channels) if cell[k] < 128)
        bitmaps.append((cell, ink))
    tofu = bitmaps[-1][0]
    for ch, (cell, ink) in zip(chars, bitmaps, strict=False):
        if ink < 20:
            raise CheckFailed(f"the character {ch} rendered blank: no CJK font? {INSTALL_HINT}")
        if cell == tofu:
            raise CheckFailed(f"the character {ch} rendered as a missing-glyph box: {INSTALL_HINT}")
    if len({cell for cell, _ in bitmaps[:-1]}) < len(chars):
        raise CheckFailed(f"different Chinese characters rendered identically (tofu boxes): {INSTALL_HINT}")


def cjk_fonts() -> list[str]:
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    return sorted({ln.strip() for ln in out.splitlines() if ln.strip()})


# --------------------------------------------------------------------------- the check


def expected_names(records_path: Path | None, limit: int = 30) -> tuple[list[str], int]:
    """Speaker names the page must show, and how many documents succeeded (each needs a section)."""
    if records_path is None:
        return [], -1
    from pipeline.export import read_records

    names, ok = [], 0
    for rec in read_records(records_path):
        if rec.get("error"):
            continue
        ok += 1
        for s in rec.get("speakers") or []:
            if s.get("name") and s["name"] not in names:
                names.append(s["name"])
    return names[:limit], ok


def check(page: Path, png: Path, records: Path | None) -> list[str]:
    """Run every check; return lines describing what was measured (raises CheckFailed on a problem)."""
    if not page.exists():
        raise CheckFailed(f"{page} does not exist; run `make report` first")
    notes = []
    fonts = cjk_fonts()
    if not fonts:
        raise CheckFailed(f"no font with Chinese glyphs is installed; {INSTALL_HINT}")
    notes.append(f"CJK fonts: {len(fonts)} families (e.g. {fonts[0]})")

    screenshot(page, png)
    stats = pixel_stats(png)
    notes.append(
        f"screenshot {png}: {stats['width']}x{stats['height']}, {stats['colours']} colours, "
        f"{stats['ink']:.1%} non-background"
    )
    if stats["colours"] < 16 or stats["ink"] < 0.02:
        raise CheckFailed(f"the screenshot looks blank ({stats['colours']} colours, {stats['ink']:.1%} ink)")

    dom = dump_dom(page)
    names, n_ok = expected_names(records)
    text = html.unescape(re.sub(r"<[^>]+>", "", dom))
    missing = [n for n in names if n not in text]
    if missing:
        raise CheckFailed(f"speaker names missing from the rendered page: {', '.join(missing[:10])}")
    if re.search(r"<script\b", dom, re.IGNORECASE):
        raise CheckFailed("the rendered page contains a <script> element: document text was not escaped")
    sections = len(re.findall(r'<section class="card doc"', dom))
    if n_ok >= 0 and sections != n_ok:
        raise CheckFailed(f"the page shows {sections} documents but the records have {n_ok} annotated ones")
    notes.append(f"DOM: {sections} document sections, {len(names)} speaker names all present, no <script>")

    probe = png.with_name(png.stem + "-glyphs.png")
    glyph_probe("".join(names), probe)
    notes.append(f"glyphs: Chinese characters render as distinct glyphs ({probe})")
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.reportcheck",
        description="Render the HTML report in headless Chromium and check that a person would see it: "
        "a non-blank page, the speakers' names, Chinese glyphs (not tofu boxes), no injected scripts.",
    )
    parser.add_argument("report", type=Path, help="the HTML report, e.g. out/report.html")
    parser.add_argument("--records", type=Path, help="the annotated JSONL the report was made from")
    parser.add_argument(
        "--png", type=Path, default=Path("out/report.png"), help="where to save the screenshot"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("LANG", "C.UTF-8")
    try:
        for line in check(args.report, args.png, args.records):
            print(f"report-check: {line}")
    except CheckFailed as exc:
        print(f"report-check: FAILED: {exc}", file=sys.stderr)
        return 1
    print("report-check: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
