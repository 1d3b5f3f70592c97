# Quick start and tests (see README.md). Python 3.11+, make, Node.js/npm.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test messages check bench bench-smoke

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

install: $(VENV)/.installed node_modules/.package-lock.json

# Every absolute link (e-mails, API, sitemap, map feed, the default Site) names the
# address runserver listens on; `make run PORTAL_BASE_URL=...` names another.
run: export PORTAL_BASE_URL = http://$(HOST):$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py create_local_logins --address $(HOST):$(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest

# Benchmarks (bench/README.md), never part of `make test`: every bench/*.py script whose
# name does not start with "_". Needs PostgreSQL (BENCH_DATABASE_URL, default
# postgres://postgres@127.0.0.1:5432/portal_bench, created by the scripts).
bench: install
	set -e; for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script; done

# Every bench at a tiny size, each in its own database (what CI runs; see bench/README.md).
bench-smoke: install
	$(BIN)/python bench/_smoke.py

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports

# Refresh each app's French catalogue (English msgids) and compile it; the .mo files are
# committed so that a fresh machine needs no gettext tools. Needs GNU gettext.
messages: install
	set -e; for app in portal home initiatives consultation diagnostic; do \
	  mkdir -p $$app/locale; cd $$app; \
	  if [ $$app = portal ]; then for t in ../templates/*.html; do ln -sfn $$t tpl_$${t##*/}; done; ln -sfn ../templates/portal tpl; \
	  else ln -sfn ../templates/$$app tpl; fi; \
	  ../$(BIN)/django-admin makemessages -l fr --no-location --symlinks -e html,py,txt \
	    --settings=portal.settings.dev --pythonpath=..; \
	  rm -f tpl tpl_*.html; \
	  msgfmt --check -o locale/fr/LC_MESSAGES/django.mo locale/fr/LC_MESSAGES/django.po; cd ..; \
	done
