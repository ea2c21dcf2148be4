# The two commands of the README: `make run` (the demo on SQLite) and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-dev check-system lint messages clean

check-system:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
	  || { echo "Python 3.11 or newer is needed (apt-get install python3)."; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null \
	  || { echo "The venv module is missing: apt-get install python3-venv"; exit 1; }

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
