"""``make eval``: score annotated JSONL against gold files, as SPEC.md's "Gold files" section describes.

Entities are scored type-level (distinct strings per document) and micro-averaged; a proposal matches
a gold proposal at character IoU >= 0.5 (greedy, in gold order); theme accuracy and speaker attribution
are counted on matched proposals; ``*_optional`` gold items are neither rewarded nor penalised.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

ENTITY_KEYS = (("PERSON", "persons", "persons_optional"), ("ORG", "orgs", "orgs_optional"),
               ("POLICY", "policy_terms", "policy_optional"))


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def load_records(path: str | Path) -> dict[str, dict]:
    records = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rec = json.loads(line)
                records[Path(str(rec.get("source") or rec.get("id"))).name] = rec
    return records


def load_golds(dirs) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for d in dirs for p in sorted(Path(d).glob("*.gold.json"))]


def match_proposals(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """Greedy one-to-one matching: each gold proposal takes the unused prediction of highest IoU >= 0.5."""
    used: set[int] = set()
    pairs = []
    for g in gold:
        best, best_i = 0.0, None
        for i, p in enumerate(pred):
            if i not in used:
                v = iou((g["start"], g["end"]), (p["start"], p["end"]))
                if v > best:
                    best, best_i = v, i
        if best >= 0.5:
            used.add(best_i)
            pairs.append((g, pred[best_i]))
    return pairs


def score(records: dict[str, dict], golds: list[dict]) -> dict:
    counts = defaultdict(lambda: [0, 0, 0])
    matched = strict = lenient = attributed = themes_exact = titles_hit = titles_all = 0
    score_sum = 0.0
    missing = []
    for g in golds:
        rec = records.get(g["doc"])
        if rec is None:
            missing.append(g["doc"])
            rec = {}
        spans = rec.get("spans") or []
        for label, key, opt in ENTITY_KEYS:
            pred = {s["text"] for s in spans if s.get("label") == label}
            gold, optional = set(g[key]), set(g.get(opt, []))
            c = counts[label]
            c[0] += len(pred & gold)
            c[1] += len(pred - gold - optional)
            c[2] += len(gold - pred)
        pred_spk = {s["name"]: s for s in rec.get("speakers") or []}
        gold_spk = {s["name"]: s for s in g["speakers"]}
        c = counts["SPEAKER"]
        c[0] += len(pred_spk.keys() & gold_spk.keys())
        c[1] += len(pred_spk.keys() - gold_spk.keys() - set(g.get("speakers_optional", [])))
        c[2] += len(gold_spk.keys() - pred_spk.keys())
        for name in pred_spk.keys() & gold_spk.keys():
            written = " ".join(pred_spk[name].get("titles") or [])
            for title in gold_spk[name]["titles"]:
                titles_all += 1
                titles_hit += title in written
        pred_themes = list(rec.get("themes") or [])
        themes_exact += pred_themes == list(g["themes"]) or set(pred_themes) == set(g["themes"])
        preds = list(rec.get("proposals") or [])
        pairs = match_proposals(g["proposals"], preds)
        matched_ids = {id(p) for _, p in pairs}
        for gp, pp in pairs:
            matched += 1
            strict += pp.get("theme") == gp["theme"]
            score_sum += float(pp.get("theme_score") or 0.0)
            lenient += pp.get("theme") in gp["themes_ok"]
            attributed += pp.get("speaker") == gp["speaker"]
        optional = g.get("proposals_optional", [])
        fp = sum(1 for p in preds if id(p) not in matched_ids
                 and not any(iou((o["start"], o["end"]), (p["start"], p["end"])) >= 0.5 for o in optional))
        c = counts["PROPOSAL"]
        c[0] += len(pairs)
        c[1] += fp
        c[2] += len(g["proposals"]) - len(pairs)
    out = {k: {"p": prf(*v)[0], "r": prf(*v)[1], "f1": prf(*v)[2], "tp_fp_fn": list(v)} for k, v in counts.items()}
    out["THEME"] = {"strict": strict / matched if matched else 0.0, "lenient": lenient / matched if matched else 0.0,
                    "themes_exact": f"{themes_exact}/{len(golds)}",
                    # calibration: a real confidence has a mean close to the strict accuracy
                    "mean_score": score_sum / matched if matched else 0.0}
    out["ATTRIBUTION"] = {"speaker_acc": attributed / matched if matched else 0.0,
                          "titles_recall": titles_hit / titles_all if titles_all else 0.0}
    out["missing"] = missing
    return out


def format_table(name: str, res: dict) -> str:
    lines = [f"== {name}"]
    for k in ("PERSON", "ORG", "POLICY", "SPEAKER", "PROPOSAL"):
        if k in res:
            v = res[k]
            lines.append(f"{k:9s} P={v['p']:.3f} R={v['r']:.3f} F1={v['f1']:.3f}  tp/fp/fn={v['tp_fp_fn']}")
    t, a = res["THEME"], res["ATTRIBUTION"]
    lines.append(f"THEME     strict={t['strict']:.3f} lenient={t['lenient']:.3f} stated themes exact={t['themes_exact']}"
                 f" mean theme_score={t['mean_score']:.3f}")
    lines.append(f"ATTRIB    speaker={a['speaker_acc']:.3f} titles recall={a['titles_recall']:.3f}")
    if res["missing"]:
        lines.append(f"MISSING   {', '.join(res['missing'])}")
    return "\n".join(lines)


def main(args) -> int:
    records = load_records(args.output)
    golds = load_golds(args.gold)
    if not golds:
        print(f"error: no *.gold.json in {', '.join(args.gold)}")
        return 2
    groups = {"all": golds}
    if args.splits and Path(args.splits).exists():
        splits = json.loads(Path(args.splits).read_text(encoding="utf-8"))
        for split, docs in splits.items():
            groups[split] = [g for g in golds if g["doc"] in set(docs)]
        listed = {d for docs in splits.values() for d in docs}
        groups["seed"] = [g for g in golds if g["doc"] not in listed]
    results = {name: score(records, gs) for name, gs in groups.items() if gs}
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        print("\n\n".join(format_table(f"{name} ({len(groups[name])} documents)", res) for name, res in results.items()))
    return 0
