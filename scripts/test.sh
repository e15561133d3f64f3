#!/usr/bin/env bash
# The test command: formatting and lints, then every test of the workspace against a real
# PostgreSQL and a real Kafka-protocol broker, started here when none is given
# (DATABASE_URL: a superuser URL; KAFKA_BROKERS: bootstrap servers).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
started=$(date +%s)

ensure_system_packages
ensure_tansu
ensure_nextest

say "Checking formatting and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

trap 'stop_broker; stop_postgres' EXIT
start_postgres "${DESK_TEST_PG_PORT:-55433}"
start_broker "${DESK_TEST_KAFKA_PORT:-19192}" desk_test_broker fresh
export DESK_TEST_PG="$PG_HOSTPORT" DESK_TEST_KAFKA="$BROKERS" DESK_TANSU_BIN

say "Validating the Kubernetes charts and the Dockerfile (offline)"
bash "$ROOT/scripts/charts.sh"

say "Running the tests"
# The fault tests start service binaries as processes of their own (to SIGKILL them).
cargo build --workspace --bins --locked
cargo nextest run --workspace --locked --no-fail-fast "$@"

say "Testing the web application in a browser"
DATABASE_URL="postgres://postgres@$PG_HOSTPORT/postgres" KAFKA_BROKERS="$BROKERS" bash "$ROOT/scripts/web.sh" test
say "All tests passed in $(( $(date +%s) - started ))s"
