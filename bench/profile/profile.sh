#!/usr/bin/env bash
# Profiles one catalog-service endpoint under wrk load with JDK Flight Recorder, pinned like bench/run.sh.
#   bench/profile/profile.sh [URL path, default /api/products/1] [GET|OPTIONS]
# Warms up WARMUP s (default 120: on one shared core the read path needs minutes of load before the JIT is done with it,
# and a shorter warm-up profiles the compiler and the interpreter), records 20 s of CPU samples every 2 ms, prints the
# hottest frames (bench/profile/jfr_top.py).
# Extra JVM or Quarkus options for an experiment: JAVA_OPTS="-Dquarkus.x=y" bench/profile/profile.sh
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PATH_="${1:-/api/products/1}" METHOD="${2:-GET}" PORT="${PORT:-18390}"
JAR="${JAR:-$BENCH/../catalog-service/target/quarkus-app/quarkus-run.jar}"
OUT="$BENCH/.work/profile-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
(cd "$OUT" && exec env QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=$((PORT + 1000)) QUARKUS_HTTP_HOST=127.0.0.1 taskset -c "${SERVER_CPU:-0}" java ${JAVA_OPTS:-} \
  -XX:FlightRecorderOptions=stackdepth=256 \
  -XX:StartFlightRecording=filename=$OUT/cpu.jfr,settings=profile,jdk.ExecutionSample#period=2ms \
  -jar "$JAR") > "$OUT/service.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until curl -fs -o /dev/null "http://127.0.0.1:$((PORT + 1000))/q/health/ready"; do kill -0 $PID || { tail "$OUT/service.log"; exit 1; }; sleep 0.1; done
HEADERS=(-H "Origin: http://localhost:8000")
[[ "$METHOD" == OPTIONS ]] && HEADERS+=(-H "Access-Control-Request-Method: POST" -H "Access-Control-Request-Headers: content-type")
run_wrk() { taskset -c "${LOAD_CPU:-1}" env WRK_METHOD="$METHOD" wrk -t2 -c64 -d"$1" -s "$BENCH/wrk/request.lua" "${HEADERS[@]}" "http://127.0.0.1:$PORT$PATH_" | sed -n 's/^WRK_JSON //p'; }
echo "warm-up: $(run_wrk "${WARMUP:-120}s")"
jcmd $PID JFR.stop name=1 >/dev/null 2>&1 || true
jcmd $PID JFR.start name=measure settings=profile "jdk.ExecutionSample#period=2ms" >/dev/null
echo "measured: $(run_wrk 20s)"
jcmd $PID JFR.dump name=measure filename="$OUT/measure.jfr" >/dev/null
python3 "$BENCH/profile/jfr_top.py" "$OUT/measure.jfr" --top 40 | tee "$OUT/top.txt"
echo "recording: $OUT/measure.jfr"
