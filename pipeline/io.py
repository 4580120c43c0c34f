"""Reading inputs: bytes -> text, with the encoding detected and every input accounted for.

Each input document becomes one :class:`InputDocument`. A document that cannot be read or decoded
still becomes one, with ``error`` set, so that the output has a record for every input.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl",)
DEFAULT_MAX_CHARS = 5_000_000

# Encodings a Chinese document is plausibly in, in the order a tie is broken.
CHINESE_ENCODINGS = ["utf_8", "gb18030", "big5", "big5hkscs", "utf_16_le", "utf_16_be"]


class DecodeError(ValueError):
    """The bytes are not text in any encoding we accept."""


@dataclass
class InputDocument:
    """One document to annotate, or the reason it could not be read."""

    id: str
    source: str
    text: str | None = None
    encoding: str | None = None
    error: str | None = None
    meta: dict = field(default_factory=dict)


def normalise_newlines(text: str) -> str:
    """Drop a leading BOM and turn CRLF and lone CR into LF: the only changes made to a text."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _looks_binary(data: bytes) -> bool:
    """Control bytes other than whitespace in a sample mean this is not a text file."""
    sample = data[:8192]
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(sample) > 0.05


_ALLOWED_CONTROLS = frozenset("\t\n\r\f\x1b")


def _binary_reason(text: str) -> str | None:
    """Why decoded text is not a text document: NUL characters, or many other control characters."""
    if "\x00" in text:
        return "binary file (contains NUL bytes), not text"
    sample = text[:8192]
    controls = sum(1 for c in sample if (c < " " or "\x7f" <= c < "\xa0") and c not in _ALLOWED_CONTROLS)
    if sample and controls / len(sample) > 0.05:
        return "binary file (control characters), not text"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 exports without a BOM show NULs in every other byte for ASCII and CJK alike."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.2 and even_nuls < half * 0.05:
        return "utf_16_le"
    if even_nuls > half * 0.2 and odd_nuls < half * 0.05:
        return "utf_16_be"
    return None


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """Characters Chinese text is mostly made of: GB2312 level 1 (the 3,755 most used simplified
    characters), Big5 level 1 (the 5,401 most used traditional ones) and CJK / full-width punctuation.

    A wrong decoding of Chinese bytes turns them into rare characters, private-use or Hangul codes, so
    the share of these characters tells the right legacy encoding (GB18030, Big5, UTF-16) from the wrong.
    """
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA1, 0xC7):  # A1-A3: Big5 symbols and punctuation; A440-C67E: level 1
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            if lead == 0xC6 and trail > 0x7E:
                continue
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    chars.update(chr(c) for c in range(0x3000, 0x3040))
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F))
    chars.update("\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u00b7\u2022\u00a0\u3000\ufeff")
    return frozenset(chars)


def _chinese_score(text: str) -> float:
    """Share of the non-ASCII characters that are common Chinese characters or punctuation (0..1)."""
    common = _common_chars()
    non_ascii = [c for c in text[:20000] if c >= "\x80"]
    if not non_ascii:
        return 0.0
    return sum(1 for c in non_ascii if c in common) / len(non_ascii)


def _decode_chinese(data: bytes) -> tuple[str, str] | None:
    """The legacy or BOM-less Chinese encoding whose decoding reads most like Chinese, if any does well."""
    best: tuple[float, str, str] | None = None
    for name in CHINESE_ENCODINGS[1:]:
        if name.startswith("utf_16") and (len(data) % 2 or data.isascii()):
            continue  # ASCII bytes without NULs are ASCII (with control characters), never UTF-16
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _binary_reason(text):
            continue
        score = _chinese_score(text)
        if best is None or score > best[0]:
            best = (score, text, name)
    if best is None or best[0] < 0.6:
        return None
    return best[1], best[2].replace("_", "-")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text, returning ``(text, encoding)``; raise :class:`DecodeError` if impossible.

    A BOM decides first, then the NUL pattern of BOM-less UTF-16, then strict UTF-8 (by far the most
    common). Otherwise the candidate Chinese encodings (GB18030, which includes GBK and GB2312; Big5 and
    Big5-HKSCS; UTF-16 LE/BE) that decode the bytes are ranked by how much the result reads like Chinese,
    so that short GBK texts are not taken for Big5 or Cyrillic. Last, charset-normalizer over all the
    encodings it knows, accepted only when it finds coherent text. NUL bytes or many control characters
    mean a binary file.
    """
    if not data:
        return "", "utf-8"
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"has a {name} byte-order mark but is not valid {name}: {exc.reason}") from exc
            return _checked(text, name)
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _checked(data.decode(utf16), utf16.replace("_", "-"))
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _binary_reason(text):
            return normalise_newlines(text), "utf-8"
    found = _decode_chinese(data)
    if found is not None:
        return _checked(*found)
    if _looks_binary(data):
        raise DecodeError("binary file (control bytes), not text")
    from charset_normalizer import from_bytes

    # Too short to tell an encoding from noise: refuse rather than guess one of a hundred code pages.
    best = from_bytes(data).best() if len(data) >= 32 else None
    if best is None or best.chaos > 0.2:
        raise DecodeError("not text in UTF-8, GB18030/GBK, Big5, UTF-16 or any encoding charset-normalizer knows")
    return _checked(str(best), best.encoding.replace("_", "-"))


def _checked(text: str, encoding: str) -> tuple[str, str]:
    reason = _binary_reason(text)
    if reason:
        raise DecodeError(reason)
    return normalise_newlines(text), encoding


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def read_file(path: Path, doc_id: str, source: str, max_chars: int = DEFAULT_MAX_CHARS) -> InputDocument:
    """Read and decode one text file; failures become an error document, never an exception."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return InputDocument(doc_id, source, error=f"cannot read file: {exc.strerror or exc}")
    if len(data) > max_chars * 4:
        return InputDocument(doc_id, source, error=f"document too large: {len(data)} bytes (limit {max_chars} chars)")
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        return InputDocument(doc_id, source, error=f"cannot decode: {exc}")
    if len(text) > max_chars:
        return InputDocument(doc_id, source, encoding=encoding,
                             error=f"document too large: {len(text)} chars (limit {max_chars})")
    return InputDocument(doc_id, source, text=text, encoding=encoding)


def read_jsonl(path: Path, source: str, max_chars: int = DEFAULT_MAX_CHARS,
               id_prefix: str | None = None) -> Iterator[InputDocument]:
    """One document per line of a JSONL file; a malformed line becomes an error document.

    A line without an ``id`` gets ``<id_prefix>:<line number>``, the prefix being the file's path relative
    to its input root (so the id does not depend on the working directory). Blank lines are skipped.
    """
    stem = id_prefix or source
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputDocument(stem, source, error=f"cannot read file: {exc.strerror or exc}")
        return
    with handle:
        for lineno, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            default_id = f"{stem}:{lineno}"
            try:
                obj = json.loads(raw.decode("utf-8-sig" if lineno == 1 else "utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield InputDocument(default_id, source, error=f"line {lineno}: not valid JSON: {exc}")
                continue
            if not isinstance(obj, dict):
                yield InputDocument(default_id, source, error=f"line {lineno}: not a JSON object")
                continue
            doc_id = str(obj["id"]) if obj.get("id") is not None else default_id
            text = obj.get("text")
            meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
            if not isinstance(text, str):
                yield InputDocument(doc_id, source, error=f"line {lineno}: no string field 'text'", meta=meta)
                continue
            text = normalise_newlines(text)
            if len(text) > max_chars:
                yield InputDocument(doc_id, source, error=f"document too large: {len(text)} chars (limit {max_chars})",
                                    meta=meta)
                continue
            yield InputDocument(doc_id, source, text=text, encoding="utf-8", meta=meta)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _source_name(path: Path) -> str:
    """The path as given, relative to the working directory where possible."""
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:
        return path.as_posix()


def list_inputs(inputs: Iterable[str | os.PathLike]) -> list[tuple[Path, Path]]:
    """Expand files and folders into ``(path, root)`` pairs in a stable order; missing paths raise."""
    found: list[tuple[Path, Path]] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            # a folder's README (what the folder holds, not a report) is left out; named as a file, it is read
            files = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES
                     and not p.name.lower().startswith("readme.")]
            found.extend((p, path) for p in sorted(files, key=lambda p: p.relative_to(path).as_posix()))
        elif path.exists():
            found.append((path, path.parent))
        else:
            raise FileNotFoundError(f"input not found: {path}")
    return found


def iter_documents(inputs: Iterable[str | os.PathLike], max_chars: int = DEFAULT_MAX_CHARS,
                   exclude: Iterable[str | os.PathLike] = ()) -> Iterator[InputDocument]:
    """Every input document, lazily and in a stable order: files, folders (recursive) and JSONL lines.

    ``exclude`` names files never to read, such as the output being written into an input folder.
    """
    skip = {Path(p).resolve() for p in exclude}
    for path, root in list_inputs(inputs):
        if skip and path.resolve() in skip:
            continue
        source = _source_name(path)
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from read_jsonl(path, source, max_chars, _relative(path, root))
        else:
            yield read_file(path, _relative(path, root), source, max_chars)
