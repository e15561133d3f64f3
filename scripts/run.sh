#!/usr/bin/env bash
# The run command: builds the platform, starts PostgreSQL and a Kafka-protocol broker when none
# is given (DATABASE_URL: a superuser URL; KAFKA_BROKERS: bootstrap servers), migrates, starts
# the six services, loads the demo data, and prints where to go. Ctrl-C stops everything.
# Running it again reuses the database, the keys and the build.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
started=$(date +%s)
PROFILE="${DESK_PROFILE:-dev}"
DB_NAME="${DESK_DB_NAME:-estate_desk}"
# Ports: the gateway on DESK_PORT_BASE (8080), the services on the next five.
BASE="${DESK_PORT_BASE:-8080}"
GATEWAY_PORT="${DESK_GATEWAY_PORT:-$BASE}"
# A second platform on the same machine (another DESK_DB_NAME) keeps its own topics and groups.
TOPIC_PREFIX=""
[ "$DB_NAME" = estate_desk ] || TOPIC_PREFIX="$DB_NAME."


ensure_system_packages
say "Building the services ($PROFILE profile)"
cargo build --workspace --bins --locked --profile "$PROFILE"
BIN="$ROOT/target/$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")"

# The web application (the desk, the portal), when the project has one.
WEB_DIR=""
if [ -z "${DESK_SKIP_WEB:-}" ] && [ -f "$ROOT/web/package.json" ] && [ -f "$ROOT/scripts/web.sh" ]; then
  say "Building the web application"
  bash "$ROOT/scripts/web.sh" build
  WEB_DIR="$ROOT/web/dist"
fi

PIDS=()
stop_all() {
  trap - INT TERM EXIT
  say "Stopping"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_broker
  stop_postgres
  say "Stopped"
  exit 0
}
trap stop_all INT TERM EXIT

start_postgres "${DESK_PG_PORT:-55432}"
provision_db "$DB_NAME"
start_broker "${DESK_KAFKA_PORT:-19092}"

# The gateway's signing key, made once and kept in .local (never committed).
if [ ! -f "$LOCAL/keys.env" ]; then
  "$BIN/gateway" keygen >"$LOCAL/keys.env"
  chmod 600 "$LOCAL/keys.env"
fi
if ! grep -q DOCUMENTS__PRIVACY__ID_KEY "$LOCAL/keys.env"; then
  echo "DOCUMENTS__PRIVACY__ID_KEY=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')" >>"$LOCAL/keys.env"
fi
# shellcheck disable=SC1091
source "$LOCAL/keys.env"

PG_HOST="${PG_HOSTPORT%:*}" PG_PORT="${PG_HOSTPORT##*:}"
export LOG_FORMAT="${LOG_FORMAT:-text}"
declare -A PORTS=([reception]=$((BASE + 1)) [complaints]=$((BASE + 2)) [repairs]=$((BASE + 3)) [billing]=$((BASE + 4)) [documents]=$((BASE + 5)))
service_env() {
  local svc=$1 up; up="$(echo "$svc" | tr a-z A-Z)"
  local role="desk_$svc"; [ "$svc" = gateway ] && role=desk_gateway
  echo "${up}__DATABASE__URL=postgres://$role@$PG_HOST:$PG_PORT/$DB_NAME"
  echo "${up}__KAFKA__BROKERS=$BROKERS"
  echo "${up}__KAFKA__TOPIC_PREFIX=$TOPIC_PREFIX"
  echo "${up}__AUTH__PUBLIC_KEY=$AUTH_PUBLIC_KEY"
  [ "$svc" = documents ] && echo "DOCUMENTS__PRIVACY__ID_KEY=$DOCUMENTS__PRIVACY__ID_KEY"
  return 0
}

say "Loading the demo registry"
env $(service_env documents) "$BIN/documents" demo >>"$LOCAL/logs/documents.log" 2>&1
say "Loading the demo work orders"
env $(service_env repairs) "$BIN/repairs" demo >>"$LOCAL/logs/repairs.log" 2>&1
say "Loading the demo complaints"
env $(service_env complaints) "$BIN/complaints" demo >>"$LOCAL/logs/complaints.log" 2>&1

for svc in documents billing reception complaints repairs; do
  up="$(echo "$svc" | tr a-z A-Z)"
  env $(service_env "$svc") "${up}__HTTP__BIND=127.0.0.1:${PORTS[$svc]}" \
    "$BIN/$svc" >>"$LOCAL/logs/$svc.log" 2>&1 &
  PIDS+=($!)
done
env GATEWAY__DATABASE__URL="postgres://desk_gateway@$PG_HOST:$PG_PORT/$DB_NAME" \
  GATEWAY__AUTH__SIGNING_KEY="$GATEWAY__AUTH__SIGNING_KEY" \
  GATEWAY__HTTP__BIND="127.0.0.1:$GATEWAY_PORT" \
  "$BIN/gateway" demo >>"$LOCAL/logs/gateway.log" 2>&1
env GATEWAY__DATABASE__URL="postgres://desk_gateway@$PG_HOST:$PG_PORT/$DB_NAME" \
  GATEWAY__AUTH__SIGNING_KEY="$GATEWAY__AUTH__SIGNING_KEY" \
  GATEWAY__HTTP__BIND="127.0.0.1:$GATEWAY_PORT" GATEWAY__WEB__DIR="$WEB_DIR" \
  GATEWAY__UPSTREAMS__RECEPTION="http://127.0.0.1:${PORTS[reception]}" \
  GATEWAY__UPSTREAMS__COMPLAINTS="http://127.0.0.1:${PORTS[complaints]}" \
  GATEWAY__UPSTREAMS__REPAIRS="http://127.0.0.1:${PORTS[repairs]}" \
  GATEWAY__UPSTREAMS__BILLING="http://127.0.0.1:${PORTS[billing]}" \
  GATEWAY__UPSTREAMS__DOCUMENTS="http://127.0.0.1:${PORTS[documents]}" \
  "$BIN/gateway" >>"$LOCAL/logs/gateway.log" 2>&1 &
PIDS+=($!)

ready() { curl -fsS "http://127.0.0.1:$1/readyz" >/dev/null 2>&1; }
for port in "$GATEWAY_PORT" "${PORTS[@]}"; do
  for i in $(seq 1 300); do ready "$port" && break; sleep 0.2; done
  ready "$port" || { echo "the service on port $port is not ready; see $LOCAL/logs" >&2; exit 1; }
done
say "Loading the demo books (fees, payments) once the units have reached billing"
env $(service_env billing) "$BIN/billing" demo >>"$LOCAL/logs/billing.log" 2>&1

cat <<MSG

  Estate service desk is running ($(( $(date +%s) - started ))s).

  Desk:      http://127.0.0.1:$GATEWAY_PORT/
  API spec:  http://127.0.0.1:$GATEWAY_PORT/api/v1/openapi.json
  Logs:      $LOCAL/logs/

  Demo logins (password: desk-demo-2026)
    sun.desk        receptionist, 阳光花园
    lak.desk        receptionist, 翠湖苑
    sun.supervisor  supervisor, 阳光花园 + 翠湖苑
    sun.manager     estate manager, 阳光花园
    sun.tech        technician, 阳光花园
    sun.cashier     cashier, 阳光花园
    hq              HQ, every estate of the group
    admin           administrator
    oth.desk        receptionist of another group (兰亭雅苑)

  Resident portal: http://127.0.0.1:$GATEWAY_PORT/portal (phone + password desk-demo-2026)
    13900000101     resident of 阳光花园 1-1-101
    13900000102     resident of 阳光花园 1-1-102

  Try:
    TOKEN=\$(curl -s -H 'content-type: application/json' \\
      -d '{"username":"sun.desk","password":"desk-demo-2026"}' \\
      http://127.0.0.1:$GATEWAY_PORT/api/v1/auth/login | sed -E 's/.*"token":"([^"]+)".*/\\1/')
    curl -s -H "authorization: Bearer \$TOKEN" http://127.0.0.1:$GATEWAY_PORT/api/v1/documents/estates

  Ctrl-C stops everything.
MSG
wait -n "${PIDS[@]}" || true
say "A service exited; see $LOCAL/logs"
