#!/usr/bin/env bash
# Starts the whole Doorstep stack on this machine, with no Docker: a private MariaDB, a single-node KRaft Kafka
# broker, the three services (which trust tokens signed by a local key pair, see token.sh) and a demo district.
# Run it again to start only what is not running.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
mkdir -p "$LOGS" "$PIDS"
T0=$(date +%s)

fail() { printf '\nFAILED: %s\n' "$*" >&2; exit 1; }

need_tool() { # name, debian package
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing $2"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2") >"$LOGS/apt-$2.log" 2>&1 \
      || fail "apt-get install $2 failed; see $LOGS/apt-$2.log"
    say "ok"
  else
    fail "$1 is missing; install it (Debian: sudo apt-get install $2)"
  fi
}

build() {
  local missing=0 s
  for s in "${SERVICES[@]}"; do [ -f "$ROOT/$s/target/quarkus-app/quarkus-run.jar" ] || missing=1; done
  [ -d "$ROOT/deploy/target/kafka-libs" ] || missing=1
  if [ "$missing" = 1 ]; then
    step "building (first run: minutes)"
    (cd "$ROOT" && ./mvnw -B -q -DskipTests package) >"$LOGS/build.log" 2>&1 || fail "build failed; see $LOGS/build.log"
    say "ok"
  fi
}

db_ping() {
  "$(find_bin mariadb-admin)" --no-defaults --protocol=tcp -h "$(db_host)" -P "$DOORSTEP_DB_PORT" \
    -u "$DOORSTEP_DB_USER" ${DOORSTEP_DB_PASSWORD:+-p"$DOORSTEP_DB_PASSWORD"} ping >/dev/null 2>&1
}

db_sql() {
  "$(find_bin mariadb)" --no-defaults --protocol=tcp -h "$(db_host)" -P "$DOORSTEP_DB_PORT" \
    -u "$DOORSTEP_DB_USER" ${DOORSTEP_DB_PASSWORD:+-p"$DOORSTEP_DB_PASSWORD"} -e "$1"
}

start_database() {
  step "database"
  if [ -n "$DOORSTEP_DB_HOST" ]; then
    say "external, $DOORSTEP_DB_HOST:$DOORSTEP_DB_PORT"
  else
    if [ -z "$(find_bin mariadbd)" ]; then
      say ""
      need_tool mariadbd mariadb-server
      step "database"
    fi
    local data="$DOORSTEP_HOME/mariadb/data" as_root=()
    [ "$(id -u)" = 0 ] && as_root=(--user=root)
    if [ ! -d "$data/mysql" ]; then
      mkdir -p "$data"
      "$(find_bin mariadb-install-db)" --no-defaults "${as_root[@]}" --datadir="$data" \
        --auth-root-authentication-method=normal --skip-test-db >"$LOGS/mariadb-install.log" 2>&1 \
        || fail "mariadb-install-db failed; see $LOGS/mariadb-install.log"
    fi
    if pid_alive "$PIDS/mariadb.pid" mariadbd && db_ping; then
      say "running, $DOORSTEP_BIND_ADDRESS:$DOORSTEP_DB_PORT"
    else
      nohup "$(find_bin mariadbd)" --no-defaults "${as_root[@]}" --datadir="$data" --port="$DOORSTEP_DB_PORT" \
        --bind-address="$DOORSTEP_BIND_ADDRESS" --socket="$DOORSTEP_HOME/mariadb/mysqld.sock" \
        --pid-file="$PIDS/mariadb.pid" \
        --log-error="$LOGS/mariadb.log" --skip-name-resolve --max-connections=500 \
        >/dev/null 2>&1 &
      local i
      for i in $(seq 1 300); do db_ping && break; sleep 0.1; done
      db_ping || fail "MariaDB did not start; see $LOGS/mariadb.log"
      say "started, $DOORSTEP_BIND_ADDRESS:$DOORSTEP_DB_PORT"
    fi
  fi
  local s
  for s in "${SERVICES[@]}"; do
    db_sql "create database if not exists $(service_db "$s") character set utf8mb4 collate utf8mb4_unicode_ci" \
      || fail "cannot create database $(service_db "$s")"
  done
}

start_kafka() {
  step "kafka broker"
  if [ -n "$KAFKA_BOOTSTRAP_SERVERS" ]; then
    say "external, $KAFKA_BOOTSTRAP_SERVERS"
    return
  fi
  if pid_alive "$PIDS/kafka.pid" kafka.Kafka; then
    say "running, $(kafka_servers)"
    return
  fi
  local dir="$DOORSTEP_HOME/kafka" libs="$ROOT/deploy/target/kafka-libs/*"
  mkdir -p "$dir/data" "$LOGS/kafka"
  # Clients on DOORSTEP_BIND_ADDRESS; the controller, which only the broker itself talks to, on loopback always.
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$DOORSTEP_KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$DOORSTEP_BIND_ADDRESS:$DOORSTEP_KAFKA_PORT,CONTROLLER://127.0.0.1:$DOORSTEP_KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$(stack_host):$DOORSTEP_KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=12
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  local java_log=(-Dlog4j2.configurationFile="$ROOT/deploy/local/kafka-log4j2.properties" -Dkafka.logs.dir="$LOGS/kafka")
  if [ ! -f "$dir/data/meta.properties" ]; then
    local cluster
    cluster=$(java "${java_log[@]}" -cp "$libs" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    java "${java_log[@]}" -cp "$libs" kafka.tools.StorageTool format -t "$cluster" -c "$dir/server.properties" \
      >"$LOGS/kafka-format.log" 2>&1 || fail "formatting the Kafka log failed; see $LOGS/kafka-format.log"
  fi
  touch "$LOGS/kafka/server.log"
  local before
  before=$(wc -l <"$LOGS/kafka/server.log")
  nohup java -Xmx512m "${java_log[@]}" -cp "$libs" kafka.Kafka "$dir/server.properties" >"$LOGS/kafka.out" 2>&1 &
  echo $! >"$PIDS/kafka.pid"
  local i
  for i in $(seq 1 600); do
    tail -n +"$((before + 1))" "$LOGS/kafka/server.log" | grep -q "Kafka Server started" && break
    pid_alive "$PIDS/kafka.pid" kafka.Kafka || fail "the Kafka broker exited; see $LOGS/kafka.out and $LOGS/kafka/server.log"
    sleep 0.1
  done
  tail -n +"$((before + 1))" "$LOGS/kafka/server.log" | grep -q "Kafka Server started" \
    || fail "the Kafka broker did not start in 60 s; see $LOGS/kafka/server.log"
  say "started, $(kafka_servers)"
}

random_secret() { # file: 32 random bytes as hex, made once per machine, never in git
  local file=$1
  if [ ! -s "$file" ]; then
    mkdir -p "$(dirname "$file")"
    (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$file")
  fi
  cat "$file"
}

# Shared by order-service and dispatch-service only.
handoff_secret() { random_secret "$DOORSTEP_HOME/secrets/handoff.secret"; }

jwt_keys() { # directory, what the key signs
  # An RSA key pair made once per machine, never in git: the local identity provider's ($JWT_KEYS; token.sh signs with
  # private.pem), order-service's and volunteer-service's for their WeChat sign-ins ($ORDER_TOKEN_KEYS,
  # $VOLUNTEER_TOKEN_KEYS). private.pem is 600; the services
  # verify tokens with public.pem.
  local dir=$1 made=""
  step "$2"
  (umask 077 && mkdir -p "$dir")
  if [ ! -s "$dir/private.pem" ]; then
    rm -f "$dir/private.pem.new" "$dir/public.pem"
    (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/private.pem.new") \
      >"$LOGS/jwt-keys.log" 2>&1 || fail "making the key pair in $dir failed; see $LOGS/jwt-keys.log"
    mv "$dir/private.pem.new" "$dir/private.pem"
    made=1
  fi
  chmod 600 "$dir/private.pem"
  # public.pem always matches private.pem: written again if missing or from another key.
  local public
  public=$(openssl pkey -in "$dir/private.pem" -pubout 2>>"$LOGS/jwt-keys.log") \
    || fail "$dir/private.pem is not a readable private key; delete $dir to make a new pair"
  if [ ! -s "$dir/public.pem" ] || [ "$(cat "$dir/public.pem")" != "$public" ]; then
    printf '%s\n' "$public" >"$dir/public.pem.new"
    chmod 644 "$dir/public.pem.new"
    mv "$dir/public.pem.new" "$dir/public.pem"
  fi
  say "${made:+made, }$dir"
}

ready() { curl -fsS -o /dev/null "http://$(stack_host):$(instance_port "$1" "$2")/q/health/ready" 2>/dev/null; }

start_service() { # service, instance number
  local s=$1 n=$2 port name
  port=$(instance_port "$s" "$n")
  name=$(instance_name "$s" "$n")
  if pid_alive "$PIDS/$name.pid" "$s"; then
    return
  fi
  local db_url
  db_url="jdbc:mysql://$(db_host):$DOORSTEP_DB_PORT/$(service_db "$s")"
  local env_name
  env_name="$(echo "${s%-service}" | tr '[:lower:]' '[:upper:]')"
  # WeChat sign-in is order-service's (residents) and volunteer-service's (volunteers): each its own signing key, and
  # both the openid HMAC key and the mini-program's app id and secret if set in the environment (empty: the endpoint
  # answers 503 "not configured"; sign in on /signin instead). dispatch-service binds grid workers' WeChat for their
  # alerts (no signing key: it mints no token).
  local wechat_env=()
  if [ "$s" = order-service ] || [ "$s" = volunteer-service ] || [ "$s" = dispatch-service ]; then
    wechat_env=("DOORSTEP_WECHAT_BINDING_SECRET=$WECHAT_BINDING_SECRET"
      "DOORSTEP_WECHAT_API_BASE=$DOORSTEP_WECHAT_API_BASE"
      "DOORSTEP_WECHAT_APPID=${DOORSTEP_WECHAT_APPID:-}" "DOORSTEP_WECHAT_SECRET=${DOORSTEP_WECHAT_SECRET:-}")
  fi
  if [ "$s" = order-service ]; then
    wechat_env+=("DOORSTEP_WECHAT_TOKEN_PRIVATE_KEY_LOCATION=$ORDER_TOKEN_KEYS/private.pem")
  elif [ "$s" = volunteer-service ]; then
    wechat_env+=("DOORSTEP_VOLUNTEER_TOKEN_PRIVATE_KEY_LOCATION=$VOLUNTEER_TOKEN_KEYS/private.pem")
  fi
  # A class-data archive of the classes the service loaded when it last ran: a start that maps it instead of loading,
  # verifying and parsing ~15,000 classes again spends seconds less CPU, which three JVMs starting at once on two cores
  # share. Written when a service stops (down.sh) if there is none for the jars in target/ (a rebuild makes it stale);
  # a JVM that cannot use it runs without it.
  local cds="$DOORSTEP_HOME/cds/$name.jsa" cds_opts=()
  mkdir -p "$DOORSTEP_HOME/cds"
  if [ -s "$cds" ] && [ -z "$(find "$ROOT/$s/target/quarkus-app" -type f -newer "$cds" -print -quit)" ]; then
    cds_opts=("-XX:SharedArchiveFile=$cds" -Xlog:cds=off -Xlog:cds+dynamic=off)
  else
    rm -f "$cds"
    cds_opts=("-XX:ArchiveClassesAtExit=$cds" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  # shellcheck disable=SC2086
  nohup env "${env_name}_SERVICE_PORT=$port" "${env_name}_DB_URL=$db_url" \
    DOORSTEP_DB_USER="$DOORSTEP_DB_USER" DOORSTEP_DB_PASSWORD="$DOORSTEP_DB_PASSWORD" \
    KAFKA_BOOTSTRAP_SERVERS="$(kafka_servers)" DOORSTEP_HANDOFF_SECRET="$SECRET" \
    DOORSTEP_JWT_PUBLIC_KEY_LOCATION="$JWT_KEYS/public.pem" DOORSTEP_JWT_ISSUER="$DOORSTEP_JWT_ISSUER" \
    DOORSTEP_JWT_AUDIENCE="$DOORSTEP_JWT_AUDIENCE" DOORSTEP_JWT_MAX_AGE_SECONDS="$DOORSTEP_JWT_MAX_AGE_SECONDS" \
    DOORSTEP_BIND_ADDRESS="$DOORSTEP_BIND_ADDRESS" \
    DOORSTEP_JWT_PRIVATE_KEY_LOCATION="$JWT_KEYS/private.pem" \
    DOORSTEP_WECHAT_TOKEN_ISSUER="$DOORSTEP_WECHAT_TOKEN_ISSUER" \
    DOORSTEP_WECHAT_TOKEN_PUBLIC_KEY_LOCATION="$ORDER_TOKEN_KEYS/public.pem" \
    DOORSTEP_VOLUNTEER_TOKEN_ISSUER="$DOORSTEP_VOLUNTEER_TOKEN_ISSUER" \
    DOORSTEP_VOLUNTEER_TOKEN_PUBLIC_KEY_LOCATION="$VOLUNTEER_TOKEN_KEYS/public.pem" \
    ${wechat_env[@]+"${wechat_env[@]}"} \
    DOORSTEP_UI_ORDER_URL="http://$(stack_host):$ORDER_SERVICE_PORT" \
    DOORSTEP_UI_DISPATCH_URL="http://$(stack_host):$DISPATCH_SERVICE_PORT" \
    DOORSTEP_UI_VOLUNTEER_URL="http://$(stack_host):$VOLUNTEER_SERVICE_PORT" \
    QUARKUS_PROFILE="$DOORSTEP_PROFILE" \
    java $DOORSTEP_JAVA_OPTS "${cds_opts[@]}" -jar "$ROOT/$s/target/quarkus-app/quarkus-run.jar" >>"$LOGS/$name.log" 2>&1 &
  echo $! >"$PIDS/$name.pid"
}

wait_services() {
  local s pending
  step "services"
  for i in $(seq 1 1200); do
    pending=0
    for s in "${SERVICES[@]}"; do
      for n in $(seq 1 "$DOORSTEP_INSTANCES"); do
        if ! ready "$s" "$n"; then
          pending=1
          pid_alive "$PIDS/$(instance_name "$s" "$n").pid" "$s" || fail "$s exited; see $LOGS/$(instance_name "$s" "$n").log"
        fi
      done
    done
    [ "$pending" = 0 ] && break
    [ $((i % 10)) = 0 ] && printf '.'
    sleep 0.1
  done
  [ "$pending" = 0 ] || fail "services not ready in 120 s; see $LOGS/*-service.log"
  say " ready"
}

say "Doorstep: starting the local stack (data and logs in $DOORSTEP_HOME)"
need_tool curl curl
need_tool java openjdk-17-jdk-headless
need_tool openssl openssl
# Loopback or every interface: on one other address the private MariaDB's root, which may log in only from this
# machine's loopback, could not reach its own server.
[[ "$DOORSTEP_BIND_ADDRESS" =~ ^(127(\.[0-9]{1,3}){3}|0\.0\.0\.0)$ ]] \
  || fail "DOORSTEP_BIND_ADDRESS must be 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)," \
    "not '$DOORSTEP_BIND_ADDRESS'"
build
start_database
start_kafka
SECRET=$(handoff_secret)
# Keys the openid HMAC of the WeChat sign-ins; changing it unbinds every WeChat user from their account.
WECHAT_BINDING_SECRET=$(random_secret "$DOORSTEP_HOME/secrets/wechat-binding.secret")
jwt_keys "$JWT_KEYS" "token signing key"
jwt_keys "$ORDER_TOKEN_KEYS" "order-service's token signing key (WeChat sign-in)"
jwt_keys "$VOLUNTEER_TOKEN_KEYS" "volunteer-service's token signing key (WeChat sign-in)"
case "$DOORSTEP_INSTANCES" in
  [1-9]) ;;
  *) fail "DOORSTEP_INSTANCES must be 1 to 9, not '$DOORSTEP_INSTANCES'" ;;
esac
# And, where the JDK has it (17.0.9 and later), the native heap handed back to the system every 5 s: glibc keeps what a
# burst freed (dispatch-service held 3.4 MB of it after a bench run, more than it was over the 256 MB target).
if [[ "$DOORSTEP_JAVA_OPTS" != *TrimNativeHeapInterval* ]] && java -XX:TrimNativeHeapInterval=5000 -version >/dev/null 2>&1
then
  DOORSTEP_JAVA_OPTS="$DOORSTEP_JAVA_OPTS -XX:TrimNativeHeapInterval=5000"
fi
for s in "${SERVICES[@]}"; do
  for n in $(seq 1 "$DOORSTEP_INSTANCES"); do start_service "$s" "$n"; done
done
wait_services
"$ROOT/deploy/local/demo.sh"

say ""
say "All ready in $(( $(date +%s) - T0 )) s."
for s in "${SERVICES[@]}"; do
  printf '  %-18s http://%s:%s   Swagger UI: http://%s:%s/q/swagger-ui   OpenAPI: /q/openapi\n' \
    "$s" "$(stack_host)" "$(service_port "$s")" "$(stack_host)" "$(service_port "$s")"
  for n in $(seq 2 "$DOORSTEP_INSTANCES"); do
    printf '  %-18s http://%s:%s   (instance %s, same database and consumer groups)\n' "" "$(stack_host)" "$(instance_port "$s" "$n")" "$n"
  done
done
say "  pages              resident: http://$(stack_host):$ORDER_SERVICE_PORT/resident/   grid worker: http://$(stack_host):$DISPATCH_SERVICE_PORT/console/"
say "                     volunteer: http://$(stack_host):$DISPATCH_SERVICE_PORT/volunteer/   (sign in as a demo person: /signin, from this machine only)"
say "  tokens             deploy/local/token.sh ROLE SUBJECT [GRID_ID,...] (RS256, issuer $DOORSTEP_JWT_ISSUER)"
say "  logs               $LOGS"
say "Stop with deploy/local/down.sh (data is kept)."
