# shellcheck shell=bash disable=SC2034  # sourced: the variables are used by the scripts that source it
# Settings of the local stack, shared by up.sh, down.sh, demo.sh and token.sh. Every one can be set from the
# environment.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DOORSTEP_HOME="${DOORSTEP_HOME:-$ROOT/.local}"          # data, logs and pid files (git-ignored)
LOGS="$DOORSTEP_HOME/logs"
PIDS="$DOORSTEP_HOME/run"

# Where the stack listens: 127.0.0.1, so that only this machine reaches the services, the database and the broker.
# 0.0.0.0 (every interface) opens them to the network, on purpose only; the local sign-in (/signin), which signs any
# role, answers callers on this machine alone even then.
DOORSTEP_BIND_ADDRESS="${DOORSTEP_BIND_ADDRESS:-127.0.0.1}"

# Database: a private MariaDB started here, unless DOORSTEP_DB_HOST names an existing MySQL-compatible server.
DOORSTEP_DB_HOST="${DOORSTEP_DB_HOST:-}"
DOORSTEP_DB_PORT="${DOORSTEP_DB_PORT:-3316}"
DOORSTEP_DB_USER="${DOORSTEP_DB_USER:-root}"
DOORSTEP_DB_PASSWORD="${DOORSTEP_DB_PASSWORD:-}"

# Broker: a private single-node KRaft Kafka started here, unless KAFKA_BOOTSTRAP_SERVERS names an existing one.
KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-}"
DOORSTEP_KAFKA_PORT="${DOORSTEP_KAFKA_PORT:-9092}"
DOORSTEP_KAFKA_CONTROLLER_PORT="${DOORSTEP_KAFKA_CONTROLLER_PORT:-9093}"

ORDER_SERVICE_PORT="${ORDER_SERVICE_PORT:-8081}"
DISPATCH_SERVICE_PORT="${DISPATCH_SERVICE_PORT:-8082}"
VOLUNTEER_SERVICE_PORT="${VOLUNTEER_SERVICE_PORT:-8083}"
# How many instances of each service: the n-th listens on the first's port + 100 × (n - 1) and joins the same
# consumer groups (README, Scaling out).
DOORSTEP_INSTANCES="${DOORSTEP_INSTANCES:-1}"
# Quarkus profile of the services: "local" accepts MariaDB; use "prod" against a real MySQL 8.
DOORSTEP_PROFILE="${DOORSTEP_PROFILE:-local}"
# JVM options of the services (README, Performance): five JVMs share two cores here, so the services use the quick
# C1 compiler only (C2 spent a quarter of a core for minutes after each start), a 64 MB heap, a 32 MB code cache and
# two malloc arenas: 220-290 MB of RSS each under load instead of 350-450 MB.
DOORSTEP_JAVA_OPTS="${DOORSTEP_JAVA_OPTS:--Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=160m}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

# Identity: up.sh plays the identity provider with a key pair made once under $JWT_KEYS (never in git); the services
# verify tokens with public.pem and this issuer, and token.sh signs tokens with private.pem.
DOORSTEP_JWT_ISSUER="${DOORSTEP_JWT_ISSUER:-https://id.doorstep.local}"
# The audience the services expect in every token (token.sh writes it), and the age in seconds after which they refuse
# a token whatever its expiry.
DOORSTEP_JWT_AUDIENCE="${DOORSTEP_JWT_AUDIENCE:-doorstep}"
DOORSTEP_JWT_MAX_AGE_SECONDS="${DOORSTEP_JWT_MAX_AGE_SECONDS:-43200}"
JWT_KEYS="$DOORSTEP_HOME/secrets/jwt"
# WeChat sign-in (order-service): it signs RESIDENT tokens of this issuer with its own key pair under $ORDER_TOKEN_KEYS,
# which every service trusts beside $JWT_KEYS. DOORSTEP_WECHAT_APPID and DOORSTEP_WECHAT_SECRET are read from the
# environment only (never written to a file here); unset, WeChat sign-in answers 503 "not configured".
DOORSTEP_WECHAT_TOKEN_ISSUER="${DOORSTEP_WECHAT_TOKEN_ISSUER:-https://order.doorstep.local}"
DOORSTEP_WECHAT_API_BASE="${DOORSTEP_WECHAT_API_BASE:-https://api.weixin.qq.com}"
ORDER_TOKEN_KEYS="$DOORSTEP_HOME/secrets/order-token"
# volunteer-service signs VOLUNTEER tokens of its own issuer for volunteers bound to a WeChat user, with a key pair of
# its own under $VOLUNTEER_TOKEN_KEYS (a leak of one service's key mints only its one role).
DOORSTEP_VOLUNTEER_TOKEN_ISSUER="${DOORSTEP_VOLUNTEER_TOKEN_ISSUER:-https://volunteer.doorstep.local}"
VOLUNTEER_TOKEN_KEYS="$DOORSTEP_HOME/secrets/volunteer-token"

SERVICES=(order-service dispatch-service volunteer-service)

service_port() {
  case "$1" in
    order-service) echo "$ORDER_SERVICE_PORT" ;;
    dispatch-service) echo "$DISPATCH_SERVICE_PORT" ;;
    volunteer-service) echo "$VOLUNTEER_SERVICE_PORT" ;;
  esac
}

# Port, and the name of the pid and log files, of a service's n-th instance (1 = the first, on service_port).
instance_port() { echo $(( $(service_port "$1") + 100 * ($2 - 1) )); }
instance_name() { if [ "$2" = 1 ]; then echo "$1"; else echo "$1-$2"; fi; }

# The database of each service: one schema per service, no table shared.
service_db() {
  case "$1" in
    order-service) echo doorstep_order ;;
    dispatch-service) echo doorstep_dispatch ;;
    volunteer-service) echo doorstep_volunteer ;;
  esac
}

# The address at which this machine reaches the stack: the bind address, or loopback when that is every interface.
stack_host() {
  case "$DOORSTEP_BIND_ADDRESS" in
    0.0.0.0) echo 127.0.0.1 ;;
    *) echo "$DOORSTEP_BIND_ADDRESS" ;;
  esac
}
db_host() { echo "${DOORSTEP_DB_HOST:-$(stack_host)}"; }
kafka_servers() { echo "${KAFKA_BOOTSTRAP_SERVERS:-$(stack_host):$DOORSTEP_KAFKA_PORT}"; }

# Alive means: the pid file names a running process. A process being torn down (or a zombie) has an empty
# command line, and a reused pid has another one, so the command line must be non-empty and match when a pattern
# is given.
pid_alive() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  local cmd
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [ -n "$cmd" ] || return 1
  [ -z "${2:-}" ] || [[ "$cmd" == *"$2"* ]]
}

find_bin() {
  local name=$1 dir
  for dir in /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin; do
    [ -x "$dir/$name" ] && { echo "$dir/$name"; return 0; }
  done
  command -v "$name" 2>/dev/null
}

# The bench jar and its libraries, as a class path (bench.sh, simulate.sh); built on first use.
bench_classpath() {
  local who=$1 dir="$ROOT/bench/target" jars lock=()
  jars=("$dir"/bench-*.jar)
  if [ ! -f "${jars[0]}" ] || [ ! -d "$dir/lib" ]; then
    printf '%s: building the bench jar (./mvnw -pl bench package) ...\n' "$who" >&2
    command -v flock >/dev/null 2>&1 && lock=(flock /tmp/doorstep-maven.lock)
    (cd "$ROOT" && "${lock[@]}" ./mvnw -B -q -DskipTests -pl bench package) >&2 \
      || { printf '%s: building the bench failed\n' "$who" >&2; return 1; }
    jars=("$dir"/bench-*.jar)
  fi
  printf '%s:%s/lib/*' "${jars[0]}" "$dir"
}

say() { printf '%s\n' "$*"; }
step() { printf '  %-34s' "$*"; }
