#!/usr/bin/env bash
# Runs the whole Brigade shop on this machine: Keycloak (8180, the identity provider, realm "brigade" with its dev
# users), catalog (8081), order (8082), worker (8083) on their embedded H2 databases under ./data, and the shop page
# (8000). Needs only a JDK 25 (JAVA_HOME, or one under /usr/lib/jvm, whatever the default `java` is), unzip, and
# Maven 3.8+ (to build, and to fetch Keycloak's distribution once). Ctrl-C stops everything (the worker's child JVMs
# exit with it).
#
#   ./run.sh                 build what is missing or out of date, start, wait until ready, print the URLs
#   FRONTEND_PORT=9000 CATALOG_PORT=9081 ORDER_PORT=9082 WORKER_PORT=9083 KEYCLOAK_PORT=9180 ./run.sh  other ports
#   READY_TIMEOUT=300 ./run.sh   how long a starting process may write nothing to its log (default 180 s)
#   HOST=0.0.0.0 ./run.sh     listen on every interface (default 127.0.0.1: nothing beyond this machine)
#
# Logs: ./data/logs/<module>.log (and build.log). For live reload while developing one service, run it with
# `./dev.sh <module>` instead (see README.md).
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$PWD
LOG_DIR=$ROOT/data/logs
READY_TIMEOUT=${READY_TIMEOUT:-180}
HOST=${HOST:-127.0.0.1}
# Where this script itself reaches the services: the address they listen on, loopback when that is every interface.
CHECK_HOST=$([[ $HOST == 0.0.0.0 || $HOST == "::" ]] && echo 127.0.0.1 || echo "$HOST")

FRONTEND_PORT=${FRONTEND_PORT:-8000}
CATALOG_PORT=${CATALOG_PORT:-8081}
ORDER_PORT=${ORDER_PORT:-8082}
WORKER_PORT=${WORKER_PORT:-8083}
KEYCLOAK_PORT=${KEYCLOAK_PORT:-8180}
# The realm as every service and the page see it; the dev-only secret of order-service's client (the realm file's).
ISSUER=http://localhost:$KEYCLOAK_PORT/realms/brigade
ORDER_SERVICE_CLIENT_SECRET=${ORDER_SERVICE_CLIENT_SECRET:-dev-only-order-service-secret}

# module:port:name, in start order (catalog first: order-service calls it; the page last).
SERVICES=(
  "catalog-service:$CATALOG_PORT:catalog"
  "worker-service:$WORKER_PORT:worker"
  "order-service:$ORDER_PORT:order"
  "frontend-static:$FRONTEND_PORT:shop page"
)

say() { printf '%s\n' "$*"; }
fail() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

jar_of() { printf '%s/target/quarkus-app/quarkus-run.jar' "$1"; }

# --- What can run --------------------------------------------------------------------------------------------
MODULES=()
for entry in "${SERVICES[@]}"; do
  module=${entry%%:*}
  if [[ -f $module/pom.xml ]]; then
    MODULES+=("$entry")
  else
    say "note: $module is not in this checkout yet - skipping it."
  fi
done
[[ ${#MODULES[@]} -gt 0 ]] || fail "no service modules found next to run.sh."

source "$ROOT/tools/java.sh"
brigade_use_jdk25 || exit 1

# --- Ports first: a clear message instead of a stack trace from a service that cannot bind -----------------
port_in_use() {
  # A connect that succeeds means something is listening. bash's /dev/tcp needs no extra tools.
  (exec 3<>"/dev/tcp/$CHECK_HOST/$1") 2>/dev/null
}
busy=0
if port_in_use "$KEYCLOAK_PORT"; then
  say "Port $KEYCLOAK_PORT (Keycloak) is already in use."
  busy=1
fi
for entry in "${MODULES[@]}"; do
  IFS=: read -r module port name <<<"$entry"
  if port_in_use "$port"; then
    owner=""
    if command -v ss >/dev/null 2>&1; then
      owner=$(ss -ltnpH "sport = :$port" 2>/dev/null | sed -nE 's/.*\(\("([^"]+)",pid=([0-9]+).*/\1, pid \2/p' | head -1)
    fi
    say "Port $port (the $name, $module) is already in use${owner:+ by $owner}."
    busy=1
  fi
done
if [[ $busy -eq 1 ]]; then
  fail "stop whatever uses the port(s) above (an earlier ./run.sh? 'ss -ltnp' shows who), or choose other ports, e.g. FRONTEND_PORT=9000 CATALOG_PORT=9081 ORDER_PORT=9082 WORKER_PORT=9083 KEYCLOAK_PORT=9180 ./run.sh"
fi

# --- Build what is missing or older than its sources ---------------------------------------------------------
needs_build() {
  local module=$1 jar
  jar=$(jar_of "$module")
  [[ -f $jar ]] || return 0
  # Newer sources in the module, or in the shared modules and root pom every service is built from.
  local sources=("$module/src" "$module/pom.xml" pom.xml)
  [[ $module == frontend-static ]] || sources+=(common/src common/pom.xml)
  [[ $module != worker-service ]] || sources+=(child-process/src child-process/pom.xml worker-child/src worker-child/pom.xml)
  [[ -n $(find "${sources[@]}" -newer "$jar" -type f -print -quit 2>/dev/null) ]]
}
mkdir -p "$LOG_DIR"
TO_BUILD=()
for entry in "${MODULES[@]}"; do
  module=${entry%%:*}
  if needs_build "$module"; then TO_BUILD+=("$module"); fi
done
if [[ ${#TO_BUILD[@]} -gt 0 ]]; then
  command -v mvn >/dev/null 2>&1 || fail "$(IFS=,; echo "${TO_BUILD[*]}") must be built, but mvn was not found on the PATH. Install Maven 3.8+ (e.g. 'apt-get install maven')."
  modules_csv=$(IFS=,; echo "${TO_BUILD[*]}")
  say "Building $modules_csv (tests skipped; log: data/logs/build.log) ..."
  if ! mvn -B -q -Dstyle.color=never package -DskipTests -pl "$modules_csv" -am >"$LOG_DIR/build.log" 2>&1; then
    tail -n 30 "$LOG_DIR/build.log" >&2 || true
    fail "the build failed; the full output is in data/logs/build.log."
  fi
  # Maven keeps the jar's time when nothing changed; touch it so the next start does not rebuild.
  for module in "${TO_BUILD[@]}"; do touch "$(jar_of "$module")"; done
fi

# Keycloak's distribution (Maven Central), fetched and unpacked into data/keycloak the first time.
if ! tools/keycloak.sh prepare "$ROOT/data/keycloak" >"$LOG_DIR/keycloak-prepare.log" 2>&1; then
  tail -n 20 "$LOG_DIR/keycloak-prepare.log" >&2 || true
  fail "could not prepare Keycloak; see data/logs/keycloak-prepare.log."
fi

# --- Start, and stop everything on Ctrl-C / SIGTERM / exit ---------------------------------------------------
PIDS=()
NAMES=()
stopping=0
stop_all() {
  [[ $stopping -eq 0 ]] || return 0
  stopping=1
  trap - INT TERM
  if [[ ${#PIDS[@]} -gt 0 ]]; then
    say ""
    say "Stopping ..."
    local i
    for i in "${!PIDS[@]}"; do kill -TERM "${PIDS[$i]}" 2>/dev/null || true; done
    # Quarkus shuts down cleanly on SIGTERM (the worker stops its children); give it 20 s, then insist.
    for _ in $(seq 1 40); do
      local alive=0
      for i in "${!PIDS[@]}"; do kill -0 "${PIDS[$i]}" 2>/dev/null && alive=1; done
      [[ $alive -eq 1 ]] || break
      sleep 0.5
    done
    for i in "${!PIDS[@]}"; do
      if kill -0 "${PIDS[$i]}" 2>/dev/null; then
        say "${NAMES[$i]} did not stop within 20 s - killing it."
        kill -KILL "${PIDS[$i]}" 2>/dev/null || true
      fi
    done
    wait 2>/dev/null || true
    say "Stopped."
  fi
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

origins=${FRONTEND_ORIGINS:-http://localhost:$FRONTEND_PORT,http://127.0.0.1:$FRONTEND_PORT}
say "Starting Keycloak on port $KEYCLOAK_PORT - log: data/logs/keycloak.log"
HOST=$HOST tools/keycloak.sh run "$ROOT/data/keycloak" "$KEYCLOAK_PORT" "$origins" </dev/null >"$LOG_DIR/keycloak.log" 2>&1 &
PIDS+=($!)
NAMES+=("Keycloak")
for entry in "${MODULES[@]}"; do
  IFS=: read -r module port name <<<"$entry"
  log="$LOG_DIR/$module.log"
  say "Starting the $name ($module) on port $port - log: data/logs/$module.log"
  (
    # Only order-service gets its client's secret (an environment variable, never an argument: ps shows those).
    [[ $module == order-service ]] && export ORDER_SERVICE_CLIENT_SECRET
    # /q/* (health, metrics, API docs) on the management port, the public port + 1000.
    export QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$((port + 1000)) QUARKUS_HTTP_HOST=$HOST \
      QUARKUS_MANAGEMENT_HOST=$HOST FRONTEND_PORT FRONTEND_ORIGINS=$origins \
      OIDC_AUTH_SERVER_URL=$ISSUER OIDC_ISSUER=$ISSUER CATALOG_URL=http://localhost:$CATALOG_PORT \
      ORDER_URL=http://localhost:$ORDER_PORT WORKER_URL=http://localhost:$WORKER_PORT
    exec java $(brigade_aot_cache_option "$module/target/quarkus-app") ${JAVA_OPTS:-} -jar "$(jar_of "$module")"
  ) </dev/null >"$log" 2>&1 &
  PIDS+=($!)
  NAMES+=("The $name")
done

# --- Wait until each one says it is ready -------------------------------------------------------------------
http_status() {
  # Prints the HTTP status of GET http://$CHECK_HOST:$1$2, or nothing. Uses curl when present, else /dev/tcp.
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -m 2 -w '%{http_code}' "http://$CHECK_HOST:$1$2" 2>/dev/null || true
  else
    (
      exec 3<>"/dev/tcp/$CHECK_HOST/$1" || exit 0
      printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$2" >&3
      IFS=' ' read -r -t 2 _ code _ <&3 && printf '%s' "$code"
    ) 2>/dev/null || true
  fi
}

# await_ready <label> <pid> <log name> <port> <path>: until GET <path> answers 200, or the process ends, or it stops
# making progress. Progress is its log growing: a first start on a slow, busy machine (Keycloak builds itself then,
# for minutes) keeps writing, while a hung process goes quiet. So the wait fails after READY_TIMEOUT seconds without
# a new log line, or after READY_LIMIT seconds in all (default 900).
READY_LIMIT=${READY_LIMIT:-900}
limit=$((SECONDS + READY_LIMIT))
log_size() { stat -c %s "$LOG_DIR/$1.log" 2>/dev/null || echo 0; }
await_ready() {
  local label=$1 pid=$2 log=$3 port=$4 path=$5 size last_size=-1 quiet_since=$SECONDS
  until [[ $(http_status "$port" "$path") == 200 ]]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "$label stopped during start-up. The end of data/logs/$log.log:"
      tail -n 20 "$LOG_DIR/$log.log" | sed 's/^/    /'
      exit 1
    fi
    size=$(log_size "$log")
    if [[ $size != "$last_size" ]]; then last_size=$size quiet_since=$SECONDS; fi
    local why=
    (( SECONDS - quiet_since < READY_TIMEOUT )) || why="nothing new in its log for $READY_TIMEOUT s"
    (( SECONDS < limit )) || why="still starting after $READY_LIMIT s"
    if [[ -n $why ]]; then
      say "$label is not ready (GET http://localhost:$port$path): $why. Look at data/logs/$log.log."
      exit 1
    fi
    sleep 1
  done
  say "  $label is ready."
}
await_ready "Keycloak" "${PIDS[0]}" keycloak "$KEYCLOAK_PORT" /realms/brigade/.well-known/openid-configuration
i=1
for entry in "${MODULES[@]}"; do
  IFS=: read -r module port name <<<"$entry"
  await_ready "The $name ($module)" "${PIDS[$i]}" "$module" "$((port + 1000))" /q/health/ready
  i=$((i + 1))
done

say ""
say "Brigade is running:"
for entry in "${MODULES[@]}"; do
  IFS=: read -r module port name <<<"$entry"
  if [[ $module == frontend-static ]]; then
    printf '  %-10s http://localhost:%s/\n' "shop" "$port"
  else
    printf '  %-10s http://localhost:%s   (API docs: http://localhost:%s/q/swagger-ui)\n' "$name" "$port" "$((port + 1000))"
  fi
done
printf '  %-10s http://localhost:%s/realms/brigade/account (your account; the issuer is %s)\n' "keycloak" "$KEYCLOAK_PORT" "$ISSUER"
say ""
say "Sign in on the shop page with a dev user (dev-only passwords, from deploy/keycloak/brigade-realm.json):"
say "  alice / alice-dev   customer"
say "  bob   / bob-dev     customer"
say "  sam   / sam-dev     staff (back office, kitchen)"
say "Logs in data/logs/. Press Ctrl-C to stop everything."

# Runs until Ctrl-C, or until one of the services exits by itself (then the others are stopped too).
while :; do
  for i in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      say "${NAMES[$i]} exited by itself; stopping the others. See data/logs/."
      exit 1
    fi
  done
  sleep 1
done
