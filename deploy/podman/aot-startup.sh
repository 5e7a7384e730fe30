#!/usr/bin/env bash
# Launch to the first 200 of /q/health/ready of each service's image with its JDK AOT cache (brigade/<service>:latest)
# and without it (brigade/<service>:no-aot, the same image before aot-cache.sh bake added the cache), side by side in
# one run. Needs the compose stack up with the baked images (`deploy/podman/suite.sh --keep`): each probe is one more
# container of the service on the stack's network, with the running one's environment, read-only like it, its
# management port published on 127.0.0.1; the clock runs from `podman run` to the first 200.
#
#   ROUNDS=3 deploy/podman/aot-startup.sh [service ...]     (default: catalog-service order-service worker-service)
# Under the tests' lock on a shared machine: flock /tmp/brigade-tests.lock deploy/podman/aot-startup.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/deploy/podman/podman-env.sh"
ROUNDS=${ROUNDS:-3}
PROBE_PORT=${PROBE_PORT:-19990}
TIMEOUT=${TIMEOUT:-180}
apps=("$@")
((${#apps[@]})) || apps=(catalog-service order-service worker-service)
fail() { printf 'aot-startup.sh: %s\n' "$*" >&2; exit 1; }
container() { podman ps --filter "label=com.docker.compose.service=$1" --format '{{.Names}}' | head -n1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

WORK=$(mktemp -d "$BRIGADE_PODMAN_CACHE/aot-startup.XXXXXX")
probe=
cleanup() { [[ -z $probe ]] || podman rm -f "$probe" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

# Milliseconds from `podman run` of the image to the first 200 of its readiness check, into ms.
ms=
launch_to_ready() {
  local app=$1 image=$2 running=$3 env=$WORK/$1.env network management start
  podman inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$running" | grep -v '^$' >"$env"
  network=$(podman inspect --format '{{range $name, $n := .NetworkSettings.Networks}}{{$name}}{{end}}' "$running")
  management=$(sed -n 's/^QUARKUS_MANAGEMENT_PORT=//p' "$env")
  probe=aot-probe-$app
  start=$(now_ms)
  podman run -d --name "$probe" --init --network "$network" --env-file "$env" --read-only --tmpfs /tmp \
    --tmpfs /deployments/data:rw,mode=1777 -p "127.0.0.1:$PROBE_PORT:$management" "$image" >/dev/null
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PROBE_PORT/q/health/ready") == 200 ]]; do
    (($(now_ms) - start < TIMEOUT * 1000)) || fail "$image: not ready after $TIMEOUT s ($(podman logs --tail 3 "$probe" 2>&1 | tr '\n' ' '))"
    sleep 0.05
  done
  ms=$(($(now_ms) - start))
  podman logs "$probe" 2>&1 | grep -m1 '^AOT cache:' >"$WORK/$app.$(basename "${image//:/-}").line" || true
  podman rm -f "$probe" >/dev/null
  probe=
}

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }

echo "launch to the first readiness 200, ms; $ROUNDS rounds, alternating; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for app in "${apps[@]}"; do
  running=$(container "$app")
  [[ -n $running ]] || fail "no running $app container: bring the stack up first (deploy/podman/suite.sh --keep)"
  podman image exists "brigade/$app:no-aot" || fail "no brigade/$app:no-aot: the suite's aot-cache.sh bake makes it"
  with=() without=()
  for ((round = 1; round <= ROUNDS; round++)); do
    if ((round % 2)); then
      launch_to_ready "$app" "brigade/$app:no-aot" "$running"; without+=("$ms")
      launch_to_ready "$app" "brigade/$app:latest" "$running"; with+=("$ms")
    else
      launch_to_ready "$app" "brigade/$app:latest" "$running"; with+=("$ms")
      launch_to_ready "$app" "brigade/$app:no-aot" "$running"; without+=("$ms")
    fi
  done
  printf '%-16s with its cache: %s (median %s)   without: %s (median %s)\n' "$app" \
    "${with[*]}" "$(printf '%s\n' "${with[@]}" | median)" "${without[*]}" "$(printf '%s\n' "${without[@]}" | median)"
  cat "$WORK/$app".*.line | sed 's/^/    /'
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
