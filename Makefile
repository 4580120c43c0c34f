# Two commands a user needs: `make annotate` and `make test`. Every target sets up .venv itself.
PY      := .venv/bin/python
SHARED  ?= ../shared
OUT     := out
export ZHMEET_SHARED := $(abspath $(SHARED))

.PHONY: venv annotate test eval lint clean lexicons
.DEFAULT_GOAL := annotate

venv: .venv/.installed
.venv/.installed: pyproject.toml
	python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

annotate: venv
	$(PY) -m pipeline annotate corpus -o $(OUT)/annotated.jsonl

test: venv
	$(PY) -m ruff check pipeline tests corpus/gold
	$(PY) -m pytest

# Annotates the corpus afresh (a second or so), then scores it against every gold file, per split.
eval: annotate
	$(PY) -m pipeline eval $(OUT)/annotated.jsonl $(SHARED)/gold $(wildcard corpus/gold) --splits corpus/gold/splits.json

lint: venv
	$(PY) -m ruff check pipeline tests corpus/gold

lexicons: venv
	$(PY) -m pipeline.build_lexicons

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

-include mk/*.mk
