# The two commands a newcomer needs: `make run` and `make test`.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/rehsos-target

.PHONY: run test schema bench

## Build the server (release) and run it on SQLite + a local folder under ./data, demo data loaded.
run:
	cargo run --release --locked -p rehsos-server -- --demo

## Install what is missing, then formatting, lints and every test on SQLite and PostgreSQL.
test:
	bash scripts/test.sh

## Regenerate schema.graphql from the code (a test fails when it is stale).
schema:
	cargo run --quiet --locked -p rehsos-server -- schema > schema.graphql

## Measure the API on this machine (release build; SQLite, then PostgreSQL).
bench:
	cargo run --release --locked -p rehsos-tests --bin bench
	cargo run --release --locked -p rehsos-tests --bin bench -- --postgres
