#!/usr/bin/env bash
# Quarkus dev mode (live reload) for one module or the whole shop, from a fresh clone:
#
#   ./dev.sh catalog-service [more quarkus:dev arguments]   one module: catalog-service, order-service,
#                                                           worker-service or frontend-static
#   ./dev.sh all                                            Keycloak 8180, catalog 8081, order 8082, worker 8083,
#                                                           page 8000
#   ./dev.sh keycloak                                       Keycloak alone (the services sign nobody in without it)
#
# Nothing is installed into the local Maven repository: each dev session runs in this reactor
# (`-pl <module> -am`), so Maven takes common/ and test-support/ from their folders and Quarkus watches their
# sources too. Quarkus 3.33's dev mode needs Maven 3.9 or newer; if the `mvn` on the PATH is older (Debian's is
# 3.8), that `mvn` fetches Maven 3.9 from Maven Central once, into ~/.m2/brigade-maven, for dev mode only.
# Ctrl-C (or SIGTERM) stops every process this script started, the worker's child JVMs included.
set -euo pipefail
cd "$(dirname "$0")"

MODULES=(catalog-service order-service worker-service frontend-static)
declare -A PORT=([catalog-service]=8081 [order-service]=8082 [worker-service]=8083 [frontend-static]=8000)
# Each dev JVM gets its own debugger port, so the four can run side by side.
declare -A DEBUG_PORT=([catalog-service]=5005 [order-service]=5006 [worker-service]=5007 [frontend-static]=5008)

usage() { echo "usage: ./dev.sh <${MODULES[*]// /|}|keycloak|all> [quarkus:dev arguments]" >&2; exit 2; }
target="${1:-}"
[[ -n "$target" ]] || usage
shift
KEYCLOAK_PORT=8180
# Keycloak in its development mode, from tools/keycloak.sh, with its data in data/keycloak as for ./run.sh.
if [[ "$target" == keycloak ]]; then
  exec tools/keycloak.sh run data/keycloak "$KEYCLOAK_PORT"
fi
if [[ "$target" != all && -z "${PORT[$target]:-}" ]]; then
  echo "dev.sh: no dev-mode module '$target' here" >&2
  usage
fi

source tools/java.sh
brigade_use_jdk25 || exit 1

maven_version=3.9.16
mvn_cmd=mvn
if ! mvn -v 2>/dev/null | head -1 | grep -Eq 'Apache Maven (3\.(9|[1-9][0-9])|[4-9])\.'; then
  home="$HOME/.m2/brigade-maven/apache-maven-$maven_version"
  if [[ ! -x "$home/bin/mvn" ]]; then
    echo "dev.sh: the mvn on the PATH is older than 3.9; fetching Maven $maven_version for dev mode..."
    mvn -q -B dependency:unpack -Dartifact="org.apache.maven:apache-maven:$maven_version:tar.gz:bin" \
      -DoutputDirectory="$HOME/.m2/brigade-maven"
  fi
  mvn_cmd="$home/bin/mvn"
fi

# One module in the foreground: Maven's own console, Quarkus's keys (s = restart, q = quit) work as usual.
if [[ "$target" != all ]]; then
  # `compile` builds the shared modules of the reactor first; quarkus:dev then runs for the service only.
  # worker-service's tests use worker-child's test classes, which a reactor resolves only once they are compiled.
  phase=compile
  [[ "$target" != worker-service ]] || phase=test-compile
  exec "$mvn_cmd" -pl "$target" -am "$phase" quarkus:dev -Ddebug="${DEBUG_PORT[$target]}" "$@"
fi

# The whole shop: the shared modules are compiled once (test classes too, for worker-service, see above; each
# session's own test-compile then finds them up to date), then each service runs its own dev session, in its own
# process group (so that stopping it stops its dev JVM and that JVM's children), with its log lines prefixed.
"$mvn_cmd" -q -B -pl "$(IFS=,; echo "${MODULES[*]}")" -am test-compile
tools/keycloak.sh prepare data/keycloak
declare -A GROUP=()
stop_all() {
  trap - INT TERM EXIT
  echo "dev.sh: stopping ${!GROUP[*]}"
  for module in "${!GROUP[@]}"; do kill -TERM -- "-${GROUP[$module]}" 2>/dev/null || true; done
  for _ in $(seq 1 100); do
    alive=0
    for module in "${!GROUP[@]}"; do kill -0 -- "-${GROUP[$module]}" 2>/dev/null && alive=1; done
    [[ $alive == 1 ]] || break
    sleep 0.2
  done
  for module in "${!GROUP[@]}"; do kill -KILL -- "-${GROUP[$module]}" 2>/dev/null || true; done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

setsid bash -c 'exec tools/keycloak.sh run data/keycloak "$0" 2>&1 | sed -u "s/^/[keycloak] /"' "$KEYCLOAK_PORT" &
GROUP[keycloak]=$!
for module in "${MODULES[@]}"; do
  name="${module%-service}"
  # setsid: a new process group whose id is the pid printed here; sed prefixes every line, unbuffered.
  setsid bash -c 'exec "$0" -B -pl "$1" -am test-compile quarkus:dev -Ddebug="$2" -Dquarkus.console.enabled=false "${@:4}" 2>&1 \
                  | sed -u "s/^/[$3] /"' "$mvn_cmd" "$module" "${DEBUG_PORT[$module]}" "$name" "$@" &
  GROUP[$module]=$!
done

echo "dev.sh: starting the shop in dev mode (Ctrl-C stops it all)"
until curl -fsS -o /dev/null "http://localhost:$KEYCLOAK_PORT/realms/brigade/.well-known/openid-configuration" 2>/dev/null; do
  kill -0 -- "-${GROUP[keycloak]}" 2>/dev/null || { echo "dev.sh: Keycloak stopped before it was ready" >&2; exit 1; }
  sleep 1
done
for module in "${MODULES[@]}"; do
  port="${PORT[$module]}"
  # /q/health and the API docs are on the management port, the public port + 1000; the Dev UI on the public one.
  until curl -fsS -o /dev/null "http://localhost:$((port + 1000))/q/health/ready" 2>/dev/null \
        || { [[ $module == frontend-static ]] && curl -fsS -o /dev/null "http://localhost:$port/" 2>/dev/null; }; do
    kill -0 -- "-${GROUP[$module]}" 2>/dev/null || { echo "dev.sh: $module stopped before it was ready" >&2; exit 1; }
    sleep 1
  done
done
echo
echo "dev.sh: the shop runs in dev mode; edit a file and send the next request to see the change."
for module in "${MODULES[@]}"; do
  port="${PORT[$module]}"
  swagger="  Swagger UI http://localhost:$((port + 1000))/q/swagger-ui/"
  [[ $module == frontend-static ]] && swagger="  (static files, no API)"
  printf '  %-16s http://localhost:%s/  Dev UI http://localhost:%s/q/dev-ui/%s  debugger :%s\n' \
    "$module" "$port" "$port" "$swagger" "${DEBUG_PORT[$module]}"
done
echo "  keycloak         http://localhost:$KEYCLOAK_PORT/  dev users alice/alice-dev, bob/bob-dev (customers), sam/sam-dev (staff)"
wait
