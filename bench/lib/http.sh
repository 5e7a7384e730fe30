# Sourced by bench/run.sh: catalog-service next to the Express peer, warm (http) and from a fresh start (cold).
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
  start_catalog || { put http.missing "catalog-service did not start"; return 0; }
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
  put catalog.rss_load_kb "$(rss_kb "${PIDS[catalog]}")"
  stop_one express
  stop_one catalog
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
