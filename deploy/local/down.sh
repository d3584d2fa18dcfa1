#!/usr/bin/env bash
# Stops everything up.sh started; keeps the data (delete .local/ for a clean slate).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

stop() { # name, pid file
  local name=$1 pidfile=$2
  if pid_alive "$pidfile"; then
    kill "$(cat "$pidfile")" 2>/dev/null || true
    for _ in $(seq 1 300); do pid_alive "$pidfile" || break; sleep 0.1; done
    # shellcheck disable=SC2015  # kill -9 only if still alive; never fail the script
    pid_alive "$pidfile" && kill -9 "$(cat "$pidfile")" 2>/dev/null || true
    say "  stopped $name"
  fi
  rm -f "$pidfile"
}

# Every instance, however many DOORSTEP_INSTANCES up.sh was given.
for s in "${SERVICES[@]}"; do
  for pidfile in "$PIDS/$s.pid" "$PIDS/$s"-[0-9].pid; do
    [ -e "$pidfile" ] && stop "$(basename "$pidfile" .pid)" "$pidfile"
  done
done
stop "kafka broker" "$PIDS/kafka.pid"
stop "database" "$PIDS/mariadb.pid"
