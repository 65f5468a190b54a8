# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PORT ?= 8000
UV_VERSION := 0.13.8
VENV := .venv
BIN := $(VENV)/bin
UV := .uv/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export PYENV_VERSION := $(shell cat .python-version)

run messages: export DEBUG ?= true

.PHONY: install run test lint typecheck pytest messages screenshot bench bench-stack bench-ws clean

$(UV):
	python -m venv .uv
	.uv/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(BIN)/alongside: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python "$$(command -v python)"
	@touch $@

install: $(BIN)/alongside

run: install
	$(BIN)/alongside migrate --no-input
	$(BIN)/alongside demo
	@echo
	@echo "  Alongside is running at http://127.0.0.1:$(PORT)"
	@echo "  Demo logins (password: alongside-demo): river, sam, alex, jordan, morgan, casey, admin"
	@echo
	@# The worker runs background tasks (emails, push, scheduled jobs) beside the web server;
	@# Ctrl+C stops both.
	@trap 'kill 0' EXIT; $(BIN)/alongside worker --no-startup-delay --verbosity 0 & \
	  $(BIN)/alongside runserver 127.0.0.1:$(PORT)

test: lint typecheck pytest

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy alongside

pytest: install
	$(BIN)/pytest $(PYTEST_ARGS)

# Refresh the Spanish catalogue after changing strings (needs gettext); the .mo is committed.
messages: install
	cd alongside && ../$(BIN)/alongside makemessages -l es --no-obsolete --ignore='*/tests/*'
	cd alongside && ../$(BIN)/alongside compilemessages

# Speed targets live here, not in timed tests: mentor suggestions over 10,000 mentors and
# meeting search over 100,000 meetings, each in a throwaway database; then the production
# stack under load (needs PostgreSQL and Redis on 127.0.0.1; builds the `alongside_bench`
# database with `alongside loadgen` the first time, about 8 minutes at 100,000 members).
# BENCH_ARGS="--members 10000 --rebuild" for a smaller community; see docs/performance.md.
# Then websockets: 1,000 members in group chat rooms across two ASGI processes on the Redis
# channel layer (WS_BENCH_ARGS="--clients 100 --duration 10" for a quick look).
bench: install
	$(BIN)/python scripts/bench_mentors.py 10000
	$(BIN)/python scripts/bench_meetings.py 100000
	$(BIN)/python scripts/bench_stack.py $(BENCH_ARGS)
	$(BIN)/python scripts/bench_ws.py $(WS_BENCH_ARGS)

bench-stack: install
	$(BIN)/python scripts/bench_stack.py $(BENCH_ARGS)

bench-ws: install
	$(BIN)/python scripts/bench_ws.py $(WS_BENCH_ARGS)

screenshot: install
	$(BIN)/python scripts/screenshot.py docs/screenshot.png

clean:
	rm -rf $(VENV) .uv var/test-*
