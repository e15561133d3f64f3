#!/usr/bin/env bash
# The fault run and the soak, against the platform with two replicas of every process.
#
#   scripts/faults.sh [--secs N] [--rate R] [--short] [--seed N]
#       The fault run: a steady mix through the gateways (intakes of every category, dispatches
#       and completions with fees, complaint steps, payments) at R intakes a second (default 215)
#       for N seconds (default 300), while a schedule SIGKILLs a random replica of each process
#       three times, restarts PostgreSQL with `pg_ctl restart -m immediate`, cuts the broker off
#       for 60 s (SIGSTOP, SIGCONT) and SIGKILLs it (the run command starts it again). Then it
#       waits for the backlog to drain and checks every effect against what was sent, reading
#       the database; it exits non-zero when anything is lost, duplicated or orphaned.
#       --short: about a minute, one kill of each process, a 15 s broker cut (the test command).
#   scripts/faults.sh soak [minutes]
#       Half the rate (--rate R: of R), no faults, for `minutes` (default 10): resident memory of
#       every process, the outbox backlog and the consumers' lag every 30 s, and the 5xx count.
#
# Everything is private to the run: its own PostgreSQL cluster (made afresh, port
# DESK_FAULTS_PG_PORT, 55480), broker (DESK_FAULTS_KAFKA_PORT, 19580), ports from
# DESK_FAULTS_PORT_BASE (18380) and database desk_faults, so a platform already running and
# the test command are left alone. DESK_PROFILE: the build (default release; the test command
# passes dev); DESK_SKIP_BUILD=1 runs what is already built. The figures are saved in
# .local/faults-<time>.txt.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

MODE=faults
if [ "${1:-}" = soak ]; then
  MODE=soak; shift
  if [[ "${1:-}" =~ ^[0-9]+$ ]]; then MINUTES=$1; shift; else MINUTES=10; fi
fi
SECS="" RATE=215 SHORT="" SEED=""
while [ $# -gt 0 ]; do
  case "$1" in
    --secs) SECS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --short) SHORT=1; shift ;;
    --seed) SEED=$2; shift 2 ;;
    *) echo "unknown option $1 (see the head of $0)" >&2; exit 2 ;;
  esac
done
if [ "$MODE" = soak ]; then
  SECS=$(( MINUTES * 60 ))
  RATE=$(awk -v r="$RATE" 'BEGIN{printf "%g", r / 2}')
fi
[ -n "$SECS" ] || SECS=$([ -n "$SHORT" ] && echo 60 || echo 300)

PROFILE="${DESK_PROFILE:-release}"
PG_PORT="${DESK_FAULTS_PG_PORT:-55480}"
BASE="${DESK_FAULTS_PORT_BASE:-18380}"
KAFKA_PORT="${DESK_FAULTS_KAFKA_PORT:-19580}"
DB=desk_faults
WORK="$LOCAL/faults"
OUT="$LOCAL/faults-$(date +%Y%m%d-%H%M%S).txt"
mkdir -p "$WORK/logs"

ensure_system_packages
if [ -z "${DESK_SKIP_BUILD:-}" ]; then
  say "Building the load driver ($PROFILE profile)"
  cargo build --locked -p desk-bench --profile "$PROFILE"
fi
BIN="$ROOT/target/$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")"

# A PostgreSQL cluster of the run's own, made afresh: the schedule restarts it.
run_pg=(); data="$WORK/pg"
if [ "$(id -u)" = 0 ]; then
  run_pg=(runuser -u postgres --)
  if ! runuser -u postgres -- test -x "$LOCAL" 2>/dev/null; then
    data="/var/tmp/estate-desk/$(printf '%s' "$ROOT" | md5sum | cut -c1-12)/faults-pg"
  fi
fi
PGBIN="$(pg_bin)"
if [ -f "$data/postmaster.pid" ]; then "${run_pg[@]}" "$PGBIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true; fi
rm -rf "$data"; mkdir -p "$data"
[ "$(id -u)" = 0 ] && chown -R postgres "$(dirname "$data")"
"${run_pg[@]}" "$PGBIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${run_pg[@]}" "$PGBIN/pg_ctl" -D "$data" -l "$data/server.log" -w -o \
  "-p $PG_PORT -k $data -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=256MB -c fsync=on" start >/dev/null
PG_RESTART="${run_pg[*]} $PGBIN/pg_ctl -D $data -l $data/server.log -m immediate -w restart"

RUN_PID=""
finish() {
  local status=$?
  trap - EXIT INT TERM
  # A broker left stopped by an interrupted run is let go first, so that it can stop.
  [ -f "$LOCAL/run/$DB/broker.pid" ] && kill -CONT "$(cat "$LOCAL/run/$DB/broker.pid")" 2>/dev/null
  if [ -n "$RUN_PID" ]; then kill -TERM "$RUN_PID" 2>/dev/null; wait "$RUN_PID" 2>/dev/null; fi
  "${run_pg[@]}" "$PGBIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  exit "$status"
}
trap finish EXIT INT TERM

say "Starting the platform: two replicas of every process (logs in $WORK/logs)"
unset KAFKA_BROKERS
DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres" DESK_DB_NAME=$DB DESK_REPLICAS=2 \
  DESK_PORT_BASE=$BASE DESK_KAFKA_PORT=$KAFKA_PORT DESK_LOG_DIR="$WORK/logs" DESK_SKIP_WEB=1 \
  DESK_PROFILE=$PROFILE bash scripts/run.sh >"$WORK/logs/run.log" 2>&1 &
RUN_PID=$!
for i in $(seq 1 3600); do
  grep -q "is running" "$WORK/logs/run.log" && break
  kill -0 "$RUN_PID" 2>/dev/null || { tail -n 30 "$WORK/logs/run.log"; exit 1; }
  sleep 1
done
grep -q "is running" "$WORK/logs/run.log" || { echo "the platform did not start in an hour" >&2; exit 1; }
sleep 3

args=(--db "postgres://postgres@127.0.0.1:$PG_PORT/$DB" --pids "$LOCAL/run/$DB"
  --gateways "http://127.0.0.1:$BASE,http://127.0.0.1:$((BASE + 10))"
  --rate "$RATE" --secs "$SECS" --base-port "$BASE" --replicas 2)
if [ "$MODE" = faults ]; then
  args+=(--pg-restart "$PG_RESTART")
  [ -n "$SHORT" ] && args+=(--short)
  [ -n "$SEED" ] && args+=(--seed "$SEED")
fi
say "$([ "$MODE" = soak ] && echo "The soak: $RATE intakes/s for $MINUTES minutes" || echo "The fault run: $RATE intakes/s for ${SECS}s")"
{
  echo "command: scripts/faults.sh $([ "$MODE" = soak ] && echo "soak $MINUTES" ) --rate $RATE --secs $SECS ${SHORT:+--short} (profile $PROFILE)"
  echo "memory: $(free -g | awk '/Mem/{print $2}') GiB; postgres $("$PGBIN/postgres" --version | awk '{print $3}'), fsync=on"
} | tee "$OUT"
set +e
"$BIN/desk-bench" "$MODE" "${args[@]}" 2>&1 | tee -a "$OUT"
status=${PIPESTATUS[0]}
set -e
echo "what the run command said of the processes it started again:" | tee -a "$OUT"
grep -E "exited|killed|started again|broker" "$WORK/logs/run.log" | sed -E 's/\x1b\[[0-9;]*m//g' | tail -n 40 | tee -a "$OUT"
say "Figures saved in $OUT"
exit "$status"
