#!/usr/bin/env bash
# Brigade vs its Node peers, on this machine, on loopback. See bench/README.md for what each number means.
#
#   bench/run.sh            full run: wrk 2 threads / 64 connections, 10 s warm-up + 30 s measured per subject
#   bench/run.sh --quick    3 s warm-up + 10 s measured, smaller IPC counts
#   bench/run.sh --smoke    a few seconds per step: checks that the script, the services and the peers still work
# Options: --no-build (use the jars already built), --isolated-build (build a copy of the tree under
# bench/.work/tree, so a shared work tree's target/ directories are left alone; with --no-build: use that copy's jars),
# --only=http,checkout,cold,ipc (a subset of the phases; catalog-service starts whenever http or checkout runs; cold starts it fresh, without and with its AOT cache).
# Environment: SERVER_CPU (default 0) runs every subject, LOAD_CPU (default 1) runs wrk and the load generator,
# IPC_LAYOUTS (default "0 0,1": one core, then both) the IPC benchmarks, CHECKOUT_CPUS (default SERVER_CPU) the three services
# during the checkout, CHECKOUT_RATE (default 200) its orders/s; WARMUP_SECONDS / MEASURE_SECONDS override the wrk warm-up and measured durations; PORT_BASE (default 18380) -> ports PORT_BASE..PORT_BASE+3.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH/.." && pwd)"
source "$REPO/tools/java.sh"
brigade_use_jdk25 || exit 1
WORK="$BENCH/.work"
MODE=full BUILD=yes ISOLATED=no PHASES=http,checkout,cold,ipc
for arg in "$@"; do
  case "$arg" in
    --smoke) MODE=smoke ;;
    --quick) MODE=quick ;;
    --full) MODE=full ;;
    --no-build) BUILD=no ;;
    --isolated-build) ISOLATED=yes ;;
    --only=*) PHASES="${arg#--only=}" ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown option: $arg (see --help)" >&2; exit 2 ;;
  esac
done

case "$MODE" in
  full)  COLD_SECONDS=10 WARM=10 DUR=30 RATE=200 CHECKOUT_WARM=90 CHECKOUT_DUR=30 IPC_ARGS="--rounds=20000 --warmup=5000 --messages=200000 --cold-starts=10" ;;
  quick) COLD_SECONDS=10 WARM=3  DUR=10 RATE=200 CHECKOUT_WARM=20 CHECKOUT_DUR=10 IPC_ARGS="--rounds=10000 --warmup=2000 --messages=50000 --cold-starts=5" ;;
  smoke) COLD_SECONDS=2 WARM=1  DUR=2  RATE=50  CHECKOUT_WARM=1  CHECKOUT_DUR=2  IPC_ARGS="--rounds=500 --warmup=200 --messages=5000 --cold-starts=2" ;;
esac
WARM="${WARMUP_SECONDS:-$WARM}" DUR="${MEASURE_SECONDS:-$DUR}" RATE="${CHECKOUT_RATE:-$RATE}"
THREADS=2 CONNECTIONS=64
SERVER_CPU="${SERVER_CPU:-0}" LOAD_CPU="${LOAD_CPU:-1}" IPC_LAYOUTS="${IPC_LAYOUTS:-0 0,1}"
CHECKOUT_CPUS="${CHECKOUT_CPUS:-$SERVER_CPU}"
PORT_BASE="${PORT_BASE:-18380}"
EXPRESS_PORT=$PORT_BASE CATALOG_PORT=$((PORT_BASE + 1)) ORDER_PORT=$((PORT_BASE + 2)) WORKER_PORT=$((PORT_BASE + 3))
ORIGIN=http://localhost:8000

RUN="$WORK/run-$(date -u +%Y%m%dT%H%M%SZ)-$MODE"
mkdir -p "$RUN"
RESULTS="$RUN/results.txt"
: > "$RESULTS"
log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
put() { printf '%s=%s\n' "$1" "$2" >> "$RESULTS"; }
get() { awk -F= -v k="$1" '$1 == k { v = substr($0, length(k) + 2) } END { print v }' "$RESULTS"; }
# The first occurrence of a field (GET /api/workers has jobsDone for the pool, then for each child).
json_field() { grep -o "\"$2\":[^,}]*" <<< "$1" | head -1 | cut -d: -f2- | tr -d '"'; }

# ---------------------------------------------------------------- processes we start, and only those
declare -A PIDS=()
stop_one() {
  local name="$1" pid="${PIDS[$1]:-}"
  [[ -n "$pid" ]] || return 0
  unset "PIDS[$name]"
  kill -0 "$pid" 2>/dev/null || return 0
  local children
  children="$(pgrep -P "$pid" || true)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { log "$name (pid $pid) ignored SIGTERM for 15 s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }
  for child in $children; do kill -0 "$child" 2>/dev/null && { log "$name's child $child outlived it: SIGKILL"; kill -KILL "$child" 2>/dev/null || true; }; done
  return 0
}
stop_all() { for name in "${!PIDS[@]}"; do stop_one "$name"; done; }
trap stop_all EXIT
trap 'exit 130' INT TERM

# start NAME DIR CMD... : runs CMD in DIR on SERVER_CPU, output to $RUN/NAME.log, pid in PIDS[NAME]
start() {
  local name="$1" dir="$2"; shift 2
  mkdir -p "$dir"
  (cd "$dir" && exec taskset -c "${START_CPUS:-$SERVER_CPU}" "$@") > "$RUN/$name.log" 2>&1 &
  PIDS[$name]=$!
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# wait_ready NAME URL: waits for a 200 at URL, records startup ms (launch to first 200) and RSS
wait_ready() {
  local name="$1" url="$2" t0="$3" deadline=$(( $(now_ms) + 90000 ))
  until curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; do
    if ! kill -0 "${PIDS[$name]}" 2>/dev/null; then log "$name died while starting; its log:"; tail -30 "$RUN/$name.log" >&2; return 1; fi
    (( $(now_ms) < deadline )) || { log "$name not ready after 90 s"; tail -30 "$RUN/$name.log" >&2; return 1; }
    sleep 0.01
  done
  put "$name.startup_ms" $(( $(now_ms) - t0 ))
  put "$name.rss_start_kb" "$(rss_kb "${PIDS[$name]}")"
  log "$name ready in $(get "$name.startup_ms") ms, RSS $(( $(get "$name.rss_start_kb") / 1024 )) MiB"
}
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
# CPU time (user + system) of a process, and of its live children, in ms
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$1/stat" 2>/dev/null || echo 0; }
children_cpu_ms() { local sum=0; for c in $(pgrep -P "$1" || true); do sum=$(( sum + $(cpu_ms "$c") )); done; echo "$sum"; }
children_rss_kb() { local sum=0; for c in $(pgrep -P "$1" || true); do sum=$(( sum + $(rss_kb "$c") )); done; echo "$sum"; }

# ---------------------------------------------------------------- tools
install_tools() {
  if ! command -v wrk >/dev/null; then
    log "installing wrk from the distribution's packages"
    if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi
  fi
  command -v node >/dev/null || { echo "node (20+) is needed for the peers" >&2; exit 1; }
  command -v taskset >/dev/null || { echo "taskset (util-linux) is needed to pin the subjects" >&2; exit 1; }
  if [[ ! -d "$BENCH/peers/node_modules" || "$BENCH/peers/package-lock.json" -nt "$BENCH/peers/node_modules/.package-lock.json" ]]; then
    log "npm ci in bench/peers"
    (cd "$BENCH/peers" && npm ci --no-fund --no-audit --loglevel=error >/dev/null)
  fi
}

# ---------------------------------------------------------------- build
SRC="$REPO"
[[ "$ISOLATED" == yes ]] && SRC="$WORK/tree"
build() {
  local modules=()
  for m in catalog-service order-service worker-service; do [[ -f "$REPO/$m/pom.xml" ]] && modules+=("$m"); done
  [[ "$BUILD" == no ]] && return 0
  if [[ "$ISOLATED" == yes ]]; then
    log "copying the tree to $SRC (sources only)"
    mkdir -p "$SRC"
    rsync -a --delete --exclude target/ --exclude data/ --exclude node_modules/ --exclude .git/ --exclude 'bench/' \
      "$REPO/" "$SRC/"
  fi
  local list; list="$(IFS=,; echo "${modules[*]}")"
  log "mvn -q -pl $list -am package -DskipTests (in $SRC)"
  if ! (cd "$SRC" && mvn -q -pl "$list" -am package -DskipTests > "$RUN/build.log" 2>&1); then
    log "the joint build failed; building each service on its own (see $RUN/build.log)"
    for m in "${modules[@]}"; do
      (cd "$SRC" && mvn -q -pl "$m" -am package -DskipTests > "$RUN/build-$m.log" 2>&1) \
        || log "$m does not build; it is left out (see $RUN/build-$m.log)"
    done
  fi
}
jar_of() { local j="$SRC/$1/target/quarkus-app/quarkus-run.jar"; [[ -f "$j" ]] && echo "$j"; }

# ---------------------------------------------------------------- measurements
PREFLIGHT_HEADERS=(-H "Origin: $ORIGIN" -H "Access-Control-Request-Method: POST" -H "Access-Control-Request-Headers: content-type,idempotency-key")
# wrk_run KEY METHOD URL HEADERS... : warm-up run (discarded), then the measured run on LOAD_CPU
wrk_run() {
  local key="$1" method="$2" url="$3"; shift 3
  taskset -c "$LOAD_CPU" env WRK_METHOD="$method" WRK_LABEL="$key" wrk -t$THREADS -c$CONNECTIONS -d"${WARM}s" \
    -s "$BENCH/wrk/request.lua" "$@" "$url" > "$RUN/$key.warmup.txt" 2>&1
  taskset -c "$LOAD_CPU" env WRK_METHOD="$method" WRK_LABEL="$key" wrk -t$THREADS -c$CONNECTIONS -d"${DUR}s" --latency \
    -s "$BENCH/wrk/request.lua" "$@" "$url" > "$RUN/$key.txt" 2>&1
  local line; line="$(sed -n 's/^WRK_JSON //p' "$RUN/$key.txt")"
  [[ -n "$line" ]] || { log "wrk printed no summary for $key:"; cat "$RUN/$key.txt" >&2; return 1; }
  put "$key.rps" "$(json_field "$line" rps)"
  put "$key.p99_ms" "$(json_field "$line" p99Ms)"
  put "$key.non2xx" "$(json_field "$line" non2xx)"
  log "$key: $(json_field "$line" rps) req/s, p99 $(json_field "$line" p99Ms) ms, non-2xx $(json_field "$line" non2xx)"
  [[ "$(json_field "$line" non2xx)" == 0 ]] || log "WARNING: $key had non-2xx answers"
}

# wrk_cold KEY METHOD URL HEADERS... : the first COLD_SECONDS right after ready, no warm-up, on LOAD_CPU
wrk_cold() {
  local key="$1" method="$2" url="$3"; shift 3
  taskset -c "$LOAD_CPU" env WRK_METHOD="$method" WRK_LABEL="$key" wrk -t$THREADS -c$CONNECTIONS -d"${COLD_SECONDS}s" \
    --latency -s "$BENCH/wrk/request.lua" "$@" "$url" > "$RUN/$key.txt" 2>&1
  local line; line="$(sed -n 's/^WRK_JSON //p' "$RUN/$key.txt")"
  [[ -n "$line" ]] || { log "wrk printed no summary for $key:"; cat "$RUN/$key.txt" >&2; return 1; }
  put "$key.rps" "$(json_field "$line" rps)"
  log "$key: $(json_field "$line" rps) req/s in the first ${COLD_SECONDS} s"
}

check_same_policy() {
  # Both servers must answer the preflight with the same policy, or the comparison means nothing.
  local url="$1" name="$2" out
  out="$(curl -s -i -X OPTIONS "${PREFLIGHT_HEADERS[@]}" "$url" | tr -d '\r' | tr 'A-Z' 'a-z')"
  for want in "access-control-allow-origin: $ORIGIN" "access-control-allow-methods: get,post,put,delete,options" \
      "access-control-allow-headers: authorization,content-type,idempotency-key,if-match,traceparent,tracestate" \
      "access-control-max-age: 600" "vary: origin"; do
    grep -q "^$want" <<< "$out" || { log "$name's preflight lacks '$want':"; echo "$out" >&2; return 1; }
  done
}

start_catalog() {
  local catalog_jar; catalog_jar="$(jar_of catalog-service)" || { log "catalog-service did not build"; return 1; }
  rm -rf "$RUN/catalog"
  local t0; t0=$(now_ms)
  start catalog "$RUN/catalog" env QUARKUS_HTTP_PORT=$CATALOG_PORT QUARKUS_MANAGEMENT_PORT=$((CATALOG_PORT + 1000)) QUARKUS_HTTP_HOST=127.0.0.1 java -jar "$catalog_jar"
  wait_ready catalog "http://127.0.0.1:$((CATALOG_PORT + 1000))/q/health/ready" "$t0"
  put catalog.quarkus_started_s "$(sed -n 's/.*started in \([0-9.]*\)s.*/\1/p' "$RUN/catalog.log" | head -1)"
}

http_phase() {
  local t0
  t0=$(now_ms)
  start express "$RUN/express" env PORT=$EXPRESS_PORT node "$BENCH/peers/server.js"
  wait_ready express "http://127.0.0.1:$EXPRESS_PORT/api/products/1" "$t0"

  check_same_policy "http://127.0.0.1:$CATALOG_PORT/api/products/1" catalog
  check_same_policy "http://127.0.0.1:$EXPRESS_PORT/api/products/1" express

  # One subject at a time: the other one idles, so it costs nothing but memory.
  wrk_run catalog.preflight OPTIONS "http://127.0.0.1:$CATALOG_PORT/api/products/1" "${PREFLIGHT_HEADERS[@]}"
  wrk_run express.preflight OPTIONS "http://127.0.0.1:$EXPRESS_PORT/api/products/1" "${PREFLIGHT_HEADERS[@]}"
  wrk_run catalog.get GET "http://127.0.0.1:$CATALOG_PORT/api/products/1" -H "Origin: $ORIGIN"
  wrk_run express.get GET "http://127.0.0.1:$EXPRESS_PORT/api/products/1" -H "Origin: $ORIGIN"
  put express.rss_load_kb "$(rss_kb "${PIDS[express]}")"
  stop_one express
}

# Each subject started fresh (empty data directory) twice: launch to its first ready answer, then the first
# COLD_SECONDS of GET /api/products/1, or of preflights, at full load. catalog-service without and with the JDK AOT
# cache the integration suite trained (target/quarkus-app/app.aot, see README "Start-up"), and the Express peer.
cold_phase() {
  local jar cache; jar="$(jar_of catalog-service)" || { put cold.missing "catalog-service not built"; return 0; }
  cache="$(brigade_aot_cache_option "$(dirname "$jar")")"
  [[ -n "$cache" ]] || { log "no AOT cache trained for this build of catalog-service (mvn verify trains it)"; put cold.aot_missing yes; }
  local what variant name url t0
  for what in get preflight; do
    for variant in plain aot express; do
      [[ $variant == aot && -z $cache ]] && continue
      name="cold-$variant-$what"
      rm -rf "$RUN/$name"
      t0=$(now_ms)
      case $variant in
        plain) start "$name" "$RUN/$name" env QUARKUS_HTTP_PORT=$CATALOG_PORT QUARKUS_MANAGEMENT_PORT=$((CATALOG_PORT + 1000)) QUARKUS_HTTP_HOST=127.0.0.1 java -jar "$jar" ;;
        aot) start "$name" "$RUN/$name" env QUARKUS_HTTP_PORT=$CATALOG_PORT QUARKUS_MANAGEMENT_PORT=$((CATALOG_PORT + 1000)) QUARKUS_HTTP_HOST=127.0.0.1 java "$cache" -jar "$jar" ;;
        express) start "$name" "$RUN/$name" env PORT=$EXPRESS_PORT node "$BENCH/peers/server.js" ;;
      esac
      if [[ $variant == express ]]; then
        url="http://127.0.0.1:$EXPRESS_PORT"; wait_ready "$name" "$url/api/products/1" "$t0" || continue
      else
        url="http://127.0.0.1:$CATALOG_PORT"; wait_ready "$name" "http://127.0.0.1:$((CATALOG_PORT + 1000))/q/health/ready" "$t0" || continue
      fi
      put "cold.$variant.$what.startup_ms" "$(get "$name.startup_ms")"
      if [[ $what == get ]]; then
        wrk_cold "cold.$variant.get" GET "$url/api/products/1" -H "Origin: $ORIGIN"
      else
        wrk_cold "cold.$variant.preflight" OPTIONS "$url/api/products/1" "${PREFLIGHT_HEADERS[@]}"
      fi
      stop_one "$name"
    done
  done
}

checkout_phase() {
  local order_jar worker_jar
  order_jar="$(jar_of order-service)" || { log "order-service is not built: no checkout numbers"; put checkout.missing "order-service not built"; return 0; }
  worker_jar="$(jar_of worker-service)" || { log "worker-service is not built: no checkout numbers"; put checkout.missing "worker-service not built"; return 0; }
  rm -rf "$RUN/worker" "$RUN/order"
  local t0; t0=$(now_ms)
  # The checkout runs the three services on CHECKOUT_CPUS (the worker's children inherit it from the worker).
  taskset -a -p -c "$CHECKOUT_CPUS" "${PIDS[catalog]}" > /dev/null
  START_CPUS="$CHECKOUT_CPUS" start worker "$RUN/worker" env QUARKUS_HTTP_PORT=$WORKER_PORT QUARKUS_MANAGEMENT_PORT=$((WORKER_PORT + 1000)) QUARKUS_HTTP_HOST=127.0.0.1 java -jar "$worker_jar"
  wait_ready worker "http://127.0.0.1:$((WORKER_PORT + 1000))/q/health/ready" "$t0" || { put checkout.missing "worker-service did not start"; return 0; }
  put worker.children_rss_start_kb "$(children_rss_kb "${PIDS[worker]}")"
  t0=$(now_ms)
  START_CPUS="$CHECKOUT_CPUS" start order "$RUN/order" env QUARKUS_HTTP_PORT=$ORDER_PORT QUARKUS_MANAGEMENT_PORT=$((ORDER_PORT + 1000)) QUARKUS_HTTP_HOST=127.0.0.1 \
    CATALOG_URL="http://127.0.0.1:$CATALOG_PORT" WORKER_URL="http://127.0.0.1:$WORKER_PORT" java -jar "$order_jar"
  wait_ready order "http://127.0.0.1:$((ORDER_PORT + 1000))/q/health/ready" "$t0" || { put checkout.missing "order-service did not start"; return 0; }

  # Products with enough stock for every order of the run; orders take turns over them, as a shop's orders spread
  # over its catalogue (one product for all would measure one row lock).
  local products=() created
  for i in 1 2 3 4 5 6 7 8; do
    created="$(curl -fsS -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$CATALOG_PORT/api/products" \
      -d '{"name":"Bench Espresso Cup '$i'","description":"Made by bench/run.sh","category":"tableware","priceCents":900,"currency":"EUR","stock":1000000}')"
    products+=("$(json_field "$created" id)")
  done
  local list; list="$(IFS=,; echo "${products[*]}")"
  declare -A cpu_before=()
  log "checkout: products $list, ${CHECKOUT_WARM} s warm-up ramping up to $RATE orders/s, then ${CHECKOUT_DUR} s at $RATE orders/s"
  taskset -c "$LOAD_CPU" java -XX:TieredStopAtLevel=1 "$BENCH/load/Checkout.java" --url="http://127.0.0.1:$ORDER_PORT" \
    --products="$list" --rate="$RATE" --warmup="$CHECKOUT_WARM" --duration="$CHECKOUT_DUR" --origin="$ORIGIN" \
    > "$RUN/checkout.txt" 2> "$RUN/checkout.err" &
  local generator=$!
  # CPU each process spends per order in the measured phase (the generator compiles for about a second first):
  # one core carries at most 1000 ms / the total orders per second.
  sleep "$(awk -v w="$CHECKOUT_WARM" 'BEGIN { print w + 1 }')"
  for s in catalog order worker; do cpu_before[$s]=$(cpu_ms "${PIDS[$s]}"); done
  cpu_before[children]=$(children_cpu_ms "${PIDS[worker]}")
  local measure_t0; measure_t0=$(now_ms)
  sleep "$CHECKOUT_DUR"
  declare -A spent=()
  for s in catalog order worker; do spent[$s]=$(( $(cpu_ms "${PIDS[$s]}") - cpu_before[$s] )); done
  spent[children]=$(( $(children_cpu_ms "${PIDS[worker]}") - cpu_before[children] ))
  local window_ms=$(( $(now_ms) - measure_t0 ))
  wait "$generator" || { log "the load generator failed:"; cat "$RUN/checkout.err" >&2; return 1; }
  local offered; offered=$(awk -v r="$RATE" -v ms="$window_ms" 'BEGIN { print r * ms / 1000 }')
  local total=0
  for s in catalog order worker children; do
    total=$(( total + spent[$s] ))
    put "checkout.cpu_ms_per_order.$s" "$(awk -v c="${spent[$s]}" -v n="$offered" 'BEGIN { printf "%.2f", c / n }')"
  done
  put checkout.cpu_ms_per_order.total "$(awk -v c="$total" -v n="$offered" 'BEGIN { printf "%.2f", c / n }')"
  local line; line="$(cat "$RUN/checkout.txt")"
  put checkout.rate "$RATE"
  put checkout.created_per_s "$(json_field "$line" createdPerSec)"
  put checkout.p50_ms "$(json_field "$line" p50Ms)"
  put checkout.p99_ms "$(json_field "$line" p99Ms)"
  put checkout.statuses "$(sed -n 's/.*"statuses":{\([^}]*\)}.*/\1/p' <<< "$line" | tr -d '"')"
  log "checkout: $line"
  put worker.jobs_done "$(json_field "$(curl -fsS "http://127.0.0.1:$WORKER_PORT/api/workers" || true)" jobsDone)"
  put order.invoice_jobs_accepted "$(grep -c 'Invoice job .* accepted' "$RUN/order.log" || true)"
  put order.outbox_failures "$(grep -c 'not delivered' "$RUN/order.log" || true)"
  put worker.rss_load_kb "$(rss_kb "${PIDS[worker]}")"
  put worker.children_rss_load_kb "$(children_rss_kb "${PIDS[worker]}")"
  put order.rss_load_kb "$(rss_kb "${PIDS[order]}")"
}

ipc_phase() {
  # Each layout in IPC_LAYOUTS is a CPU list for taskset: "0" puts parent and child on one core (no cross-core
  # wake-ups), "0,1" lets the scheduler place them (usually on different cores when the machine is idle).
  local layout line tag
  for layout in $IPC_LAYOUTS; do
    tag="cpu${layout//,/+}"
    log "IPC: Node fork (taskset -c $layout)"
    line="$(cd "$BENCH/peers" && taskset -c "$layout" node ipc-parent.js $IPC_ARGS)"
    echo "$line" > "$RUN/ipc-node-$tag.json"
    for k in rttP50Us rttP99Us pipelinedPerSec coldStartMedianMs bareNodeMedianMs; do put "node.$tag.$k" "$(json_field "$line" $k)"; done
    log "IPC node: $line"
    if [[ -x "$BENCH/ipc/run.sh" ]]; then
      log "IPC: brigade (bench/ipc/run.sh, taskset -c $layout)"
      if line="$(cd "$REPO" && BENCH_MODE=$MODE BENCH_SRC="$SRC" taskset -c "$layout" "$BENCH/ipc/run.sh" 2> "$RUN/ipc-brigade-$tag.err" | grep -m1 '^{')"; then
        echo "$line" > "$RUN/ipc-brigade-$tag.json"
        for k in rttP50Us rttP99Us pipelinedPerSec coldStartMedianMs coldStartAotMedianMs bareJavaMedianMs dispatchP99Ms; do put "brigade.$tag.$k" "$(json_field "$line" $k)"; done
        log "IPC brigade: $line"
      else
        log "bench/ipc/run.sh failed (see $RUN/ipc-brigade-$tag.err)"; put brigade.missing "bench/ipc/run.sh failed"
      fi
    else
      put brigade.missing "bench/ipc/run.sh does not exist yet"
      log "no bench/ipc/run.sh yet: brigade IPC not measured"
    fi
  done
}

# ---------------------------------------------------------------- report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2fx", a / b }'; }
mib() { [[ -n "$1" && "$1" != 0 ]] && awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }' || echo "-"; }
or_dash() { [[ -n "$1" ]] && echo "$1" || echo "-"; }
report() {
  local out="$RUN/table.md"
  {
    echo "Brigade bench, $MODE mode"
    machine_info
    echo "wrk -t$THREADS -c$CONNECTIONS, ${WARM}s warm-up + ${DUR}s; subjects on CPU $SERVER_CPU, load generators on CPU $LOAD_CPU, IPC on CPUs $IPC_LAYOUTS, checkout services on CPUs $CHECKOUT_CPUS"
    echo
    echo "| measure | Brigade | Node peer | ratio (Brigade / Node) | target |"
    echo "|---|---|---|---|---|"
    echo "| preflight OPTIONS req/s | $(or_dash "$(get catalog.preflight.rps)") | $(or_dash "$(get express.preflight.rps)") | $(ratio "$(get catalog.preflight.rps)" "$(get express.preflight.rps)") | >= 3x |"
    echo "| preflight OPTIONS p99 ms | $(or_dash "$(get catalog.preflight.p99_ms)") | $(or_dash "$(get express.preflight.p99_ms)") | $(ratio "$(get catalog.preflight.p99_ms)" "$(get express.preflight.p99_ms)") | |"
    echo "| GET /api/products/{id} req/s (catalog: H2 file DB; Express: array) | $(or_dash "$(get catalog.get.rps)") | $(or_dash "$(get express.get.rps)") | $(ratio "$(get catalog.get.rps)" "$(get express.get.rps)") | >= 2x |"
    echo "| GET /api/products/{id} p99 ms | $(or_dash "$(get catalog.get.p99_ms)") | $(or_dash "$(get express.get.p99_ms)") | $(ratio "$(get catalog.get.p99_ms)" "$(get express.get.p99_ms)") | |"
    local layout tag
    for layout in $IPC_LAYOUTS; do
      tag="cpu${layout//,/+}"
      echo "| IPC 1 KiB round trip p50 us (CPUs $layout) | $(or_dash "$(get brigade.$tag.rttP50Us)") | $(or_dash "$(get node.$tag.rttP50Us)") | $(ratio "$(get brigade.$tag.rttP50Us)" "$(get node.$tag.rttP50Us)") | < 1x |"
      echo "| IPC 1 KiB round trip p99 us (CPUs $layout) | $(or_dash "$(get brigade.$tag.rttP99Us)") | $(or_dash "$(get node.$tag.rttP99Us)") | $(ratio "$(get brigade.$tag.rttP99Us)" "$(get node.$tag.rttP99Us)") | |"
      echo "| IPC pipelined msg/s (CPUs $layout) | $(or_dash "$(get brigade.$tag.pipelinedPerSec)") | $(or_dash "$(get node.$tag.pipelinedPerSec)") | $(ratio "$(get brigade.$tag.pipelinedPerSec)" "$(get node.$tag.pipelinedPerSec)") | >= 2x |"
      echo "| child cold start to first message ms (CPUs $layout; brigade with its AOT cache: $(or_dash "$(get brigade.$tag.coldStartAotMedianMs)")) | $(or_dash "$(get brigade.$tag.coldStartMedianMs)") | $(or_dash "$(get node.$tag.coldStartMedianMs)") | $(ratio "$(get brigade.$tag.coldStartMedianMs)" "$(get node.$tag.coldStartMedianMs)") | |"
      echo "| bare runtime start ms, java -version / node -e 0 (CPUs $layout) | $(or_dash "$(get brigade.$tag.bareJavaMedianMs)") | $(or_dash "$(get node.$tag.bareNodeMedianMs)") | | |"
      echo "| warm-pool job dispatch p99 ms (CPUs $layout) | $(or_dash "$(get brigade.$tag.dispatchP99Ms)") | | | < 2 ms |"
    done
    echo
    if [[ -n "$(get cold.missing)" ]]; then
      echo "Cold start: not measured: $(get cold.missing)"
    elif phase cold; then
      echo "| fresh start, catalog-service without / with its AOT cache | without | with | Express | ratio with / Express |"
      echo "|---|---|---|---|---|"
      for what in get preflight; do
        echo "| launch to first ready answer ms (then $what) | $(or_dash "$(get cold.plain.$what.startup_ms)") | $(or_dash "$(get cold.aot.$what.startup_ms)") | $(or_dash "$(get cold.express.$what.startup_ms)") | $(ratio "$(get cold.aot.$what.startup_ms)" "$(get cold.express.$what.startup_ms)") |"
      done
      echo "| GET /api/products/1 req/s, first ${COLD_SECONDS} s after ready | $(or_dash "$(get cold.plain.get.rps)") | $(or_dash "$(get cold.aot.get.rps)") | $(or_dash "$(get cold.express.get.rps)") | $(ratio "$(get cold.aot.get.rps)" "$(get cold.express.get.rps)") |"
      echo "| preflight req/s, first ${COLD_SECONDS} s after ready | $(or_dash "$(get cold.plain.preflight.rps)") | $(or_dash "$(get cold.aot.preflight.rps)") | $(or_dash "$(get cold.express.preflight.rps)") | $(ratio "$(get cold.aot.preflight.rps)" "$(get cold.express.preflight.rps)") |"
      [[ -z "$(get cold.aot_missing)" ]] || echo "(no AOT cache trained for this build: run mvn verify, then bench/run.sh --no-build)"
      echo
    fi
    if [[ -n "$(get checkout.missing)" ]]; then
      echo "Checkout: not measured: $(get checkout.missing)"
    else
      echo "| checkout POST /api/orders | value | target |"
      echo "|---|---|---|"
      echo "| offered rate orders/s | $(get checkout.rate) | 200 |"
      echo "| created (201) orders/s | $(get checkout.created_per_s) | 200 |"
      echo "| latency p50 ms (from the scheduled send) | $(get checkout.p50_ms) | |"
      echo "| latency p99 ms (from the scheduled send) | $(get checkout.p99_ms) | < 50 ms |"
      echo "| answers | $(get checkout.statuses) | all 201 |"
      echo "| CPU ms per order in the measured phase: catalog / order / worker / worker's children / total | $(get checkout.cpu_ms_per_order.catalog) / $(get checkout.cpu_ms_per_order.order) / $(get checkout.cpu_ms_per_order.worker) / $(get checkout.cpu_ms_per_order.children) / $(get checkout.cpu_ms_per_order.total) | total < $(awk -v r="$RATE" -v n="$(tr -cd , <<< "$CHECKOUT_CPUS" | wc -c)" 'BEGIN { printf "%.1f", 1000 * (n + 1) / r }') (what CPUs $CHECKOUT_CPUS can give) |"
      echo "| invoice jobs the worker accepted / outbox delivery failures (order-service log) | $(get order.invoice_jobs_accepted) / $(get order.outbox_failures) | |"
      echo "| jobs the worker's pool finished by the end | $(or_dash "$(get worker.jobs_done)") | |"
    fi
    [[ -z "$(get brigade.missing)" ]] || echo "Brigade IPC: not measured: $(get brigade.missing)"
    echo
    echo "| process | startup ms (launch to ready) | RSS after start | RSS after load |"
    echo "|---|---|---|---|"
    echo "| catalog-service | $(or_dash "$(get catalog.startup_ms)") (Quarkus says $(or_dash "$(get catalog.quarkus_started_s)") s) | $(mib "$(get catalog.rss_start_kb)") | $(mib "$(get catalog.rss_load_kb)") |"
    echo "| order-service | $(or_dash "$(get order.startup_ms)") | $(mib "$(get order.rss_start_kb)") | $(mib "$(get order.rss_load_kb)") |"
    echo "| worker-service | $(or_dash "$(get worker.startup_ms)") | $(mib "$(get worker.rss_start_kb)") | $(mib "$(get worker.rss_load_kb)") |"
    echo "| worker's children (sum) | | $(mib "$(get worker.children_rss_start_kb)") | $(mib "$(get worker.children_rss_load_kb)") |"
    echo "| Express peer | $(or_dash "$(get express.startup_ms)") | $(mib "$(get express.rss_start_kb)") | $(mib "$(get express.rss_load_kb)") |"
  } > "$out"
  cat "$out"
  log "raw numbers: $RESULTS, logs and wrk output: $RUN"
}

machine_info() {
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)$(grep -q hypervisor /proc/cpuinfo && echo ' (virtual machine)')"
  echo "memory: $(free -g | awk '/^Mem:/ { print $2 }') GiB; kernel: $(uname -r)"
  echo "java: $(java -version 2>&1 | head -2 | tail -1)"
  echo "node: $(node -v); wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"
  echo "load average before / after: $(get load_before) / $(get load_after)"
}

# ---------------------------------------------------------------- main
put date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
log "mode $MODE; load average $(get load_before); results in $RUN"
phase() { [[ ",$PHASES," == *",$1,"* ]]; }
install_tools
build
if phase http || phase checkout; then start_catalog; fi
if phase http; then http_phase; fi
if phase checkout; then checkout_phase; fi
[[ -n "${PIDS[catalog]:-}" ]] && put catalog.rss_load_kb "$(rss_kb "${PIDS[catalog]}")"
stop_all
if phase cold; then cold_phase; fi
if phase ipc; then ipc_phase; fi
put load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
report
