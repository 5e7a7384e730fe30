#!/usr/bin/env bash
# catalog-service GET /api/products/1 with tracing on (as shipped) and off (QUARKUS_OTEL_SDK_DISABLED=true),
# alternated, each on a fresh H2 directory: server on CPU 0, wrk on CPU 1; req/s and server CPU µs per request, and
# how much of that CPU the JIT compiler threads spent (a large share means the window measured the warm-up, not the
# read: on one shared core the read path needs minutes of load before C2 is done with it).
# Needs a packaged catalog-service (mvn -pl catalog-service -am package -DskipTests); ports 18481/19481.
# Environment: WARMUP (default 120 s of wrk before the window), MEASURE (20 s), ROUNDS (2), VARIANTS ("on off"),
# JAR (default this tree's catalog-service; e.g. an older commit's, built from `git archive`), HEALTH_PORT (19481;
# 18481 for a build from before the management port).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$REPO/bench/.work" ISOLATED=no   # what bench/lib/common.sh reads as it is sourced
JAR="${JAR:-$REPO/catalog-service/target/quarkus-app/quarkus-run.jar}"
WARMUP="${WARMUP:-120}" MEASURE="${MEASURE:-20}" ROUNDS="${ROUNDS:-2}" VARIANTS="${VARIANTS:-on off}"
HEALTH_PORT="${HEALTH_PORT:-19481}"
export JAVA_HOME="${JAVA_HOME:-$("$REPO/tools/java.sh" home)}"
# bench/run.sh's process CPU readings: cpu_ms (the server) and jit_cpu_ms (its JIT compiler threads)
source "$REPO/bench/lib/common.sh"
for round in $(seq 1 "$ROUNDS"); do
  for variant in $VARIANTS; do
    dir="${TMPDIR:-/tmp}"/tracing-read-$round-$variant; rm -rf "$dir"; mkdir -p "$dir"
    extra=(); [[ $variant == off ]] && extra=(QUARKUS_OTEL_SDK_DISABLED=true)
    (cd "$dir" && exec env "${extra[@]}" QUARKUS_HTTP_PORT=18481 QUARKUS_MANAGEMENT_PORT=19481 taskset -c 0 \
      "$JAVA_HOME/bin/java" -Xmx256m -jar "$JAR") > "$dir/log" 2>&1 &
    pid=$!
    until curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$HEALTH_PORT/q/health/ready" 2>/dev/null; do
      kill -0 $pid 2>/dev/null || { tail "$dir/log"; exit 1; }
      sleep 0.2
    done
    taskset -c 1 wrk -t2 -c32 -d"${WARMUP}s" -H 'Origin: http://localhost:8000' http://127.0.0.1:18481/api/products/1 > "$dir/warm.txt"
    c0=$(cpu_ms $pid) j0=$(jit_cpu_ms $pid)
    taskset -c 1 wrk -t2 -c32 -d"${MEASURE}s" --latency -H 'Origin: http://localhost:8000' http://127.0.0.1:18481/api/products/1 > "$dir/wrk.txt"
    c1=$(cpu_ms $pid) j1=$(jit_cpu_ms $pid)
    reqs=$(awk '/requests in/ { print $1 }' "$dir/wrk.txt")
    rps=$(awk '/Requests\/sec/ { print $2 }' "$dir/wrk.txt")
    p99=$(awk '$1 == "99%" { print $2 }' "$dir/wrk.txt")
    non2xx=$(awk '/Non-2xx/ { print $4 }' "$dir/wrk.txt")
    per_request() { awk -v ms="$1" -v n="$reqs" 'BEGIN { printf "%.1f", ms * 1000 / n }'; }
    echo "round $round tracing $variant (warm-up ${WARMUP} s): $rps req/s, p99 $p99, server CPU $(per_request $((c1 - c0))) µs/request of which JIT compiler $(per_request $((j1 - j0))) µs, non-2xx ${non2xx:-0}, load $(cut -d' ' -f1-3 /proc/loadavg)"
    kill $pid; wait $pid 2>/dev/null || true
  done
done
