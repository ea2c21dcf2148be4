# The two commands of the README: `make run` (the demo on SQLite) and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# WeasyPrint renders the printed documents with Pango and HarfBuzz from the system.
PDF_LIBS := libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0

.PHONY: run test install install-dev check-system lint messages clean

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

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --manifest var/manifest.json
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

test: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: install-dev
	$(BIN)/python manage.py makemessages --locale pl --locale en --no-obsolete --ignore .venv --ignore var
	$(BIN)/python manage.py compilemessages --ignore .venv

clean:
	rm -rf $(VENV) var
