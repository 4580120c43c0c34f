"""Traditional -> simplified conversion that keeps every character at its offset.

Stages analyse ``doc._.analysis_text``, a simplified copy of the text of the same length, so every
offset they find indexes the original text too and spans show the original characters.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC  # opencc-python-reimplemented: pure Python, no model download

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_chars() -> re.Pattern:
    """A character class of every character that t2s changes, to skip conversion of simplified text."""
    conv = _converter()
    chars = set()
    for dictionary in conv._dict_chain if hasattr(conv, "_dict_chain") else []:
        for key in getattr(dictionary, "keys", lambda: [])():
            if len(key) == 1:
                chars.add(key)
    if not chars:  # fall back to probing the CJK block once
        block = "".join(chr(c) for c in range(0x4E00, 0xA000))
        out = conv.convert(block)
        if len(out) == len(block):
            chars = {a for a, b in zip(block, out, strict=True) if a != b}
    chars = sorted(chars)
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


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
