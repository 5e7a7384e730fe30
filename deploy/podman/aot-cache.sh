#!/usr/bin/env bash
# The four applications' images with a JDK AOT cache trained in the image itself: its own class path, jars and JVM,
# on PostgreSQL, under the deployment suite's workload (deploy/README.md, "The images' JDK AOT cache").
#
#   deploy/podman/aot-cache.sh prepare   empty BRIGADE_AOT_DIR/<service>, writable by the images' user (uid 185);
#                                        then `compose.sh --aot-training up -d` and a workload
#   deploy/podman/aot-cache.sh stop      stop the four gracefully: each JVM writes its cache as it exits
#   deploy/podman/aot-cache.sh bake      brigade/<service>:latest := the image that ran + its cache (aot/Containerfile);
#                                        the image without it stays as brigade/<service>:no-aot
#   deploy/podman/aot-cache.sh check     each running service said it started with its cache, its JVM logged no AOT
#                                        error, and it has /deployments/app.aot mapped
#   deploy/podman/aot-cache.sh check-kube   the same for the pods kube-play.sh played (<app>-pod-0-<app>), each under
#                                        its Deployment's memory limit (printed)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PODMAN_DIR=$ROOT/deploy/podman
source "$PODMAN_DIR/podman-env.sh"
APPS=(catalog-service order-service worker-service frontend-static)
# Writing a cache at exit starts a second JVM that assembles it: seconds alone, longer on two busy cores.
STOP_TIMEOUT=${AOT_STOP_TIMEOUT:-300}

fail() {
  printf 'aot-cache.sh: %s\n' "$*" >&2
  [[ -z ${BRIGADE_SUITE_REASON:-} ]] || printf '%s\n' "$*" >"$BRIGADE_SUITE_REASON"
  exit 1
}
container() { podman ps -a --filter "label=com.docker.compose.service=$1" --format '{{.Names}}' | head -n1; }

prepare() {
  local app
  rm -rf "$BRIGADE_AOT_DIR"
  for app in "${APPS[@]}"; do install -d -m 0775 -o 185 -g 0 "$BRIGADE_AOT_DIR/$app"; done
}

stop() {
  local app c containers=() start=$SECONDS missing=()
  for app in "${APPS[@]}"; do
    c=$(container "$app")
    [[ -n $c ]] || fail "no $app container: start the stack with compose.sh --aot-training up -d"
    # The log read whole first: grep -q quits at its match, and under pipefail podman's SIGPIPE would fail the check.
    grep -q '^AOT cache: training run' <<<"$(podman logs "$c" 2>&1)" \
      || fail "$app ($c) is not a training run (no 'AOT cache: training run' in its log): compose.sh --aot-training up -d"
    containers+=("$c")
  done
  # (podman 4.3 without systemd also says it cannot remove each one's health check timer: kept out of sight)
  podman stop -t "$STOP_TIMEOUT" "${containers[@]}" >/dev/null 2>"$BRIGADE_AOT_DIR/stop.err" \
    || { cat "$BRIGADE_AOT_DIR/stop.err" >&2; fail "podman stop failed"; }
  for app in "${APPS[@]}"; do
    if [[ -s $BRIGADE_AOT_DIR/$app/app.aot ]]; then
      printf '%-16s AOT cache written: %s MB\n' "$app" "$(($(stat -c %s "$BRIGADE_AOT_DIR/$app/app.aot") / 1048576))"
    else
      missing+=("$app")
      podman logs --tail 5 "$(container "$app")" 2>&1 | sed "s/^/    $app: /" >&2
    fi
  done
  echo "stopped and written in $((SECONDS - start)) s"
  ((${#missing[@]} == 0)) || fail "no AOT cache written by ${missing[*]} as it stopped (its last lines above)"
}

bake() {
  local app image builds=() i
  for app in "${APPS[@]}"; do
    [[ -s $BRIGADE_AOT_DIR/$app/app.aot ]] || fail "$app: no $BRIGADE_AOT_DIR/$app/app.aot (aot-cache.sh stop writes it)"
    # The image the training run ran, by its id: brigade/<app>:latest may have been built again since.
    image=$(podman inspect --format '{{.Image}}' "$(container "$app")") || fail "$app: its training container is gone"
    podman tag "$image" "brigade/$app:no-aot"
    # the four builds at once: each mostly copies its cache (46-130 MB)
    podman build -q --build-arg "IMAGE=$image" -f "$PODMAN_DIR/aot/Containerfile" -t "brigade/$app:latest" \
      "$BRIGADE_AOT_DIR/$app" >/dev/null 2>"$BRIGADE_PODMAN_CACHE/build-$app-aot.err" &
    builds+=($!)
  done
  for i in "${!APPS[@]}"; do
    app=${APPS[$i]}
    wait "${builds[$i]}" \
      || { cat "$BRIGADE_PODMAN_CACHE/build-$app-aot.err" >&2; fail "brigade/$app with its AOT cache does not build"; }
    echo "brigade/$app:latest: with its AOT cache (brigade/$app:no-aot: without)"
  done
}

# The JVM maps the cache's regions when it accepts it, and maps nothing when it refuses it (and then logs why, as
# errors). Its AOT warnings are counted, not failed on: JDK 25 warns "Failed to link AdapterHandlerEntry ... to its code
# in the AOT code cache" when two call adapters' fingerprints share a hash (JDK-8364929), and makes that one adapter
# again while it uses the rest of the cache.
check() {
  local find=${1:-container} app c log limit problems=()
  for app in "${APPS[@]}"; do
    c=$($find "$app")
    [[ -n $c ]] || { problems+=("$app: no container"); continue; }
    log=$(podman logs "$c" 2>&1)
    if ! grep -q '^AOT cache: starting with /deployments/app.aot' <<<"$log"; then
      problems+=("$app: its image has no AOT cache ($(grep -m1 '^AOT cache:' <<<"$log" || echo 'no AOT cache line in its log'))")
    elif grep -Eq '^\[[^]]*\]\[error *\]\[aot' <<<"$log"; then
      problems+=("$app: its JVM refused its AOT cache: $(grep -E '^\[[^]]*\]\[error *\]\[aot' <<<"$log" | head -n2 | tr '\n' ' ')")
    elif ! podman exec "$c" bash -c 'for p in /proc/[0-9]*; do grep -qs " /deployments/app.aot$" "$p/maps" && exit 0; done; exit 1'; then
      problems+=("$app: no process in its container has /deployments/app.aot mapped")
    else
      limit=$(podman inspect --format '{{.HostConfig.Memory}}' "$c")
      printf '%-16s started from its AOT cache (/deployments/app.aot, mapped by its JVM; %s AOT warnings; %s)\n' "$app" \
        "$(grep -Ec '^\[[^]]*\]\[warning *\]\[aot' <<<"$log" || true)" \
        "$( ((limit > 0)) && echo "memory limit $((limit / 1048576)) MiB" || echo 'no memory limit')"
    fi
  done
  ((${#problems[@]} == 0)) || fail "$(printf '%s; ' "${problems[@]}")"
}

# kube-play.sh's pods: <workload>-pod-0-<container>, the container named like its Deployment.
kube_container() { podman ps -a --filter "name=^$1-pod-0-$1\$" --format '{{.Names}}' | head -n1; }

case ${1:-} in
  prepare|stop|bake|check) "$1" ;;
  check-kube) check kube_container ;;
  *) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
