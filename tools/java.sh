#!/usr/bin/env bash
# Sourced by ./run.sh, ./dev.sh, bench/run.sh, bench/shop/run.sh and .ci/run.
#
# brigade_use_jdk25: points JAVA_HOME and PATH at a JDK 25 or newer, so that Maven builds and the services run on it
# even where the default `java` is older. JAVA_HOME when it is such a JDK, else the newest one under /usr/lib/jvm
# (where Debian's and Temurin's packages put theirs), else a message saying what to install.
#
# brigade_aot_cache_option <quarkus-app dir>: prints -XX:AOTCache=<dir>/app.aot when the integration suite trained
# that cache for this build of the jar (newer than quarkus-run.jar), else nothing. A cache the JVM cannot use is
# ignored by the JVM itself (one warning, then it starts as without one).

brigade_jdk_release() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }

brigade_use_jdk25() {
  local candidate release best="" best_release=0
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]]; then
    release="$(brigade_jdk_release "$JAVA_HOME")"
    if [[ "${release:-0}" -ge 25 ]]; then
      best="$JAVA_HOME"
    else
      echo "note: JAVA_HOME=$JAVA_HOME is JDK ${release:-?}; Brigade needs 25, looking for one in /usr/lib/jvm" >&2
    fi
  fi
  if [[ -z "$best" ]]; then
    for candidate in /usr/lib/jvm/*; do
      [[ -x "$candidate/bin/javac" && ! -L "$candidate" ]] || continue
      release="$(brigade_jdk_release "$candidate")"
      if [[ "${release:-0}" -ge 25 && "$release" -gt "$best_release" ]]; then
        best="$candidate" best_release="$release"
      fi
    done
  fi
  if [[ -z "$best" ]]; then
    echo "Brigade needs a JDK 25 (or newer) and found none: install one (e.g. Eclipse Temurin 25) under" \
         "/usr/lib/jvm, or point JAVA_HOME at it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

brigade_aot_cache_option() {
  local cache="$1/app.aot"
  if [[ -f $cache && $cache -nt $1/quarkus-run.jar ]]; then
    printf -- '-XX:AOTCache=%s' "$cache"
  fi
}

# Run as a command, `tools/java.sh home` prints that JDK's directory: `export JAVA_HOME=$(tools/java.sh home)`.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  case "${1:-}" in
    home) brigade_use_jdk25 && printf '%s\n' "$JAVA_HOME" ;;
    *) echo "usage: tools/java.sh home   (prints the JDK 25 that Brigade's scripts use)" >&2; exit 2 ;;
  esac
fi
