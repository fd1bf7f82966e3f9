#!/usr/bin/env bash
# The test command (`make test`, and `.ci/run` on a clean clone): installs what is missing,
# makes sure PostgreSQL is up, then runs formatting, lints and every test on SQLite and
# PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rehsos-target}"
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

ensure_postgres() {
  local url_host url_port
  url_host=$(sed -E 's#^[a-z]+://([^@/]*@)?([^:/]+).*#\2#' <<<"$TEST_DATABASE_URL")
  url_port=$(sed -E 's#^[a-z]+://([^@/]*@)?[^:/]+:?([0-9]*).*#\2#' <<<"$TEST_DATABASE_URL")
  url_port=${url_port:-5432}
  if port_open "$url_host" "$url_port"; then return; fi
  if [ "$url_host" != 127.0.0.1 ] && [ "$url_host" != localhost ]; then
    echo "PostgreSQL at $TEST_DATABASE_URL is not reachable" >&2; exit 1
  fi
  local fresh=0
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "== installing PostgreSQL (Debian package)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fresh=1
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n1)
  if [ "$fresh" = 1 ]; then
    # The tests connect over TCP as `postgres` without a password, as on the dev machines.
    as_root sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' \
      "/etc/postgresql/$version/main/pg_hba.conf"
  fi
  echo "== starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do port_open "$url_host" "$url_port" && return; sleep 1; done
  echo "PostgreSQL did not come up on $url_host:$url_port" >&2; exit 1
}

ensure_rust_tools() {
  cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
  cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] && return
  echo "== installing Chromium (Debian package) for the browser tests"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

ensure_s3s_fs() {
  local bin="$HOME/.cache/rehsos-tools/bin/s3s-fs"
  [ -x "$bin" ] && return
  echo "== installing s3s-fs (an S3-compatible test server, from crates.io)"
  # 0.14.1: the newest that builds with this toolchain (0.17 needs rustc 1.96).
  cargo install --locked s3s-fs@0.14.1 --features binary --root "$HOME/.cache/rehsos-tools"
}

# The PWA: npm packages as locked, then typed operations, type check, build, unit tests and
# the first-load JS budget. The browser tests run among the cargo tests against its build.
build_pwa() {
  command -v node >/dev/null || { echo "Node.js 20.19+ is needed for the PWA (mobile-web)" >&2; exit 1; }
  cd mobile-web
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "== npm ci (mobile-web)"
    npm ci --no-audit --no-fund
  fi
  echo "== PWA: codegen, typecheck, build"
  npm run build
  echo "== PWA: unit tests"
  npx vitest run
  echo "== PWA: first-load JS budget"
  node tests/budget.mjs
  cd ..
}

ensure_rust_tools
ensure_postgres
ensure_chromium
ensure_s3s_fs
build_pwa

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test (SQLite file and PostgreSQL at $TEST_DATABASE_URL)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace --locked 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# cargo ends with the (empty) doc-test runs; close with the totals of every test binary.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "total: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
