# The two commands of the README: `make run` (the demo on SQLite) and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# WeasyPrint renders the printed documents with Pango and HarfBuzz from the system.
PDF_LIBS := libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0

.PHONY: run test test-quick install install-dev check-system lint messages clean serve bench loadtest

check-system:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
	  || { echo "Python 3.11 or newer is needed (apt-get install python3)."; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null \
	  || { echo "The venv module is missing: apt-get install python3-venv"; exit 1; }
	@for lib in $(PDF_LIBS); do /sbin/ldconfig -p | grep -q "$$lib" \
	  || { echo "$$lib is missing (printed documents): apt-get install $(PDF_PACKAGES)"; exit 1; }; done

$(BIN)/python: | check-system
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install-dev
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --manifest var/manifest.json
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

# axe-core for the accessibility checks of the browser tests, at the version package-lock.json pins.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing (accessibility checks): apt-get install npm"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test: install-dev node_modules/.installed
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# The developer's loop: the suite without the tests marked slow (pytest.ini). `make test` runs all.
test-quick: install-dev
	$(BIN)/pytest -m "not slow"

# Production: settings from the environment (docs/deploy.md). It refuses to start without
# DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS; migrations are run once per upgrade, not here.
serve: install
	$(BIN)/python manage.py check --deploy --tag production --fail-level WARNING
	$(BIN)/python manage.py check --deploy
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn --config familysupport/gunicorn.conf.py familysupport.wsgi

# Server time (every page computed in full) and queries of the main pages at 1,000 and 20,000
# families per centre and in a city of 10 centres and 100,000 families, in a database of its own
# (var/bench.sqlite3, or <name>_bench beside DATABASE_URL): var/bench.json (docs/performance.md).
bench: install-dev
	$(BIN)/python manage.py bench

# 40 people of the centres (social workers, assistants, heads, staff) reading and writing for
# 120 s (after they logged in) against a running `make serve` on this machine, whose database
# `manage.py loadtest_setup` prepared; at most 5 minutes in all (docs/performance.md).
LOADTEST_HOST ?= http://127.0.0.1:8000
loadtest: install-dev
	$(BIN)/locust --locustfile tools/bench/locustfile.py --host $(LOADTEST_HOST) --headless \
	  --users 40 --spawn-rate 2 --run-time 300s --only-summary --csv var/loadtest

# Types: what pyproject.toml's [tool.mypy] `files` lists (the foundation, the case apps and the
# overview), with django-stubs.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

messages: install-dev
	$(BIN)/python manage.py makemessages --locale pl --locale en --no-obsolete --add-location never --ignore .venv --ignore var --ignore node_modules
	$(BIN)/python manage.py compilemessages --ignore .venv

clean:
	rm -rf $(VENV) var
