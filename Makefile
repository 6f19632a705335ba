# Two commands: `make demo` and `make test`. Both set up everything they need on a fresh
# Debian machine: system packages (only those missing), the virtualenv and the package.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
TOOLS := .tools
UV    := $(TOOLS)/bin/uv
export UV_PYTHON := python3
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
BRIEFGEN := $(VENV)/bin/briefgen
MEETING := inputs/bcd-khcn-2025-05-22.yaml

# What WeasyPrint needs to print PDFs: Pango, HarfBuzz subsetting, and a Times New Roman
# metric font with full Vietnamese coverage.
RUNTIME_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fontconfig
# What the tests read the outputs with: pdftotext/pdffonts, LibreOffice as the real client
# every DOCX must open in, Chromium to load the batch index page, OpenSSL for docs/signing.md's test keys.
TEST_DEBS := poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui chromium qpdf openssl

.PHONY: demo test docs setup setup-test lock test-latest bench bench-national clean

demo: setup
	$(BRIEFGEN) batch $(MEETING) --out out

test: setup-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache
	$(PY) tools/build_docx_templates.py --check
	$(VENV)/bin/pytest -q -n auto --dist loadfile

# The clerk's guide as a site in build/site (open build/site/index.html): every command block of
# docs/huong-dan/ run against a scratch copy of inputs/ and checked, its pictures made from what
# they wrote (poppler, Chromium, LibreOffice: the test packages), the reference generated from
# the code, then MkDocs in strict mode (tools/guide/build.py).
docs: $(UV)
	@bash tools/ensure-debs.sh $(RUNTIME_DEBS) $(TEST_DEBS)
	$(UV) sync --locked --extra test --extra docs --quiet
	$(PY) -m tools.guide.build

# Exactly what uv.lock says, hashes checked, and nothing else (the sync is exact: strays are
# removed); --locked refuses a lock that no longer matches pyproject.toml instead of changing it.
setup: $(UV)
	@bash tools/ensure-debs.sh $(RUNTIME_DEBS)
	$(UV) sync --locked --quiet

setup-test: $(UV)
	@bash tools/ensure-debs.sh $(RUNTIME_DEBS) $(TEST_DEBS)
	$(UV) sync --locked --extra test --quiet

# The lock again, each package at the newest release pyproject.toml's ranges allow.
lock: $(UV)
	$(UV) lock --upgrade
	$(UV) pip compile --universal --generate-hashes --custom-compile-command "make lock" --quiet tools/uv-requirements.in \
	    -o tools/uv-requirements.txt

# Upstream drift, outside CI's gate: the newest releases the ranges allow, in a venv of their own,
# and the whole suite on them (make lock, then make test, takes them for good).
test-latest: $(UV)
	@bash tools/ensure-debs.sh $(RUNTIME_DEBS) $(TEST_DEBS)
	rm -rf .venv-latest
	$(UV) venv --quiet .venv-latest
	$(UV) pip install --quiet --python .venv-latest/bin/python --upgrade --refresh -e '.[test]'
	PATH="$(CURDIR)/.venv-latest/bin:$$PATH" .venv-latest/bin/pytest -q -n auto --dist loadfile

# uv, pinned with its hashes in tools/uv-requirements.txt, in a small venv of its own (a uv inside
# .venv would be removed by the exact sync it runs). It never downloads a Python of its own.
$(UV): tools/uv-requirements.txt
	test -x $(TOOLS)/bin/python || python3 -m venv $(TOOLS) || { rm -rf $(TOOLS); bash tools/ensure-debs.sh python3-venv && python3 -m venv $(TOOLS); }
	$(TOOLS)/bin/python -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r tools/uv-requirements.txt
	touch $@

# The bench also times LibreOffice kept warm by unoserver, whose server runs on Debian's python3
# (the `uno` module comes with python3-uno), and reads peak memory with GNU time.
# Options through BENCH_ARGS, e.g. `make bench BENCH_ARGS="--runs 1 --sizes 44,440"`.
bench: setup-test
	@bash tools/ensure-debs.sh python3-uno time
	$(UV) sync --locked --extra test --extra bench --quiet
	$(PY) bench/bench.py $(BENCH_ARGS)

# The 63-point national session against one LibreOffice call (several minutes): `--runs N`.
bench-national: setup-test
	@bash tools/ensure-debs.sh python3-uno time
	$(UV) sync --locked --extra test --extra bench --quiet
	$(PY) bench/national.py $(BENCH_ARGS)

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache .venv-latest
