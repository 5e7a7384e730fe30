#!/usr/bin/env bash
# Checks against the running compose stack (deploy/podman/compose.sh up -d, then wait-ready.sh):
#   CORS: each API's preflight from the page's origin is allowed for exactly that origin, a foreign origin's is refused;
#   the brigade: a child JVM of worker-service killed with SIGKILL inside its container is replaced, and a checkout
#   afterwards still reaches its invoice PDF (checkout.sh).
#   deploy/podman/checks.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/deploy/podman/podman-env.sh"
PAGE=http://localhost:8000
FOREIGN=http://foreign.example
fail() { printf 'checks.sh: %s\n' "$*" >&2; exit 1; }

preflight() {
  curl -s -o /dev/null -D - -X OPTIONS -H "Origin: $2" -H 'Access-Control-Request-Method: POST' \
    -H 'Access-Control-Request-Headers: authorization,content-type' "$1" | tr -d '\r'
}
for api in http://localhost:8081/api/products http://localhost:8082/api/orders http://localhost:8083/api/jobs; do
  allowed=$(preflight "$api" "$PAGE")
  grep -qix "access-control-allow-origin: $PAGE" <<<"$allowed" \
    || fail "$api: the preflight from $PAGE is not allowed for it: $(head -n1 <<<"$allowed")"
  refused=$(preflight "$api" "$FOREIGN")
  ! grep -qi '^access-control-allow-origin:' <<<"$refused" \
    || fail "$api: the preflight from $FOREIGN is allowed: $(grep -i '^access-control-allow-origin:' <<<"$refused")"
  echo "CORS $api: $PAGE allowed, $FOREIGN refused ($(head -n1 <<<"$refused"))"
done

worker=$(podman ps --filter label=com.docker.compose.service=worker-service --format '{{.Names}}' | head -n1)
[[ -n $worker ]] || fail "no worker-service container is running"
# The children: the worker's JVMs other than the service itself (which runs -jar quarkus-run.jar).
children() {
  podman exec "$worker" bash -c 'for p in /proc/[0-9]*; do
      [[ $(readlink "$p/exe" 2>/dev/null) == */bin/java ]] || continue
      [[ $(tr "\0" " " <"$p/cmdline" 2>/dev/null) == *quarkus-run.jar* ]] || echo "${p#/proc/}"
    done' | sort -n
}
before=$(children)
[[ -n $before ]] || fail "worker-service runs no child JVM"
victim=$(head -n1 <<<"$before")
podman exec "$worker" bash -c "kill -KILL $victim"
echo "killed child $victim of worker-service (children were: $(echo $before))"
for _ in $(seq 60); do
  now=$(children)
  if [[ $(wc -l <<<"$now") == $(wc -l <<<"$before") ]] && ! grep -qx "$victim" <<<"$now"; then
    break
  fi
  sleep 1
done
grep -qx "$victim" <<<"$now" && fail "child $victim still there 60 s after SIGKILL"
[[ $(wc -l <<<"$now") == $(wc -l <<<"$before") ]] \
  || fail "worker-service has $(wc -l <<<"$now") children 60 s after the kill, had $(wc -l <<<"$before")"
echo "replaced: children now $(echo $now)"
"$ROOT/deploy/podman/checkout.sh" "$BRIGADE_PODMAN_CACHE/invoice-after-kill.pdf"
