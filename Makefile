# Newsroom: `make run` serves the demo site (and runs its background worker), `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Development mode for `make run` only; tests and production run with DEBUG off.
DEV_ENV := DEBUG=1
# Tests run the production settings, minus HTTPS (the test servers speak plain HTTP).
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-test-only-not-a-secret} SECURE_SSL_REDIRECT=0

.PHONY: run test install messages makemessages node-tools lint lint-migrations format bench bench-http bench-translation soak clean

# The development set: the site's packages (requirements.txt) with the test, lint and benchmark tools.
# A production install takes requirements.txt only (README, "Configuration").
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

messages: install
	$(DEV_ENV) $(PY) manage.py compilemessages --locale de --verbosity 0 --ignore ".venv/*"

# Collect new UI strings into the German catalogue (then translate them in newsroom/locale/de).
makemessages: install
	$(DEV_ENV) $(PY) manage.py makemessages --locale de --no-location --ignore ".venv/*" --ignore "*/migrations/*" \
		--ignore "bench/*" --ignore "tests/*" --ignore "staticfiles/*" --ignore "newsroom/demo/*"

# The background worker beside the server, stopped with it. Under DEBUG the worker reloads on code
# changes: its tasks run in a child process, which is the one to stop (stopping the watching parent
# would kill the child outright, SIGKILL, mid-task).
run: messages
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_demo
	$(DEV_ENV) $(PY) manage.py run_worker --interval 1 & worker=$$!; \
	trap 'pkill -TERM -P $$worker || kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# The Nu Html Checker and axe-core, pinned in package-lock.json; Java runs the checker.
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the HTML and accessibility checks will be skipped (apt-get install npm)"; fi

node-tools: node_modules/.package-lock.json

# Two test processes (pytest-xdist), each with a test database of its own (test_<name>_gw0, _gw1);
# the tests of a file stay together in one. `make test TEST_WORKERS=0` runs them in this one process.
TEST_WORKERS ?= 2
test: messages node-tools
	$(TEST_ENV) $(PY) -m pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile) $(PYTEST_ARGS)

PY_FILES = git ls-files '*.py'

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/djhtml --check templates
	$(VENV)/bin/django-upgrade --check --target-version 5.2 $$($(PY_FILES))
	$(LINT_MIGRATIONS)

# Migrations since the baseline must run while the previous release serves (README, "The production
# recipe"): no dropped or renamed column, no NOT NULL without a default. Older ones predate the rule
# (the linter would flag 39 of them). It lints committed or `git add`ed migrations, as `git diff` lists them;
# never from its cache, which keeps a verdict per file whatever database rendered it (SQLite's is stricter).
LINT_MIGRATIONS = DJANGO_SETTINGS_MODULE=tests.lint_settings LOG_LEVEL=WARNING $(PY) manage.py lintmigrations \
	--project-root-path . --git-commit-id $$(cat deploy/MIGRATIONS_LINTED_SINCE) --warnings-as-error --no-cache

lint-migrations: install
	$(LINT_MIGRATIONS)

format: install
	$(VENV)/bin/django-upgrade --target-version 5.2 $$($(PY_FILES)) >/dev/null || true
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .
	$(VENV)/bin/djhtml templates

bench: messages
	$(PY) bench/run.py

# gunicorn + wrk: uncached, page cache (local memory, Redis), Varnish; needs wrk, redis-server, varnishd.
bench-http: messages
	$(PY) bench/http_bench.py $(BENCH_ARGS)

# The side-by-side translation page of a long outdated article: queries and time (a small database of its own).
bench-translation: messages
	$(PY) bench/translation_page.py $(BENCH_ARGS)

# Two app servers behind Varnish and nginx, ten minutes of readers and the newsroom, then the faults (~17 min;
# bench/soak-results.md). SOAK_ARGS="--rate 15 --faults none" and the like.
soak: messages
	$(PY) bench/soak.py $(SOAK_ARGS)

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media staticfiles test-artifacts
