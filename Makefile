# Each target does its own set-up (Debian packages when root, then .venv).
.PHONY: setup test lint abc-c preview bench docs clean

setup:
	scripts/setup.sh

test:
	scripts/setup.sh test
	.venv/bin/ruff check moocforge tests benchmarks
	.venv/bin/mypy
	.venv/bin/python -m pytest -q

abc-c:
	scripts/setup.sh
	.venv/bin/moocforge build courses/abc-c

preview:
	scripts/setup.sh
	.venv/bin/moocforge preview courses/abc-c

lint:
	scripts/setup.sh
	.venv/bin/moocforge lint courses/abc-c

bench:
	scripts/setup.sh test
	.venv/bin/python benchmarks/run_all.py

clean:
	rm -rf build test-artifacts
