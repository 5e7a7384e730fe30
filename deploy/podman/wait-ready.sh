#!/usr/bin/env bash
# Waits until the compose stack that deploy/podman/compose.sh started answers: Keycloak serves the realm on its
# published port, each service's /q/health/ready is 200 on its management port (asked from inside its container, as
# compose's own health check does: that port is not published), and the shop page is 200. Prints when each was ready.
#   deploy/podman/wait-ready.sh [timeout seconds, default 300]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/deploy/podman/podman-env.sh"
timeout=${1:-300}

# The container of a compose service, whatever project name podman-compose gave it.
container() { podman ps -a --filter "label=com.docker.compose.service=$1" --format '{{.Names}}' | head -n1; }

service_ready() {
  local name=$1 port=$2 c
  c=$(container "$name")
  [[ -n $c ]] || return 1
  podman exec "$c" bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && printf 'GET /q/health/ready HTTP/1.0\r\n\r\n' >&3 \
    && head -n1 <&3" 2>/dev/null | grep -q ' 200 '
}

declare -A checks=(
  [keycloak]="curl -sf -o /dev/null -m 3 http://localhost:8180/realms/brigade"
  [catalog-service]="service_ready catalog-service 9081"
  [order-service]="service_ready order-service 9082"
  [worker-service]="service_ready worker-service 9083"
  [frontend-static]="service_ready frontend-static 9000"
  [shop-page]="curl -sf -o /dev/null -m 3 http://localhost:8000/"
)
declare -A ready_at=()
start=$SECONDS
while ((${#ready_at[@]} < ${#checks[@]})); do
  for name in "${!checks[@]}"; do
    [[ -n ${ready_at[$name]:-} ]] && continue
    if ${checks[$name]}; then
      ready_at[$name]=$((SECONDS - start))
      printf '%-16s ready after %3d s\n' "$name" "${ready_at[$name]}"
    fi
  done
  if ((SECONDS - start > timeout)); then
    echo "wait-ready.sh: not ready after ${timeout} s:" >&2
    for name in "${!checks[@]}"; do
      [[ -n ${ready_at[$name]:-} ]] && continue
      c=$(container "${name/shop-page/frontend-static}")
      echo "  $name (container ${c:-none}: $(podman inspect --format '{{.State.Status}}, exit {{.State.ExitCode}}, restarts {{.RestartCount}}' "$c" 2>/dev/null)); its last lines:" >&2
      [[ -n $c ]] && podman logs --tail 15 "$c" 2>&1 | sed 's/^/    /' >&2
    done
    exit 1
  fi
  sleep 2
done
