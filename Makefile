# Budget disclosure extractor — `make help` lists the targets.
# `make demo` and `make test` set everything up on a fresh clone (virtual environment in .venv).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared
SEED   := fixtures/seed/changji-hitech-center-2026-budget.md
OUT    ?= out

.DEFAULT_GOAL := help
.PHONY: help install demo test test-fast lint typecheck bench bench-scan fixtures corpus-report corpus-batch eval eval-markdown compare-markdown eval-scan fuzz machine-check clean chromium

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	@echo "installing into $(VENV) (log: $(VENV)/install.log)"
	@$(BIN)/python -m pip install --quiet --upgrade pip > $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@$(BIN)/python -m pip install --quiet -e '.[dev]' >> $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install the package with its dev extras

demo: $(STAMP) ## parse the embedded sample (the seed), print a summary and write its review site
	@mkdir -p $(OUT)
	$(BIN)/extractor parse $(SEED) -o $(OUT)/seed.json -v
	@$(BIN)/extractor report $(OUT)/seed.json -o $(OUT)/report > /dev/null
	@echo "review site: $(abspath $(OUT))/report/index.html (open it in a browser; the seed's page: $(abspath $(OUT))/report/docs/seed.html)"

chromium: ## install Debian's chromium for the browser tests (apt-get; needs root)
	bash scripts/install_chromium.sh

test: $(STAMP) ## run the whole test suite (corpus tests skip when ../shared is absent)
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## run the tests that need no ../shared
	$(BIN)/python -m pytest -m "not corpus"

lint: $(STAMP) ## ruff on package, tests and scripts
	$(BIN)/ruff check extractor tests scripts

typecheck: $(STAMP) ## mypy --strict on the package
	$(BIN)/mypy

fixtures: $(STAMP) ## regenerate the fixtures made from the seed (Markdown variants, PDFs)
	$(BIN)/python scripts/make_fixtures.py
	$(BIN)/python scripts/make_pdf_fixtures.py

.PHONY: ocr-fixtures
ocr-fixtures: $(STAMP) ## regenerate fixtures/pdf/seed-ocr-pages.pdf (two seed pages, Chinese font embedded; apt-get download)
	$(BIN)/python scripts/make_ocr_fixtures.py

corpus-report: $(STAMP) ## per-document report over ../shared/corpus (pages, tables, stitched, seconds)
	$(BIN)/python scripts/corpus_report.py $(SHARED)/corpus

corpus-batch: $(STAMP) ## convert the whole corpus with the batch command (2 workers) into out/corpus
	$(BIN)/extractor batch $(SHARED)/corpus -o $(OUT)/corpus -j 2

eval: $(STAMP) ## score the output against the hand-verified gold in ../shared/gold
	$(BIN)/python scripts/eval_gold.py --gold $(SHARED)/gold --gold fixtures/gold --corpus $(SHARED)/corpus

eval-markdown: $(STAMP) ## score the converter Markdown (../shared/corpus-markdown) against the same gold
	$(BIN)/python scripts/eval_gold.py --gold $(SHARED)/gold --gold fixtures/gold --markdown $(SHARED)/corpus-markdown

compare-markdown: $(STAMP) ## the converter Markdown of every corpus PDF against the PDF's own reading (all 46, not only the gold)
	$(BIN)/python scripts/compare_markdown.py --corpus $(SHARED)/corpus --markdown $(SHARED)/corpus-markdown

eval-scan: $(STAMP) ## the same on image-only copies of the gold documents, read by OCR (SCAN=plain|realistic)
	$(BIN)/python scripts/eval_gold.py --gold $(SHARED)/gold --corpus $(SHARED)/corpus --scan $(or $(SCAN),plain)

bench-scan: $(STAMP) ## the scanned case of the benchmark alone (OCR against RapidOCR's own pipeline)
	$(BIN)/python -m compileall -q extractor
	$(BIN)/python scripts/bench.py $(SHARED)/corpus --only scan

bench: $(STAMP) ## benchmark against pdfplumber and camelot; writes BENCHMARKS.md
	@# byte-compile the package first, as an installed one is (PYTHONDONTWRITEBYTECODE would
	@# otherwise make every timed process recompile it while the libraries it is compared with load .pyc)
	$(BIN)/python -m compileall -q extractor
	$(BIN)/python scripts/bench.py $(SHARED)/corpus

machine-check: $(STAMP) ## corpus JSON byte-identical across fonts, locales, time zones, hash seeds (APT=1: really install/remove fonts-noto-cjk, root)
	$(BIN)/python scripts/check_machine_independence.py $(SHARED)/corpus --machine-cjk-fonts \
		--fetch-noto $(OUT)/machine-check/noto --make-locales $(OUT)/machine-check/locales $(if $(APT),--apt)

fuzz: $(STAMP) ## a long fuzz session over the readers (MINUTES=30 by default)
	$(BIN)/python scripts/fuzz.py --minutes $(or $(MINUTES),30)

clean: ## remove outputs and caches (keeps .venv)
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
