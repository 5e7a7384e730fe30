#!/usr/bin/env bash
# podman-compose with deploy/compose.yaml and this machine's stand-ins (compose.local.yaml) and podman settings.
#   deploy/podman/compose.sh up -d        deploy/podman/compose.sh ps        deploy/podman/compose.sh down [-v]
#   deploy/podman/compose.sh --aot-training up -d   the four applications as a JDK AOT training run
#                                                   (compose.aot-training.yaml; aot-cache.sh makes BRIGADE_AOT_DIR)
# Build the images first: deploy/podman/build-images.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/deploy/podman/podman-env.sh"
brigade_podman_ready || exit 1
command -v podman-compose >/dev/null || { echo "compose.sh: podman-compose is not installed (apt-get install podman-compose)" >&2; exit 1; }
files=(-f "$ROOT/deploy/compose.yaml" -f "$ROOT/deploy/podman/compose.local.yaml")
if [[ ${1:-} == --aot-training ]]; then
  shift
  files+=(-f "$ROOT/deploy/podman/compose.aot-training.yaml")
fi
export BRIGADE_POSTGRES_IMAGE BRIGADE_AOT_DIR
exec podman-compose "${files[@]}" "$@"
