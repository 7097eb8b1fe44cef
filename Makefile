# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench chaos clean

$(BIN)/bot: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.test-deps: $(BIN)/bot
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

## run: migrate the SQLite database under instance/, start the scheduler and serve on http://127.0.0.1:8000;
## it prints the admin page's address (and, until a staff account exists, the command that creates the first)
run: $(BIN)/bot
	@mkdir -p instance
	$(BIN)/bot db upgrade
	@echo "Helpdesk on http://$(HOST):$(PORT)  —  webhook: http://$(HOST):$(PORT)/callback"
	@export BASE_URL=$${BASE_URL:-http://$(HOST):$(PORT)}; \
	  $(BIN)/bot admin hint; \
	  $(BIN)/bot scheduler & trap 'kill $$! 2>/dev/null' EXIT; \
	  $(BIN)/gunicorn -c deploy/gunicorn.conf.py --bind $(HOST):$(PORT) 'bot:create_app()'

## test: install test extras, chromium and PostgreSQL if missing, then run every test
test: $(VENV)/.test-deps
	./deploy/test-system-deps.sh
	$(BIN)/ruff check bot tests bench
	$(BIN)/lint-imports
	$(BIN)/pytest

lint: $(VENV)/.test-deps
	$(BIN)/ruff check bot tests bench
	$(BIN)/lint-imports

## bench: print the benchmark figures
bench: $(VENV)/.test-deps
	$(BIN)/python bench/faq.py
	$(BIN)/python bench/webhook.py
	$(BIN)/python bench/broadcast.py
	$(BIN)/python bench/export.py

## chaos: fault runs (LINE failing or hanging, a worker killed, the database stopped); minutes, not in CI
chaos: $(VENV)/.test-deps
	./deploy/test-system-deps.sh
	$(BIN)/python bench/chaos.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
