#!/usr/bin/env bash
# Builds Brigade's images with podman on a machine that reaches no container registry: a local Java 25 base
# (debootstrap minbase + a copy of the machine's Temurin JDK 25), the four services from their packaged
# target/quarkus-app (built for PostgreSQL; without a JDK AOT cache: aot-cache.sh trains one in the image and adds
# it), and local stand-ins for PostgreSQL and Keycloak. deploy/README.md ("Podman, without a registry") says what it
# does and how long each step took.
#
#   deploy/podman/build-images.sh [--package] [image ...]
#     --package   first run `mvn -Ppostgres package -DskipTests` for the four applications
#     image       any of: base catalog-service order-service worker-service frontend-static postgres keycloak
#                 (default: all of them; the base is made whenever an image needs it and it is missing or stale)
#
# Environment: BRIGADE_PODMAN_CACHE (default ~/.cache/brigade-podman: containers.conf, Keycloak's distribution),
# JDK25_HOME (the JDK copied into the base; default: tools/java.sh's choice), DEBIAN_MIRROR (default: the machine's
# own apt source), CONTAINERS_CONF (default: the file this script writes into the cache).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PODMAN_DIR=$ROOT/deploy/podman
source "$PODMAN_DIR/podman-env.sh"

APPS=(catalog-service order-service worker-service frontend-static)
ALL=(base "${APPS[@]}" postgres keycloak)
BASE_IMAGE=localhost/brigade/java-base:25
# Bump when the base's recipe changes, so that a cached base is made again.
BASE_RECIPE=2

fail() {
  printf 'build-images.sh: %s\n' "$*" >&2
  # suite.sh repeats it in its last lines
  [[ -z ${BRIGADE_SUITE_REASON:-} ]] || printf '%s\n' "$*" >"$BRIGADE_SUITE_REASON"
  exit 1
}
say() { printf '== %s\n' "$*" >&2; }

TIMINGS=()
# Runs one step and keeps its wall-clock time for the summary.
timed() {
  local name=$1 start=$SECONDS
  shift
  say "$name"
  "$@"
  TIMINGS+=("$(printf '%-44s %4d s' "$name" $((SECONDS - start)))")
}
summary() {
  ((${#TIMINGS[@]})) || return 0
  printf '\nstep                                          time\n' >&2
  printf '%s\n' "${TIMINGS[@]}" >&2
}
trap summary EXIT

package=false
wanted=()
for arg in "$@"; do
  case $arg in
    --package) package=true ;;
    -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    base|catalog-service|order-service|worker-service|frontend-static|postgres|keycloak) wanted+=("$arg") ;;
    *) fail "unknown argument '$arg' (images: ${ALL[*]}; option: --package)" ;;
  esac
done
((${#wanted[@]})) || wanted=("${ALL[@]}")

brigade_podman_ready || exit 1

# ---------------------------------------------------------------- the JDK 25 the base carries

source "$ROOT/tools/java.sh"
if [[ -n ${JDK25_HOME:-} ]]; then
  JDK=$JDK25_HOME
else
  brigade_use_jdk25 >&2 || fail "no JDK 25 found for the base image (set JDK25_HOME)"
  JDK=$JAVA_HOME
fi
[[ -x $JDK/bin/java && -f $JDK/release ]] || fail "$JDK is not a JDK (no bin/java or release file)"
JAVA_RUNTIME_VERSION=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$JDK/release")
[[ $JAVA_RUNTIME_VERSION == 25* ]] || fail "$JDK is Java '$JAVA_RUNTIME_VERSION', not 25"

# ---------------------------------------------------------------- the base

suite() { . /etc/os-release && printf '%s' "${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}"; }

# The machine's own Debian mirror (deb822 or one-line sources), so that no host name is written down here.
debian_mirror() {
  if [[ -n ${DEBIAN_MIRROR:-} ]]; then printf '%s' "$DEBIAN_MIRROR"; return; fi
  local uri
  uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {print $2}' | grep -E '/debian/?$' | head -n1 || true)
  [[ -n $uri ]] || uri=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk '{print $2}' | grep -E '/debian/?$' | head -n1 || true)
  [[ -n $uri ]] || fail "no Debian mirror found in /etc/apt/sources.list*; set DEBIAN_MIRROR"
  printf '%s' "$uri"
}

base_key() { printf 'debian %s minbase; java %s; recipe %s' "$(suite)" "$JAVA_RUNTIME_VERSION" "$BASE_RECIPE"; }

base_is_current() {
  podman image exists "$BASE_IMAGE" \
    && [[ $(podman image inspect --format '{{index .Labels "brigade.base"}}' "$BASE_IMAGE") == "$(base_key)" ]]
}

make_base() {
  local work rootfs minbase=$BRIGADE_PODMAN_CACHE/minbase-$(suite).tar
  work=$(mktemp -d "$BRIGADE_PODMAN_CACHE/base.XXXXXX")
  rootfs=$work/rootfs
  # shellcheck disable=SC2064 # the directory is fixed now
  trap "rm -rf '$work'; summary" EXIT
  if [[ ! -f $minbase ]]; then
    timed "base: debootstrap minbase $(suite)" run_debootstrap "$work" "$rootfs" "$minbase"
  fi
  mkdir -p "$rootfs"
  timed "base: unpack minbase + copy JDK $JAVA_RUNTIME_VERSION" copy_jdk "$minbase" "$rootfs"
  timed "base: tar + podman import" import_base "$work" "$rootfs"
  rm -rf "$work"
  trap summary EXIT
}

# Debian's minimal system, kept as a tar in the cache: a new JDK or recipe then only copies the JDK again.
run_debootstrap() {
  local work=$1 rootfs=$2 minbase=$3
  command -v debootstrap >/dev/null || fail "debootstrap is needed to make the base image (apt-get install debootstrap)"
  (($(id -u) == 0)) || fail "debootstrap needs root to make the base image"
  debootstrap --variant=minbase "$(suite)" "$rootfs" "$(debian_mirror)" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log" >&2; fail "debootstrap failed (its log's end above)"; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" --numeric-owner -cf "$minbase.tmp" .
  mv "$minbase.tmp" "$minbase"
  rm -rf "$rootfs"
}

# The whole JDK, not a jlink cut: the services' JDK AOT caches are trained in their images (aot-cache.sh), and a cache
# is only accepted by the very runtime image (lib/modules) it was trained on.
copy_jdk() {
  local minbase=$1 rootfs=$2 link target
  tar -C "$rootfs" --numeric-owner -xf "$minbase"
  mkdir -p "$rootfs/opt/java"
  cp -a "$JDK/." "$rootfs/opt/java/openjdk/"
  rm -rf "$rootfs/opt/java/openjdk/lib/src.zip" "$rootfs/opt/java/openjdk/man" "$rootfs/opt/java/openjdk/include"
  # A packaged JDK links files to the host (Debian's lib/security/cacerts -> /etc/ssl/certs/java/cacerts): the image
  # gets the files themselves, so it trusts what the machine's JDK trusts.
  while IFS= read -r link; do
    target=$(readlink "$link")
    [[ $target == /* ]] || continue
    [[ -e $target ]] || fail "$JDK: ${link#"$rootfs/opt/java/openjdk/"} links to $target, which does not exist"
    cp --remove-destination -L "$target" "$link"
  done < <(find "$rootfs/opt/java/openjdk" -type l)
}

import_base() {
  local work=$1 rootfs=$2
  tar -C "$rootfs" --numeric-owner -cf "$work/base.tar" .
  podman import \
    --change 'ENV JAVA_HOME=/opt/java/openjdk' \
    --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change "LABEL brigade.base=\"$(base_key)\"" \
    --change 'CMD ["bash"]' \
    --quiet "$work/base.tar" "$BASE_IMAGE" >/dev/null
}

# ---------------------------------------------------------------- the applications

package_apps() {
  brigade_use_jdk25 >&2 || fail "mvn needs a JDK 25 (tools/java.sh)"
  (cd "$ROOT" && mvn -B -q -Ppostgres package -DskipTests -pl "$(IFS=,; echo "${APPS[*]}")" -am)
}

# A packaged application, built for PostgreSQL: the image must never carry the embedded H2 build by mistake.
check_packaged() {
  local module=$1 app=$ROOT/$1/target/quarkus-app
  [[ -f $app/quarkus-run.jar ]] \
    || fail "$module is not packaged ($app/quarkus-run.jar missing): run with --package, or mvn -B -Ppostgres package -DskipTests -pl $module -am"
  [[ $module == frontend-static ]] && return 0
  command -v unzip >/dev/null || fail "unzip is needed to check how $module was packaged (apt-get install unzip)"
  local jar
  jar=$(find "$app/app" -maxdepth 1 -name '*.jar' | head -n1)
  grep -q '^quarkus.datasource.db-kind=postgresql$' <<<"$(unzip -p "$jar" application.properties)" \
    || fail "$module was packaged for H2, not PostgreSQL: mvn -B -Ppostgres package -DskipTests -pl $module -am (or --package)"
}

# The image never takes target/quarkus-app/app.aot (the integration suite trains that on the H2 package, on this host's
# paths): its JDK AOT cache is trained by running the image itself, and added as a layer of its own (aot-cache.sh).
build_app() {
  local module=$1
  check_packaged "$module"
  podman build -q --build-arg "BASE_IMAGE=$BASE_IMAGE" \
    -f "$ROOT/$module/src/main/docker/Dockerfile.jvm" -t "brigade/$module:latest" "$ROOT/$module" \
    >/dev/null 2>"$BRIGADE_PODMAN_CACHE/build-$module.err" \
    || { cat "$BRIGADE_PODMAN_CACHE/build-$module.err" >&2
         fail "the image brigade/$module does not build: $(grep -m1 '^Error' "$BRIGADE_PODMAN_CACHE/build-$module.err" || tail -n1 "$BRIGADE_PODMAN_CACHE/build-$module.err")"; }
}

# ---------------------------------------------------------------- PostgreSQL and Keycloak stand-ins

build_postgres() {
  podman build -q --build-arg "BASE_IMAGE=$BASE_IMAGE" -f "$PODMAN_DIR/postgres/Containerfile" \
    -t "$BRIGADE_POSTGRES_IMAGE" "$PODMAN_DIR/postgres" >/dev/null
}

# The stand-in for the public image (the distribution, not built for any options), then deploy/keycloak/Dockerfile on
# it, as users build it on the public image: `kc.sh build` for PostgreSQL, health and the local cache.
build_keycloak() {
  local home=$BRIGADE_PODMAN_CACHE/keycloak-$BRIGADE_KEYCLOAK_VERSION
  "$ROOT/tools/keycloak.sh" prepare "$home"
  podman build -q --build-arg "BASE_IMAGE=$BASE_IMAGE" -f "$PODMAN_DIR/keycloak/Containerfile" \
    -t "$BRIGADE_KEYCLOAK_DIST_IMAGE" "$home" >/dev/null
  podman build -q --build-arg "BASE_IMAGE=$BRIGADE_KEYCLOAK_DIST_IMAGE" -f "$ROOT/deploy/keycloak/Dockerfile" \
    -t "$BRIGADE_KEYCLOAK_IMAGE" "$ROOT/deploy/keycloak" >/dev/null
}

# ---------------------------------------------------------------- main

needs_base=false
for image in "${wanted[@]}"; do [[ $image == base ]] || needs_base=true; done
if [[ " ${wanted[*]} " == *" base "* ]] || $needs_base; then
  if base_is_current; then
    say "base: $BASE_IMAGE is current ($(base_key)): kept"
  else
    make_base
  fi
fi

if $package; then
  timed "mvn -Ppostgres package (4 applications)" package_apps
fi

for image in "${wanted[@]}"; do
  case $image in
    base) ;;
    postgres) timed "image: postgres (Debian's postgresql)" build_postgres ;;
    keycloak) timed "image: keycloak (keycloak-quarkus-dist, kc.sh build)" build_keycloak ;;
    *) timed "image: $image" build_app "$image" ;;
  esac
done

podman images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E '^localhost/brigade/' >&2 || true
