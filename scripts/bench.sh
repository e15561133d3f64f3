#!/usr/bin/env bash
# Benchmarks, with a baseline measured in the same run on the same PostgreSQL.
#   scripts/bench.sh intake   1. pgbench, one INSERT per transaction, 8 clients (and 2);
#                             2. logging an intake through the gateway (row + outbox, durable
#                                commit), 8 clients; 3. the same at half that throughput, open
#                                loop, for its latency; 4. 2,000 complaint intakes at 200/s:
#                                commit to the consumer's committed effect.
#   scripts/bench.sh search   the one-box search over a group of DESK_BENCH_RESIDENTS residents
#                             (1,000,000 by default) in 500 more estates, as HQ and as a desk.
#   scripts/bench.sh complaints  the month's complaint statistics over 500 estates and
#                             DESK_BENCH_COMPLAINTS (1,000,000 by default) complaints; then
#                             one pass of the deadline sweep per new overdue complaint with
#                             50,000 complaints already escalated to head office.
#   scripts/bench.sh repairs  dispatch and the technician's "my orders today" over 500 estates
#                             and DESK_BENCH_ORDERS (2,000,000 by default) orders.
#   scripts/bench.sh billing  the month's management-fee run for an estate of 5,000 units, and
#                             taking a payment.
#   scripts/bench.sh hq       head office's month of every estate (repairs' group-wide figures
#                             from its read model) over 500 estates: through the gateway and
#                             from the service itself.
#   scripts/bench.sh          all of them.
# Starts the platform (release build) with scripts/run.sh and stops it after.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
SECS="${DESK_BENCH_SECS:-15}"
WHAT="${1:-all}"
RESIDENTS="${DESK_BENCH_RESIDENTS:-1000000}"
OUT="$LOCAL/bench-$(date +%Y%m%d-%H%M%S).txt"

ensure_system_packages
cargo build --release --locked -p desk-bench
export DESK_PROFILE=release DESK_SKIP_WEB=1
# Ports of their own, so that a platform already running for development is left alone.
export DESK_PORT_BASE="${DESK_PORT_BASE:-18080}"
export DESK_BENCH_GATEWAY="http://127.0.0.1:$DESK_PORT_BASE"
bash scripts/run.sh >"$LOCAL/logs/bench-run.log" 2>&1 &
RUN_PID=$!
trap 'kill -TERM $RUN_PID 2>/dev/null; wait $RUN_PID 2>/dev/null' EXIT
for i in $(seq 1 1800); do grep -q "is running" "$LOCAL/logs/bench-run.log" && break; kill -0 $RUN_PID 2>/dev/null || { tail -n 30 "$LOCAL/logs/bench-run.log"; exit 1; }; sleep 1; done
PG="${DATABASE_URL:+$(printf '%s' "$DATABASE_URL" | sed -E 's#^[a-z]+://([^@/]*@)?([^/?]+).*#\2#')}"
PG="${PG:-127.0.0.1:${DESK_PG_PORT:-55432}}"
BENCH="$ROOT/target/release/desk-bench"
sleep 3

{
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem/{print $2}') GiB"
echo "postgres: $(psql -tA "postgres://postgres@$PG/postgres" -c 'show server_version'), synchronous_commit=$(psql -tA "postgres://postgres@$PG/postgres" -c 'show synchronous_commit'), fsync=$(psql -tA "postgres://postgres@$PG/postgres" -c 'show fsync')"
echo "command: scripts/bench.sh (DESK_BENCH_SECS=$SECS)"
} | tee "$OUT"

DB_URL="postgres://postgres@$PG/${DESK_DB_NAME:-estate_desk}"
if [ "$WHAT" = search ] || [ "$WHAT" = all ]; then
  "$BENCH" search --residents "$RESIDENTS" --count "${DESK_BENCH_SEARCHES:-4000}" --db "$DB_URL" | tee -a "$OUT"
fi
if [ "$WHAT" = complaints ] || [ "$WHAT" = all ]; then
  "$BENCH" complaint-stats --residents "${DESK_BENCH_COMPLAINTS:-1000000}" --count "${DESK_BENCH_READS:-2000}" --db "$DB_URL" | tee -a "$OUT"
fi
if [ "$WHAT" = repairs ] || [ "$WHAT" = all ]; then
  "$BENCH" repairs --residents "${DESK_BENCH_ORDERS:-2000000}" --count "${DESK_BENCH_READS:-2000}" --db "$DB_URL" | tee -a "$OUT"
fi
if [ "$WHAT" = billing ] || [ "$WHAT" = all ]; then
  "$BENCH" billing --residents "${DESK_BENCH_UNITS:-5000}" --count "${DESK_BENCH_READS:-2000}" --db "$DB_URL" | tee -a "$OUT"
fi
if [ "$WHAT" = hq ] || [ "$WHAT" = all ]; then
  DESK_BENCH_REPAIRS="http://127.0.0.1:$((DESK_PORT_BASE + 3))" \
    "$BENCH" hq --count "${DESK_BENCH_READS:-2000}" --db "$DB_URL" | tee -a "$OUT"
fi
if [ "$WHAT" != intake ] && [ "$WHAT" != all ]; then echo "figures saved in $OUT"; exit 0; fi

psql -q "postgres://postgres@$PG/postgres" -c "DROP DATABASE IF EXISTS desk_pgbench" -c "CREATE DATABASE desk_pgbench"
psql -q "postgres://postgres@$PG/desk_pgbench" -c "CREATE TABLE t (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
echo "INSERT INTO t (payload) VALUES ('benchmark contact');" >"$LOCAL/pgbench-insert.sql"
pg_tps() { "$(pg_bin)/pgbench" -n -c "$1" -j 2 -T "$SECS" -f "$LOCAL/pgbench-insert.sql" "postgres://postgres@$PG/desk_pgbench" 2>/dev/null | awk '/^tps/{print int($3)}'; }
PG8=$(pg_tps 8); PG2=$(pg_tps 2)
echo "pgbench one INSERT per transaction: ${PG8} TPS at 8 clients, ${PG2} TPS at 2 clients" | tee -a "$OUT"

INTAKE=$("$BENCH" intake --clients 8 --secs "$SECS")
echo "$INTAKE" | tee -a "$OUT"
TPS=$(echo "$INTAKE" | sed -E 's/.*"per_sec":([0-9.]+).*/\1/')
echo "intake throughput / pgbench: $(awk -v a="$TPS" -v b="$PG8" 'BEGIN{printf "%.0f%%", 100*a/b}') (target >= 30%)" | tee -a "$OUT"
HALF=$(awk -v a="$TPS" 'BEGIN{printf "%d", a/2}')
"$BENCH" intake --rate "$HALF" --secs "$SECS" | tee -a "$OUT"
"$BENCH" flow --rate 200 --count 2000 --db "$DB_URL" | tee -a "$OUT"
echo "figures saved in $OUT"
