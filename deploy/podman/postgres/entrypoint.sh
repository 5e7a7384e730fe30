#!/usr/bin/env bash
# The official postgres image's first start, as far as deploy/compose.yaml relies on it: the superuser from
# POSTGRES_USER / POSTGRES_PASSWORD, the database POSTGRES_DB, then /docker-entrypoint-initdb.d/*.sql and *.sh once.
set -euo pipefail

if [[ ${1:-} != postgres ]]; then
  exec "$@"
fi
shift

if [[ ! -s $PGDATA/PG_VERSION ]]; then
  if [[ -z ${POSTGRES_PASSWORD:-} ]]; then
    echo "brigade-postgres: POSTGRES_PASSWORD is not set: the superuser needs a password for logins over TCP" >&2
    exit 1
  fi
  mkdir -p "$PGDATA" 2>/dev/null && chmod 700 "$PGDATA" || true
  if [[ ! -w $PGDATA ]]; then
    echo "brigade-postgres: $PGDATA is not writable by $(id -un) (uid $(id -u)): mount a volume there that it may write" >&2
    exit 1
  fi
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 -D "$PGDATA" >/dev/null
  rm -f "$pwfile"
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  # The init scripts run on a server that listens on its socket only, as in the official image.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [[ $db != postgres ]]; then
    psql -v ON_ERROR_STOP=1 --no-psqlrc -U "$user" -d postgres -c "CREATE DATABASE \"$db\"" >/dev/null
  fi
  for script in /docker-entrypoint-initdb.d/*; do
    case $script in
      *.sql) echo "brigade-postgres: running $script"; psql -v ON_ERROR_STOP=1 --no-psqlrc -U "$user" -d "$db" -f "$script" ;;
      *.sh) echo "brigade-postgres: running $script"; . "$script" ;;
      *) [[ -e $script ]] && echo "brigade-postgres: ignoring $script" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "brigade-postgres: initialised $PGDATA"
fi

exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
