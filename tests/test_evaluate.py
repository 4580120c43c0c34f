"""``make eval``'s scorer is our own code: it must agree with the reference scorer in ../shared/tools."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import SHARED

from pipeline.evaluate import iou, load_golds, load_records, match_proposals, prf, score


def test_prf_and_iou_arithmetic():
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    p, r, f = prf(3, 1, 2)
    assert (p, r) == (0.75, 0.6) and abs(f - 2 * 0.75 * 0.6 / 1.35) < 1e-12
    assert iou((0, 10), (5, 15)) == 5 / 15
    assert iou((0, 5), (5, 10)) == 0.0


def test_matching_is_one_to_one():
    gold = [{"start": 0, "end": 10}, {"start": 0, "end": 10}]
    pred = [{"start": 1, "end": 10}]
    assert len(match_proposals(gold, pred)) == 1


def test_agrees_with_reference_scorer(corpus_records):
    _, out = corpus_records
    ref = SHARED / "tools" / "score_gold.py"
    if not ref.exists():
        pytest.skip("../shared/tools is not beside the project")
    result = subprocess.run([sys.executable, str(ref), str(out), str(SHARED / "gold"), "--json"],
                            capture_output=True, text=True, check=True)
    theirs = json.loads(result.stdout)
    ours = score(load_records(out), load_golds([SHARED / "gold"]))
    for key in ("PERSON", "ORG", "POLICY", "SPEAKER", "PROPOSAL"):
        assert ours[key]["tp_fp_fn"] == theirs[key]["tp_fp_fn"], key
    assert round(ours["THEME"]["strict"], 3) == theirs["THEME"]["strict_acc_matched"]
    assert round(ours["THEME"]["lenient"], 3) == theirs["THEME"]["lenient_acc_matched"]
    assert round(ours["ATTRIBUTION"]["speaker_acc"], 3) == theirs["ATTRIBUTION"]["speaker_acc_matched"]
    assert round(ours["ATTRIBUTION"]["titles_recall"], 3) == theirs["ATTRIBUTION"]["titles_recall"]


def test_seed_meets_the_issue_thresholds(corpus_records):
    """The end-to-end quality bar of the spine issue, measured on the seed's gold."""
    _, out = corpus_records
    res = score(load_records(out), load_golds([SHARED / "gold"]))
    assert res["PERSON"]["f1"] >= 0.90
    assert res["ORG"]["f1"] >= 0.80
    assert res["POLICY"]["f1"] >= 0.60
    assert res["SPEAKER"]["f1"] >= 0.90
    assert res["PROPOSAL"]["f1"] >= 0.90
    assert res["THEME"]["lenient"] >= 0.70
