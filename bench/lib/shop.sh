# Sourced by bench/run.sh: the three services together. invoice: an order's hops to its invoice PDF, from a fresh
# start and warm. cpu: the CPU an order with its invoice costs, on H2 and PostgreSQL, with tracing off and exporting.

SHOP=(catalog worker order)
# The schema each service's build names (quarkus.hibernate-orm.database.default-schema, fixed at build time): the
# same as the module tests use in `test`. Dropped before and after a run, so tests find no bench data.
schema_of() { case $1 in catalog) echo catalog ;; worker) echo worker ;; order) echo orders ;; esac; }
drop_schema() { PGOPTIONS=--client-min-messages=warning psql -q -h 127.0.0.1 -p 5432 -U postgres -d test -c "drop schema if exists $1 cascade" > /dev/null; }
port_of() { case $1 in catalog) echo "$CATALOG_PORT" ;; worker) echo "$WORKER_PORT" ;; order) echo "$ORDER_PORT" ;; esac; }

# start_shop TAG TREE [NAME=VALUE...]: catalog, worker and order built in TREE, on CHECKOUT_CPUS, each on an empty
# database (an H2 file under $RUN/TAG-<service>, or for TREE=$PG_SRC its schema, dropped first, in PostgreSQL's
# database `test`), with the AOT cache the integration suite trained when there is one, as ./run.sh starts them.
start_shop() {
  local tag="$1" tree="$2"; shift 2
  local m port jar name t0 db
  keycloak_up && sign_in_users || return 1
  t0=$(now_ms)
  for m in "${SHOP[@]}"; do   # all three at once: each finds the others at its first request
    port="$(port_of "$m")"
    local from="$tree" cache
    [[ $m != order ]] || from="${ORDER_TREE:-$tree}"
    jar="$(jar_of "$m-service" "$from")" || { log "$m-service is not built in $from"; return 1; }
    cache="$(brigade_aot_cache_option "$(dirname "$jar")")"
    [[ $m != order || ${ORDER_AOT:-yes} == yes ]] || cache=""
    name="$tag-$m"
    rm -rf "${RUN:?}/$name"
    db=("${OIDC_ENV[@]}")
    [[ $m != order ]] || db+=(ORDER_SERVICE_CLIENT_SECRET=dev-only-order-service-secret)
    if [[ $tree == "$PG_SRC" ]]; then
      drop_schema "$(schema_of "$m")"
      db+=(QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$(schema_of "$m")" DB_USER=postgres)
    fi
    put "$name.aot_cache" "$([[ -n $cache ]] && echo yes || echo no)"
    START_CPUS="$CHECKOUT_CPUS" start "$name" "$RUN/$name" env QUARKUS_HTTP_PORT="$port" \
      QUARKUS_MANAGEMENT_PORT=$((port + 1000)) QUARKUS_HTTP_HOST=127.0.0.1 \
      CATALOG_URL="http://127.0.0.1:$CATALOG_PORT" WORKER_URL="http://127.0.0.1:$WORKER_PORT" "${db[@]}" "$@" \
      java $cache -Xmx256m -jar "$jar"
  done
  for m in "${SHOP[@]}"; do
    wait_ready "$tag-$m" "http://127.0.0.1:$(( $(port_of "$m") + 1000 ))/q/health/ready" "$t0" || return 1
  done
}
# shop_jit_ms TAG: the CPU ms the three services' JIT compiler threads have spent so far
shop_jit_ms() { local m sum=0; for m in "${SHOP[@]}"; do sum=$(( sum + $(jit_cpu_ms "${PIDS[$1-$m]}") )); done; echo "$sum"; }
workers() { curl -fsS -H "Authorization: Bearer $(cat "$STAFF_TOKEN")" "http://127.0.0.1:$WORKER_PORT/api/workers" || true; }
stop_shop() { local m; for m in "${SHOP[@]}"; do stop_one "$1-$m"; done; }

# invoice_run KEY WARMUP SECONDS: OrderToInvoice at INVOICE_RATE; p50/p99 of each hop into results as KEY.<hop>P50Ms
invoice_run() {
  local key="$1" warmup="$2" seconds="$3" line hop
  line="$(taskset -c "$LOAD_CPU" java "$BENCH/shop/OrderToInvoice.java" --order="http://127.0.0.1:$ORDER_PORT" \
    --catalog="http://127.0.0.1:$CATALOG_PORT" --worker="http://127.0.0.1:$WORKER_PORT" --rate="$INVOICE_RATE" \
    --seconds="$seconds" --warmup="$warmup" --staff-token-file="$STAFF_TOKEN" --customer-token-file="$CUSTOMER_TOKEN" 2> "$RUN/$key.err")" || { log "OrderToInvoice failed:"; cat "$RUN/$key.err" >&2; return 1; }
  echo "$line" > "$RUN/$key.json"
  put "$key.orders" "$(json_field "$line" orders)"
  for hop in relay queue render endToEnd; do
    put "$key.${hop}P50Ms" "$(json_field "$line" "${hop}P50Ms")"
    put "$key.${hop}P99Ms" "$(json_field "$line" "${hop}P99Ms")"
  done
  log "$key: $line"
}

# The services started on empty databases, then INVOICE_RATE orders/s at once for INVOICE_FRESH seconds (the first
# order is sent the moment order-service is ready), then on the same services INVOICE_WARM s of warm-up and
# INVOICE_DUR s measured. There is no Node peer for this: the tutorial never had invoices.
invoice_phase() {
  if start_shop invoice "$SRC"; then
    invoice_run invoice.fresh 0 "$INVOICE_FRESH" || put invoice.missing "the fresh run failed"
    invoice_run invoice.warm "$INVOICE_WARM" "$INVOICE_DUR" || put invoice.missing "the warm run failed"
  else
    put invoice.missing "a service did not start"
  fi
  stop_shop invoice
  # INVOICE_BEFORE=<tree>: the fresh run again with that tree's order-service (e.g. a copy of main before a change to
  # the relay), and with this tree's, both without order-service's AOT cache (the other tree has none trained).
  [[ -n "${INVOICE_BEFORE:-}" ]] || return 0
  local variant
  for variant in before after; do
    if ORDER_AOT=no ORDER_TREE="$([[ $variant == before ]] && echo "$INVOICE_BEFORE" || echo "$SRC")" start_shop "invoice-$variant" "$SRC"; then
      invoice_run "invoice.$variant" 0 "$INVOICE_FRESH" || true
    fi
    stop_shop "invoice-$variant"
  done
}

# source_cpu_ms TAG SOURCE: the CPU ms a run's source has spent so far: a service, the worker's children, or
# PostgreSQL's server (every process named postgres on the machine: while the bench runs, its services are the
# only clients it should have)
source_cpu_ms() {
  local sum=0 p
  case "$2" in
    children) children_cpu_ms "${PIDS[$1-worker]}" ;;
    database) for p in $(pgrep -x postgres || true); do cpu_ms_into sum "$p"; done; echo "$sum" ;;
    *) cpu_ms "${PIDS[$1-$2]}" ;;
  esac
}

# cpu_run TAG TREE [NAME=VALUE...]: the checkout with its invoices at CPU_RATE orders/s (the load generator ramps up
# for CPU_WARM s), then the CPU each process spent in CPU_DUR s (from /proc/<pid>/stat) per offered order.
cpu_run() {
  local tag="$1" tree="$2"; shift 2
  start_shop "$tag" "$tree" "$@" || { put "cpu.$tag.missing" "a service did not start"; stop_shop "$tag"; return 0; }
  # Products with enough stock for every order; the orders take turns over them, as a shop's orders spread over its
  # catalogue (one product for all would measure one row lock).
  local products=() created i s
  for i in 1 2 3 4 5 6 7 8; do
    created="$(curl -fsS -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $(cat "$STAFF_TOKEN")" \
      "http://127.0.0.1:$CATALOG_PORT/api/products" \
      -d '{"name":"Bench Espresso Cup '$i'","description":"Made by bench/run.sh","category":"tableware","priceCents":900,"currency":"EUR","stock":1000000}')"
    products+=("$(json_field "$created" id)")
  done
  log "cpu $tag: ${CPU_WARM} s ramping up to $CPU_RATE orders/s, then ${CPU_DUR} s measured"
  taskset -c "$LOAD_CPU" java -XX:TieredStopAtLevel=1 "$BENCH/load/Checkout.java" --url="http://127.0.0.1:$ORDER_PORT" \
    --products="$(IFS=,; echo "${products[*]}")" --rate="$CPU_RATE" --warmup="$CPU_WARM" --duration="$CPU_DUR" \
    --origin="$ORIGIN" --customer-token-file="$CUSTOMER_TOKEN" --started-file="$RUN/cpu-$tag.started" \
    > "$RUN/cpu-$tag.txt" 2> "$RUN/cpu-$tag.err" &
  local generator=$! signer sources=("${SHOP[@]}" children)
  # On PostgreSQL the database's work is done by its server's processes, which are counted too: on H2 it is inside
  # the services.
  [[ $tree != "$PG_SRC" ]] || sources+=(database)
  keep_signed_in &
  signer=$!
  # The window opens when the generator's measured phase does. The generator compiles first (a second on one
  # machine, several on a slower one) and then writes the wall-clock ms its schedule starts at.
  until [[ -s "$RUN/cpu-$tag.started" ]]; do
    kill -0 "$generator" 2>/dev/null || { log "the load generator failed:"; cat "$RUN/cpu-$tag.err" >&2; break; }
    sleep 0.1
  done
  local opens=$(( $(cat "$RUN/cpu-$tag.started" 2>/dev/null || now_ms) + CPU_WARM * 1000 ))
  sleep "$(awk -v ms=$(( opens - $(now_ms) )) 'BEGIN { print (ms > 0 ? ms / 1000 : 0) }')"
  # The processes' CPU is read first and at once at each end; the JIT threads' and the pool's count (an HTTP call to a
  # busy service) after it, as late at the close as at the open.
  declare -A before=() spent=()
  local t0; t0=$(now_ms)
  for s in "${sources[@]}"; do before[$s]=$(source_cpu_ms "$tag" "$s"); done
  put "cpu.$tag.window_late_ms" $(( t0 - opens ))
  local jit_before; jit_before=$(shop_jit_ms "$tag")
  local jobs_before; jobs_before="$(json_field "$(workers)" jobsDone)"
  sleep "$(awk -v ms=$(( t0 + CPU_DUR * 1000 - $(now_ms) )) 'BEGIN { print (ms > 0 ? ms / 1000 : 0) }')"
  local window_ms; window_ms=$(( $(now_ms) - t0 ))
  for s in "${sources[@]}"; do spent[$s]=$(( $(source_cpu_ms "$tag" "$s") - before[$s] )); done
  local jit_spent=$(( $(shop_jit_ms "$tag") - jit_before ))
  local jobs_after; jobs_after="$(json_field "$(workers)" jobsDone)"
  wait "$generator" || { log "the load generator failed:"; cat "$RUN/cpu-$tag.err" >&2; }
  kill "$signer" 2>/dev/null || true
  # The same warm services with no orders for CPU_IDLE s (default 10; 0: skipped): what they spend per second on
  # their own (pollers, metrics, GC), which at a low rate is a large share of the CPU per offered order.
  local idle="${CPU_IDLE:-10}" idle_total=0
  if (( idle > 0 )); then
    sleep 1
    declare -A idle_before=() idle_spent=()
    for s in "${sources[@]}"; do idle_before[$s]=$(source_cpu_ms "$tag" "$s"); done
    local i0; i0=$(now_ms)
    sleep "$idle"
    for s in "${sources[@]}"; do idle_spent[$s]=$(( $(source_cpu_ms "$tag" "$s") - idle_before[$s] )); done
    local idle_ms=$(( $(now_ms) - i0 ))
    for s in "${sources[@]}"; do
      idle_total=$(( idle_total + idle_spent[$s] ))
      put "cpu.$tag.idle.$s" "$(awk -v c="${idle_spent[$s]}" -v ms="$idle_ms" 'BEGIN { printf "%.1f", c * 1000 / ms }')"
    done
    put "cpu.$tag.idle.total" "$(awk -v c="$idle_total" -v ms="$idle_ms" 'BEGIN { printf "%.1f", c * 1000 / ms }')"
  fi
  local offered total=0 line
  offered=$(awk -v r="$CPU_RATE" -v ms="$window_ms" 'BEGIN { print r * ms / 1000 }')
  for s in "${sources[@]}"; do
    total=$(( total + spent[$s] ))
    put "cpu.$tag.$s" "$(awk -v c="${spent[$s]}" -v n="$offered" 'BEGIN { printf "%.2f", c / n }')"
  done
  put "cpu.$tag.total" "$(awk -v c="$total" -v n="$offered" 'BEGIN { printf "%.2f", c / n }')"
  # The share of it the three services' JIT compiler threads spent: far from 0 while the JIT is not done.
  put "cpu.$tag.jit" "$(awk -v c="$jit_spent" -v n="$offered" 'BEGIN { printf "%.2f", c / n }')"
  if (( idle > 0 )); then   # per order, less what the services spend idle in as long a window
    put "cpu.$tag.net" "$(awk -v c="$total" -v i="$(get "cpu.$tag.idle.total")" -v ms="$window_ms" -v n="$offered" 'BEGIN { printf "%.2f", (c - i * ms / 1000) / n }')"
  fi
  # Invoices the pool finished per offered order in the window: about 1 when the worker keeps up.
  put "cpu.$tag.invoices_per_order" "$(awk -v a="${jobs_after:-0}" -v b="${jobs_before:-0}" -v n="$offered" 'BEGIN { printf "%.2f", (a - b) / n }')"
  line="$(cat "$RUN/cpu-$tag.txt")"
  put "cpu.$tag.created_per_s" "$(json_field "$line" createdPerSec)"
  put "cpu.$tag.p50_ms" "$(json_field "$line" p50Ms)"
  put "cpu.$tag.p99_ms" "$(json_field "$line" p99Ms)"
  put "cpu.$tag.statuses" "$(sed -n 's/.*"statuses":{\([^}]*\)}.*/\1/p' <<< "$line" | tr -d '"')"
  stop_shop "$tag"
  [[ $tree != "$PG_SRC" ]] || for s in "${SHOP[@]}"; do drop_schema "$(schema_of "$s")"; done
  log "cpu $tag: $(get "cpu.$tag.total") ms per order ($(get "cpu.$tag.catalog") catalog, $(get "cpu.$tag.order") order, $(get "cpu.$tag.worker") worker, $(get "cpu.$tag.children") children${spent[database]+, $(get "cpu.$tag.database") database server}; of it $(get "cpu.$tag.jit") in the JIT compilers), invoices per order $(get "cpu.$tag.invoices_per_order"); idle $(get "cpu.$tag.idle.total") ms/s ($(get "cpu.$tag.idle.catalog") / $(get "cpu.$tag.idle.order") / $(get "cpu.$tag.idle.worker") / $(get "cpu.$tag.idle.children")), net of idle $(get "cpu.$tag.net") ms per order; $line"
}

# Four runs, each on fresh services: H2 as shipped (spans made, nothing exported), H2 with the OpenTelemetry SDK
# off (quarkus.otel.sdk.disabled, a run-time switch), H2 exporting every span over OTLP/gRPC to peers/otlp-sink.js,
# and PostgreSQL as shipped (the -Ppostgres build in $PG_SRC). CPU_RUNS names a subset of them (e.g. "h2 postgres"),
# so that long warm runs can be split over several holds of the lock.
cpu_phase() {
  local runs=" ${CPU_RUNS:-h2 h2-tracing-off h2-tracing-export postgres} "
  [[ $runs != *" h2 "* ]] || cpu_run h2 "$SRC"
  [[ $runs != *" h2-tracing-off "* ]] || cpu_run h2-tracing-off "$SRC" QUARKUS_OTEL_SDK_DISABLED=true
  if [[ $runs == *" h2-tracing-export "* ]]; then
    START_CPUS="$LOAD_CPU" start otlp-sink "$RUN/otlp-sink" env PORT="$SINK_PORT" node "$BENCH/peers/otlp-sink.js"
    cpu_run h2-tracing-export "$SRC" OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT"
    stop_one otlp-sink
    local sink; sink="$(tail -1 "$RUN/otlp-sink.log")"
    put sink.requests "$(json_field "$sink" requests)"
    put sink.bytes "$(json_field "$sink" bytes)"
    log "OTLP sink: $sink"
  fi
  [[ $runs == *" postgres "* ]] || return 0
  if [[ -n "$(jar_of order-service "$PG_SRC")" ]] && pg_isready -q -h 127.0.0.1 -p 5432; then
    cpu_run postgres "$PG_SRC"
  else
    put cpu.postgres.missing "no -Ppostgres build in $PG_SRC or no PostgreSQL on 127.0.0.1:5432"
  fi
}
