# Sourced by bench/run.sh: results, the processes the bench starts (and only those), tools, the build.
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
# stop_all [KEEP]: every process the bench started but KEEP
stop_all() { local name; for name in "${!PIDS[@]}"; do [[ $name == "${1:-}" ]] || stop_one "$name"; done; }
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
# CPU time (user + system) of a process or thread (PID or PID/task/TID), in ms; and of a process's live children.
# The fields are counted after the name's closing parenthesis: a thread's name may hold spaces ("C2 CompilerThre").
# Shell builtins only, no process per reading: on a slow machine under load, a cat and an awk for each of a JVM's
# hundred threads took 15-20 s, and the CPU window's readings then fell seconds apart.
CLK_TCK="$(getconf CLK_TCK)"
cpu_ms_into() {   # cpu_ms_into VAR PID[/task/TID]: VAR's value goes up by the CPU ms (unchanged when it has gone)
  local stat fields
  { read -r stat < "/proc/$2/stat"; } 2>/dev/null || return 0
  read -ra fields <<< "${stat##*) }"
  printf -v "$1" '%d' $(( ${!1} + (fields[11] + fields[12]) * 1000 / CLK_TCK ))
}
cpu_ms() { local ms=0; cpu_ms_into ms "$1"; echo "$ms"; }
# CPU time of a JVM's JIT compiler threads (C1 and C2) alive at the time of the call, in ms
jit_cpu_ms() {
  local sum=0 t comm
  for t in /proc/"$1"/task/*; do
    { read -r comm < "$t/comm"; } 2>/dev/null || continue
    case "$comm" in C1\ Compiler*|C2\ Compiler*) cpu_ms_into sum "${t#/proc/}" ;; esac
  done
  echo "$sum"
}
children_cpu_ms() { local sum=0 c; for c in $(pgrep -P "$1" || true); do cpu_ms_into sum "$c"; done; echo "$sum"; }
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
# SRC: the tree whose jars are measured; PG_SRC: a copy of it built with -Ppostgres (the database kind is fixed at
# build time), for the CPU phase's PostgreSQL run.
SRC="$REPO"
[[ "$ISOLATED" == yes ]] && SRC="$WORK/tree"
PG_SRC="$WORK/tree-postgres"
SERVICES=(catalog-service order-service worker-service)
copy_tree() {
  log "copying the tree to $1 (sources only)"
  mkdir -p "$1"
  rsync -a --delete --exclude target/ --exclude data/ --exclude node_modules/ --exclude .git/ --exclude 'bench/' \
    "$REPO/" "$1/"
}
# package TREE LOG MVN_OPTIONS...: the three services, together, else each on its own (one that fails is left out)
package() {
  local tree="$1" logfile="$2"; shift 2
  local list; list="$(IFS=,; echo "${SERVICES[*]}")"
  log "mvn -q $* -pl $list -am package -DskipTests (in $tree)"
  (cd "$tree" && mvn -q "$@" -pl "$list" -am package -DskipTests > "$logfile" 2>&1) && return 0
  log "the joint build failed; building each service on its own (see $logfile)"
  for m in "${SERVICES[@]}"; do
    (cd "$tree" && mvn -q "$@" -pl "$m" -am package -DskipTests > "${logfile%.log}-$m.log" 2>&1) \
      || log "$m does not build; it is left out (see ${logfile%.log}-$m.log)"
  done
}
build() {
  [[ "$BUILD" == no ]] && return 0
  [[ "$ISOLATED" == yes ]] && copy_tree "$SRC"
  package "$SRC" "$RUN/build.log"
  if phase cpu; then copy_tree "$PG_SRC"; package "$PG_SRC" "$RUN/build-postgres.log" -Ppostgres; fi
}
# jar_of MODULE [TREE]
jar_of() { local j="${2:-$SRC}/$1/target/quarkus-app/quarkus-run.jar"; [[ -f "$j" ]] && echo "$j"; }

# ---------------------------------------------------------------- the shared machine's lock
# With BENCH_LOCK=/tmp/brigade-tests.lock each phase holds that lock (flock) while it measures, and lets go between
# phases, so that nobody's tests run during a measurement and nobody waits for the whole run.
hold_lock() {
  [[ -n "${BENCH_LOCK:-}" ]] || return 0
  exec 9>>"$BENCH_LOCK"
  log "waiting for $BENCH_LOCK"
  flock 9
}
release_lock() { [[ -z "${BENCH_LOCK:-}" ]] || flock -u 9; }
