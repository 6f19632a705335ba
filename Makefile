# Two commands: `make demo` and `make test`. Both set up everything they need on a fresh
# Debian machine: system packages (only those missing), the virtualenv and the package.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
BRIEFGEN := $(VENV)/bin/briefgen
MEETING := inputs/bcd-khcn-2025-05-22.yaml

# What WeasyPrint needs to print PDFs: Pango, HarfBuzz subsetting, and a Times New Roman
# metric font with full Vietnamese coverage.
RUNTIME_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fontconfig
# What the tests read the outputs with: pdftotext/pdffonts, LibreOffice as the real client
# every DOCX must open in, and Chromium to load the batch index page.
TEST_DEBS := poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui chromium qpdf

.PHONY: demo test setup setup-test bench bench-national clean

demo: setup
	$(BRIEFGEN) batch $(MEETING) --out out

test: setup-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache
	$(PY) tools/build_docx_templates.py --check
	$(VENV)/bin/pytest -q -n auto --dist loadfile

setup: $(VENV)/.installed
	@bash tools/ensure-debs.sh $(RUNTIME_DEBS)

setup-test: setup $(VENV)/.installed-test
	@bash tools/ensure-debs.sh $(TEST_DEBS)

$(VENV)/.installed: pyproject.toml
	# A bare Debian python3 lacks venv/ensurepip until python3-venv is installed.
	test -x $(PY) || python3 -m venv $(VENV) || { rm -rf $(VENV); bash tools/ensure-debs.sh python3-venv && python3 -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# The bench also times LibreOffice kept warm by unoserver, whose server runs on Debian's python3
# (the `uno` module comes with python3-uno), and reads peak memory with GNU time.
# Options through BENCH_ARGS, e.g. `make bench BENCH_ARGS="--runs 1 --sizes 44,440"`.
bench: setup-test
	@bash tools/ensure-debs.sh python3-uno time
	$(PY) -c 'import unoserver' 2>/dev/null || $(PY) -m pip install -q -e '.[bench]'
	$(PY) bench/bench.py $(BENCH_ARGS)

# The 63-point national session against one LibreOffice call (several minutes): `--runs N`.
bench-national: setup-test
	@bash tools/ensure-debs.sh python3-uno time
	$(PY) -c 'import unoserver' 2>/dev/null || $(PY) -m pip install -q -e '.[bench]'
	$(PY) bench/national.py $(BENCH_ARGS)

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
