#!/usr/bin/env bash
# The deployment suite on podman, from a checkout: build the images (build-images.sh), bring deploy/compose.yaml up with
# the local stand-ins (compose.sh), then check what a user or an operator would notice: everything ready
# (wait-ready.sh), the shop page in Chromium (shop-page.sh), a checkout to an invoice PDF rendered by a child JVM in the
# worker container (checkout.sh), CORS for the page's origin and not a foreign one and a worker child killed
# (checks.sh); that first up is the applications' JDK AOT training run: stopped, each writes its cache, which goes into
# its image (aot-cache.sh); then the orders kept by `down` and `up` (orders-kept.sh) with those images, which start
# from their cache (aot-cache.sh check); always `down -v` at the end. Beside that, from the bake on, the kind overlay
# under `podman kube play` with the same images until every readinessProbe passes, each application started from its
# AOT cache under its pod's memory limit, and taken down (kube-play.sh; not with --keep, which leaves compose
# running): it publishes no host port and has a network of its own, so the two do not meet. Prints each step's time
# and ends with "suite: N passed, N failed".
#
#   deploy/podman/suite.sh [--no-package] [--keep] [--if-possible]
#     --no-package   use the four applications as already packaged with -Ppostgres (else mvn package first)
#     --keep         leave the compose stack up after a pass (deploy/podman/compose.sh down -v stops it)
#     --if-possible  where podman cannot run containers, print why and exit 0 (what .ci/run does)
# Compose publishes fixed host ports (8000, 8081-8083, 8180); on a shared machine run it under the tests' lock:
#   flock /tmp/brigade-tests.lock deploy/podman/suite.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PODMAN_DIR=$ROOT/deploy/podman
source "$PODMAN_DIR/podman-env.sh"
package=--package keep=false if_possible=false
for arg in "$@"; do
  case $arg in
    --no-package) package= ;;
    --keep) keep=true ;;
    --if-possible) if_possible=true ;;
    *) echo "suite.sh: unknown argument '$arg' (--no-package, --keep, --if-possible)" >&2; exit 2 ;;
  esac
done

fail() { printf 'suite.sh: %s\n' "$*" >&2; exit 1; }
cannot_run() {
  if $if_possible; then echo "suite: skipped: $*"; exit 0; fi
  fail "$*"
}
reason=$(brigade_podman_ready 2>&1) || cannot_run "podman cannot run containers here: $reason"
command -v podman-compose >/dev/null || cannot_run "podman-compose is not installed (apt-get install podman-compose)"

# compose publishes fixed ports: someone's ./run.sh or a test run on them would make this run fail halfway.
busy=$(ss -ltnH 2>/dev/null | awk '{print $4}' | grep -E ':(8000|8081|8082|8083|8180)$' || true)
[[ -z $busy ]] || fail "ports compose publishes are taken: $(tr '\n' ' ' <<<"$busy")(stop what listens there first)"

OUT=$BRIGADE_PODMAN_CACHE/suite
rm -rf "$OUT" && mkdir -p "$OUT"
# A step that knows why it failed in one line writes it here (wait-ready.sh: which container cannot start, its error);
# the suite's last lines repeat it.
export BRIGADE_SUITE_REASON=$OUT/failure-reason
TIMINGS=() passed=0 failed=0 current= kube_played=false compose_down=false background= background_name=
# One step may run in the background beside the others (kube play beside compose's down and up): its output goes to
# a file and is shown, with its time, when the suite waits for it (join_background).
in_background() {
  background_name=$1
  shift
  printf '\n== %s: started, beside the next steps (its output when it ends)\n' "$background_name" >&2
  set -m
  (
    start=$SECONDS
    "$@"
    echo $((SECONDS - start)) >"$OUT/background.seconds"
  ) >"$OUT/background.log" 2>&1 &
  background=$!
  set +m
}
join_background() {
  local rc=0
  current=$background_name
  printf '\n== %s\n' "$background_name" >&2
  wait "$background" || rc=$?
  background=
  cat "$OUT/background.log" >&2
  ((rc == 0)) || exit "$rc"
  TIMINGS+=("$(printf '%-44s %4d s' "$background_name" "$(cat "$OUT/background.seconds")")")
  passed=$((passed + 1))
}
step() {
  local name=$1 start=$SECONDS
  shift
  current=$name
  printf '\n== %s\n' "$name" >&2
  "$@"
  TIMINGS+=("$(printf '%-44s %4d s' "$name" $((SECONDS - start)))")
  passed=$((passed + 1))
}
# What failed, in the words of the containers: each one's state and, unless it is running, its last lines.
diagnose() {
  local c
  printf '\nsuite.sh: "%s" failed; the containers:\n' "$current" >&2
  for c in $(podman ps -a --format '{{.Names}}'); do
    podman inspect --format '{{.Name}}  {{.State.Status}}, exit code {{.State.ExitCode}}, restarted {{.RestartCount}} times' "$c" >&2 || true
  done
  for c in $(podman ps -a --filter status=exited --filter status=created --format '{{.Names}}'); do
    printf -- '--- %s (exit %s), its last lines:\n' "$c" "$(podman inspect --format '{{.State.ExitCode}}' "$c")" >&2
    podman logs --tail 40 "$c" 2>&1 | "$PODMAN_DIR/log-lines.py" last 10 | sed 's/^/    /' >&2
  done
}
finish() {
  local rc=$?
  if ((rc != 0)); then
    failed=1
    if [[ -n $background ]]; then
      # a foreground step failed while kube play ran: stopped (its own process group), then taken down below
      kill -- "-$background" 2>/dev/null || true
      wait "$background" 2>/dev/null || true
      background=
      printf '\n== %s (stopped; its output so far: %s)\n' "$background_name" "$OUT/background.log" >&2
      tail -n 30 "$OUT/background.log" >&2 || true
    fi
    diagnose
  fi
  if ((rc != 0)) && $kube_played; then
    printf '\n== kube play down\n' >&2
    "$PODMAN_DIR/kube-play.sh" down >&2 || echo "suite.sh: kube-play.sh down failed" >&2
  fi
  if (! $keep || ((rc != 0))) && ! $compose_down; then
    printf '\n== compose down -v\n' >&2
    "$PODMAN_DIR/compose.sh" down -v >"$OUT/compose-down.log" 2>&1 || echo "suite.sh: compose down failed: $OUT/compose-down.log" >&2
  fi
  printf '\nsuite step                                    time\n' >&2
  printf '%s\n' "${TIMINGS[@]}" >&2
  printf '%-44s %4d s\n' "the suite, in all" "$SECONDS" >&2
  if ((failed)); then
    echo "suite: FAILED at \"$current\": $(cat "$BRIGADE_SUITE_REASON" 2>/dev/null || echo 'its output above says why')"
  fi
  echo "suite: $passed passed, $failed failed"
}
trap finish EXIT

compose_up() {
  "$PODMAN_DIR/compose.sh" "$@" up -d >"$OUT/compose-up.log" 2>&1 \
    || { tail -n 20 "$OUT/compose-up.log" >&2; fail "compose up failed (log: $OUT/compose-up.log)"; }
  "$PODMAN_DIR/wait-ready.sh" 420
}
down_up_keeps_orders() {
  "$PODMAN_DIR/compose.sh" down >"$OUT/compose-down-keep.log" 2>&1 \
    || { tail -n 20 "$OUT/compose-down-keep.log" >&2; fail "compose down failed"; }
  compose_up
  "$PODMAN_DIR/orders-kept.sh" "$(cat "$OUT/order-id")" "$OUT/invoice-kept.pdf"
}
compose_down_volumes() {
  "$PODMAN_DIR/compose.sh" down -v >"$OUT/compose-down.log" 2>&1 \
    || { tail -n 20 "$OUT/compose-down.log" >&2; fail "compose down -v failed"; }
  compose_down=true
}
# The first up is the applications' JDK AOT training run; the workload until here trains it (aot-cache.sh).
aot_training_up() {
  "$PODMAN_DIR/aot-cache.sh" prepare
  compose_up --aot-training
}
aot_caches_baked() {
  "$PODMAN_DIR/aot-cache.sh" stop
  "$PODMAN_DIR/aot-cache.sh" bake
}
kube_play() {
  "$PODMAN_DIR/kube-play.sh" up 420
  "$PODMAN_DIR/aot-cache.sh" check-kube
  "$PODMAN_DIR/kube-play.sh" down
}

step "images (build-images.sh${package:+ $package})" "$PODMAN_DIR/build-images.sh" $package
step "compose up until all ready (AOT training)" aot_training_up
step "shop page in Chromium" "$PODMAN_DIR/shop-page.sh" "$OUT/shop-page.png"
step "checkout to an invoice PDF" "$PODMAN_DIR/checkout.sh" "$OUT/invoice.pdf" "$OUT/order-id"
step "CORS; a worker child killed; checkout" "$PODMAN_DIR/checks.sh"
step "AOT caches: written at stop, into images" aot_caches_baked
# kube play renders the overlay with kubectl and cuts it with PyYAML: without them, --if-possible says so and skips it.
KUBE_STEP="kube play: readinessProbes, AOT caches; down"
if ! $keep; then
  if command -v kubectl >/dev/null && python3 -c 'import yaml' 2>/dev/null; then
    kube_played=true
    in_background "$KUBE_STEP" kube_play
  elif $if_possible; then
    echo "suite: kube play skipped: kubectl or python3-yaml is missing"
  else
    fail "kube play needs kubectl and python3-yaml (apt-get install python3-yaml), or run with --if-possible"
  fi
fi
step "down, up: the order kept" down_up_keeps_orders
step "images start from their AOT cache" "$PODMAN_DIR/aot-cache.sh" check
$keep || step "compose down -v" compose_down_volumes
[[ -z $background ]] || join_background
