# SmartCustoms: `make run` serves the platform on SQLite with demo data; `make test` runs
# the whole suite on SQLite and PostgreSQL. Both install what they need into .venv.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
BANK_PORT ?= 8100
export SMARTCUSTOMS_DATABASE_URL ?= sqlite:///./var/smartcustoms.db

.PHONY: run totp-code test lint typecheck unit bench install system browser postgres clean

# apt as root, or through sudo; only used when something is missing.
APT_INSTALL = if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(1) >/dev/null; \
	else sudo apt-get update -qq && sudo apt-get install -y -qq $(1) >/dev/null; fi

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# LightGBM needs the GNU OpenMP runtime from the system; e-receipts need DejaVu Sans (a font
# with the Vietnamese letters) from Debian's fonts-dejavu-core.
system:
	@/sbin/ldconfig -p 2>/dev/null | grep -q libgomp.so.1 || { $(call APT_INSTALL,libgomp1); }
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf || { $(call APT_INSTALL,fonts-dejavu-core); }

# The secret that signs sessions and tokens: SMARTCUSTOMS_SECRET_KEY if set, otherwise one
# made at the first `make run` and kept in var/secret_key (mode 0600), so sign-ins survive
# restarts. The sandbox bank runs beside the platform on BANK_PORT with its own database
# (var/bank_sandbox.db) and the key it shares with the platform in var/bank_shared_key (made
# the same way); it stops when `make run` does.
# The current two-factor code of a demo account, for `make run`'s platform: make totp-code NAME=hoa
totp-code: export SMARTCUSTOMS_SECRET_KEY_FILE ?= var/secret_key
totp-code: $(STAMP)
	$(BIN)/smartcustoms users totp-code $(or $(NAME),hoa)

run: export SMARTCUSTOMS_SECRET_KEY_FILE ?= var/secret_key
# The audit chain's checkpoint key (Ed25519), made at the first checkpoint; the demo signs one.
run: export SMARTCUSTOMS_AUDIT_CHECKPOINT_KEY_FILE ?= var/audit_checkpoint_key
# Plain HTTP on the loopback: cookies without the Secure flag (the default is Secure).
run: export SMARTCUSTOMS_COOKIE_SECURE ?= false
run: export SMARTCUSTOMS_BANK_URL ?= http://$(HOST):$(BANK_PORT)
run: export SMARTCUSTOMS_BANK_SHARED_KEY_FILE ?= var/bank_shared_key
run: export SMARTCUSTOMS_BANK_CALLBACK_URL ?= http://$(HOST):$(PORT)/api/v1/payments/banks/sandbox/notices
# The SAMPLE CA `smartcustoms seed-demo` generates in var/signing (demo only).
run: export SMARTCUSTOMS_SIGNING_TRUSTED_CAS ?= ["var/signing/sample-ca.pem"]
run: system $(STAMP)
	mkdir -p var
	test -s "$$SMARTCUSTOMS_BANK_SHARED_KEY_FILE" || (umask 077 && \
		$(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(48))' > "$$SMARTCUSTOMS_BANK_SHARED_KEY_FILE")
	$(BIN)/smartcustoms migrate
	$(BIN)/smartcustoms reference load
	$(BIN)/smartcustoms tariff import --sample
	$(BIN)/smartcustoms seed-demo
	$(BIN)/smartcustoms audit checkpoint
	$(BIN)/smartcustoms bank-sandbox --host $(HOST) --port $(BANK_PORT) \
		--database-url sqlite:///./var/bank_sandbox.db \
		--shared-key-file "$$SMARTCUSTOMS_BANK_SHARED_KEY_FILE" \
		--callback-url "$$SMARTCUSTOMS_BANK_CALLBACK_URL" & bank=$$!; \
	trap 'kill $$bank 2>/dev/null; wait $$bank 2>/dev/null' EXIT; \
	$(BIN)/smartcustoms serve --host $(HOST) --port $(PORT) --generate-secret

# Debian's Chromium for the browser tests; Playwright never downloads a browser here.
browser:
	@test -x /usr/bin/chromium || { $(call APT_INSTALL,chromium); }

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || { \
		command -v pg_ctlcluster >/dev/null && \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start && \
		for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; } || \
		{ if [ "$$CI" = "true" ]; then echo "PostgreSQL is required in CI"; exit 1; fi; \
		  echo "PostgreSQL not running: its tests will be skipped"; }

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/mypy --strict bench
	$(BIN)/lint-imports

# The second run moves the process clock two years ahead: no test may depend on today. It runs
# on SQLite only: what depends on the date is computed in Python, the same on either database
# (the first run covers both), and the suite stays within its 15 minutes on two cores. The
# API fuzz (marked `fuzz`) runs once: its generated inputs carry no dates of the clock's.
test: system $(STAMP) browser postgres lint
	$(BIN)/pytest -n 2 --dist loadgroup
	SMARTCUSTOMS_TEST_CLOCK_SHIFT_DAYS=730 SMARTCUSTOMS_TEST_BACKENDS=sqlite \
		$(BIN)/pytest -n 2 --dist loadgroup -m 'not fuzz' tests/unit tests/integration

unit: $(STAMP)
	$(BIN)/pytest tests/unit -q

bench: $(STAMP)
	for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
