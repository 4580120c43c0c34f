# What users look at (issue 8): the offline HTML report, and a check that a real browser shows it.
# Included by the main Makefile, which defines PY and builds out/annotated.jsonl (`make annotate`).
#
#   make report        out/annotated.jsonl -> out/report.html (open it in any browser, even offline)
#   make report-check  screenshot out/report.html in headless Chromium (out/report.png) and check it:
#                      not blank, speakers' names in the page, Chinese glyphs rather than tofu boxes.
#                      Installs Debian's chromium and fonts-noto-cjk with apt-get when they are missing.

REPORT_IN ?= out/annotated.jsonl
REPORT_HTML ?= out/report.html
REPORT_PNG ?= out/report.png
# apt-get needs root; use sudo where we are not root and it exists
REPORT_SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)

.PHONY: report report-check report-browser

# The main Makefile's `annotate` target writes out/annotated.jsonl; run it when the file is missing.
out/annotated.jsonl:
	$(MAKE) annotate

report: $(REPORT_IN) | venv
	$(PY) -m pipeline report $(REPORT_IN) -o $(REPORT_HTML)

report-check: report report-browser
	$(PY) -m pipeline.reportcheck $(REPORT_HTML) --records $(REPORT_IN) --png $(REPORT_PNG)

# Chromium and a CJK font come from Debian's packages; nothing is downloaded from anywhere else.
report-browser:
	@if ! command -v chromium >/dev/null 2>&1 || [ -z "$$(fc-list :lang=zh 2>/dev/null)" ]; then \
		echo "report-check: installing chromium and fonts-noto-cjk with apt-get"; \
		$(REPORT_SUDO) apt-get update -qq && \
		$(REPORT_SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			chromium fonts-noto-cjk fontconfig; \
	fi
