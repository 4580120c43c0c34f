"""The data files under ``models/`` that rules and models are built from, loaded once per process."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_MODELS_DIR = PACKAGE_DIR.parent / "models"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def models_dir(path: str | os.PathLike | None = None) -> Path:
    """The models folder: an explicit path, ``$ZHMEET_MODELS``, or ``models/`` beside the package."""
    if path:
        return Path(path)
    return Path(os.environ.get("ZHMEET_MODELS") or DEFAULT_MODELS_DIR)


def shared_dir() -> Path:
    """The read-only ``shared`` folder beside the project (UD treebanks, THUOCL, gold)."""
    return Path(os.environ.get("ZHMEET_SHARED") or PACKAGE_DIR.parent.parent / "shared")


def read_words(path: Path) -> list[str]:
    """Words from a lexicon file: whitespace-separated, ``#`` comments and ``[section]`` lines skipped."""
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("["):
            words.extend(line.split())
    return words


def read_sections(path: Path) -> dict[str, list[str]]:
    """A lexicon file split into its ``[section]`` parts, one entry per line."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line)
    return sections


def read_tsv_first_column(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.split("\t", 1)[0].strip())
    return out


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("//")]


def alternation(words, escape: bool = True) -> str:
    """A regex alternation that prefers the longest word, built as a trie so matching stays fast."""
    trie: dict = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        ends = "" in node
        branches = [(re.escape(ch) if escape else ch) + build(child)
                    for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return "(?:" + build(trie) + ")" if trie else "(?!)"


@dataclass(frozen=True)
class Lexicons:
    surnames: tuple[str, ...]
    membership_titles: tuple[str, ...]
    post_titles: tuple[str, ...]
    gov_bodies: tuple[str, ...]
    org_suffixes: tuple[str, ...]
    parties: tuple[str, ...]
    provinces: tuple[str, ...]
    policy_terms: tuple[str, ...]
    places: tuple[str, ...]
    chengyu: frozenset[str]
    famous_people: frozenset[str]
    policy_patterns: tuple[dict, ...]
    org_patterns: tuple[dict, ...]


def _thuocl_words(name: str, min_freq: int = 0, max_len: int = 8) -> list[str]:
    path = shared_dir() / "data" / "thuocl" / name
    bundled = DEFAULT_MODELS_DIR / "lexicons" / "thuocl" / name
    for candidate in (bundled, path):
        if candidate.exists():
            text = candidate.read_text(encoding="utf-8-sig").replace("\r", "\n")
            words = []
            for line in text.splitlines():
                parts = line.split()
                if not parts:
                    continue
                freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
                if freq >= min_freq and len(parts[0]) <= max_len:
                    words.append(parts[0])
            return words
    return []


@lru_cache(maxsize=4)
def load_lexicons(path: str | None = None) -> Lexicons:
    """Every lexicon the rule-based stages use, from ``models/lexicons`` and ``models/patterns``."""
    root = models_dir(path)
    lex = root / "lexicons"
    titles = read_sections(lex / "job_titles.txt")
    places = [w for w in _thuocl_words("THUOCL_diming.txt", min_freq=50, max_len=6)
              if len(w) >= 2 and w[-1] in "省市县区州"]
    patterns = root / "patterns"
    return Lexicons(
        surnames=tuple(read_words(lex / "surnames.txt")),
        membership_titles=tuple(titles.get("membership", [])),
        post_titles=tuple(titles.get("post", [])),
        gov_bodies=tuple(read_words(lex / "gov_bodies.txt")),
        org_suffixes=tuple(read_words(lex / "org_suffixes.txt")),
        parties=tuple(read_words(lex / "parties.txt")),
        provinces=tuple(read_words(lex / "provinces.txt")),
        policy_terms=tuple(read_tsv_first_column(lex / "policy_terms.tsv")),
        places=tuple(places),
        chengyu=frozenset(_thuocl_words("THUOCL_chengyu.txt")),
        famous_people=frozenset(w for w in _thuocl_words("THUOCL_lishimingren.txt", min_freq=500) if 2 <= len(w) <= 4),
        policy_patterns=tuple(read_jsonl(patterns / "policy.jsonl")) if (patterns / "policy.jsonl").exists() else (),
        org_patterns=tuple(read_jsonl(patterns / "org.jsonl")) if (patterns / "org.jsonl").exists() else (),
    )
