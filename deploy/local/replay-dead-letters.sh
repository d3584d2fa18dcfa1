#!/usr/bin/env bash
# Sends the dead letters not replayed yet back to the topics they came from, once what set them aside is fixed.
# Each keeps its key and event id: a consumer that had applied it skips it, the one that had not applies it now.
#   replay-dead-letters.sh [CONSUMER]     e.g. replay-dead-letters.sh dispatch-service.orders
# In Kubernetes: kubectl exec deploy/dispatch-service -- java -cp '/deployments/lib/main/*' \
#   org.doorstep.common.kafka.DeadLetterReplay --bootstrap-servers "$KAFKA_BOOTSTRAP_SERVERS" [--consumer NAME]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

LIB="$ROOT/dispatch-service/target/quarkus-app/lib/main"
if [ ! -d "$LIB" ]; then
  echo "replay-dead-letters.sh: build the services first (deploy/local/up.sh does)" >&2
  exit 1
fi
args=(--bootstrap-servers "$(kafka_servers)")
if [ $# -gt 0 ]; then args+=(--consumer "$1"); fi
# The services' logging backend is not set up in a plain java run: no logs from the Kafka client, and none of slf4j's
# notices about it.
java -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -cp "$LIB/*" \
  org.doorstep.common.kafka.DeadLetterReplay "${args[@]}" 2> >(grep -v '^SLF4J(' >&2)
