#!/usr/bin/env bash
# Loads a small demo district into a running stack (once; the ids are kept in .local/demo.env):
# a compound with a SEALED, a CONTROLLED and an OPEN building, a few households, two vetted volunteers on duty.
# Every call carries a token from token.sh, made for the person who would make it: the administrator sets up the
# places, residents register their own households, the grid worker the one without a phone, each volunteer reports
# their own test and duty. At the end it prints the command that makes each demo person's token.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
DEMO="$DOORSTEP_HOME/demo.env"

# How to call token.sh from where the user stands, for the commands printed below.
token_cmd() {
  if [ "$PWD" = "$ROOT" ]; then echo deploy/local/token.sh; else echo "$ROOT/deploy/local/token.sh"; fi
}

show() {
  # shellcheck disable=SC1090
  source "$DEMO"
  say "  demo district      compound $COMPOUND 金桥花园 Jinqiao Garden"
  say "                     grid $GRID (board: GET http://$(stack_host):$DISPATCH_SERVICE_PORT/api/grids/$GRID/board as its grid worker)"
  say "                     buildings: $B_SEALED (Building 3, SEALED)  $B_CONTROLLED (Building 5, CONTROLLED)  $B_OPEN (Building 8, OPEN)"
  say "                     households: $H_CHEN (B3 602, child needs medicine)  $H_LIU (B3 1101, elderly alone, no phone)"
  say "                                 $H_WANG (B5 301)  $H_ZHAO (B8 201)"
  say "                     volunteers on duty: $V_LI (Li Ming)  $V_ZHANG (Zhang Hua)"
  if [ -z "${ACCOUNT_CHEN:-}" ]; then
    say "  demo accounts      none: this district was loaded before calls carried tokens, so its households belong to"
    say "                     no resident. For the demo accounts, stop the stack, delete $DOORSTEP_HOME and run up.sh."
    say "                     Any token: $(token_cmd) ROLE SUBJECT [GRID_ID]"
    return 0
  fi
  local t
  t=$(token_cmd)
  say "  demo accounts      a token for each (valid 12 h): T=\$($t …); curl -H \"Authorization: Bearer \$T\" …"
  printf '                     %-48s %s\n' \
    "$t RESIDENT $ACCOUNT_CHEN" "household $H_CHEN, Chen Jie (B3 602)" \
    "$t RESIDENT $ACCOUNT_WANG" "household $H_WANG, Wang Lei (B5 301)" \
    "$t RESIDENT $ACCOUNT_ZHAO" "household $H_ZHAO, Zhao Min (B8 201)" \
    "$t GRID_WORKER $ACCOUNT_GRID_WORKER $GRID" "grid worker of grid $GRID; acts for household $H_LIU, Liu Guizhen (no phone)" \
    "$t VOLUNTEER $V_LI" "Li Ming" \
    "$t VOLUNTEER $V_ZHANG" "Zhang Hua" \
    "$t ADMIN $ACCOUNT_ADMIN" "administrator"
}

if [ -f "$DEMO" ]; then
  show
  exit 0
fi

# The demo's people; their accounts are remembered in demo.env.
ACCOUNT_ADMIN=root ACCOUNT_GRID_WORKER=w1 ACCOUNT_CHEN=chen ACCOUNT_WANG=wang ACCOUNT_ZHAO=zhao
token() { "$ROOT/deploy/local/token.sh" "$@"; }

# Sends a JSON body with a token and prints the answer. Retries 404 for up to 20 s (a building has not reached the
# service yet) and 403 for up to 8 s (the building's grid has not reached it yet: a grid worker may act only there).
send() {
  local method=$1 port=$2 path=$3 token=$4 body=$5 out code i
  for i in $(seq 1 100); do
    out=$(curl -sS -w '\n%{http_code}' -X "$method" -H 'Content-Type: application/json' \
      -H "Authorization: Bearer $token" -d "$body" "http://$(stack_host):$port$path") || true
    code=${out##*$'\n'}
    out=${out%$'\n'*}
    case "$code" in
      2*) printf '%s\n' "$out"; return 0 ;;
      000) printf 'demo: %s %s: no answer from %s:%s\n' "$method" "$path" "$(stack_host)" "$port" >&2; return 1 ;;
      404) sleep 0.2 ;;
      403) [ "$i" -lt 40 ] || break; sleep 0.2 ;;
      401)
        printf 'demo: %s %s answered 401: %s\n' "$method" "$path" "$out" >&2
        printf 'demo: the service does not take tokens signed with %s/private.pem for issuer %s, audience %s;\n' \
          "$JWT_KEYS" "$DOORSTEP_JWT_ISSUER" "$DOORSTEP_JWT_AUDIENCE" >&2
        printf 'demo: restart the services with deploy/local/down.sh and deploy/local/up.sh\n' >&2
        return 1 ;;
      *) printf 'demo: %s %s answered %s: %s\n' "$method" "$path" "$code" "$out" >&2; return 1 ;;
    esac
  done
  printf 'demo: %s %s kept answering %s: %s\n' "$method" "$path" "$code" "$out" >&2
  return 1
}

# POST; prints the id of what was created.
post() {
  local out id
  out=$(send POST "$@") || return 1
  id=$(sed -n 's/^{"id":\([0-9]*\).*/\1/p' <<<"$out")
  [ -n "$id" ] || { printf 'demo: POST %s answered without an id: %s\n' "$2" "$out" >&2; return 1; }
  echo "$id"
}

step "demo district"
D=$DISPATCH_SERVICE_PORT O=$ORDER_SERVICE_PORT V=$VOLUNTEER_SERVICE_PORT
ADMIN=$(token ADMIN "$ACCOUNT_ADMIN")
COMPOUND=$(post "$D" /api/compounds "$ADMIN" '{"name":"金桥花园 Jinqiao Garden"}')
B_SEALED=$(post "$D" /api/buildings "$ADMIN" "{\"compoundId\":$COMPOUND,\"name\":\"Building 3\",\"status\":\"SEALED\"}")
B_CONTROLLED=$(post "$D" /api/buildings "$ADMIN" "{\"compoundId\":$COMPOUND,\"name\":\"Building 5\",\"status\":\"CONTROLLED\"}")
B_OPEN=$(post "$D" /api/buildings "$ADMIN" "{\"compoundId\":$COMPOUND,\"name\":\"Building 8\",\"status\":\"OPEN\"}")

GRID=$(post "$D" /api/grids "$ADMIN" "{\"name\":\"Grid 7 (网格七)\",\"buildingIds\":[$B_SEALED,$B_CONTROLLED,$B_OPEN]}")
GRID_WORKER=$(token GRID_WORKER "$ACCOUNT_GRID_WORKER" "$GRID")

# Residents register their own households; the grid worker registers the one without a phone (no account).
H_CHEN=$(post "$O" /api/households "$(token RESIDENT "$ACCOUNT_CHEN")" "{\"buildingId\":$B_SEALED,\"room\":\"602\",\"contactName\":\"Chen Jie\",\"phone\":\"13912345678\",\"vulnerabilities\":[\"CHILD_IN_DIFFICULTY\"]}")
H_LIU=$(post "$O" /api/households "$GRID_WORKER" "{\"buildingId\":$B_SEALED,\"room\":\"1101\",\"contactName\":\"Liu Guizhen\",\"vulnerabilities\":[\"ELDERLY_ALONE\",\"CHRONIC_ILLNESS\"]}")
H_WANG=$(post "$O" /api/households "$(token RESIDENT "$ACCOUNT_WANG")" "{\"buildingId\":$B_CONTROLLED,\"room\":\"301\",\"contactName\":\"Wang Lei\",\"phone\":\"13700001111\"}")
H_ZHAO=$(post "$O" /api/households "$(token RESIDENT "$ACCOUNT_ZHAO")" "{\"buildingId\":$B_OPEN,\"room\":\"201\",\"contactName\":\"Zhao Min\",\"phone\":\"13600002222\"}")

# The administrator registers the volunteers (vetted at once); each reports their own test and goes on duty.
TAKEN_AT=$(date -u -d '-6 hours' +%Y-%m-%dT%H:%M:%SZ)
for who in "Li Ming:13811112222:6" "Zhang Hua:13833334444:4"; do
  IFS=: read -r name phone capacity <<<"$who"
  id=$(post "$V" /api/volunteers "$ADMIN" "{\"name\":\"$name\",\"phone\":\"$phone\",\"compoundId\":$COMPOUND,\"buildingIds\":[$B_SEALED,$B_CONTROLLED],\"capacity\":$capacity}")
  volunteer=$(token VOLUNTEER "$id")
  send POST "$V" "/api/volunteers/$id/tests" "$volunteer" "{\"result\":\"NEGATIVE\",\"takenAt\":\"$TAKEN_AT\"}" >/dev/null
  send PUT "$V" "/api/volunteers/$id/duty" "$volunteer" '{"onDuty":true}' >/dev/null
  if [ "$name" = "Li Ming" ]; then V_LI=$id; else V_ZHANG=$id; fi
done

cat >"$DEMO" <<ENV
COMPOUND=$COMPOUND
GRID=$GRID
B_SEALED=$B_SEALED
B_CONTROLLED=$B_CONTROLLED
B_OPEN=$B_OPEN
H_CHEN=$H_CHEN
H_LIU=$H_LIU
H_WANG=$H_WANG
H_ZHAO=$H_ZHAO
V_LI=$V_LI
V_ZHANG=$V_ZHANG
# The demo's accounts (token subjects); a volunteer's account is their id, Liu Guizhen has none.
ACCOUNT_ADMIN=$ACCOUNT_ADMIN
ACCOUNT_GRID_WORKER=$ACCOUNT_GRID_WORKER
ACCOUNT_CHEN=$ACCOUNT_CHEN
ACCOUNT_WANG=$ACCOUNT_WANG
ACCOUNT_ZHAO=$ACCOUNT_ZHAO
ENV
say "loaded"
show
