#!/usr/bin/env bash
# Waits until the compose stack that deploy/podman/compose.sh started answers: Keycloak serves the realm on its
# published port, each service's /q/health/ready is 200 on its management port (asked at the container's address on
# the stack's network: that port is not published), and the shop page is 200; checked every second. Prints when each
# was ready.
# Fails at once, naming the container, its state and its log's first errors and last lines, when a container of the
# stack cannot start: it has stopped (for 3 checks in a row: `restart: on-failure` brings a failed one back within a
# second) or has been restarted 3 times (a wrong path, a missing variable, a read-only directory it writes to ...),
# both counted from when PostgreSQL takes connections: podman-compose does not wait for PostgreSQL's health check, so
# before that a service may start, find no database and be restarted, however slow the machine.
#   deploy/podman/wait-ready.sh [timeout seconds, default 300]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/deploy/podman/podman-env.sh"
timeout=${1:-300}

# The container of a compose service, whatever project name podman-compose gave it.
container() { podman ps -a --filter "label=com.docker.compose.service=$1" --format '{{.Names}}' | head -n1; }

# One look at the whole stack per check, two podman calls (each podman call costs a quarter of a second and CPU the
# starting JVMs need; asking per container took 20 of them, about 5 s, per check): each compose service's container,
# state, exit code, restarts and address on the stack's network, into name_of, state_of, ip_of.
declare -A name_of=() state_of=() ip_of=()
look() {
  local names service name status code restarts ip
  name_of=() state_of=() ip_of=()
  names=$(podman ps -a --filter label=com.docker.compose.service --format '{{.Names}}')
  [[ -n $names ]] || return 0
  # shellcheck disable=SC2086
  while read -r service name status code restarts ip; do
    [[ -n ${name_of[$service]:-} ]] && continue
    name_of[$service]=$name state_of[$service]="$status $code $restarts" ip_of[$service]=${ip%% *}
  done < <(podman inspect --format '{{index .Config.Labels "com.docker.compose.service"}} {{.Name}} {{.State.Status}} {{.State.ExitCode}} {{.RestartCount}} {{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' $names 2>/dev/null)
}

# /q/health/ready on the management port, at the container's address on the stack's network (compose does not
# publish that port): what another container of the stack, or a kubelet, would ask.
service_ready() {
  local ip=${ip_of[$1]:-}
  [[ -n $ip && ${state_of[$1]%% *} == running ]] \
    && [[ $(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://$ip:$2/q/health/ready") == 200 ]]
}

declare -A checks=(
  [keycloak]="curl -sf -o /dev/null -m 3 http://localhost:8180/realms/brigade"
  [catalog-service]="service_ready catalog-service 9081"
  [order-service]="service_ready order-service 9082"
  [worker-service]="service_ready worker-service 9083"
  [frontend-static]="service_ready frontend-static 9000"
  [shop-page]="curl -sf -o /dev/null -m 3 http://localhost:8000/"
)
# The stack's containers; PostgreSQL has no check above (the services' readiness needs it).
SERVICES=(postgres keycloak catalog-service order-service worker-service frontend-static)
RESTARTS=3 STOPPED_CHECKS=3
declare -A stopped_for=() restarts_before_database=()
database_up=false

# compose's own health check for PostgreSQL, over TCP as the services connect.
database_accepts() {
  local c=${name_of[postgres]:-}
  [[ -n $c && ${state_of[postgres]%% *} == running ]] && podman exec "$c" pg_isready -q -h 127.0.0.1 -U postgres -d worker 2>/dev/null
}

# Whether the container of compose service $1 cannot start, and then why (in `why`). Not run in a subshell: it keeps
# its counts between checks.
cannot_start() {
  local c=${name_of[$1]:-} status code restarts
  [[ -n $c ]] || { why="no container (compose up did not create it)"; return 0; }
  read -r status code restarts <<<"${state_of[$1]}"
  if ! $database_up && [[ $1 != postgres ]]; then
    # stopped or restarted while there is no database to connect to: not counted
    restarts_before_database[$1]=$restarts
    return 1
  fi
  restarts=$((restarts - ${restarts_before_database[$1]:-0}))
  if [[ $status == running ]]; then
    stopped_for[$1]=0
    ((restarts < RESTARTS)) && return 1
    why="container $c exits at every start (restarted $restarts times since PostgreSQL took connections)"
    return 0
  fi
  stopped_for[$1]=$((${stopped_for[$1]:-0} + 1))
  ((stopped_for[$1] < STOPPED_CHECKS && restarts < RESTARTS)) && return 1
  why="container $c is $status, exit code $code, after $restarts restarts"
}

# The container's log, readable (log-lines.py: a JSON line's innermost exception): its distinct errors, then its
# last distinct lines.
explain() {
  local c
  c=$(container "$1")
  [[ -n $c ]] || return 0
  podman logs "$c" >"$log_scratch" 2>&1 || true
  "$ROOT/deploy/podman/log-lines.py" errors <"$log_scratch" >"$log_scratch.errors"
  if [[ -s $log_scratch.errors ]]; then
    echo "  its errors:"
    sed 's/^/    /' "$log_scratch.errors"
  fi
  echo "  its last lines:"
  "$ROOT/deploy/podman/log-lines.py" last 8 <"$log_scratch" | sed 's/^/    /'
}
log_scratch=$(mktemp)
trap 'rm -f "$log_scratch" "$log_scratch.errors"' EXIT

declare -A ready_at=()
start=$SECONDS
while ((${#ready_at[@]} < ${#checks[@]})); do
  look
  $database_up || ! database_accepts || database_up=true
  for name in "${SERVICES[@]}"; do
    [[ -n ${ready_at[$name]:-} ]] && continue
    if cannot_start "$name"; then
      explain "$name" >&2
      reason="$name cannot start: $why; $(head -n1 "$log_scratch.errors" 2>/dev/null)"
      echo "wait-ready.sh: $reason (after waiting $((SECONDS - start)) s)" >&2
      # the suite repeats it in its last lines
      [[ -z ${BRIGADE_SUITE_REASON:-} ]] || echo "$reason" >"$BRIGADE_SUITE_REASON"
      exit 1
    fi
  done
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
  sleep 1
done
# A restart on the way (a service that started before PostgreSQL took connections) is said, not hidden.
for name in "${SERVICES[@]}"; do
  c=$(container "$name")
  restarts=$(podman inspect --format '{{.RestartCount}}' "$c" 2>/dev/null || echo '?')
  [[ $restarts == 0 ]] || echo "$name was restarted $restarts times on the way"
done
