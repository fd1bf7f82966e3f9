# The two commands a newcomer needs: `make run` and `make test`.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/rehsos-target

.PHONY: run pwa test schema bench

## Build the PWA and the server (release, the PWA inside) and run it on SQLite + a local
## folder under ./data, demo data loaded: the app at http://127.0.0.1:8080/.
run: pwa
	cargo run --release --locked -p rehsos-server -- --demo

## The field PWA (mobile-web/dist), from the npm packages as locked.
pwa:
	cd mobile-web && ( [ -d node_modules ] || npm ci --no-audit --no-fund ) && npm run build

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
