"""Traditional -> simplified conversion that keeps every character at its offset.

Stages analyse ``doc._.analysis_text``, a simplified copy of the text of the same length, so every
offset they find indexes the original text too and spans show the original characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

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
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def has_traditional(text: str) -> bool:
    return _traditional_chars().search(text) is not None


def to_simplified(text: str) -> str:
    """Simplified text of exactly the same length, aligned character for character with ``text``.

    Phrase-level conversion is used line by line where it keeps the length; a line where it would not
    is converted character by character.
    """
    if not text or not has_traditional(text):
        return text
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
