# Sourced by the scripts in deploy/podman: podman's settings for this kind of machine and the local image names.
# shellcheck shell=bash

BRIGADE_PODMAN_CACHE=${BRIGADE_PODMAN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/brigade-podman}
mkdir -p "$BRIGADE_PODMAN_CACHE"

# The stand-ins for the public postgres and Keycloak images: compose.local.yaml names the first; the second is the
# base deploy/keycloak/Dockerfile builds brigade/keycloak:<version> on (build-images.sh), which compose.yaml and the
# Kubernetes Deployment run.
BRIGADE_KEYCLOAK_VERSION=$("$(dirname "${BASH_SOURCE[0]}")/../../tools/keycloak.sh" version)
BRIGADE_POSTGRES_IMAGE=localhost/brigade/postgres:debian
BRIGADE_KEYCLOAK_DIST_IMAGE=localhost/brigade/keycloak-dist:$BRIGADE_KEYCLOAK_VERSION
BRIGADE_KEYCLOAK_IMAGE=localhost/brigade/keycloak:$BRIGADE_KEYCLOAK_VERSION
# Where the applications' JDK AOT training runs write their caches (compose.aot-training.yaml, aot-cache.sh).
BRIGADE_AOT_DIR=$BRIGADE_PODMAN_CACHE/aot

# runc, not crun: crun refuses cgroups with hugetlb on cgroup v2, as on these machines. Every rlimit at most the
# current hard limit: without CAP_SYS_RESOURCE, podman's defaults (nofile 1048576) make every container fail to start.
# A file of one's own (CONTAINERS_CONF) wins over all of this.
if [[ -z ${CONTAINERS_CONF:-} ]]; then
  export CONTAINERS_CONF=$BRIGADE_PODMAN_CACHE/containers.conf
  brigade_nofile=$(ulimit -Hn)
  [[ $brigade_nofile == unlimited ]] && brigade_nofile=1048576
  cat >"$CONTAINERS_CONF.tmp" <<EOF
[containers]
default_ulimits = ["nofile=$brigade_nofile:$brigade_nofile", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
  mv "$CONTAINERS_CONF.tmp" "$CONTAINERS_CONF"
  unset brigade_nofile
fi

# Whether podman can run a container here; prints why not.
brigade_podman_ready() {
  if ! command -v podman >/dev/null; then
    echo "podman is not installed (apt-get install podman buildah runc podman-compose debootstrap)" >&2
    return 1
  fi
  if ! podman info >/dev/null 2>"$BRIGADE_PODMAN_CACHE/podman-info.err"; then
    echo "podman cannot run here: $(tail -n 3 "$BRIGADE_PODMAN_CACHE/podman-info.err")" >&2
    return 1
  fi
}
