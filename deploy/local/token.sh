#!/usr/bin/env bash
# Prints a signed JWT for the local stack, as the identity provider would issue it: RS256 with the key pair up.sh made
# under $DOORSTEP_HOME/secrets/jwt, the issuer and audience the services expect, and the claims of docs/security.md.
#   token.sh ROLE SUBJECT [GRID_ID[,GRID_ID...]]
#   curl -H "Authorization: Bearer $(deploy/local/token.sh ADMIN root)" localhost:8082/api/grids/1
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

TOKEN_TTL="${TOKEN_TTL:-43200}"   # seconds the token is valid: 12 h

usage() {
  [ -z "${1:-}" ] || printf 'token.sh: %s\n' "$1" >&2
  cat >&2 <<USAGE
usage: token.sh ROLE SUBJECT [GRID_ID[,GRID_ID...]]
  ROLE      RESIDENT, VOLUNTEER, GRID_WORKER or ADMIN
  SUBJECT   RESIDENT: the resident's account (alice); VOLUNTEER: the volunteer's id from volunteer-service (42);
            GRID_WORKER: the grid worker (w1); ADMIN: the administrator (root)
  GRID_ID   GRID_WORKER only, and required: the ids of the grids they serve (7, or 7,9)
Prints a JWT signed RS256 with $JWT_KEYS/private.pem, issuer $DOORSTEP_JWT_ISSUER, audience $DOORSTEP_JWT_AUDIENCE,
valid for TOKEN_TTL seconds (default 43200: 12 h; a negative value such as -120 makes an expired token). The services
refuse a token older than DOORSTEP_JWT_MAX_AGE_SECONDS ($DOORSTEP_JWT_MAX_AGE_SECONDS) whatever its TOKEN_TTL.
examples:
  token.sh RESIDENT alice      token.sh VOLUNTEER 42      token.sh GRID_WORKER w1 7      token.sh ADMIN root
  T=\$(deploy/local/token.sh RESIDENT chen); curl -H "Authorization: Bearer \$T" localhost:8081/api/households
USAGE
  exit 2
}

if [ $# -lt 2 ] || [ $# -gt 3 ]; then usage; fi
ROLE=$1 SUBJECT=$2 GRIDS=${3:-}
ID='[1-9][0-9]{0,17}'   # a positive id that fits a Java long

case "$ROLE" in
  RESIDENT | VOLUNTEER | GRID_WORKER | ADMIN) ;;
  *) usage "ROLE must be RESIDENT, VOLUNTEER, GRID_WORKER or ADMIN, not '$ROLE'" ;;
esac
[[ "$SUBJECT" =~ ^[A-Za-z0-9._@+-]{1,100}$ ]] \
  || usage "SUBJECT must be 1 to 100 letters, digits or . _ @ + -, not '$SUBJECT'"
if [ "$ROLE" = VOLUNTEER ] && ! [[ "$SUBJECT" =~ ^$ID$ ]]; then
  usage "a VOLUNTEER's SUBJECT is their volunteer id (a number such as 42), not '$SUBJECT'"
fi
if [ "$ROLE" = GRID_WORKER ]; then
  [ -n "$GRIDS" ] || usage "a GRID_WORKER needs the ids of their grids, e.g. token.sh GRID_WORKER $SUBJECT 7"
  [[ "$GRIDS" =~ ^$ID(,$ID)*$ ]] || usage "GRID_ID must be grid ids separated by commas (7 or 7,9), not '$GRIDS'"
elif [ -n "$GRIDS" ]; then
  usage "only a GRID_WORKER has grids; drop '$GRIDS'"
fi
[[ "$TOKEN_TTL" =~ ^-?(0|[1-9][0-9]{0,8})$ ]] || usage "TOKEN_TTL must be a number of seconds, not '$TOKEN_TTL'"

KEY="$JWT_KEYS/private.pem"
die() { printf 'token.sh: %s\n' "$1" >&2; exit 1; }
command -v openssl >/dev/null 2>&1 || die "openssl is missing (Debian: apt-get install openssl)"
[ -r "$KEY" ] || die "no signing key at $KEY; run deploy/local/up.sh once, it makes the key pair"

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '=\n'; }
json_string() { # a JSON string literal
  local s=${1//\\/\\\\}
  printf '"%s"' "${s//\"/\\\"}"
}

NOW=$(date +%s)
PAYLOAD="{\"iss\":$(json_string "$DOORSTEP_JWT_ISSUER"),\"aud\":$(json_string "$DOORSTEP_JWT_AUDIENCE")"
PAYLOAD+=",\"sub\":$(json_string "$SUBJECT"),\"groups\":[\"$ROLE\"]"
[ -z "$GRIDS" ] || PAYLOAD+=",\"grids\":[$GRIDS]"
PAYLOAD+=",\"iat\":$NOW,\"exp\":$((NOW + TOKEN_TTL)),\"jti\":\"$(openssl rand -hex 16)\"}"

SIGNING_INPUT="$(printf '%s' '{"alg":"RS256","typ":"JWT"}' | b64url).$(printf '%s' "$PAYLOAD" | b64url)"
SIGNATURE=$(printf '%s' "$SIGNING_INPUT" | openssl dgst -sha256 -sign "$KEY" -binary | b64url) \
  || die "signing with $KEY failed"
[ -n "$SIGNATURE" ] || die "signing with $KEY failed"
printf '%s.%s\n' "$SIGNING_INPUT" "$SIGNATURE"
