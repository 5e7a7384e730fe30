#!/usr/bin/env bash
# Live reload for one service in Quarkus dev mode:   ./dev.sh catalog-service [more quarkus:dev arguments]
# Quarkus 3.33's dev mode needs Maven 3.9 or newer. If the `mvn` on the PATH is older, this script lets that
# `mvn` fetch Maven 3.9 from Maven Central once (into ~/.m2/brigade-maven) and uses it for dev mode only.
set -euo pipefail
cd "$(dirname "$0")"

module="${1:?usage: ./dev.sh <catalog-service|order-service|worker-service|frontend-static> [args]}"
shift
[ -d "$module" ] || { echo "no module '$module' here" >&2; exit 2; }

maven_version=3.9.16
mvn_cmd=mvn
if ! mvn -v 2>/dev/null | head -1 | grep -Eq 'Apache Maven (3\.(9|[1-9][0-9])|[4-9])\.'; then
  home="$HOME/.m2/brigade-maven/apache-maven-$maven_version"
  if [ ! -x "$home/bin/mvn" ]; then
    echo "mvn on PATH is older than 3.9; fetching Maven $maven_version for dev mode..."
    mvn -q dependency:unpack -Dartifact="org.apache.maven:apache-maven:$maven_version:tar.gz:bin" \
      -DoutputDirectory="$HOME/.m2/brigade-maven"
  fi
  mvn_cmd="$home/bin/mvn"
fi

# The shared modules come from the local repository in dev mode; install them when they are missing or older.
if [ -z "$(find "$HOME/.m2/repository/dev/brigade/brigade-common" -name '*.jar' -newer common/pom.xml 2>/dev/null | head -1)" ] \
   || [ -n "$(find common/src test-support/src -newer "$HOME/.m2/repository/dev/brigade/brigade-common/1.0.0-SNAPSHOT/brigade-common-1.0.0-SNAPSHOT.jar" -type f 2>/dev/null | head -1)" ]; then
  "$mvn_cmd" -q install -pl common,test-support -DskipTests
fi

exec "$mvn_cmd" -pl "$module" quarkus:dev "$@"
