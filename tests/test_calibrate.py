"""Temperature scaling of theme_score (pipeline.calibrate)."""

from __future__ import annotations

import json

import numpy as np

from pipeline.calibrate import default_prior, fit_temperature, negative_log_likelihood, summary
from pipeline.stages.themes import (
    DEFAULT_TEMPERATURE,
    PRIOR_WEIGHT,
    load_calibration,
    load_temperature,
    softmax,
)


def _sampled_rows(temperature: float, n: int = 3000, k: int = 4, seed: int = 0):
    """Similarity rows whose gold theme is drawn from softmax(row / temperature): the maximum-likelihood
    temperature of such data is close to the one that generated it."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(n):
        row = rng.uniform(0.0, 0.6, size=k)
        gold = int(rng.choice(k, p=softmax(row[None, :], temperature)[0]))
        rows.append((row, gold))
    return rows


def test_fit_recovers_the_generating_temperature():
    rows = _sampled_rows(0.1)
    fitted = fit_temperature(rows)
    assert 0.08 < fitted < 0.125
    assert negative_log_likelihood(rows, fitted) <= negative_log_likelihood(rows, 0.02)
    assert negative_log_likelihood(rows, fitted) <= negative_log_likelihood(rows, 1.0)


def test_calibrated_scores_match_accuracy_on_their_data():
    rows = _sampled_rows(0.1, seed=1)
    fitted = summary(rows, fit_temperature(rows))
    assert abs(fitted["mean_theme_score"] - fitted["accuracy"]) < 0.05
    overconfident = summary(rows, 0.01)
    assert overconfident["mean_theme_score"] - overconfident["accuracy"] > 0.2


def test_temperature_never_changes_the_chosen_theme():
    row = np.array([[0.31, 0.29, 0.05, 0.3]])
    assert {int(np.argmax(softmax(row, t))) for t in (0.01, 0.09, 1.0, 10.0)} == {0}


def test_temperature_file_and_default(tmp_path):
    (tmp_path / "themes").mkdir()
    assert load_temperature(str(tmp_path)) == DEFAULT_TEMPERATURE
    load_calibration.cache_clear()
    (tmp_path / "themes" / "calibration.json").write_text(json.dumps({"temperature": 0.2}), encoding="utf-8")
    assert load_temperature(str(tmp_path)) == 0.2
    load_calibration.cache_clear()


def test_default_prior_counts_the_default_theme_documents_only():
    names = ["A", "B"]
    golds = [{"themes": names, "proposals": [{"theme": "A"}, {"theme": "A"}, {"theme": "B"}]},
             {"themes": ["C", "D"], "proposals": [{"theme": "C"}] * 5}]
    assert default_prior(golds, names) == {"A": 0.6, "B": 0.4}  # (2+1)/5, (1+1)/5


def test_default_prior_shifts_default_themes_only():
    from pipeline.nlp import load

    nlp = load()
    comp = nlp.get_pipe("meeting_themes")
    assert set(comp.default_prior) == {t.name for t in comp.default_themes}
    default = nlp("王大文委员建议，出台休闲垂钓管理办法，划定禁钓区。\n")
    stated = nlp("会议围绕渔政执法、渔民安置两个议题协商。\n\n王大文委员建议，出台休闲垂钓管理办法，划定禁钓区。\n")
    for doc in (default, stated):
        with_prior = comp.similarities(doc)
        comp.prior_weight = 0
        try:
            without = comp.similarities(doc)
        finally:
            comp.prior_weight = PRIOR_WEIGHT
        shift = with_prior - without
        if doc is default:
            assert np.allclose(shift, PRIOR_WEIGHT * np.log([comp.default_prior[n] for n in doc._.themes]))
        else:
            assert np.allclose(shift, 0)
