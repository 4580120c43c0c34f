"""Discussion themes: the ones the report states, else the configured default set; and each proposal's.

Stated themes are read from phrases such as 委员们围绕A、B、C、D四个主题…; otherwise the themes come from
``models/themes/default.json`` (or ``--themes FILE``). Proposals are assigned with :class:`ThemeModel`,
a seeded k-means over word and character n-grams: each theme starts at the vector of its name and
description, then moves towards the proposals it attracts, so the document's own wording refines it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import models_dir

if not Doc.has_extension("themes"):
    Doc.set_extension("themes", default=None)
if not Doc.has_extension("themes_stated"):
    Doc.set_extension("themes_stated", default=False)

COUNT = "[一二三四五六七八九十两\\d]{1,3}"
STATED_RE = re.compile(
    rf"(?:围绕|就|聚焦|分为|分成|设置|设立|按照|针对|从)(?P<list>[^。；;！？\n]{{4,160}}?)(?:等)?"
    rf"(?P<count>{COUNT})(?:个|项|大)(?:主题|议题|专题|方面|板块|领域|重点|课题)")
SPLIT_RE = re.compile(r"[、，,；;]|以及|和|及|与")
CN_COUNT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(frozen=True)
class Theme:
    name: str
    description: str = ""


def find_stated_themes(text: str) -> list[str]:
    """The themes a report states for its discussion, in the order stated, or ``[]``."""
    for m in STATED_RE.finditer(text):
        raw = m.group("list")
        parts = [p.strip(" “”\"「」‘’《》") for p in SPLIT_RE.split(raw)]
        parts = [p for p in parts if p]
        count = m.group("count")
        n = int(count) if count.isdigit() else CN_COUNT.get(count[-1], 0) + (10 if len(count) > 1 and count[0] == "十" else 0)
        if n and len(parts) > n:
            # the list may start with words before the first theme (围绕今年的A、B…): keep the last n
            parts = parts[-n:]
            parts[0] = re.sub(r"^.*?(?:的|了)", "", parts[0]) or parts[0]
        if len(parts) >= 2 and all(2 <= len(p) <= 20 for p in parts) and (not n or n == len(parts)):
            return parts
    return []


def load_theme_file(path: str | Path | None = None) -> list[Theme]:
    """Themes from a JSON file (``{"themes": [{"name", "description"}]}``, or a list of names)."""
    path = Path(path) if path else models_dir() / "themes" / "default.json"
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    items = data["themes"] if isinstance(data, dict) else data
    themes = []
    for item in items:
        if isinstance(item, str):
            themes.append(Theme(item))
        else:
            themes.append(Theme(item["name"], item.get("description", "")))
    if not themes:
        raise ValueError(f"{path}: no themes")
    return themes


@lru_cache(maxsize=4)
def load_concepts(models: str | None = None) -> dict[str, str]:
    path = models_dir(models) / "themes" / "concepts.json"
    return json.loads(path.read_text(encoding="utf-8"))["concepts"] if path.exists() else {}


def describe(name: str, known: dict[str, str], concepts: dict[str, str]) -> str:
    """A seed description for a theme: its configured description, else the concepts its name contains."""
    if name in known and known[name]:
        return known[name]
    words = [desc for key, desc in concepts.items() if key in name]
    return " ".join(words)


def _words(text: str) -> list[str]:
    from .segment import JiebaSegmenter

    return [w for w in _segmenter().cut(text) if w.strip() and not re.fullmatch(r"\W+", w)]


@lru_cache(maxsize=1)
def _segmenter():
    from .segment import JiebaSegmenter

    return JiebaSegmenter([])


class ThemeModel:
    """Seeded k-means over TF-IDF word and character n-grams (scikit-learn), in the estimator style.

    ``fit(seed_texts, texts)`` places one centroid per theme at its seed text, then alternates between
    assigning ``texts`` to the nearest centroid and moving each centroid to a blend of its seed and its
    members. ``predict_proba`` is a softmax over cosine similarities; the assignment is deterministic.
    """

    def __init__(self, n_iter: int = 5, seed_weight: float = 1.0, temperature: float = 0.05,
                 char_ngrams: tuple[int, int] = (1, 3), random_state: int = 0):
        self.n_iter = n_iter
        self.seed_weight = seed_weight
        self.temperature = temperature
        self.char_ngrams = char_ngrams
        self.random_state = random_state

    def _vectoriser(self) -> FeatureUnion:
        return FeatureUnion([
            ("words", TfidfVectorizer(analyzer=_words, sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char", ngram_range=self.char_ngrams, sublinear_tf=True)),
        ])

    def fit(self, seed_texts: list[str], texts: list[str]) -> ThemeModel:
        self.vectoriser_ = self._vectoriser().fit(list(seed_texts) + list(texts))
        seeds = normalize(self.vectoriser_.transform(seed_texts).toarray())
        self.seeds_ = seeds
        centroids = seeds.copy()
        if texts:
            x = normalize(self.vectoriser_.transform(texts).toarray())
            for _ in range(self.n_iter):
                labels = np.argmax(x @ centroids.T, axis=1)
                new = []
                for k in range(len(seeds)):
                    members = x[labels == k]
                    blend = self.seed_weight * seeds[k] + (members.mean(axis=0) if len(members) else 0)
                    new.append(blend)
                new = normalize(np.vstack(new))
                if np.allclose(new, centroids):
                    break
                centroids = new
        self.centroids_ = centroids
        return self

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        x = normalize(self.vectoriser_.transform(texts).toarray())
        sims = x @ self.centroids_.T
        z = (sims - sims.max(axis=1, keepdims=True)) / self.temperature
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, texts: list[str]) -> np.ndarray:
        return np.argmax(self.predict_proba(texts), axis=1)


class ThemeAssigner:
    """Sets ``doc._.themes`` and each proposal's ``theme`` and ``theme_score``."""

    def __init__(self, nlp: Language, name: str, themes_file: str | None, models: str | None):
        self.name = name
        self.models = models
        self.default_themes = load_theme_file(themes_file)
        self.concepts = load_concepts(models)

    def __call__(self, doc: Doc) -> Doc:
        text = doc._.analysis_text if doc._.analysis_text is not None else doc.text
        stated = find_stated_themes(text)
        known = {t.name: t.description for t in self.default_themes}
        if stated:
            names = stated
            # themes are reported as written in the original characters
            original = doc.text
            names = [_original_form(original, text, n) for n in stated]
        else:
            names = [t.name for t in self.default_themes]
        doc._.themes = names
        doc._.themes_stated = bool(stated)
        proposals = doc._.proposals or []
        if proposals:
            analysed = [t if not stated else s for t, s in zip(names, stated or names, strict=True)]
            seeds = [f"{n} {n} {describe(n, known, self.concepts)}" for n in analysed]
            texts = [text[p.start:p.end] for p in proposals]
            model = ThemeModel().fit(seeds, texts)
            proba = model.predict_proba(texts)
            for p, row in zip(proposals, proba, strict=True):
                k = int(np.argmax(row))
                p.theme = names[k]
                p.theme_score = float(row[k])
        return doc


def _original_form(original: str, analysis: str, name: str) -> str:
    pos = analysis.find(name)
    return original[pos:pos + len(name)] if pos >= 0 else name


@Language.factory("meeting_themes", default_config={"themes_file": None, "models": None})
def make_theme_assigner(nlp: Language, name: str, themes_file: str | None, models: str | None):
    return ThemeAssigner(nlp, name, themes_file, models)
