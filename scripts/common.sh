#!/usr/bin/env bash
# Shared by run.sh and test.sh: install what the platform needs, start PostgreSQL and a
# Kafka-protocol broker when none is given, and prepare the platform's database.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"
CACHE="${DESK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/estate-desk}"
TANSU_VERSION="0.6.0"
NEXTEST_VERSION="0.9.143"
mkdir -p "$LOCAL/logs" "$CACHE"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: PostgreSQL server binaries, libpq headers for diesel, a C toolchain for
# librdkafka. Installed only when missing.
ensure_system_packages() {
  local missing=()
  command -v pg_config >/dev/null || missing+=(libpq-dev)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v cc >/dev/null || missing+=(build-essential)
  command -v make >/dev/null || missing+=(make)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  [ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }

# The Kafka-protocol broker (tansu, from crates.io), built once into the cache.
ensure_tansu() {
  if [ -n "${DESK_TANSU_BIN:-}" ] && [ -x "$DESK_TANSU_BIN" ]; then return; fi
  local dir="$CACHE/tools/tansu-$TANSU_VERSION"
  if [ ! -x "$dir/bin/tansu" ]; then
    say "Building the tansu broker $TANSU_VERSION once into $dir (about 11 minutes on 2 cores)"
    CARGO_TARGET_DIR="$CACHE/build/tansu" cargo install tansu --version "$TANSU_VERSION" --locked \
      --features dynostore,postgres --root "$dir" >"$LOCAL/logs/tansu-install.log" 2>&1 \
      || { tail -n 30 "$LOCAL/logs/tansu-install.log"; exit 1; }
    rm -rf "$CACHE/build/tansu"
  fi
  export DESK_TANSU_BIN="$dir/bin/tansu"
}

ensure_nextest() {
  if cargo nextest --version >/dev/null 2>&1; then return; fi
  say "Installing cargo-nextest $NEXTEST_VERSION"
  cargo install cargo-nextest --version "$NEXTEST_VERSION" --locked >"$LOCAL/logs/nextest-install.log" 2>&1 \
    || { tail -n 30 "$LOCAL/logs/nextest-install.log"; exit 1; }
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 what=$2 i
  for i in $(seq 1 200); do port_open "$port" && return 0; sleep 0.1; done
  echo "$what did not open port $port" >&2; return 1
}

STARTED_PG=""
STARTED_BROKER=""

# PostgreSQL: $DATABASE_URL when given (a superuser URL), else a private cluster in the
# project's .local folder (or under /var/tmp when the postgres user cannot reach the project).
# Sets PG_HOSTPORT (host:port, superuser "postgres" without a password).
start_postgres() {
  local port=$1
  if [ -n "${DATABASE_URL:-}" ]; then
    PG_HOSTPORT="$(printf '%s' "$DATABASE_URL" | sed -E 's#^[a-z]+://([^@/]*@)?([^/?]+).*#\2#')"
    say "Using the PostgreSQL at $PG_HOSTPORT (DATABASE_URL)"
    return
  fi
  PG_HOSTPORT="127.0.0.1:$port"
  local data="$LOCAL/pg" bin; bin="$(pg_bin)"
  local run=()
  if [ "$(id -u)" = 0 ]; then
    run=(runuser -u postgres --)
    if ! runuser -u postgres -- test -x "$LOCAL" 2>/dev/null; then
      data="/var/tmp/estate-desk/$(printf '%s' "$ROOT" | md5sum | cut -c1-12)/pg"
    fi
    mkdir -p "$data"; chown -R postgres "$(dirname "$data")"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    say "Creating a private PostgreSQL cluster in $data"
    "${run[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if port_open "$port"; then
    say "PostgreSQL already listening on $port"
    return
  fi
  "${run[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -o \
    "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=256MB -c fsync=on" start >/dev/null
  STARTED_PG="$data"
  say "PostgreSQL started on $port"
}

stop_postgres() {
  if [ -n "$STARTED_PG" ]; then
    local run=(); [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
    "${run[@]}" "$(pg_bin)/pg_ctl" -D "$STARTED_PG" -m fast -w stop >/dev/null 2>&1 || true
    STARTED_PG=""
  fi
}

psql_admin() { psql -q -v ON_ERROR_STOP=1 "postgres://postgres@$PG_HOSTPORT/$1" "${@:2}"; }

# The platform's database, its roles, and one schema per service owned by its role.
provision_db() {
  local db=$1
  psql_admin postgres -f "$ROOT/scripts/db/roles.sql" >/dev/null
  if [ -z "$(psql_admin postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    psql_admin postgres -c "CREATE DATABASE $db" >/dev/null
  fi
  psql_admin "$db" -f "$ROOT/scripts/db/schemas.sql" >/dev/null 2>&1
}

# The broker: $KAFKA_BROKERS when given, else tansu on $port keeping its data in PostgreSQL
# (database $2, made and given the broker's schema when missing; "fresh" as $3 empties it
# first), so an event published and not yet consumed survives a restart of the broker.
BROKER_CMD=()
start_broker() {
  local port=$1 db=${2:-${DB_NAME:-estate_desk}_broker} fresh=${3:-}
  if [ -n "${KAFKA_BROKERS:-}" ]; then
    BROKERS="$KAFKA_BROKERS"; say "Using the Kafka cluster at $BROKERS (KAFKA_BROKERS)"; return
  fi
  BROKERS="127.0.0.1:$port"
  if port_open "$port"; then say "A broker is already listening on $port"; return; fi
  ensure_tansu
  if [ -n "$fresh" ]; then
    psql_admin postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  fi
  if [ -z "$(psql_admin postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    psql_admin postgres -c "CREATE DATABASE $db" >/dev/null
    psql_admin "$db" -f "$ROOT/scripts/db/broker-schema.sql" >/dev/null
  fi
  BROKER_CMD=(env -u OTEL_EXPORTER_OTLP_ENDPOINT "$DESK_TANSU_BIN" broker
    --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port"
    --storage-engine "postgres://postgres@$PG_HOSTPORT/$db")
  "${BROKER_CMD[@]}" >>"$LOCAL/logs/broker-$port.log" 2>&1 &
  STARTED_BROKER=$!
  wait_port "$port" "the broker"
  say "Broker started on $port (events kept in PostgreSQL, database $db)"
}

stop_broker() {
  if [ -n "$STARTED_BROKER" ]; then kill "$STARTED_BROKER" 2>/dev/null || true; wait "$STARTED_BROKER" 2>/dev/null || true; STARTED_BROKER=""; fi
}
