# Sourced by bench/run.sh: the one table of a run, from $RESULTS.

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2fx", a / b }'; }
mean2() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" && b == "") print ""; else if (a == "" || b == "") print a b; else printf "%.0f", (a + b) / 2 }'; }
or_dash() { [[ -n "$1" ]] && echo "$1" || echo "-"; }
# verdict VALUE OP LIMIT: met / not met, or - without a value
verdict() { awk -v v="${1%x}" -v op="$2" -v l="$3" 'BEGIN { if (v == "" || v == "-") { print "-"; exit }
  ok = (op == "<=") ? v + 0 <= l + 0 : (op == "<") ? v + 0 < l + 0 : (op == ">=") ? v + 0 >= l + 0 : v + 0 > l + 0
  print ok ? "met" : "**not met**" }'; }
row() { local IFS='|'; echo "| $* |"; }
# cpu_verdict RUN VALUE: against the 10 ms, unless the services did not keep up with CPU_RATE (fewer orders created
# than offered, or the worker behind): then the CPU was spread over fewer orders than counted, and no verdict is given.
cpu_verdict() {
  if awk -v c="$(get "cpu.$1.created_per_s")" -v r="$CPU_RATE" -v i="$(get "cpu.$1.invoices_per_order")" \
      'BEGIN { exit !(c + 0 < 0.98 * r || i + 0 < 0.9) }'; then
    echo "overloaded: lower CPU_RATE"
  else
    verdict "$2" "<=" 10
  fi
}
# vs LABEL BRIGADE PEER TARGET_OP TARGET (a ratio target): a row with the ratio and its verdict
vs() {
  local r; r="$(ratio "$2" "$3")"
  row " $1 " " $(or_dash "$2") " " $(or_dash "$3") " " $r " " ${4:+$4 $5x} " " ${4:+$(verdict "$r" "$4" "$5")} "
}
hops() { # hops KEY: "relay p50 / p99 · queue … · render …"
  local h out=""
  for h in relay queue render; do out+="$h $(or_dash "$(get "$1.${h}P50Ms")") / $(or_dash "$(get "$1.${h}P99Ms")"); "; done
  echo "${out%; }"
}

report() {
  local out="$RUN/table.md" layout tag v
  {
    echo "Brigade bench, $MODE mode, phases $PHASES"
    machine_info
    echo "catalog-service and Express on CPU $SERVER_CPU, wrk and the load generators on CPU $LOAD_CPU ($THREADS threads, $CONNECTIONS connections), the three services on CPUs $CHECKOUT_CPUS, IPC on CPUs $IPC_LAYOUTS"
    echo
    row " measure " " Brigade " " peer " " Brigade / peer " " target " " verdict "
    row "---" "---" "---" "---" "---" "---"
    if phase cold; then
      vs "catalog fresh start: launch to first readiness 200, ms, without AOT cache (Express: first 200; mean of 2 starts)" \
        "$(mean2 "$(get cold.plain.get.startup_ms)" "$(get cold.plain.preflight.startup_ms)")" "$(mean2 "$(get cold.express.get.startup_ms)" "$(get cold.express.preflight.startup_ms)")"
      vs "catalog fresh start: the same with the AOT cache$([[ -n $(get cold.aot_missing) ]] && echo ' (none trained: mvn verify trains it)')" \
        "$(mean2 "$(get cold.aot.get.startup_ms)" "$(get cold.aot.preflight.startup_ms)")" "$(mean2 "$(get cold.express.get.startup_ms)" "$(get cold.express.preflight.startup_ms)")"
      vs "GET /api/products/{id} req/s, first ${COLD_SECONDS} s after ready, without AOT cache" "$(get cold.plain.get.rps)" "$(get cold.express.get.rps)"
      vs "GET /api/products/{id} req/s, first ${COLD_SECONDS} s after ready, with AOT cache" "$(get cold.aot.get.rps)" "$(get cold.express.get.rps)"
      vs "preflight req/s, first ${COLD_SECONDS} s after ready, without AOT cache" "$(get cold.plain.preflight.rps)" "$(get cold.express.preflight.rps)"
      vs "preflight req/s, first ${COLD_SECONDS} s after ready, with AOT cache" "$(get cold.aot.preflight.rps)" "$(get cold.express.preflight.rps)"
    fi
    if phase http; then
      vs "GET /api/products/{id} req/s after ${WARM} s warm-up, ${DUR} s (issue 8)" "$(get catalog.get.rps)" "$(get express.get.rps)" ">=" 2
      vs "preflight req/s after ${WARM} s warm-up, ${DUR} s (issue 8)" "$(get catalog.preflight.rps)" "$(get express.preflight.rps)" ">=" 3
    fi
    if phase ipc; then
      for layout in $IPC_LAYOUTS; do
        tag="cpu${layout//,/+}"
        vs "child fork to first message ms, with its AOT cache (CPUs $layout)" "$(get "brigade.$tag.coldStartAotMedianMs")" "$(get "node.$tag.coldStartMedianMs")" "<=" 1.5
        vs "child fork to first message ms, without AOT cache (CPUs $layout)" "$(get "brigade.$tag.coldStartMedianMs")" "$(get "node.$tag.coldStartMedianMs")"
        vs "child fork to its answer to a first echo sent at ready, ms, with its AOT cache (CPUs $layout)" "$(get "brigade.$tag.coldStartAotFirstReplyMedianMs")" "$(get "node.$tag.coldStartFirstReplyMedianMs")"
        vs "pipelined IPC msg/s, replies as frames (CPUs $layout)" "$(get "brigade.$tag.pipelinedPerSec")" "$(get "node.$tag.pipelinedPerSec")" ">=" 2
        vs "pipelined IPC msg/s, replies as trees (CPUs $layout)" "$(get "brigade.$tag.pipelinedTreesPerSec")" "$(get "node.$tag.pipelinedPerSec")" ">=" 2
        vs "IPC 1 KiB round trip p50 µs (CPUs $layout)" "$(get "brigade.$tag.rttP50Us")" "$(get "node.$tag.rttP50Us")" "<=" 1
      done
    fi
    if phase invoice; then
      for v in fresh warm; do
        local label; [[ $v == fresh ]] && label="from a fresh start, the first ${INVOICE_FRESH} s" || label="warm (after ${INVOICE_WARM} s), ${INVOICE_DUR} s"
        row " order 201 to invoice SUCCEEDED p50 ms at $INVOICE_RATE orders/s, $label ($(or_dash "$(get invoice.$v.orders)") orders) " \
          " $(or_dash "$(get invoice.$v.endToEndP50Ms)") " " none (the Node tutorial had no invoices) " " - " " < 500 " " $(verdict "$(get invoice.$v.endToEndP50Ms)" "<" 500) "
        row " order 201 to invoice SUCCEEDED p99 ms, $label " " $(or_dash "$(get invoice.$v.endToEndP99Ms)") " " none " " - " " < 1500 " " $(verdict "$(get invoice.$v.endToEndP99Ms)" "<" 1500) "
        row " each hop p50 / p99 ms, $label " " $(hops invoice.$v) " " none " " - " " " " "
      done
      for v in before after; do
        [[ -n "$(get invoice.$v.orders)" ]] || continue
        row " order to invoice p50 / p99 ms from a fresh start, order-service without its AOT cache, $([[ $v == before ]] && echo "built from $INVOICE_BEFORE" || echo "this tree") " \
          " $(or_dash "$(get invoice.$v.endToEndP50Ms)") / $(or_dash "$(get invoice.$v.endToEndP99Ms)") ($(hops invoice.$v)) " " none " " - " " < 500 / < 1500 " " "
      done
      [[ -z "$(get invoice.missing)" ]] || row " order to invoice: $(get invoice.missing) " " " " " " " " " " "
    fi
    if phase cpu; then
      local t
      for t in h2 h2-tracing-off h2-tracing-export postgres; do
        cpu_ran "$t" || continue
        if [[ -n "$(get "cpu.$t.missing")" ]]; then row " CPU ms per order with its invoice, $t " " not measured: $(get "cpu.$t.missing") " " none " " - " " <= 10 " " - "; continue; fi
        local db=""; [[ -z "$(get "cpu.$t.database")" ]] || db=" / $(get "cpu.$t.database")"
        row " CPU ms per order with its invoice at $CPU_RATE orders/s, $t: total (catalog / order / worker / children${db:+ / database server}; invoices per order $(or_dash "$(get "cpu.$t.invoices_per_order")"); checkout p50 / p99 $(or_dash "$(get "cpu.$t.p50_ms")") / $(or_dash "$(get "cpu.$t.p99_ms")") ms) " \
          " $(or_dash "$(get "cpu.$t.total")") ($(get "cpu.$t.catalog") / $(get "cpu.$t.order") / $(get "cpu.$t.worker") / $(get "cpu.$t.children")$db) " " none " " - " " <= 10 " " $(cpu_verdict "$t" "$(get "cpu.$t.total")") "
        [[ -z "$(get "cpu.$t.jit")" ]] || row " of it in the three services' JIT compiler threads, $t " " $(get "cpu.$t.jit") " " none " " - " " " " "
        [[ -z "$(get "cpu.$t.net")" ]] || row " the same less the services' idle CPU, $t (idle $(get "cpu.$t.idle.total") ms/s: $(get "cpu.$t.idle.catalog") / $(get "cpu.$t.idle.order") / $(get "cpu.$t.idle.worker") / $(get "cpu.$t.idle.children")) " \
          " $(get "cpu.$t.net") " " none " " - " " <= 10 " " $(cpu_verdict "$t" "$(get "cpu.$t.net")") "
      done
      if cpu_ran h2-tracing-export && cpu_ran h2-tracing-off; then
        vs "CPU per order, tracing exported over OTLP / tracing off (issue 16; the sink got $(or_dash "$(get sink.requests)") exports, $(or_dash "$(get sink.bytes)") bytes)" \
          "$(get cpu.h2-tracing-export.total)" "$(get cpu.h2-tracing-off.total)" "<=" 1.10
      fi
    fi
  } > "$out"
  cat "$out"
  log "raw numbers: $RESULTS, logs and outputs: $RUN"
}

# cpu_ran RUN: RUN is one of the cpu phase's runs asked for (CPU_RUNS, default all four)
cpu_ran() { [[ " ${CPU_RUNS:-h2 h2-tracing-off h2-tracing-export postgres} " == *" $1 "* ]]; }

machine_info() {
  echo "date: $(get date) to $(date -u '+%H:%M UTC')"
  echo "cpu: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)$(grep -q hypervisor /proc/cpuinfo && echo ' (virtual machine)')"
  echo "memory: $(free -g | awk '/^Mem:/ { print $2 }') GiB; kernel: $(uname -r)"
  echo "java: $(java -version 2>&1 | head -2 | tail -1)"
  echo "node: $(node -v); wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"
  echo "load average before / after: $(get load_before) / $(get load_after)"
}
