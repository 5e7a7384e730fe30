#!/usr/bin/env bash
# Brigade IPC benchmark: 1 KiB JSON round trip p50/p99, pipelined messages/s, child cold start to ready vs
# `java -version`, warm-pool job dispatch. Prints one JSON line on stdout (bench/run.sh reads it).
#   bench/ipc/run.sh [--rounds=20000 --warmup=5000 --messages=200000 --window=256 --cold-starts=10 --jobs=2000]
#                    [--jvm-options="-Xmx256m ..."]   (default: the pool's child JVM options)
# Environment: BENCH_MODE full|quick|smoke picks the counts when no option is given; BENCH_SRC is the tree whose
# worker-service/target/quarkus-app is used (built with `mvn -q -pl worker-service -am package -DskipTests` if missing).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="${BENCH_SRC:-$(cd "$HERE/../.." && pwd)}"
APP="$SRC/worker-service/target/quarkus-app"
if [[ ! -f "$APP/quarkus-run.jar" ]]; then
  echo "building worker-service in $SRC" >&2
  (cd "$SRC" && mvn -q -pl worker-service -am package -DskipTests >&2)
fi
# The diagnostic job types (echo, for the dispatch round trips) are in worker-child's test jar, not in the service.
TEST_HANDLERS="$(ls "$SRC"/worker-child/target/worker-child-*-tests.jar 2>/dev/null | head -1)"
if [[ -z "$TEST_HANDLERS" && -d "$SRC/worker-child" ]]; then   # (an older tree has them in the service)
  (cd "$SRC" && mvn -q -pl worker-child -am package -DskipTests >&2)
  TEST_HANDLERS="$(ls "$SRC"/worker-child/target/worker-child-*-tests.jar | head -1)"
fi
CP="$(ls "$APP"/app/*.jar "$APP"/lib/main/*.jar "$APP"/lib/boot/*.jar | tr '\n' ':')$TEST_HANDLERS"
# The children get the class path the packaged service gives them: worker-child and its libraries (the names in its
# META-INF/brigade/child-jars.txt, as ChildJars reads them), plus the test handlers. Not the whole application: a
# child that looks its handlers up with ServiceLoader would open every one of its ~200 jars at start.
CHILD_CP=""
WORKER_CHILD_JAR="$(ls "$APP"/lib/main/dev.brigade.worker-child-*.jar 2>/dev/null | head -1)"
if [[ -n "$WORKER_CHILD_JAR" ]]; then
  names="$(cd "$(mktemp -d)" && jar xf "$WORKER_CHILD_JAR" META-INF/brigade/child-jars.txt \
    && tr ',' '\n' < META-INF/brigade/child-jars.txt | sed 's#.*/##; s#\.jar$##'; echo; echo dev.brigade.worker-child)"
  for jar in "$APP"/lib/main/*.jar; do
    name="$(basename "$jar" .jar | sed -E 's/-[0-9].*$//')"
    if grep -qx "$name" <<<"$names"; then CHILD_CP+="$jar:"; fi
  done
  CHILD_CP+="$TEST_HANDLERS"
fi
ARGS=("$@")
if [[ ${#ARGS[@]} -eq 0 ]]; then
  case "${BENCH_MODE:-full}" in
    full)  ARGS=(--rounds=20000 --warmup=5000 --messages=200000 --cold-starts=10 --jobs=2000) ;;
    quick) ARGS=(--rounds=10000 --warmup=2000 --messages=50000 --cold-starts=5 --jobs=1000) ;;
    smoke) ARGS=(--rounds=500 --warmup=200 --messages=5000 --cold-starts=2 --jobs=100) ;;
  esac
fi
# The parent runs with default JIT settings; -Dorg.jboss.logging.provider=jdk keeps the pool's log lines on stderr.
exec java -cp "$CP" -Dorg.jboss.logging.provider=jdk ${CHILD_CP:+-Dbrigade.child.classpath="$CHILD_CP"} \
  "$HERE/IpcBench.java" "${ARGS[@]}"
