#!/usr/bin/env bash
# Benchmarks the local stack that up.sh started (README, Performance): a burst of orders as fast as the stack takes
# them, fixed rates, the highest sustained rate, and, on the same servers, the raw limits of the database and the
# broker. Latencies from placed to assigned / delivered are read from the events themselves. Writes
# $DOORSTEP_HOME/bench/results-<time>.json and report-<time>.html; the last line printed is the JSON's path.
#   bench.sh [--quick] [--startup] [--note TEXT] [--concurrency N] [--rates 250,500,1000] [--rate-seconds 10]
#            [--wrk-only | --no-wrk]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

usage() {
  [ -z "${1:-}" ] || printf 'bench.sh: %s\n' "$1" >&2
  cat >&2 <<USAGE
usage: bench.sh [--quick] [--startup] [--note TEXT] [--concurrency N] [--rates R1,R2,...] [--rate-seconds S]
                [--wrk-only | --no-wrk]
  --quick        a few seconds: a smaller district, a 2 s burst, one short rate, one sustained step, 1 s raw limits
  --startup      first stop the stack (down.sh) and time up.sh until everything is ready, for the start-up target;
                 the stack it starts has order-service's limits raised to 1000000 for the load
  --note TEXT    written into the results (e.g. "another build was running")
  --concurrency  requests in flight in the burst, and database connections in the raw limit (default 32)
  --rates        the fixed rates in orders/s (default 250,500,1000; --quick: 100)
  --rate-seconds how long each fixed rate lasts (default 10; --quick: 2)
  --wrk-only     only the phases driven by Debian's wrk (a district of their own; 2–3 min); the full run has them
                 after its own, when wrk is installed
  --no-wrk       leave the wrk phases out of the full run
The stack must be running (deploy/local/up.sh) with order-service's limits raised for the load:
  DOORSTEP_LIMIT_HOUSEHOLDS_PER_RESIDENT=1000000 DOORSTEP_LIMIT_OPEN_URGENT_PER_HOUSEHOLD=1000000
  DOORSTEP_LIMIT_OPEN_ORDERS_PER_HOUSEHOLD=1000000 (--startup does it; the bench refuses a stack with lower ones).
Results: $DOORSTEP_HOME/bench/
USAGE
  exit 2
}

ARGS=() STARTUP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick | --wrk-only | --no-wrk) ARGS+=("$1") ;;
    --startup) STARTUP=1 ;;
    --note | --concurrency | --rates | --rate-seconds)
      [ $# -ge 2 ] || usage "$1 needs a value"
      ARGS+=("$1" "$2"); shift ;;
    -h | --help) usage ;;
    *) usage "unknown option '$1'" ;;
  esac
  shift
done

CLASSPATH_BENCH=$(bench_classpath bench.sh) || exit 1

if [ -n "$STARTUP" ]; then
  printf 'bench.sh: measuring start-up: down.sh, then up.sh until every service is ready ...\n' >&2
  "$ROOT/deploy/local/down.sh" >&2
  mkdir -p "$LOGS" # a fresh clone has no stack yet, nor its log folder
  T0=$(date +%s.%N)
  # The bench places thousands of orders for each of its households: far beyond a family's limits (README, Security).
  DOORSTEP_LIMIT_HOUSEHOLDS_PER_RESIDENT=1000000 DOORSTEP_LIMIT_OPEN_URGENT_PER_HOUSEHOLD=1000000 \
    DOORSTEP_LIMIT_OPEN_ORDERS_PER_HOUSEHOLD=1000000 \
    "$ROOT/deploy/local/up.sh" >"$LOGS/bench-up.log" 2>&1 \
    || { printf 'bench.sh: up.sh failed; see %s\n' "$LOGS/bench-up.log" >&2; exit 1; }
  T1=$(date +%s.%N)
  STARTUP_SECONDS=$(awk -v a="$T0" -v b="$T1" 'BEGIN { printf "%.1f", b - a }')
  printf 'bench.sh: the stack was ready %s s after up.sh started\n' "$STARTUP_SECONDS" >&2
  ARGS+=(--startup-seconds "$STARTUP_SECONDS")
fi

for s in "${SERVICES[@]}"; do
  curl -fsS -o /dev/null "http://$(stack_host):$(service_port "$s")/q/health/ready" 2>/dev/null \
    || { printf 'bench.sh: %s is not ready on port %s; start the stack with deploy/local/up.sh\n' "$s" \
      "$(service_port "$s")" >&2; exit 1; }
done

PID_ARGS=()
for name in "${SERVICES[@]}" kafka mariadb; do
  if [ -f "$PIDS/$name.pid" ]; then PID_ARGS+=(--pid "$name=$(cat "$PIDS/$name.pid")"); fi
done

exec java -Xmx768m -XX:+UseParallelGC -cp "$CLASSPATH_BENCH" \
  org.doorstep.bench.Bench \
  --order-url "http://$(stack_host):$ORDER_SERVICE_PORT" \
  --dispatch-url "http://$(stack_host):$DISPATCH_SERVICE_PORT" \
  --volunteer-url "http://$(stack_host):$VOLUNTEER_SERVICE_PORT" \
  --jdbc-url "jdbc:mysql://$(db_host):$DOORSTEP_DB_PORT/" --db-user "$DOORSTEP_DB_USER" \
  --db-password "$DOORSTEP_DB_PASSWORD" \
  --bootstrap "$(kafka_servers)" \
  --jwt-key "$JWT_KEYS/private.pem" --issuer "$DOORSTEP_JWT_ISSUER" --audience "$DOORSTEP_JWT_AUDIENCE" \
  --out "$DOORSTEP_HOME/bench" --service-logs "$LOGS" \
  "${PID_ARGS[@]}" "${ARGS[@]}"
