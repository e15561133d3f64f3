#!/usr/bin/env bash
# The run command: builds the platform, starts PostgreSQL and a Kafka-protocol broker when none
# is given (DATABASE_URL: a superuser URL; KAFKA_BROKERS: bootstrap servers), migrates, starts
# the six services, loads the demo data, and prints where to go. Ctrl-C stops everything.
# Running it again reuses the database, the keys and the build.
# Every service process is watched: one that dies is started again, after 1 s, then 2, 4 ... up
# to 30 s while it keeps dying (back to 1 s once it has stayed up 60 s), as Kubernetes would.
# DESK_REPLICAS=N (default 1) runs N replicas of each service and of the gateway on one database
# and one broker: replica r (1..N) listens on its port + 10*(r-1) and consumes as
# <service>-<r> (its Kafka group.instance.id); every gateway replica reaches every replica.
# DESK_LOG_DIR: where the logs go (default .local/logs). The process ids of the running
# replicas are kept in .local/run/<database>/ (<service>-<r>.pid, broker.pid).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
started=$(date +%s)
PROFILE="${DESK_PROFILE:-dev}"
DB_NAME="${DESK_DB_NAME:-estate_desk}"
# Ports: the gateway on DESK_PORT_BASE (8080), the services on the next five.
BASE="${DESK_PORT_BASE:-8080}"
GATEWAY_PORT="${DESK_GATEWAY_PORT:-$BASE}"
REPLICAS="${DESK_REPLICAS:-1}"
[[ "$REPLICAS" =~ ^[1-9]$ ]] || { echo "DESK_REPLICAS must be 1 to 9" >&2; exit 2; }
LOGS="${DESK_LOG_DIR:-$LOCAL/logs}"
RUN_DIR="$LOCAL/run/$DB_NAME"
mkdir -p "$LOGS" "$RUN_DIR"
rm -f "$RUN_DIR"/*.pid
# A second platform on the same machine (another DESK_DB_NAME) keeps its own topics and groups.
TOPIC_PREFIX=""
[ "$DB_NAME" = estate_desk ] || TOPIC_PREFIX="$DB_NAME."


ensure_system_packages
# DESK_SKIP_BUILD=1: run the binaries already built (a tree others are changing is not rebuilt).
if [ -z "${DESK_SKIP_BUILD:-}" ]; then
  say "Building the services ($PROFILE profile)"
  cargo build --workspace --bins --locked --profile "$PROFILE"
fi
BIN="$ROOT/target/$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")"

# The web application (the desk, the portal), when the project has one.
WEB_DIR=""
if [ -z "${DESK_SKIP_WEB:-}" ] && [ -f "$ROOT/web/package.json" ] && [ -f "$ROOT/scripts/web.sh" ]; then
  say "Building the web application"
  bash "$ROOT/scripts/web.sh" build
  WEB_DIR="$ROOT/web/dist"
fi

SUPERVISORS=()
STOPPING=""
stop_all() {
  trap - INT TERM EXIT
  STOPPING=1
  say "Stopping"
  for pid in "${SUPERVISORS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${SUPERVISORS[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_broker
  stop_postgres
  rm -f "$RUN_DIR"/*.pid
  say "Stopped"
  exit 0
}
trap stop_all INT TERM EXIT

# How a process ended, in words.
ended() {
  local status=$1
  if [ "$status" -gt 128 ]; then
    echo "was killed by signal $((status - 128)) ($(kill -l $((status - 128)) 2>/dev/null || echo '?'))"
  else
    echo "exited with status $status"
  fi
}

# Run one replica and start it again whenever it ends, with backoff; SIGTERM stops it (the
# process is sent SIGTERM and waited for, so it drains).
#   supervise NAME REPLICA LOG COMMAND...
supervise() {
  local name=$1 replica=$2 log=$3; shift 3
  (
    set +e
    child="" stopping=""
    trap 'stopping=1; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null' TERM
    delay=1
    while [ -z "$stopping" ]; do
      began=$(date +%s)
      "$@" >>"$log" 2>&1 &
      child=$!
      echo "$child" >"$RUN_DIR/$name-$replica.pid"
      wait "$child"; status=$?
      # A signal to this shell interrupts the wait; the process itself is still ending.
      while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done
      [ -n "$stopping" ] && break
      up=$(( $(date +%s) - began ))
      [ "$up" -ge 60 ] && delay=1
      say "$name replica $replica (pid $child) $(ended "$status") after ${up}s; starting it again in ${delay}s (see $log)"
      sleep "$delay" & wait $!
      delay=$(( delay * 2 > 30 ? 30 : delay * 2 ))
      [ -n "$stopping" ] || say "$name replica $replica started again"
    done
    rm -f "$RUN_DIR/$name-$replica.pid"
  ) &
  SUPERVISORS+=($!)
}

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
SERVICES=(documents billing reception complaints repairs)
declare -A PORTS=([reception]=$((BASE + 1)) [complaints]=$((BASE + 2)) [repairs]=$((BASE + 3)) [billing]=$((BASE + 4)) [documents]=$((BASE + 5)))
# Replica r (1..N) of a process whose first replica is on port p listens on p + 10*(r-1).
port_of() { echo $(( $1 + 10 * ($2 - 1) )); }
log_of() { if [ "$2" = 1 ]; then echo "$LOGS/$1.log"; else echo "$LOGS/$1-$2.log"; fi; }
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
env $(service_env documents) "$BIN/documents" demo >>"$LOGS/documents.log" 2>&1
say "Loading the demo work orders"
env $(service_env repairs) "$BIN/repairs" demo >>"$LOGS/repairs.log" 2>&1
say "Loading the demo complaints"
env $(service_env complaints) "$BIN/complaints" demo >>"$LOGS/complaints.log" 2>&1

# Each schema migrated once before the replicas start, so that they do not race to do it.
for svc in "${SERVICES[@]}"; do
  env $(service_env "$svc") "$BIN/$svc" migrate >>"$LOGS/$svc.log" 2>&1
done

# Every replica of a service, as the gateway reaches them.
declare -A UPSTREAMS=()
for svc in "${SERVICES[@]}"; do
  up="$(echo "$svc" | tr a-z A-Z)"
  list=""
  for r in $(seq 1 "$REPLICAS"); do
    port=$(port_of "${PORTS[$svc]}" "$r")
    list="${list:+$list,}http://127.0.0.1:$port"
    supervise "$svc" "$r" "$(log_of "$svc" "$r")" env $(service_env "$svc") \
      "${up}__HTTP__BIND=127.0.0.1:$port" "${up}__KAFKA__INSTANCE_ID=$svc-$r" "$BIN/$svc"
  done
  UPSTREAMS[$svc]=$list
done
env GATEWAY__DATABASE__URL="postgres://desk_gateway@$PG_HOST:$PG_PORT/$DB_NAME" \
  GATEWAY__AUTH__SIGNING_KEY="$GATEWAY__AUTH__SIGNING_KEY" \
  GATEWAY__HTTP__BIND="127.0.0.1:$GATEWAY_PORT" \
  "$BIN/gateway" demo >>"$LOGS/gateway.log" 2>&1
for r in $(seq 1 "$REPLICAS"); do
  supervise gateway "$r" "$(log_of gateway "$r")" env \
    GATEWAY__DATABASE__URL="postgres://desk_gateway@$PG_HOST:$PG_PORT/$DB_NAME" \
    GATEWAY__AUTH__SIGNING_KEY="$GATEWAY__AUTH__SIGNING_KEY" \
    GATEWAY__HTTP__BIND="127.0.0.1:$(port_of "$GATEWAY_PORT" "$r")" GATEWAY__WEB__DIR="$WEB_DIR" \
    GATEWAY__UPSTREAMS__RECEPTION="${UPSTREAMS[reception]}" \
    GATEWAY__UPSTREAMS__COMPLAINTS="${UPSTREAMS[complaints]}" \
    GATEWAY__UPSTREAMS__REPAIRS="${UPSTREAMS[repairs]}" \
    GATEWAY__UPSTREAMS__BILLING="${UPSTREAMS[billing]}" \
    GATEWAY__UPSTREAMS__DOCUMENTS="${UPSTREAMS[documents]}" \
    "$BIN/gateway"
done

ready() { curl -fsS "http://127.0.0.1:$1/readyz" >/dev/null 2>&1; }
ALL_PORTS=()
for r in $(seq 1 "$REPLICAS"); do
  ALL_PORTS+=("$(port_of "$GATEWAY_PORT" "$r")")
  for svc in "${SERVICES[@]}"; do ALL_PORTS+=("$(port_of "${PORTS[$svc]}" "$r")"); done
done
for port in "${ALL_PORTS[@]}"; do
  for i in $(seq 1 300); do ready "$port" && break; sleep 0.2; done
  ready "$port" || { echo "the service on port $port is not ready; see $LOGS" >&2; exit 1; }
done
say "Loading the demo books (fees, payments) once the units have reached billing"
env $(service_env billing) "$BIN/billing" demo >>"$LOGS/billing.log" 2>&1

ports_table() {
  local svc r line
  for svc in gateway "${SERVICES[@]}"; do
    line=""
    for r in $(seq 1 "$REPLICAS"); do
      if [ "$svc" = gateway ]; then line+=" $(port_of "$GATEWAY_PORT" "$r")"; else line+=" $(port_of "${PORTS[$svc]}" "$r")"; fi
    done
    printf '             %-11s port%s%s\n' "$svc" "$([ "$REPLICAS" -gt 1 ] && echo s)" "$line"
  done
}

cat <<MSG

  Estate service desk is running ($(( $(date +%s) - started ))s).

  Desk:      http://127.0.0.1:$GATEWAY_PORT/
  API spec:  http://127.0.0.1:$GATEWAY_PORT/api/v1/openapi.json
  Logs:      $LOGS/
  Replicas:  $REPLICAS of the gateway and of each service (DESK_REPLICAS); one that dies is
             started again, and this window says so
$(ports_table)

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
# Keep the broker this command started running as well: one that dies is started again on
# the same port (its events are kept in PostgreSQL).
[ -n "$STARTED_BROKER" ] && echo "$STARTED_BROKER" >"$RUN_DIR/broker.pid"
broker_delay=1 broker_began=$(date +%s)
while :; do
  sleep 1 & wait $! || true
  if [ -n "$STARTED_BROKER" ] && ! kill -0 "$STARTED_BROKER" 2>/dev/null; then
    wait "$STARTED_BROKER" 2>/dev/null && status=0 || status=$?
    [ $(( $(date +%s) - broker_began )) -ge 60 ] && broker_delay=1
    say "The broker (pid $STARTED_BROKER) $(ended "$status"); starting it again in ${broker_delay}s"
    sleep "$broker_delay" & wait $! || true
    broker_delay=$(( broker_delay * 2 > 30 ? 30 : broker_delay * 2 ))
    STARTED_BROKER=""
    if start_broker "${DESK_KAFKA_PORT:-19092}"; then
      echo "$STARTED_BROKER" >"$RUN_DIR/broker.pid"; broker_began=$(date +%s)
      say "The broker started again (pid $STARTED_BROKER)"
    else
      say "The broker did not start again; trying once more"
    fi
  fi
done
