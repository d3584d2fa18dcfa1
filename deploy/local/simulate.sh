#!/usr/bin/env bash
# A lockdown day compressed into minutes on the local stack that up.sh started: a district of buildings under mixed
# status, residents ordering food, medicine (some urgent) and meals, meal plans, the grid worker sealing and lifting
# buildings, volunteers picking up and handing off door by door. A line every second shows orders placed, queued, on
# runs and delivered, the queue depth and the oldest urgent wait; the day ends with the daily brief.
#   simulate.sh [--minutes N] [--rate ORDERS_PER_SECOND]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

usage() {
  [ -z "${1:-}" ] || printf 'simulate.sh: %s\n' "$1" >&2
  cat >&2 <<USAGE
usage: simulate.sh [--minutes N] [--rate R]
  --minutes N   how long the compressed day lasts (default 4; 06:00 to 22:00 of the district's day)
  --rate R      average orders per second (default 5); the morning and evening peaks are twice that
The stack must be running (deploy/local/up.sh).
USAGE
  exit 2
}

ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes | --rate)
      [ $# -ge 2 ] || usage "$1 needs a value"
      [[ "$2" =~ ^[0-9]+([.][0-9]+)?$ ]] || usage "$1 must be a number, not '$2'"
      ARGS+=("$1" "$2"); shift ;;
    -h | --help) usage ;;
    *) usage "unknown option '$1'" ;;
  esac
  shift
done

for s in "${SERVICES[@]}"; do
  curl -fsS -o /dev/null "http://$(stack_host):$(service_port "$s")/q/health/ready" 2>/dev/null \
    || { printf 'simulate.sh: %s is not ready on port %s; start the stack with deploy/local/up.sh\n' "$s" \
      "$(service_port "$s")" >&2; exit 1; }
done

CLASSPATH_BENCH=$(bench_classpath simulate.sh) || exit 1

exec java -Xmx512m -cp "$CLASSPATH_BENCH" org.doorstep.bench.Simulate \
  --order-url "http://$(stack_host):$ORDER_SERVICE_PORT" \
  --dispatch-url "http://$(stack_host):$DISPATCH_SERVICE_PORT" \
  --volunteer-url "http://$(stack_host):$VOLUNTEER_SERVICE_PORT" \
  --jdbc-url "jdbc:mysql://$(db_host):$DOORSTEP_DB_PORT/" --db-user "$DOORSTEP_DB_USER" \
  --db-password "$DOORSTEP_DB_PASSWORD" \
  --bootstrap "$(kafka_servers)" \
  --jwt-key "$JWT_KEYS/private.pem" --issuer "$DOORSTEP_JWT_ISSUER" --audience "$DOORSTEP_JWT_AUDIENCE" \
  "${ARGS[@]}"
