#!/usr/bin/env bash
# Shop scenarios against the packaged catalog, order and worker services (mvn package them first):
#
#   bench/shop/run.sh [flashsale]          200 buyers at once for 50 units, ROUNDS times (a new product each)
#   bench/shop/run.sh invoice              RATE orders/s for MEASURE_SECONDS (after WARMUP s), each order's hops from its
#                                          201 to its invoice PDF SUCCEEDED (OrderToInvoice.java)
#   CPUS=0,1 bench/shop/run.sh ...         the services on both cores
#   BASELINE=/path/to/other/checkout bench/shop/run.sh ...
#                                          the same against another checkout's packaged services too, in the same
#                                          run (e.g. `git worktree add` of an earlier commit)
# Environment: CPUS (default 0) for the three services (the worker's children inherit it), LOAD_CPU (default 1) for
# the load, ROUNDS (5), BUYERS (200), STOCK (50); RATE (10), MEASURE_SECONDS (30), WARMUP (10); PORT_BASE (default 18480;
# Keycloak on PORT_BASE + 5).
# The services take only the realm's tokens: the run starts Keycloak (tools/keycloak.sh) on LOAD_CPU and signs sam
# (staff: creates the products) and alice (customer: orders) in with PKCE, as bench/run.sh does (bench/lib/keycloak.sh).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SCENARIO="${1:-flashsale}"
case "$SCENARIO" in
  flashsale|invoice) ;;
  *) echo "usage: bench/shop/run.sh [flashsale|invoice]" >&2; exit 2 ;;
esac
CPUS="${CPUS:-0}" LOAD_CPU="${LOAD_CPU:-1}" ROUNDS="${ROUNDS:-5}" BUYERS="${BUYERS:-200}" STOCK="${STOCK:-50}"
RATE="${RATE:-10}" SECONDS_MEASURED="${MEASURE_SECONDS:-30}" WARMUP="${WARMUP:-10}"
PORT_BASE="${PORT_BASE:-18480}"
CATALOG_PORT=$((PORT_BASE + 1)) ORDER_PORT=$((PORT_BASE + 2)) WORKER_PORT=$((PORT_BASE + 3))
ORIGIN=http://localhost:8000
source "$REPO/tools/java.sh"
brigade_use_jdk25 || exit 1
WORK="$REPO/bench/.work" ISOLATED=no SERVER_CPU="$CPUS"
RUN="$WORK/$SCENARIO-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN"
# bench/run.sh's pieces: the processes started here and only those (start, stop_one, stop_all), and Keycloak with
# the dev users signed in (keycloak_up, sign_in_users: $STAFF_TOKEN and $CUSTOMER_TOKEN, removed at the end), as the
# services take only the realm's tokens.
source "$REPO/bench/lib/common.sh"
source "$REPO/bench/lib/keycloak.sh"
log() { printf '[%s %s] %s\n' "$SCENARIO" "$(date -u +%H:%M:%S)" "$*" >&2; }

start_service() { # start_service LABEL NAME TREE PORT ENV...: NAME's log in $RUN/LABEL-NAME.log, its H2 under $RUN/LABEL
  local label="$1" name="$2" tree="$3" port="$4"; shift 4
  local jar="$tree/$name/target/quarkus-app/quarkus-run.jar"
  [[ -f "$jar" ]] || { echo "$jar is missing: run mvn package in $tree first" >&2; exit 1; }
  START_CPUS="$CPUS" start "$label-$name" "$RUN/$label/$name" env QUARKUS_HTTP_PORT="$port" \
    QUARKUS_MANAGEMENT_PORT=$((port + 1000)) QUARKUS_HTTP_HOST=127.0.0.1 "${OIDC_ENV[@]}" "$@" \
    java $(brigade_aot_cache_option "$(dirname "$jar")") -Xmx256m -jar "$jar"
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "http://127.0.0.1:$((port + 1000))/q/health/ready" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "$name did not get ready; see $RUN/$label-$name.log" >&2; exit 1
}

sale() { # sale LABEL TREE
  local label="$1" tree="$2"
  keycloak_up || exit 1
  log "$label ($tree): starting the services on CPUs $CPUS"
  start_service "$label" catalog-service "$tree" "$CATALOG_PORT"
  start_service "$label" worker-service "$tree" "$WORKER_PORT" WORKER_POOL_SIZE=2
  start_service "$label" order-service "$tree" "$ORDER_PORT" CATALOG_URL="http://127.0.0.1:$CATALOG_PORT" \
    WORKER_URL="http://127.0.0.1:$WORKER_PORT" ORDER_SERVICE_CLIENT_SECRET=dev-only-order-service-secret
  sign_in_users || exit 1   # fresh tokens (each lives 5 min): sam creates the products, alice orders
  local -a tokens=(--staff-token-file="$STAFF_TOKEN" --customer-token-file="$CUSTOMER_TOKEN")
  if [[ $SCENARIO == invoice ]]; then
    log "$label: $RATE orders/s for $SECONDS_MEASURED s after $WARMUP s"
    local line
    line="$(taskset -c "$LOAD_CPU" java "$HERE/OrderToInvoice.java" --order="http://127.0.0.1:$ORDER_PORT" \
      --catalog="http://127.0.0.1:$CATALOG_PORT" --worker="http://127.0.0.1:$WORKER_PORT" --rate="$RATE" \
      --seconds="$SECONDS_MEASURED" --warmup="$WARMUP" "${tokens[@]}" | tee "$RUN/$label/invoice.json")"
    stop_all keycloak
    local hop row="| $label | $(grep -o '"orders":[0-9]*' <<< "$line" | cut -d: -f2)"
    for hop in relay queue render endToEnd; do
      row+=" | $(grep -o "\"${hop}P50Ms\":[0-9.]*" <<< "$line" | cut -d: -f2) / $(grep -o "\"${hop}P99Ms\":[0-9.]*" <<< "$line" | cut -d: -f2)"
    done
    echo "$row |" >> "$RUN/table.md"
    return 0
  fi
  local -a before=() after=() names=(catalog-service worker-service order-service)
  local i worker="${PIDS[$label-worker-service]}"
  for i in 0 1 2; do before[$i]=$(cpu_ms "${PIDS[$label-${names[$i]}]}"); done
  before[3]=$(children_cpu_ms "$worker")
  log "$label: $ROUNDS rounds of $BUYERS buyers for $STOCK units"
  taskset -c "$LOAD_CPU" java "$HERE/FlashSale.java" --order="http://127.0.0.1:$ORDER_PORT" \
    --catalog="http://127.0.0.1:$CATALOG_PORT" --buyers="$BUYERS" --stock="$STOCK" --rounds="$ROUNDS" "${tokens[@]}" | tee "$RUN/$label/rounds.jsonl" >&2
  # The invoices of the sold orders are part of an order's cost: wait until the worker has taken them all.
  local sold; sold=$(grep -o '"confirmed":[0-9]*' "$RUN/$label/rounds.jsonl" | cut -d: -f2 | paste -sd+ | bc)
  for _ in $(seq 1 300); do
    [[ "$(grep -c 'Invoice job .* accepted' "$RUN/$label-order-service.log" || true)" -ge "$sold" ]] && break
    sleep 1
  done
  sleep 5
  for i in 0 1 2; do after[$i]=$(cpu_ms "${PIDS[$label-${names[$i]}]}"); done
  after[3]=$(children_cpu_ms "$worker")
  stop_all keycloak
  local confirmed="$sold"
  awk -v label="$label" -v catalog=$(( after[0] - before[0] )) -v worker=$(( after[1] - before[1] )) \
      -v order=$(( after[2] - before[2] )) -v children=$(( after[3] - before[3] )) -v confirmed="$confirmed" '
    { for (i = 1; i <= NF; i++) { split($i, kv, ":"); gsub(/[{}"]/, "", kv[1]); v[kv[1]] = kv[2] }
      answers = substr($0, index($0, "\"statuses\":") + 11); sub(/}$/, "", answers)
      rounds = rounds sprintf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", label, v["round"], v["confirmed"],
        v["confirmedPerSec"], v["p50Ms"], v["p99Ms"], v["shed"], v["stockLeft"], answers) }
    END { n = confirmed > 0 ? confirmed : 1; printf "%s", rounds
          printf "| %s | all | %d | | | | | | CPU ms per confirmed order, invoice included: catalog %.1f, order %.1f, worker %.1f, its children %.1f, total %.1f |\n",
            label, confirmed, catalog / n, order / n, worker / n, children / n, (catalog + order + worker + children) / n }
  ' FS=, "$RUN/$label/rounds.jsonl" >> "$RUN/table.md"
}

{
  if [[ $SCENARIO == invoice ]]; then
    echo "order to invoice: $RATE orders/s for $SECONDS_MEASURED s after $WARMUP s; services on CPUs $CPUS, load on CPU $LOAD_CPU"
  else
    echo "flash sale: $BUYERS buyers at once for $STOCK units, $ROUNDS rounds; services on CPUs $CPUS, buyers on CPU $LOAD_CPU"
  fi
  echo "cpu: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); java: $(java -version 2>&1 | head -1); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  if [[ $SCENARIO == invoice ]]; then
    echo "| build | orders | outbox relay ms p50 / p99 | worker queue ms p50 / p99 | child renders ms p50 / p99 | order to invoice ms p50 / p99 |"
    echo "|---|---|---|---|---|---|"
  else
    echo "| build | round | confirmed | confirmed/s | p50 ms | p99 ms | busy answers (shed) | stock left | final answers |"
    echo "|---|---|---|---|---|---|---|---|---|"
  fi
} > "$RUN/table.md"
sale this "$REPO"
[[ -z "${BASELINE:-}" ]] || sale baseline "$(cd "$BASELINE" && pwd)"
cat "$RUN/table.md"
log "logs and raw rounds: $RUN"
