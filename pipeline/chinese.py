"""Traditional -> simplified conversion that keeps every character at its offset.

Stages analyse ``doc._.analysis_text``, a simplified copy of the text of the same length, so every
offset they find indexes the original text too and spans show the original characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import numpy as np

# Unified ideographs, extension A, compatibility ideographs and the supplementary-plane extensions.
_CJK_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0), (0x2A700, 0x2EBF0),
               (0x2F800, 0x2FA20), (0x30000, 0x3134B))


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC  # opencc-python-reimplemented: pure Python, no model download

    return OpenCC("t2s")


def _dictionaries(node) -> Iterator[dict]:
    """The mapping tables inside opencc-python-reimplemented's (nested) dictionary chain."""
    if isinstance(node, dict):
        yield node
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from _dictionaries(item)


@lru_cache(maxsize=1)
def _traditional_chars() -> re.Pattern:
    """A character class of every character that t2s changes, to skip conversion of simplified text."""
    conv = _converter()
    conv.convert("臺")  # loads the dictionaries
    chars = set()
    for table in _dictionaries(getattr(conv, "_dict_chain_data", None)):
        for key, value in table.items():
            if isinstance(key, str) and len(key) == 1 and value != key:
                chars.add(key)
    if not chars:  # another OpenCC build: probe the CJK blocks once
        block = "".join(chr(c) for a, b in _CJK_BLOCKS for c in range(a, b))
        out = conv.convert(block)
        if len(out) == len(block):
            chars = {a for a, b in zip(block, out, strict=True) if a != b}
    return re.compile(_char_class(chars))


def _char_class(chars) -> str:
    """A regex for one of ``chars``. re tests a class with characters beyond U+FFFF by a linear scan of its
    items, so those (a few hundred rare ones) are only looked at after a range check on the character."""
    bmp = "".join(re.escape(c) for c in sorted(chars) if ord(c) <= 0xFFFF)
    astral = "".join(re.escape(c) for c in sorted(chars) if ord(c) > 0xFFFF)
    if not astral:
        return f"[{bmp}]"
    return f"[{bmp}]|(?=[\U00010000-\U0010FFFF])[{astral}]" if bmp else f"[{astral}]"


def has_traditional(text: str) -> bool:
    return _traditional_chars().search(text) is not None


@lru_cache(maxsize=1)
def _fast_tables():
    """What ``OpenCC("t2s").convert`` does, as tables: ``(phrases, first, lengths, full, single)``, or
    ``None`` when this OpenCC build is not the one group of a phrase and a character dictionary.

    The reimplementation converts a string, between its separators, by taking phrase-dictionary matches
    longest first (leftmost among equals) wherever they do not overlap one taken earlier, and mapping every
    other character through the character dictionary. ``full`` maps the characters as it does,
    ``single`` only where the value is one character (the per-character fallback of
    :func:`to_simplified`); ``first`` finds the positions where a phrase may start.
    """
    conv = _converter()
    conv.convert("臺")
    chain = getattr(conv, "_dict_chain_data", None)
    try:
        [[(_mx, _mn, phrases), (max_char, _m, chars)]] = chain
    except (TypeError, ValueError):
        return None
    split_re = getattr(conv, "split_chars_re", None)
    if max_char != 1 or split_re is None or any(len(k) != 1 for k in chars) \
            or any(split_re.search(k) for k in phrases) or any(len(k) < 2 for k in phrases):
        return None
    # a value of several alternatives ("干 乾") is read as its first, as OpenCC does
    phrases = {k: v.split(" ")[0] for k, v in phrases.items()}
    chars = {k: v.split(" ")[0] for k, v in chars.items()}
    # separators are never converted
    full = {ord(k): v for k, v in chars.items() if v != k and not split_re.fullmatch(k)}
    single = {c: v for c, v in full.items() if len(v) == 1}
    first_chars = sorted({k[0] for k in phrases})
    first = re.compile(_char_class(first_chars)) if first_chars else None
    lengths: dict[str, list[int]] = {}
    for key in phrases:
        lengths.setdefault(key[0], []).append(len(key))
    lengths = {c: sorted(set(v), reverse=True) for c, v in lengths.items()}
    return phrases, first, lengths, full, single


def _convert_line(line: str, tables, mapped: str | None = None) -> str:
    """``OpenCC("t2s").convert(line)``, computed from the tables of :func:`_fast_tables`. ``mapped``:
    ``line.translate(full)`` when the caller has it."""
    phrases, first, lengths, full, _single = tables
    found = []
    if first is not None:
        for m in first.finditer(line):
            i = m.start()
            for n in lengths[line[i]]:
                if line[i:i + n] in phrases:
                    found.append((-n, i))
    if not found:
        return mapped if mapped is not None else line.translate(full)
    found.sort()
    taken: list[tuple[int, int]] = []
    for neg, i in found:
        end = i - neg
        if all(end <= s or i >= e for s, e in taken):
            taken.append((i, end))
    taken.sort()
    out, pos = [], 0
    for s, e in taken:
        out.append(mapped[pos:s] if mapped is not None else line[pos:s].translate(full))
        out.append(phrases[line[s:e]])
        pos = e
    out.append(mapped[pos:] if mapped is not None else line[pos:].translate(full))
    return "".join(out)


@lru_cache(maxsize=1)
def _code_point_table() -> np.ndarray | None:
    """The character dictionary of :func:`_fast_tables` as an array from code point to code point, when it
    maps every character to one character (then ``full`` and ``single`` are the same); else ``None``."""
    tables = _fast_tables()
    if tables is None or not tables[3] or len(tables[4]) != len(tables[3]):
        return None
    single = tables[4]
    table = np.arange(max(single) + 1, dtype=np.uint32)
    table[list(single)] = [ord(v) for v in single.values()]
    return table


def _translate_one_to_one(text: str, table: np.ndarray) -> str:
    """``text.translate(single)`` through the array of :func:`_code_point_table`: one vectorised lookup
    for the whole text instead of one dictionary lookup per character (lone surrogates pass through)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    mapped = table[np.minimum(codes, len(table) - 1)]
    beyond = codes >= len(table)
    if beyond.any():
        mapped[beyond] = codes[beyond]
    return mapped.tobytes().decode("utf-32-le", "surrogatepass")


def to_simplified(text: str) -> str:
    """Simplified text of exactly the same length, aligned character for character with ``text``.

    Phrase-level conversion is used line by line where it keeps the length; a line where it would not
    is converted character by character.
    """
    if not text or not has_traditional(text):
        return text
    tables = _fast_tables()
    if tables is None:
        return _to_simplified_opencc(text)
    single = tables[4]
    # the whole text through the character table at once, when it is one-to-one: each converted line's
    # character-by-character part is then a slice of it
    table = _code_point_table()
    mapped_text = _translate_one_to_one(text, table) if table is not None else None
    search = _traditional_chars().search
    out = []
    pos = 0  # the text up to ``pos`` is in ``out``; ``pos`` is always a line start
    match = search(text)
    while match is not None:
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.start())
        if end < 0:
            end = len(text)
        line = text[start:end]
        mapped = mapped_text[start:end] if mapped_text is not None else None
        converted = _convert_line(line, tables, mapped)
        out.append(text[pos:start])
        if len(converted) != len(line):
            converted = mapped if mapped is not None else line.translate(single)
        out.append(converted)
        pos = end
        match = search(text, end)
    out.append(text[pos:])
    return "".join(out)


def _to_simplified_opencc(text: str) -> str:
    """:func:`to_simplified` through OpenCC itself (slow: pure Python), for other OpenCC builds."""
    conv = _converter()
    out = []
    for line in text.split("\n"):
        converted = conv.convert(line) if has_traditional(line) else line
        if len(converted) != len(line):
            chars = []
            for ch in line:
                c = conv.convert(ch)
                chars.append(c if len(c) == 1 else ch)
            converted = "".join(chars)
        out.append(converted)
    return "\n".join(out)


CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def parse_number(value: str | None) -> int:
    """A small number as written in a list or a count: 3, ３, 三, 十二, 二十, 二十三; 0 when unreadable."""
    if not value:
        return 0
    if value.isdecimal():  # ASCII or full-width digits
        return int(value)
    if len(value) == 1:
        return CN_DIGITS.get(value, 0)
    if value[0] == "十":
        return 10 + CN_DIGITS.get(value[1:], 0)
    return CN_DIGITS.get(value[0], 0) * 10 + CN_DIGITS.get(value[-1], 0) * (value[-1] != "十")
