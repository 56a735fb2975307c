PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000
# Links in e-mails follow the address `make run` serves (`make run HOST=127.0.0.1:8101`), unless SITE_URL is set.
SITE_URL ?= http://$(HOST)

.PHONY: run test lint check bench load install messages clean lighthouse

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py migrate --noinput
	@if command -v msgfmt >/dev/null 2>&1; then $(BIN)/python manage.py compilemessages --ignore=.venv -v 0; fi
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py seed_demo
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(HOST)

# One pytest worker per core, each with its own test database; a test file stays on one worker (its fixtures are
# built once). `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= auto
test: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

# Static checks run by CI before the tests: lint, no missing migration, and the production settings pass
# Django's deployment checklist (with a throwaway key and host, as a real deployment sets them).
check: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=pbplatform.settings.production \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	ALLOWED_HOSTS=ci.example.org \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# Every bench/*.py in turn (`make bench BENCH=voting` for one). bench/voting.py needs PostgreSQL and Redis (see
# bench/README.md); the status is non-zero when a script failed.
bench: install
	@status=0; for f in $(if $(BENCH),bench/$(BENCH).py,bench/*.py); do [ -e "$$f" ] || continue; \
		echo "== $$f"; $(BIN)/python $$f || status=1; done; exit $$status

# The city under load (bench/load.py): gunicorn with the production settings, PostgreSQL and Redis, on the
# `manage.py seed_load` data set (built once per database, about a minute), at 20, 50 and 100 concurrent users,
# 80 % anonymous visitors and 20 % signed-in residents, beside the health check. See bench/README.md.
load: install
	$(BIN)/python bench/load.py

# Lighthouse 12.2.3 (npm, into .lighthouse/, not committed) with Debian's Chromium, on a phone, against the demo
# database served with the production settings: home, process page, proposal list, a proposal. See docs/lighthouse.md.
lighthouse: install
	bash scripts/lighthouse.sh

messages: install
	$(BIN)/python manage.py makemessages -l fr -l en -l es --ignore=.venv --ignore=tests --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
