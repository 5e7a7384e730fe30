#!/usr/bin/env bash
# catalog-service GET /api/products/1 with tracing on (as shipped) and off (QUARKUS_OTEL_SDK_DISABLED=true),
# alternated, each on a fresh H2 directory: server on CPU 0, wrk on CPU 1; req/s and server CPU µs per request.
# Needs a packaged catalog-service (mvn -pl catalog-service -am package -DskipTests); ports 18481/19481.
set -euo pipefail
JAR="$(cd "$(dirname "$0")/../.." && pwd)/catalog-service/target/quarkus-app/quarkus-run.jar"
export JAVA_HOME="${JAVA_HOME:-$("$(dirname "$0")/../../tools/java.sh" home)}"
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$1/stat"; }
for round in 1 2; do
  for variant in on off; do
    dir="${TMPDIR:-/tmp}"/tracing-read-$round-$variant; rm -rf "$dir"; mkdir -p "$dir"
    extra=(); [[ $variant == off ]] && extra=(QUARKUS_OTEL_SDK_DISABLED=true)
    (cd "$dir" && exec env "${extra[@]}" QUARKUS_HTTP_PORT=18481 QUARKUS_MANAGEMENT_PORT=19481 taskset -c 0 \
      "$JAVA_HOME/bin/java" -Xmx256m -jar "$JAR") > "$dir/log" 2>&1 &
    pid=$!
    until curl -fsS -o /dev/null --max-time 1 http://127.0.0.1:19481/q/health/ready 2>/dev/null; do sleep 0.2; done
    taskset -c 1 wrk -t2 -c32 -d20s -H 'Origin: http://localhost:8000' http://127.0.0.1:18481/api/products/1 > "$dir/warm.txt"
    c0=$(cpu_ms $pid)
    taskset -c 1 wrk -t2 -c32 -d20s --latency -H 'Origin: http://localhost:8000' http://127.0.0.1:18481/api/products/1 > "$dir/wrk.txt"
    c1=$(cpu_ms $pid)
    reqs=$(awk '/requests in/ { print $1 }' "$dir/wrk.txt")
    rps=$(awk '/Requests\/sec/ { print $2 }' "$dir/wrk.txt")
    p99=$(awk '$1 == "99%" { print $2 }' "$dir/wrk.txt")
    non2xx=$(awk '/Non-2xx/ { print $4 }' "$dir/wrk.txt")
    echo "round $round tracing $variant: $rps req/s, p99 $p99, server CPU $(awk -v c=$((c1 - c0)) -v n=$reqs 'BEGIN { printf "%.1f", c * 1000 / n }') µs/request, non-2xx ${non2xx:-0}, load $(cut -d' ' -f1-3 /proc/loadavg)"
    kill $pid; wait $pid 2>/dev/null || true
  done
done
