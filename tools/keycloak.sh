#!/usr/bin/env bash
# Keycloak, the identity provider, as a plain Java process: ./run.sh, ./dev.sh all and the integration suite start
# it through this one script, from the Keycloak distribution on Maven Central (org.keycloak:keycloak-quarkus-dist).
#
#   tools/keycloak.sh run <home> <port> [origins]
#       Unpacks the distribution into <home> if it is not there, writes the realm (deploy/keycloak/brigade-realm.json)
#       into <home>/data/import with the page client's redirect URIs taken from [origins] (comma-separated, default
#       FRONTEND_ORIGINS, else http://localhost:8000,http://127.0.0.1:8000), and runs Keycloak in the foreground on
#       127.0.0.1:<port> (HOST overrides the address) with the issuer http://localhost:<port>/realms/brigade.
#       Its data (an H2 file) stays in <home>/data; when the rendered realm changes, that data is reset so the new
#       realm is imported (it holds nothing else: the users come from the realm file).
#   tools/keycloak.sh prepare <home>
#       Only the first part: fetches and unpacks the distribution if <home> does not hold it yet.
#   tools/keycloak.sh version      prints the Keycloak version used here
#
# This is Keycloak's development mode (start-dev: HTTP, an embedded database, the dev-only users and secret of the
# realm file). deploy/ runs the official image; deploy/README.md says how production replaces the dev secrets.
set -euo pipefail

KEYCLOAK_VERSION=26.7.3
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REALM_FILE=$ROOT/deploy/keycloak/brigade-realm.json

fail() { printf 'keycloak.sh: %s\n' "$*" >&2; exit 1; }

# The distribution's zip, fetched into the local Maven repository once.
distribution_zip() {
  local zip
  zip=${MAVEN_REPO:-$HOME/.m2/repository}/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip
  if [[ ! -f $zip ]]; then
    echo "keycloak.sh: fetching Keycloak $KEYCLOAK_VERSION (about 180 MB, once) ..." >&2
    mvn -q -B dependency:get -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -Dtransitive=false >&2 \
      || fail "could not fetch org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip with mvn"
  fi
  printf '%s' "$zip"
}

unpack() {
  local home=$1 zip scratch
  [[ -x $home/bin/kc.sh && $(cat "$home/.brigade-version" 2>/dev/null) == "$KEYCLOAK_VERSION" ]] && return 0
  command -v unzip >/dev/null 2>&1 || fail "unzip is needed to unpack Keycloak (apt-get install unzip)"
  zip=$(distribution_zip)
  scratch=$(mktemp -d "${home%/}.unpack.XXXXXX")
  unzip -q "$zip" -d "$scratch"
  rm -rf "$home"
  mv "$scratch/keycloak-$KEYCLOAK_VERSION" "$home"
  rmdir "$scratch"
  echo "$KEYCLOAK_VERSION" >"$home/.brigade-version"
}

# The realm file with one redirect URI per page origin in place of its ${BRIGADE_SHOP_ORIGIN} placeholder.
render_realm() {
  local origins=$1 uris="" origin
  IFS=',' read -ra list <<<"$origins"
  for origin in "${list[@]}"; do
    origin=${origin//[[:space:]]/}
    [[ -n $origin ]] || continue
    [[ $origin =~ ^https?://[^/*\"]+$ ]] || fail "'$origin' is not an origin such as http://localhost:8000"
    uris+="${uris:+, }\"${origin%/}/*\""
  done
  [[ -n $uris ]] || fail "no page origin given"
  grep -q '"redirectUris": \[ "${BRIGADE_SHOP_ORIGIN:[^}]*}/\*" \]' "$REALM_FILE" \
    || fail "$REALM_FILE no longer has the redirectUris line this script replaces"
  sed -E "s#\"redirectUris\": \[ \"\\\$\{BRIGADE_SHOP_ORIGIN:[^}]*\}/\*\" \]#\"redirectUris\": [ $uris ]#" "$REALM_FILE"
}

run() {
  local home=$1 port=$2 origins=${3:-${FRONTEND_ORIGINS:-http://localhost:8000,http://127.0.0.1:8000}}
  [[ $port =~ ^[0-9]+$ ]] || fail "the port must be a number, not '$port'"
  source "$ROOT/tools/java.sh"
  brigade_use_jdk25 >&2 || exit 1
  mkdir -p "$(dirname "$home")"
  home=$(cd "$(dirname "$home")" && pwd)/$(basename "$home")
  unpack "$home"
  mkdir -p "$home/data/import"
  local realm=$home/data/import/brigade-realm.json rendered
  rendered=$(render_realm "$origins")
  if [[ -f $realm && $(cat "$realm") != "$rendered" && -d $home/data/h2 ]]; then
    echo "keycloak.sh: the realm changed; resetting Keycloak's data so that it is imported again" >&2
    rm -rf "$home/data/h2"
  fi
  printf '%s\n' "$rendered" >"$realm"
  exec "$home/bin/kc.sh" start-dev --http-host="${HOST:-127.0.0.1}" --http-port="$port" \
    --hostname="http://localhost:$port" --import-realm
}

case "${1:-}" in
  prepare) [[ $# -ge 2 ]] || fail "usage: tools/keycloak.sh prepare <home>"
    mkdir -p "$(dirname "$2")"; unpack "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")" ;;
  run) [[ $# -ge 3 ]] || fail "usage: tools/keycloak.sh run <home> <port> [origins]"; run "$2" "$3" "${4:-}" ;;
  version) echo "$KEYCLOAK_VERSION" ;;
  *) echo "usage: tools/keycloak.sh run <home> <port> [origins] | prepare <home> | version" >&2; exit 2 ;;
esac
