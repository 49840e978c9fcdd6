PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SAMPLE_PORT ?= 8001
INDEX ?= var/demo-index

.PHONY: demo test lint install install-app venv clean test-whoosh-reloaded

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

venv: $(BIN)/python

install: venv
	$(BIN)/pip install --quiet -e '.[test]'

# The app alone, without the test extras (browser, fuzzers): what `make demo` needs.
install-app: venv
	$(BIN)/pip install --quiet -e .

# Serve the sample blog on loopback, crawl it with the real crawler, then serve the app.
demo: install-app
	@mkdir -p var
	@printf '[[source]]\nname = "sample"\nurl = "http://127.0.0.1:$(SAMPLE_PORT)/"\nkind = "tistory"\nrequests_per_second = 50\nallow_private_network = true\n' > var/demo-sources.toml
	@$(BIN)/python -m sample.serve --port $(SAMPLE_PORT) & echo $$! > var/sample-server.pid; \
	trap 'kill $$(cat var/sample-server.pid) 2>/dev/null' EXIT; \
	sleep 1; \
	$(BIN)/newsarchive update --config var/demo-sources.toml --index $(INDEX) && \
	echo "newsarchive demo: http://127.0.0.1:$(PORT)/" && \
	$(BIN)/newsarchive serve --port $(PORT) --index $(INDEX)

test: install
	$(BIN)/python -m pytest -n 2 -q tests; status=$$?; \
	if [ $$status -eq 5 ]; then echo "no tests were collected" >&2; exit 1; fi; exit $$status

lint: install
	$(BIN)/ruff check search web indexer tests bench sample

# The search tests again with whoosh-reloaded 2.7.5, the fallback Whoosh line the README names.
# It installs the same top-level module, `whoosh`, as whoosh3: put in a folder of its own ahead of
# the venv's site-packages, it replaces whoosh3 for this run only.
WHOOSH_FALLBACK := var/whoosh-reloaded
SEARCH_TESTS := tests/test_search_engine.py tests/test_query_language.py tests/test_postings.py \
	tests/test_facets.py tests/test_highlight.py tests/test_properties_search.py tests/test_analysis.py
test-whoosh-reloaded: install
	rm -rf $(WHOOSH_FALLBACK)
	$(BIN)/pip install --quiet --target $(WHOOSH_FALLBACK) whoosh-reloaded==2.7.5
	PYTHONPATH=$(WHOOSH_FALLBACK) $(BIN)/python -c "import whoosh; assert whoosh.versionstring() == '2.7.5', whoosh.__file__"
	PYTHONPATH=$(WHOOSH_FALLBACK) $(BIN)/python -m pytest -n 2 -q -p no:cacheprovider $(SEARCH_TESTS)

clean:
	rm -rf $(VENV) var build *.egg-info

# Schemathesis, every check, >= 500 generated requests per /api/v1 operation, against gunicorn
# over the sample blog (tests/test_schemathesis.py; the suite runs the same with 3 examples).
.PHONY: fuzz-api
fuzz-api: install
	FUZZ_API_EXAMPLES=500 $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/test_schemathesis.py
