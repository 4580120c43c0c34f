"""Fast paths give the results of the plain computations they replace (themes, tokenizer, speakers)."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.stages import sentences, speakers, themes

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# the same examples on every run: floating-point comparisons whose inputs could, by chance, hold a near tie
FIXED = settings(FAST, derandomize=True)

report_text = st.lists(st.one_of(
    st.characters(exclude_categories=["Cs"]),
    st.sampled_from(["。", "！", "？", "!", "?", "\n", ".", "委员", "说", "1.5", "a.", "”.", " ", "\r\n"]),
), max_size=80).map("".join)


def _plain_sentence_start(text: str, pos: int) -> int:
    start = max(text.rfind(ch, 0, pos) for ch in "。！？!?\n") + 1
    if text.find(".", start, pos) >= 0:
        m = speakers._LAST_SENTENCE_END_RE.match(text, start, pos)
        if m:
            start = m.end()
    return start


@FAST
@given(report_text)
def test_sentence_start_from_stop_list_same_as_rfind(text):
    stops = sentences.sentence_stops(text)
    for pos in range(len(text) + 1):
        want = _plain_sentence_start(text, pos)
        assert speakers._sentence_start(text, pos, stops) == want
        assert speakers._sentence_start(text, pos) == want


@FAST
@given(st.lists(st.sampled_from(["", " ", "，", "。。", "a", "数字", "\u3000", "_", "x1", "！a", "——", "经济", "\n"]),
                max_size=40))
def test_word_counts_same_as_counter_of_words(pieces):
    cut = lambda _t: list(pieces)  # noqa: E731
    got = themes._word_counts("", cut=cut)
    want = Counter(themes._words("", cut=cut))
    assert list(got.items()) == list(want.items())  # same counts, same key order
    assert list(want) == list(dict.fromkeys(w for w in pieces if w.strip() and not re.fullmatch(r"\W+", w)))


@FAST
@given(st.integers(0, 6), st.integers(0, 300), st.integers(0, 300), st.integers(0, 2**32 - 1))
def test_blockwise_in_place_l2_same_as_hstack_of_copies(n, a, b, seed):
    rng = np.random.default_rng(seed)
    m = rng.random((n, a + b)) * (rng.random((n, a + b)) < 0.2)  # sparse-ish, some rows all zero
    want = np.hstack([themes._l2_rows(m[:, :a]), themes._l2_rows(m[:, a:])])
    got = m.copy()
    themes._l2_rows_inplace(got[:, :a])
    themes._l2_rows_inplace(got[:, a:])
    assert got.tobytes() == want.tobytes()
    # normalising all rows at once gives each row what normalising its own group of rows does
    if n >= 2:
        whole = themes._l2_rows(want)
        parts = np.vstack([themes._l2_rows(want[:1]), themes._l2_rows(want[1:])])
        assert whole.tobytes() == parts.tobytes()


def test_theme_model_fit_same_as_per_group_normalisation():
    """fit() normalises all rows in one call; the plain way normalised seeds, texts, contexts and extra
    texts separately (_combine for the texts)."""
    seeds = ["数字经济 数字 产业数字化", "乡村振兴 农业 农村", "人才 培养 引进"]
    texts = ["一、加快数字经济发展，建设工业互联网平台", "二是推进乡村振兴，发展特色农业", "引进高层次人才，建设人才公寓"]
    contexts = ["# 发言摘编 委员们建议：", "", "委员们建议："]
    extra = ["加快数字经济发展", "数字经济", "乡村振兴"]
    model = themes.ThemeModel(seed_words={}, seed_grams={})
    model.fit(seeds, texts, contexts, extra)
    m = themes.TermSpace(themes.load_background()).fit(seeds + texts + contexts + extra)
    m = m.transform(seeds + texts + contexts + extra)
    assert model.seeds_.tobytes() == themes._l2_rows(m[:3]).tobytes()
    assert model.x_.tobytes() == model._combine(m[3:6], m[6:9]).tobytes()
    assert model.extra_.tobytes() == themes._l2_rows(m[9:]).tobytes()


theme_unit = st.lists(st.sampled_from(["数字经济", "乡村", "振兴", "人才", "引进", "培养", "平台", "，", "。", "建设",
                                        "农业", "的", "工业互联网", "养老", "服务", " ", "a1"]), max_size=12).map("".join)


@FIXED
@given(st.lists(theme_unit, min_size=1, max_size=12), st.integers(0, 4))
def test_term_space_gram_same_as_product_of_the_matrix(texts, n_fixed):
    """fit_gram(): the dot products of fit_transform()'s rows, from the shared terms only."""
    n_fixed = min(n_fixed, len(texts))
    m = themes.TermSpace(themes.load_background()).fit_transform(texts)
    gram = themes.TermSpace(themes.load_background(), known_grams={}).fit_gram(texts, n_fixed)
    assert np.allclose(gram, m @ m.T, rtol=1e-12, atol=1e-12)


@FIXED
@given(st.lists(theme_unit, min_size=1, max_size=4), st.lists(theme_unit, max_size=6), st.booleans(),
       st.lists(theme_unit, max_size=3), st.integers(0, 3))
def test_theme_model_similarities_same_as_fitted_vectors(seeds, texts, with_contexts, extra, n_iter):
    """fit_similarities() (the pipeline's path, on the units' Gram matrix) gives what fit() does with the
    vectors themselves: x_ @ centroids_.T, and the extra texts' dot products."""
    contexts = [t[::-1] for t in texts] if with_contexts else None
    plain = themes.ThemeModel(n_iter=n_iter).fit(seeds, texts, contexts, extra)
    fast = themes.ThemeModel(n_iter=n_iter, seed_words={}, seed_grams={})
    sims = fast.fit_similarities(seeds, texts, contexts, extra)
    assert sims.shape == (len(texts), len(seeds))
    if texts:
        assert np.allclose(sims, plain.x_ @ plain.centroids_.T, rtol=1e-9, atol=1e-9)
    assert np.allclose(fast.extra_gram_, plain.extra_ @ plain.extra_.T, rtol=1e-9, atol=1e-9)


@FAST
@given(st.lists(st.tuples(st.text("ab國国 ", min_size=1, max_size=4), st.booleans()), max_size=60))
def test_cut_like_same_as_slicing_every_piece(parts):
    """_cut_like slices only the pieces whose characters the analysis copy changed: the same words as
    slicing the text at every piece boundary."""
    from pipeline.stages.segment import _cut_like

    pieces = [p.replace("國", "国") if simplify else p for p, simplify in parts]
    text = "".join(p for p, _ in parts)
    words, pos = [], 0
    for piece in pieces:
        words.append(text[pos:pos + len(piece)])
        pos += len(piece)
    assert _cut_like(text, "".join(pieces), pieces) == words


@FAST
@given(st.sets(st.integers(0, 500)), st.integers(0, 50))
def test_argsort_distinct_same_as_argsort(values, extra):
    values = np.array(sorted(values, key=lambda v: (v * 7919) % 503), dtype=np.int64)  # not in order
    bound = int(values.max()) + 1 + extra if len(values) else extra
    got = themes._argsort_distinct(values, bound)
    assert got.tolist() == np.argsort(values).tolist()
    assert got.dtype == np.argsort(values).dtype
