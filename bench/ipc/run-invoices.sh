#!/usr/bin/env bash
# Invoice jobs in one fresh child, once per set of child JVM options: bench/ipc/InvoiceJobs.java.
#   bench/ipc/run-invoices.sh [jobs] ["<jvm options>" ...]   (default: 1000 jobs, C2 and C1, without an AOT cache)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$(cd "$HERE/../.." && pwd)"
source "$SRC/tools/java.sh"
brigade_use_jdk25
APP="$SRC/worker-service/target/quarkus-app"
[[ -f "$APP/quarkus-run.jar" ]] || (cd "$SRC" && mvn -q -pl worker-service -am package -DskipTests >&2)
CP="$(ls "$APP"/app/*.jar "$APP"/lib/main/*.jar "$APP"/lib/boot/*.jar | tr '\n' ':')"
JOBS="${1:-1000}"
shift || true
OPTIONS=("$@")
[[ ${#OPTIONS[@]} -gt 0 ]] || OPTIONS=("-Xmx256m -Xss512k -XX:+UseSerialGC" "-Xmx256m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
for options in "${OPTIONS[@]}"; do
  java -cp "$CP" -Dorg.jboss.logging.provider=jdk "$HERE/InvoiceJobs.java" "$options" "$JOBS" 2>/dev/null
done
