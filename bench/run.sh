#!/usr/bin/env bash
# Brigade next to its Node peers, on this machine, on loopback: one run, one table (bench/README.md says what each
# number means).
#
#   bench/run.sh            full run: wrk 2 threads / 64 connections, 10 s warm-up + 30 s measured per subject
#   bench/run.sh --quick    shorter: 3 s warm-up + 10 s measured, smaller IPC counts, shorter shop runs
#   bench/run.sh --smoke    a few seconds per step: checks that the script, the services and the peers still work
# Options: --no-build (use the jars already built), --isolated-build (build a copy of the tree under
# bench/.work/tree, so a shared work tree's target/ directories are left alone; with --no-build: use that copy's jars),
# --only=cold,http,ipc,invoice,cpu (a subset of the phases, in that order):
#   cold     catalog-service started fresh without and with its AOT cache, then the first seconds of load; Express
#   http     catalog-service and Express warm
#   ipc      a forked child: start, round trips, pipelined messages; Node's fork
#   invoice  order to invoice, each hop, from a fresh start and warm
#   cpu      CPU per order with its invoice: H2, H2 with tracing off, H2 exporting traces, PostgreSQL (-Ppostgres build
#            in bench/.work/tree-postgres; PostgreSQL on 127.0.0.1:5432, user postgres, database test)
# Environment: SERVER_CPU (default 0) runs catalog-service and Express, LOAD_CPU (default 1) wrk and the load
# generators, IPC_LAYOUTS (default "0 0,1": one core, then both) the IPC benchmarks, CHECKOUT_CPUS (default 0,1) the
# three services; INVOICE_RATE (10) and CPU_RATE (150; 50 in --quick) orders/s; WARMUP_SECONDS / MEASURE_SECONDS the
# wrk warm-up and measured durations; CPU_WARM / CPU_DUR the cpu phase's ramp and measured seconds (300 / 30: the JIT
# is not done before tens of thousands of orders; bench/README.md, "CPU per order and the rate"), CPU_RUNS a subset
# of its runs ("h2 h2-tracing-off h2-tracing-export postgres"); PORT_BASE (default 18380) -> ports
# PORT_BASE..PORT_BASE+3, +1000 for management, +4 the OTLP sink, +5 Keycloak; BENCH_LOCK=/tmp/brigade-tests.lock
# holds that lock (flock) during each phase; INVOICE_BEFORE=<tree> runs the fresh invoice run again with that tree's
# order-service, and with this one's, both without its AOT cache.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH/.." && pwd)"
source "$REPO/tools/java.sh"
brigade_use_jdk25 || exit 1
WORK="$BENCH/.work"
MODE=full BUILD=yes ISOLATED=no PHASES=cold,http,ipc,invoice,cpu
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
PHASES="${PHASES//checkout/cpu}"   # the phase's name before the CPU runs replaced it

ASKED_CPU_WARM="${CPU_WARM:-}" ASKED_CPU_DUR="${CPU_DUR:-}"
case "$MODE" in
  full)  COLD_SECONDS=10 WARM=10 DUR=30 INVOICE_FRESH=10 INVOICE_WARM=10 INVOICE_DUR=30 CPU_WARM=300 CPU_DUR=30 RATE=150
         IPC_ARGS="--rounds=20000 --warmup=5000 --messages=200000 --cold-starts=10" ;;
  quick) COLD_SECONDS=10 WARM=3  DUR=10 INVOICE_FRESH=10 INVOICE_WARM=5  INVOICE_DUR=10 CPU_WARM=20 CPU_DUR=10 RATE=50
         IPC_ARGS="--rounds=10000 --warmup=2000 --messages=50000 --cold-starts=5" ;;
  smoke) COLD_SECONDS=2  WARM=1  DUR=2  INVOICE_FRESH=2  INVOICE_WARM=0  INVOICE_DUR=2  CPU_WARM=2  CPU_DUR=2  RATE=50
         IPC_ARGS="--rounds=500 --warmup=200 --messages=5000 --cold-starts=2" ;;
esac
WARM="${WARMUP_SECONDS:-$WARM}" DUR="${MEASURE_SECONDS:-$DUR}"
CPU_WARM="${ASKED_CPU_WARM:-$CPU_WARM}" CPU_DUR="${ASKED_CPU_DUR:-$CPU_DUR}"
INVOICE_RATE="${INVOICE_RATE:-10}" CPU_RATE="${CPU_RATE:-${CHECKOUT_RATE:-$RATE}}"
THREADS=2 CONNECTIONS=64
SERVER_CPU="${SERVER_CPU:-0}" LOAD_CPU="${LOAD_CPU:-1}" IPC_LAYOUTS="${IPC_LAYOUTS:-0 0,1}"
CHECKOUT_CPUS="${CHECKOUT_CPUS:-0,1}"
PORT_BASE="${PORT_BASE:-18380}"
EXPRESS_PORT=$PORT_BASE CATALOG_PORT=$((PORT_BASE + 1)) ORDER_PORT=$((PORT_BASE + 2)) WORKER_PORT=$((PORT_BASE + 3))
SINK_PORT=$((PORT_BASE + 4))
ORIGIN=http://localhost:8000

RUN="$WORK/run-$(date -u +%Y%m%dT%H%M%SZ)-$MODE"
mkdir -p "$RUN"
RESULTS="$RUN/results.txt"
: > "$RESULTS"
phase() { [[ ",$PHASES," == *",$1,"* ]]; }
source "$BENCH/lib/common.sh"
source "$BENCH/lib/http.sh"
source "$BENCH/lib/ipc.sh"
source "$BENCH/lib/keycloak.sh"
source "$BENCH/lib/shop.sh"
source "$BENCH/lib/report.sh"

put date "$(date -u '+%Y-%m-%d %H:%M UTC')"
log "mode $MODE; phases $PHASES; results in $RUN"
install_tools
build
for p in cold http ipc invoice cpu; do
  phase "$p" || continue
  hold_lock
  [[ -n "$(get load_before)" ]] || put load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
  log "phase $p; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  "${p}_phase"
  stop_all keycloak
  put load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
  release_lock
done
report
