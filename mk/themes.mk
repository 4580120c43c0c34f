# The theme model's background IDF (issue 4): document frequencies of words and character n-grams over the
# UD GSDSimp dev and test sentences (CC BY-SA 4.0), committed as models/themes/background_df.json so that
# `annotate` never fits a vectoriser. Rebuild after changing the UD data, the segmenter's user words or the
# analyser in pipeline/stages/themes.py.

THEME_BG_SHARED := $(or $(ZHMEET_SHARED),../shared)

.PHONY: theme-background

theme-background: | venv
	ZHMEET_SHARED=$(THEME_BG_SHARED) $(PY) -m pipeline.discover background --shared $(THEME_BG_SHARED) -o models/themes/background_df.json

# theme_score's softmax temperature (issue 4): fitted by maximum likelihood of the gold themes of the
# development documents (../shared/gold and corpus/gold, the held-out "test" and "holdout" splits left out), written to
# models/themes/calibration.json with the accuracy and mean score it was fitted at. Rebuild after changing
# the theme model or the development gold.

.PHONY: theme-calibration

theme-calibration: | venv
	ZHMEET_SHARED=$(THEME_BG_SHARED) $(PY) -m pipeline.calibrate corpus $(THEME_BG_SHARED)/gold corpus/gold \
		--splits corpus/gold/splits.json --exclude test holdout -o models/themes/calibration.json
