#!/usr/bin/env bash
# The whole run on this machine, from a checkout: package the four applications for PostgreSQL, build the images
# (deploy/podman/build-images.sh), bring deploy/compose.yaml up with podman-compose (compose.sh), wait until
# everything answers (wait-ready.sh), check out once to an invoice PDF (checkout.sh), check CORS and kill a worker child
# (checks.sh), then take the stack down with its volumes. Prints the time of each step.
#   deploy/podman/smoke.sh [--keep]     --keep: leave the stack running (deploy/podman/compose.sh down -v stops it)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PODMAN_DIR=$ROOT/deploy/podman
source "$PODMAN_DIR/podman-env.sh"
keep=false
[[ ${1:-} == --keep ]] && keep=true

fail() { printf 'smoke.sh: %s\n' "$*" >&2; exit 1; }
brigade_podman_ready || fail "podman cannot run containers here (above)"
command -v podman-compose >/dev/null || fail "podman-compose is not installed (apt-get install podman-compose)"

# compose publishes fixed ports: someone's ./run.sh or a test run on them would make this run fail halfway.
busy=$(ss -ltnH 2>/dev/null | awk '{print $4}' | grep -E ':(8000|8081|8082|8083|8180)$' || true)
[[ -z $busy ]] || fail "ports compose publishes are taken: $(tr '\n' ' ' <<<"$busy")(stop what listens there first)"

TIMINGS=()
timed() {
  local name=$1 start=$SECONDS
  shift
  printf '== %s\n' "$name" >&2
  "$@"
  TIMINGS+=("$(printf '%-36s %4d s' "$name" $((SECONDS - start)))")
}
finish() {
  local rc=$?
  if ! $keep || ((rc != 0)); then
    printf '== compose down -v\n' >&2
    "$PODMAN_DIR/compose.sh" down -v >"$BRIGADE_PODMAN_CACHE/compose-down.log" 2>&1 \
      || echo "smoke.sh: compose down failed: $BRIGADE_PODMAN_CACHE/compose-down.log" >&2
  fi
  printf '\nsmoke step                            time\n' >&2
  printf '%s\n' "${TIMINGS[@]}" >&2
  ((rc == 0)) && echo "smoke.sh: passed" >&2 || echo "smoke.sh: FAILED" >&2
}
trap finish EXIT

compose_up() {
  "$PODMAN_DIR/compose.sh" up -d >"$BRIGADE_PODMAN_CACHE/compose-up.log" 2>&1 \
    || { tail -n 20 "$BRIGADE_PODMAN_CACHE/compose-up.log" >&2; fail "compose up failed (log: $BRIGADE_PODMAN_CACHE/compose-up.log)"; }
}

timed "build images (with mvn package)" "$PODMAN_DIR/build-images.sh" --package
timed "compose up -d" compose_up
timed "until all ready" "$PODMAN_DIR/wait-ready.sh" 420
timed "checkout to invoice PDF" "$PODMAN_DIR/checkout.sh" "$BRIGADE_PODMAN_CACHE/invoice.pdf"
timed "CORS; a child killed; checkout" "$PODMAN_DIR/checks.sh"
