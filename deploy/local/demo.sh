#!/usr/bin/env bash
# Loads a small demo district into a running stack (once; the ids are kept in .local/demo.env):
# a compound with a SEALED, a CONTROLLED and an OPEN building, a few households, two vetted volunteers on duty.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
DEMO="$DOORSTEP_HOME/demo.env"

show() {
  # shellcheck disable=SC1090
  source "$DEMO"
  say "  demo district      compound $COMPOUND 金桥花园 Jinqiao Garden"
  say "                     grid $GRID (board: http://127.0.0.1:$DISPATCH_SERVICE_PORT/api/grids/$GRID/board)"
  say "                     buildings: $B_SEALED (Building 3, SEALED)  $B_CONTROLLED (Building 5, CONTROLLED)  $B_OPEN (Building 8, OPEN)"
  say "                     households: $H_CHEN (B3 602, child needs medicine)  $H_LIU (B3 1101, elderly alone, no phone)"
  say "                                 $H_WANG (B5 301)  $H_ZHAO (B8 201)"
  say "                     volunteers on duty: $V_LI (Li Ming)  $V_ZHANG (Zhang Hua)"
}

if [ -f "$DEMO" ]; then
  show
  exit 0
fi

# POST a JSON body; prints the id of what was created. Retries while a building has not reached the service yet.
post() {
  local port=$1 path=$2 body=$3 out code i
  for i in $(seq 1 100); do
    out=$(curl -sS -w '\n%{http_code}' -X POST -H 'Content-Type: application/json' -d "$body" \
      "http://127.0.0.1:$port$path")
    code=${out##*$'\n'}
    out=${out%$'\n'*}
    case "$code" in
      2*) sed -n 's/^{"id":\([0-9]*\).*/\1/p' <<<"$out"; return 0 ;;
      404) sleep 0.2 ;;
      *) printf 'demo: POST %s answered %s: %s\n' "$path" "$code" "$out" >&2; return 1 ;;
    esac
  done
  printf 'demo: POST %s kept answering 404: %s\n' "$path" "$out" >&2
  return 1
}

put() {
  curl -fsS -o /dev/null -X PUT -H 'Content-Type: application/json' -d "$3" "http://127.0.0.1:$1$2"
}

step "demo district"
D=$DISPATCH_SERVICE_PORT O=$ORDER_SERVICE_PORT V=$VOLUNTEER_SERVICE_PORT
COMPOUND=$(post "$D" /api/compounds '{"name":"金桥花园 Jinqiao Garden"}')
B_SEALED=$(post "$D" /api/buildings "{\"compoundId\":$COMPOUND,\"name\":\"Building 3\",\"status\":\"SEALED\"}")
B_CONTROLLED=$(post "$D" /api/buildings "{\"compoundId\":$COMPOUND,\"name\":\"Building 5\",\"status\":\"CONTROLLED\"}")
B_OPEN=$(post "$D" /api/buildings "{\"compoundId\":$COMPOUND,\"name\":\"Building 8\",\"status\":\"OPEN\"}")

GRID=$(post "$D" /api/grids "{\"name\":\"Grid 7 (网格七)\",\"buildingIds\":[$B_SEALED,$B_CONTROLLED,$B_OPEN]}")

H_CHEN=$(post "$O" /api/households "{\"buildingId\":$B_SEALED,\"room\":\"602\",\"contactName\":\"Chen Jie\",\"phone\":\"13912345678\",\"vulnerabilities\":[\"CHILD_IN_DIFFICULTY\"]}")
H_LIU=$(post "$O" /api/households "{\"buildingId\":$B_SEALED,\"room\":\"1101\",\"contactName\":\"Liu Guizhen\",\"vulnerabilities\":[\"ELDERLY_ALONE\",\"CHRONIC_ILLNESS\"]}")
H_WANG=$(post "$O" /api/households "{\"buildingId\":$B_CONTROLLED,\"room\":\"301\",\"contactName\":\"Wang Lei\",\"phone\":\"13700001111\"}")
H_ZHAO=$(post "$O" /api/households "{\"buildingId\":$B_OPEN,\"room\":\"201\",\"contactName\":\"Zhao Min\",\"phone\":\"13600002222\"}")

TAKEN_AT=$(date -u -d '-6 hours' +%Y-%m-%dT%H:%M:%SZ)
for who in "Li Ming:13811112222:6" "Zhang Hua:13833334444:4"; do
  IFS=: read -r name phone capacity <<<"$who"
  id=$(post "$V" /api/volunteers "{\"name\":\"$name\",\"phone\":\"$phone\",\"compoundId\":$COMPOUND,\"buildingIds\":[$B_SEALED,$B_CONTROLLED],\"capacity\":$capacity}")
  post "$V" "/api/volunteers/$id/tests" "{\"result\":\"NEGATIVE\",\"takenAt\":\"$TAKEN_AT\"}" >/dev/null
  put "$V" "/api/volunteers/$id/duty" '{"onDuty":true}'
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
ENV
say "loaded"
show
