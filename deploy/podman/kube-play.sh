#!/usr/bin/env bash
# The kind overlay under `podman kube play`: its Deployments, ConfigMaps and Secrets (and the PostgreSQL StatefulSet
# as a Deployment with a claim), with the local images build-images.sh made, one pod per workload on one network where
# each pod answers to its Service's name; then waits until every container's own readinessProbe passes, and prints
# when each did. kube-subset.py says what is left out and why; deploy/README.md ("Podman, without a registry") what
# kube play could not do.
#   deploy/podman/kube-play.sh [up [timeout seconds, default 600] | down]
# No host port is published. Build the images first: deploy/podman/build-images.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PODMAN_DIR=$ROOT/deploy/podman
source "$PODMAN_DIR/podman-env.sh"
NETWORK=brigade-kube
OUT=$BRIGADE_PODMAN_CACHE/kube
# PostgreSQL first, alone until its readinessProbe passes: the others' init containers (wait-for-postgres) are not
# played (kube-subset.py: podman 4.3.1 removes a "once" init container while it runs), so this order stands in for them.
FIRST=postgres
ORDER=(postgres keycloak catalog-service worker-service order-service frontend-static)
fail() { printf 'kube-play.sh: %s\n' "$*" >&2; exit 1; }

down() {
  local file
  # the pods at once: one by one took about 16 s
  for file in "$OUT"/*.yaml; do
    [[ -e $file ]] && { podman kube down "$file" >/dev/null 2>&1 || true; } &
  done
  wait
  # kube play keeps what the claims and the Secrets made: a next run starts from nothing, as a new namespace would.
  [[ -f $OUT/volumes.txt ]] && xargs -r podman volume rm -f <"$OUT/volumes.txt" >/dev/null 2>&1 || true
  for file in "$OUT"/*.secret.json; do
    [[ -e $file ]] && podman secret rm "$(basename "$file" .secret.json)" >/dev/null 2>&1 || true
  done
  podman network exists "$NETWORK" && podman network rm -f "$NETWORK" >/dev/null || true
}

play() {
  local workload=$1
  [[ -n ${service_of[$workload]:-} ]] || fail "the overlay has no workload $workload"
  timeout $((timeout - (SECONDS - start) > 1 ? timeout - (SECONDS - start) : 1)) \
    podman kube play --quiet --replace --network "$NETWORK:alias=${service_of[$workload]}" "$OUT/$workload.yaml" \
    >"$OUT/$workload.play.log" 2>&1 \
    || { cat "$OUT/$workload.play.log" >&2; report_unready; fail "kube play of $workload failed or did not return"; }
  echo "played $workload (answers as ${service_of[$workload]})"
}

# The pod's address on $NETWORK (its infra container's): the httpGet and tcpSocket probes ask it from the host, as a
# kubelet asks from the node; exec probes run inside the container. Once per pod: a pod keeps its address.
pod_ip() {
  local pod=$1 infra
  if [[ -z ${ip_of[$pod]:-} ]]; then
    infra=$(podman pod inspect --format '{{.InfraContainerID}}' "$pod" 2>/dev/null) || return 0
    ip_of[$pod]=$(podman inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$infra" 2>/dev/null \
      | awk '{print $1}' || true)
  fi
  echo "${ip_of[$pod]:-}"
}

# Runs the readinessProbes of the containers of the workloads given (all when none) until each has passed once;
# every second.
wait_ready() {
  local pattern name container where probe c ip passed pending
  pattern="^($(IFS='|'; echo "${*:-.*}"))"$'\t'
  while :; do
    pending=0
    while IFS=$'\t' read -r name container where probe; do
      c="$name-pod-0-$container"
      [[ -n ${ready_at[$c]:-} ]] && continue
      passed=false
      if [[ $where == exec ]]; then
        podman exec "$c" bash -c "$probe" >/dev/null 2>&1 && passed=true
      else
        ip=$(pod_ip "$name-pod-0")
        [[ -n $ip ]] && POD_IP=$ip bash -c "$probe" >/dev/null 2>&1 && passed=true
      fi
      if $passed; then
        ready_at[$c]=$((SECONDS - start))
        printf '%-36s readinessProbe passed after %3d s\n' "$c" "${ready_at[$c]}"
      else
        pending=$((pending + 1))
      fi
    done < <(grep -E "$pattern" "$OUT/played-probes.tsv")
    ((pending == 0)) && return 0
    if ((SECONDS - start > timeout)); then
      echo "kube-play.sh: not ready after $timeout s:" >&2
      report_unready
      exit 1
    fi
    sleep 1
  done
}

# Each container whose readinessProbe has not passed: its state and last lines.
report_unready() {
  local name container where probe c
  while IFS=$'\t' read -r name container where probe; do
    c="$name-pod-0-$container"
    [[ -n ${ready_at[$c]:-} ]] && continue
    echo "  $c ($(podman inspect --format '{{.State.Status}}, exit {{.State.ExitCode}}, restarts {{.RestartCount}}' "$c" 2>&1)); its last lines:" >&2
    podman logs --tail 15 "$c" 2>&1 | sed 's/^/    /' >&2
  done <"$OUT/played-probes.tsv"
}

up() {
  local timeout=${1:-600} workload service start name container probe c
  brigade_podman_ready || exit 1
  command -v kubectl >/dev/null || fail "kubectl is needed to render the overlay (kubectl kustomize)"
  python3 -c 'import yaml' 2>/dev/null || fail "python3 with PyYAML is needed (apt-get install python3-yaml)"
  down
  rm -rf "$OUT" && mkdir -p "$OUT"
  local images
  images=$(printf '{"postgres:16-alpine": "%s", "brigade/keycloak:%s": "%s"' \
    "$BRIGADE_POSTGRES_IMAGE" "$BRIGADE_KEYCLOAK_VERSION" "$BRIGADE_KEYCLOAK_IMAGE")
  for m in catalog-service order-service worker-service frontend-static; do
    images+=", \"brigade/$m:latest\": \"localhost/brigade/$m:latest\""
  done
  kubectl kustomize "$ROOT/deploy/k8s/overlays/kind" >"$OUT/kind.rendered" || fail "kubectl kustomize failed"
  declare -A service_of=()
  while read -r workload service; do service_of[$workload]=$service; done \
    < <("$PODMAN_DIR/kube-subset.py" "$OUT" "$images}" <"$OUT/kind.rendered")
  grep -E "^($(IFS='|'; echo "${ORDER[*]}"))"$'\t' "$OUT/probes.tsv" >"$OUT/played-probes.tsv"
  podman network create "$NETWORK" >/dev/null
  for file in "$OUT"/*.secret.json; do
    podman secret create "$(basename "$file" .secret.json)" "$file" >/dev/null
  done

  declare -A ready_at=() ip_of=()
  start=$SECONDS
  play "$FIRST"
  wait_ready "$FIRST"
  # the others at once (one by one, each play took a few seconds): they need only PostgreSQL
  local plays=() pid
  for workload in "${ORDER[@]}"; do
    [[ $workload == "$FIRST" ]] || { play "$workload" & plays+=($!); }
  done
  for pid in "${plays[@]}"; do
    wait "$pid" || fail "a kube play failed (its output above)"
  done
  local others=()
  for workload in "${!service_of[@]}"; do
    [[ " ${ORDER[*]} " == *" $workload "* ]] || others+=("$workload")
  done
  # the observability component's (otel-collector, jaeger): their public images cannot be pulled nor built here
  ((${#others[@]} == 0)) || echo "not played (no local image): ${others[*]}"

  wait_ready
  echo "every readinessProbe passed after $((SECONDS - start)) s"
}

case ${1:-up} in
  up) shift || true; up "$@" ;;
  down) down ;;
  *) fail "usage: kube-play.sh [up [timeout seconds] | down]" ;;
esac
