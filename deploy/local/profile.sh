#!/usr/bin/env bash
# Profiles the services of the stack that up.sh started, for where their CPU goes: attaches async-profiler (a jar
# from Maven Central, brought by the bench module) to each service with jcmd, samples for a while (run bench.sh or
# simulate.sh meanwhile), then prints each service's CPU by kind of thread and, inside the HTTP workers and the event
# consumers, by library. The collapsed stacks (flame-graph input) stay in $DOORSTEP_HOME/profile/.
#   profile.sh [--seconds 60] [--event itimer|cpu|wall]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

SECONDS_TO_SAMPLE=60 EVENT=itimer
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_TO_SAMPLE=$2; shift ;;
    --event) EVENT=$2; shift ;;
    -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) printf 'profile.sh: unknown option %s\n' "$1" >&2; exit 2 ;;
  esac
  shift
done

CLASSPATH_BENCH=$(bench_classpath profile.sh) || exit 1
case "$(uname -m)" in
  x86_64) platform=linux-x64 ;;
  aarch64) platform=linux-arm64 ;;
  *) printf 'profile.sh: no async-profiler library for %s\n' "$(uname -m)" >&2; exit 1 ;;
esac
tools="$DOORSTEP_HOME/tools/async-profiler"
lib="$tools/$platform/libasyncProfiler.so"
if [ ! -f "$lib" ]; then
  jar=$(ls "$ROOT"/bench/target/lib/async-profiler-*.jar 2>/dev/null | head -n 1)
  [ -n "$jar" ] || { printf 'profile.sh: async-profiler jar missing; run ./mvnw -pl bench package\n' >&2; exit 1; }
  mkdir -p "$tools"
  (cd "$tools" && jar xf "$jar" "$platform/libasyncProfiler.so")
fi

out="$DOORSTEP_HOME/profile/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
for s in "${SERVICES[@]}"; do
  pid_alive "$PIDS/$s.pid" "$s" || { printf 'profile.sh: %s is not running; start the stack with up.sh\n' "$s" >&2; exit 1; }
  # The option string is quoted for jcmd, which would otherwise read "event=..." as its own argument.
  jcmd "$(cat "$PIDS/$s.pid")" JVMTI.agent_load "$lib" "\"start,event=$EVENT,interval=2ms,threads\"" >/dev/null
done
printf 'profile.sh: sampling %s for %s s (run bench.sh or simulate.sh now) ...\n' "${SERVICES[*]}" "$SECONDS_TO_SAMPLE" >&2
sleep "$SECONDS_TO_SAMPLE"
for s in "${SERVICES[@]}"; do
  jcmd "$(cat "$PIDS/$s.pid")" JVMTI.agent_load "$lib" "\"stop,file=$out/$s.collapsed,collapsed\"" >/dev/null
done
java -cp "$CLASSPATH_BENCH" org.doorstep.bench.ProfileSummary "$out"/*.collapsed
printf '%s\n' "$out"
