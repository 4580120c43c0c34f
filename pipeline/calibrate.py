"""``make theme-calibration``: fit the temperature that turns theme similarities into ``theme_score``.

``theme_score`` should be a confidence a user can read as a probability: of the proposals scored 0.8,
about eight in ten should have the right theme. The theme model gives each proposal a cosine similarity to
every theme; the score is a softmax over them, whose temperature is fitted here by maximum likelihood of
the gold themes (temperature scaling, one parameter, so it cannot change which theme is chosen). Fitted on
the gold files of the development splits only (held-out splits stay unseen) and written to
``models/themes/calibration.json`` with the figures it was fitted on. The same gold gives the prior of the
default themes (how often each is right in reports that state no themes), which the theme stage adds to
their similarities; it is counted first, so the temperature is fitted on the similarities as annotated.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from .evaluate import load_golds, match_proposals
from .io import iter_documents
from .stages.themes import softmax


def gold_similarities(nlp, corpus: list[Path], golds: list[dict]) -> list[tuple[np.ndarray, int]]:
    """(similarity row, index of the gold theme) for every gold proposal a predicted proposal matches."""
    by_doc = {g["doc"]: g for g in golds}
    themes = nlp.get_pipe("meeting_themes")
    rows = []
    for doc_in in iter_documents(corpus):
        gold = by_doc.get(Path(doc_in.source).name)
        if gold is None or not doc_in.text:
            continue
        with nlp.select_pipes(disable=["meeting_themes"]):  # similarities() is the theme stage's work
            doc = nlp(doc_in.text)
        sims = themes.similarities(doc)
        if sims is None:
            continue
        preds = [{"start": p.start, "end": p.end, "row": i} for i, p in enumerate(doc._.proposals)]
        for gp, pp in match_proposals(gold["proposals"], preds):
            if gp["theme"] in doc._.themes:
                rows.append((sims[pp["row"]], doc._.themes.index(gp["theme"])))
    return rows


def default_prior(golds: list[dict], names: list[str]) -> dict[str, float]:
    """How often each default theme is the gold theme of a proposal, over the gold documents whose themes
    are the default set (add-one smoothed): the prior the theme stage adds to their similarities."""
    counts = dict.fromkeys(names, 1)
    for gold in golds:
        if gold.get("themes") == names:
            for p in gold["proposals"]:
                if p["theme"] in counts:
                    counts[p["theme"]] += 1
    total = sum(counts.values())
    return {name: round(count / total, 4) for name, count in counts.items()}


def negative_log_likelihood(rows: list[tuple[np.ndarray, int]], temperature: float) -> float:
    return -float(np.mean([np.log(max(softmax(row[None, :], temperature)[0, k], 1e-12)) for row, k in rows]))


def fit_temperature(rows: list[tuple[np.ndarray, int]], low: float = 0.005, high: float = 2.0,
                    steps: int = 200) -> float:
    """The temperature of least negative log-likelihood on a log-spaced grid (the likelihood is smooth
    and one-dimensional: a grid is exact enough and cannot fail to converge)."""
    grid = np.exp(np.linspace(np.log(low), np.log(high), steps))
    return float(min(grid, key=lambda t: negative_log_likelihood(rows, t)))


def summary(rows: list[tuple[np.ndarray, int]], temperature: float) -> dict:
    """Mean score of the chosen theme against how often it is the gold theme."""
    chosen = [(float(softmax(row[None, :], temperature)[0].max()), int(np.argmax(row)) == k) for row, k in rows]
    return {"proposals": len(rows), "accuracy": round(float(np.mean([ok for _, ok in chosen])), 3),
            "mean_theme_score": round(float(np.mean([s for s, _ in chosen])), 3),
            "nll": round(negative_log_likelihood(rows, temperature), 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.calibrate", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of the annotated documents")
    parser.add_argument("gold", type=Path, nargs="+", help="folders of *.gold.json files")
    parser.add_argument("--splits", type=Path, help="splits.json; with --exclude, leave these splits out")
    parser.add_argument("--exclude", nargs="*", default=["test", "holdout"], help="held-out splits never fitted on")
    parser.add_argument("-o", "--out", type=Path, required=True)
    args = parser.parse_args(argv)

    from .nlp import load

    golds = load_golds(args.gold)
    held_out: set[str] = set()
    if args.splits:
        splits = json.loads(args.splits.read_text(encoding="utf-8"))
        held_out = {doc for name in args.exclude for doc in splits.get(name, [])}
    golds = [g for g in golds if g["doc"] not in held_out]
    nlp = load()
    themes = nlp.get_pipe("meeting_themes")
    prior = default_prior(golds, [t.name for t in themes.default_themes])
    themes.default_prior = prior  # the similarities the temperature is fitted on include it
    rows = gold_similarities(nlp, [args.corpus], golds)
    if not rows:
        print("calibrate: no gold proposal matched", file=sys.stderr)
        return 1
    temperature = fit_temperature(rows)
    result = {"temperature": round(temperature, 5),
              "comment": "softmax temperature of theme_score, fitted by python -m pipeline.calibrate",
              "default_prior": prior,
              "fitted_on": sorted(g["doc"] for g in golds),
              "at_fitted": summary(rows, temperature)}
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("temperature", "at_fitted")}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
