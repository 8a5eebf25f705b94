# govproj — 常用命令。`make demo` 与 `make test` 在全新机器上即可运行（自动创建 .venv）。
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do command -v $$p >/dev/null && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SAMPLE := examples/dossier-sample
# the sample dossier is written as of this day; checking it later would report real, later deadlines
DEMO_AS_OF ?= 2026-11-22
# make demo writes only here (never into the sample dossier, whose out/ a user may have edited)
DEMO_OUT ?= demo-out

.PHONY: venv demo test test-slow bench lint clean fuzz

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "需要 Python 3.11 或更高版本"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# newest versions the ranges allow, so that a dependency's new release breaks CI first, not a user's machine
	$(BIN)/python -m pip install -q --upgrade --upgrade-strategy eager -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/govproj --version
	$(BIN)/govproj check $(SAMPLE) --as-of $(DEMO_AS_OF)
	$(BIN)/govproj estimate $(SAMPLE) --as-of $(DEMO_AS_OF) --chart $(DEMO_OUT)/timeline.png
	$(BIN)/govproj render $(SAMPLE) --as-of $(DEMO_AS_OF) --out $(DEMO_OUT)/forms
	@echo "示例的输出在 $(DEMO_OUT)/ 下：forms/（表单 .docx）、timeline.png（甘特图）；示例档案 $(SAMPLE) 没有改动。"
	@echo "之后运行 govproj：$(BIN)/govproj --help，或先执行 source $(BIN)/activate 再直接用 govproj。"

test: $(STAMP)
	$(BIN)/python -m pytest -n auto

# integration tests marked slow (pre-commit try-repo, LibreOffice); .ci/run runs them after `make test`
test-slow: $(STAMP)
	$(BIN)/python -m pytest -n auto -m slow

# hostile inputs against every command (docs/reliability.md); FUZZ_SEED and FUZZ_CASES to vary.
# `make test` runs the first 200 cases of the same seed (tests/fuzz/test_fuzz.py)
FUZZ_SEED ?= 20261129
FUZZ_CASES ?= 10000
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz --seed $(FUZZ_SEED) --cases $(FUZZ_CASES) --jobs 2 --costs --report fuzz-report.json

bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python benchmarks/run.py --dossiers 1000 --runs 3 --suite

lint: $(STAMP)
	$(BIN)/python -m ruff check govproj tests benchmarks tools

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info $(DEMO_OUT)
