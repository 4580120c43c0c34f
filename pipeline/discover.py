"""Theme discovery: ``python -m pipeline themes INPUT... [-k K | --k-max N] [-o THEMES.json]``.

For a corpus whose reports state no themes, cluster its proposals (or, in documents without proposals,
its paragraphs) into themes: TF-IDF over words and character n-grams, reduced with a truncated SVD,
then k-means for every k in 2..k_max; the k with the best cosine silhouette wins (or the given ``-k``).
Each theme is named by its top terms. The output is a themes file that ``annotate --themes`` accepts
(``{"themes": [{"name", "description"}]}``) with the measurements that chose k.
Everything is deterministic (fixed ``random_state``).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

MIN_PARAGRAPH = 30
PARAGRAPH_RE = re.compile(r"[^\n]+")
STOP_WORDS = frozenset(
    "推动 推进 加强 加快 建立 支持 完善 提升 提高 实施 开展 建设 发展 鼓励 引导 打造 强化 优化 深化 构建 探索 "
    "健全 落实 扩大 给予 实现 形成 一批 进一步 相关 有关 我们 我省 我市 全省 全市 以及 通过 进行 对于 能够 更多 "
    "一是 二是 三是 四是 第一 第二 第三 建议 提出 认为 表示 委员 代表 政协 同时 其中 目前 当前 已经 以上 加大 力度 "
    "机制 体系 政策 工作 重点 项目 服务 领域 水平 能力 作用 方面".split())


def _words(text: str) -> list[str]:
    from .stages.themes import _segmenter

    return [w for w in _segmenter().cut(text)
            if len(w) >= 2 and w not in STOP_WORDS and not re.fullmatch(r"[\W\d_a-zA-Z]+", w)]


@dataclass
class Discovery:
    k: int
    labels: list[int]
    themes: list[dict]
    silhouettes: dict[int, float] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"comment": "Themes discovered by `python -m pipeline themes`; usable as `annotate --themes FILE`.",
                "k": self.k, "silhouette": {str(k): round(v, 4) for k, v in sorted(self.silhouettes.items())},
                "themes": self.themes}


def _matrix(texts: list[str], random_state: int):
    # scikit-learn is imported here, not at module level: the CLI imports this module for its subcommand
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion
    from sklearn.preprocessing import normalize

    words = TfidfVectorizer(analyzer=_words, sublinear_tf=True, min_df=1)
    union = FeatureUnion([("words", words),
                          ("chars", TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True,
                                                    min_df=2 if len(texts) >= 20 else 1))])
    x = union.fit_transform(texts)
    n_comp = min(100, x.shape[1] - 1, len(texts) - 1)
    if n_comp >= 2:
        x = TruncatedSVD(n_components=n_comp, random_state=random_state).fit_transform(x)
    else:
        x = x.toarray()
    return normalize(x), union.transformer_list[0][1]


def discover(texts: list[str], k: int | None = None, k_max: int = 8, random_state: int = 0,
             n_terms: int = 12) -> Discovery:
    """Cluster ``texts`` into themes; ``k`` fixes the number, else it is chosen by silhouette in 2..k_max."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    texts = [t for t in texts if t and t.strip()]
    if len(texts) < 3:
        raise ValueError(f"theme discovery needs at least 3 texts, got {len(texts)}")
    x, word_vec = _matrix(texts, random_state)
    silhouettes: dict[int, float] = {}
    if k is None:
        best = None
        for kk in range(2, max(2, min(k_max, len(texts) - 1)) + 1):
            labels = KMeans(n_clusters=kk, n_init=10, random_state=random_state).fit_predict(x)
            if len(set(labels)) < 2:
                continue
            silhouettes[kk] = float(silhouette_score(x, labels, metric="cosine"))
            if best is None or silhouettes[kk] > silhouettes[best[0]] + 1e-9:
                best = (kk, labels)
        if best is None:
            raise ValueError("could not split the texts into themes")
        k, labels = best
    else:
        if not 1 <= k <= len(texts):
            raise ValueError(f"-k must be between 1 and the number of texts ({len(texts)})")
        labels = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit_predict(x)
        if 1 < k < len(texts):
            silhouettes[k] = float(silhouette_score(x, labels, metric="cosine"))
    # label clusters by their distinctive words: mean TF-IDF in the cluster minus the mean elsewhere
    w = word_vec.transform(texts)
    vocab = np.array(word_vec.get_feature_names_out())
    order = sorted(range(k), key=lambda c: (-int(np.sum(labels == c)), c))
    themes, used_names = [], set()
    for c in order:
        inside = np.asarray(w[labels == c].mean(axis=0)).ravel()
        outside = np.asarray(w[labels != c].mean(axis=0)).ravel() if np.any(labels != c) else 0
        score = inside - outside
        top = [vocab[i] for i in np.argsort(-score, kind="stable")[:n_terms] if score[i] > 0]
        name = "".join(top[:2]) if top else f"主题{len(themes) + 1}"
        while name in used_names:
            name += str(len(themes) + 1)
        used_names.add(name)
        themes.append({"name": name, "description": " ".join(top), "size": int(np.sum(labels == c)),
                       "top_terms": top})
    remap = {c: i for i, c in enumerate(order)}
    return Discovery(k, [remap[int(lab)] for lab in labels], themes, silhouettes)


def corpus_units(inputs: list[str], segmenter: str = "jieba") -> list[str]:
    """The texts to cluster: every proposal of every document; paragraphs where a document has none."""
    from .io import iter_documents
    from .nlp import load

    nlp = load(segmenter)
    units = []
    for doc_in in iter_documents(inputs):
        if doc_in.error is not None or not doc_in.text:
            continue
        doc = nlp.make_doc(doc_in.text)
        for name, proc in nlp.pipeline:
            if name == "meeting_themes":
                break
            doc = proc(doc)
        proposals = doc._.proposals or []
        text = doc._.analysis_text if doc._.analysis_text is not None else doc.text  # simplified, same offsets
        if proposals:
            units.extend(text[p.start:p.end] for p in proposals)
        else:
            units.extend(m.group().strip() for m in PARAGRAPH_RE.finditer(text)
                         if len(m.group().strip()) >= MIN_PARAGRAPH and not m.group().lstrip().startswith("#"))
    return units


def add_subcommand(sub) -> None:
    t = sub.add_parser("themes", help="discover themes in a corpus that states none (JSON usable as --themes)",
                       description="Cluster the proposals of the input documents into themes (TF-IDF word and "
                                   "character n-grams, k-means); choose k by silhouette unless -k is given; "
                                   "name each theme by its top terms. Writes a themes file for annotate --themes.")
    t.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or JSONL, as for annotate")
    g = t.add_mutually_exclusive_group()
    g.add_argument("-k", type=int, metavar="K", help="number of themes (default: chosen by silhouette)")
    g.add_argument("--k-max", type=int, default=8, metavar="N", help="largest k to try (default 8)")
    t.add_argument("-o", "--output", metavar="THEMES.json", help="write here (default: stdout)")
    t.add_argument("--segmenter", choices=["jieba", "pkuseg"], default="jieba")
    t.set_defaults(func=cmd_themes)


def cmd_themes(args) -> int:
    from pathlib import Path

    for item in args.inputs:
        if not Path(item).exists():
            print(f"error: input not found: {item}", file=sys.stderr)
            return 2
    if args.k is not None and args.k < 1 or args.k_max < 2:
        print("error: -k must be >= 1 and --k-max >= 2", file=sys.stderr)
        return 2
    units = corpus_units(args.inputs, args.segmenter)
    result = discover(units, k=args.k, k_max=args.k_max)
    text = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"{result.k} themes from {len(units)} texts -> {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


# --- the theme model's background document frequencies (models/themes/background_df.json) ---------------

UD_BACKGROUND = ("zh_gsdsimp-ud-dev.conllu", "zh_gsdsimp-ud-test.conllu")
BACKGROUND_LICENCE = ("Counts derived from the UD Chinese GSDSimp treebank (dev and test sentences, "
                      "https://universaldependencies.org/), CC BY-SA 4.0 "
                      "(https://creativecommons.org/licenses/by-sa/4.0/); this file is shared under the same licence.")


def background_units(shared: str | None = None, corpus: str | None = None) -> list[str]:
    """Background texts: UD GSDSimp sentences, and (``corpus``) paragraphs of the seed and dev-split reports.

    The committed background uses the UD sentences only: general news and encyclopaedia text, so that the
    IDF says which words are common in Chinese, not which are common in our few reports.
    """
    import os
    from pathlib import Path

    from .io import decode, normalise_newlines
    from .stages.segment import analysis_text

    shared_dir = Path(shared or os.environ.get("ZHMEET_SHARED") or "../shared")
    units = []
    for name in UD_BACKGROUND:
        path = shared_dir / "data" / "ud" / name
        if path.exists():
            units.extend(line[len("# text = "):].strip() for line in path.read_text(encoding="utf-8").splitlines()
                         if line.startswith("# text = "))
    if corpus and Path(corpus).is_dir():
        root = Path(corpus)
        splits = root / "gold" / "splits.json"
        held_out = set(json.loads(splits.read_text(encoding="utf-8")).get("test", [])) if splits.exists() else set()
        for path in sorted(root.rglob("*.txt")):
            if path.name in held_out:
                continue  # the held-out test reports stay unread
            text = analysis_text(normalise_newlines(decode(path.read_bytes())[0]))
            units.extend(p.strip(" \t#*") for p in PARAGRAPH_RE.findall(text) if len(p.strip()) >= 10)
    return [u for u in units if u]


def build_background(units: list[str], min_df: int = 2) -> dict:
    """Document frequencies of the theme model's words and character n-grams over ``units``."""
    from .resources import models_dir
    from .stages.segment import JiebaSegmenter, domain_words
    from .stages.themes import analyse

    cut = JiebaSegmenter(domain_words(models_dir())).cut  # as the pipeline's default tokenizer segments
    words, chars = Counter(), Counter()
    for unit in units:
        w, c = analyse(unit, cut=cut)
        words.update(w.keys())
        chars.update(c.keys())
    keep = lambda counts: {t: n for t, n in sorted(counts.items()) if n >= min_df}  # noqa: E731
    return {"comment": "Background document frequencies of the theme model (pipeline/stages/themes.py). Rebuild "
                       "with `make theme-background` (python -m pipeline.discover background).",
            "licence": BACKGROUND_LICENCE, "min_df": min_df, "n_docs": len(units),
            "words": keep(words), "chars": keep(chars)}


def main(argv: list[str] | None = None) -> int:
    import argparse
    from pathlib import Path

    ap = argparse.ArgumentParser(prog="python -m pipeline.discover")
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("background", help="write the theme model's background document frequencies")
    b.add_argument("--shared", help="the shared folder (default: $ZHMEET_SHARED or ../shared)")
    b.add_argument("--corpus", default="", help="also count the paragraphs of this corpus folder's seed and dev "
                                                 "reports (default: none; the UD sentences alone are the background)")
    b.add_argument("--min-df", type=int, default=2)
    b.add_argument("-o", "--output", default="models/themes/background_df.json")
    args = ap.parse_args(argv)
    units = background_units(args.shared, args.corpus or None)
    data = build_background(units, args.min_df)
    Path(args.output).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                                 encoding="utf-8")
    print(f"{len(units)} units, {len(data['words'])} words, {len(data['chars'])} char n-grams -> {args.output}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
