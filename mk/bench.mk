# Speed (issue 5): `make bench` builds a >= 20 MB benchmark corpus once (out/bench/, from the UD sentences
# in $(SHARED)/data/ud and corpus/, recombined with a seeded RNG) and measures in one run: plain jieba.cut
# (the baseline), the whole pipeline on 1 and 2 workers, each stage's share, peak RSS, and half / double
# the corpus. Prints a table and writes out/bench.json; BENCH_MB=5 make bench for a quicker look.

BENCH_MB ?= 20

.PHONY: bench

bench: venv
	BENCH_MB=$(BENCH_MB) $(PY) -m pipeline.bench --size-mb $(BENCH_MB) --out $(OUT)/bench.json --dir $(OUT)/bench
