# The theme model's background IDF (issue 4): document frequencies of words and character n-grams over the
# UD GSDSimp dev and test sentences (CC BY-SA 4.0), committed as models/themes/background_df.json so that
# `annotate` never fits a vectoriser. Rebuild after changing the UD data, the segmenter's user words or the
# analyser in pipeline/stages/themes.py.

THEME_BG_SHARED := $(or $(ZHMEET_SHARED),../shared)

.PHONY: theme-background

theme-background: | venv
	ZHMEET_SHARED=$(THEME_BG_SHARED) $(PY) -m pipeline.discover background --shared $(THEME_BG_SHARED) -o models/themes/background_df.json
