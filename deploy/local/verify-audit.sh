#!/usr/bin/env bash
# Recomputes each service's audit hash chain (GET /api/audit/verification, as an admin) and says whether it is whole.
#   verify-audit.sh [SERVICE]     e.g. verify-audit.sh order-service; all three without one
# Exits 1 when a chain is broken (the answer names the first broken batch), 2 when a service does not answer.
# In Kubernetes: call the same endpoint with an admin token of the district's identity provider.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

if [ $# -gt 1 ]; then
  echo "usage: verify-audit.sh [order-service|dispatch-service|volunteer-service]" >&2
  exit 2
fi
services=("${SERVICES[@]}")
if [ $# -eq 1 ]; then
  if [ -z "$(service_port "$1")" ]; then
    echo "verify-audit.sh: no service named $1 (one of ${SERVICES[*]})" >&2
    exit 2
  fi
  services=("$1")
fi

token=$("$(dirname "${BASH_SOURCE[0]}")/token.sh" ADMIN verify-audit)
status=0
for service in "${services[@]}"; do
  url="http://$(stack_host):$(service_port "$service")/api/audit/verification"
  if ! answer=$(curl -sf --max-time 600 -H "Authorization: Bearer $token" "$url"); then
    echo "$service: no answer from $url" >&2
    status=2
    continue
  fi
  echo "$service: $answer"
  case "$answer" in
    *'"ok":true'*) ;;
    *) [ "$status" = 2 ] || status=1 ;;
  esac
done
exit "$status"
