#!/usr/bin/env bash
# Runs a command with a private, throw-away PostgreSQL server for the storage tests
# (INTERACTIONCODER_TEST_POSTGRES_URL), so the repository is tested on both databases.
# Where PostgreSQL cannot be had (not root, no apt), the command still runs and the
# PostgreSQL variants are skipped with a note.
set -u
port=${IC_TEST_PG_PORT:-55432}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pgbin" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing PostgreSQL for the storage tests"
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq postgresql) >/dev/null 2>&1
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
datadir=""
cleanup() {
  if [ -n "$datadir" ]; then
    runas "$pgbin/pg_ctl -D $datadir -m immediate stop" >/dev/null 2>&1
    rm -rf "$datadir"
  fi
}
runas() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi
}
started=""
if [ -n "$pgbin" ]; then
  datadir=$(mktemp -d /tmp/ic-pg.XXXXXX)
  [ "$(id -u)" = "0" ] && chown postgres "$datadir"
  if runas "$pgbin/initdb -D $datadir -A trust -U postgres" >/dev/null 2>&1; then
    # the first free port of a few (another server may hold the first)
    for try in 0 1 2 3 4 5 6 7; do
      p=$((port + try))
      if runas "$pgbin/pg_ctl -D $datadir -w -o '-p $p -k $datadir -c listen_addresses=127.0.0.1' -l $datadir/log start" >/dev/null 2>&1; then
        started=$p
        break
      fi
    done
  fi
  if [ -n "$started" ]; then
    export INTERACTIONCODER_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$started/postgres"
    echo "storage tests also run on PostgreSQL ($pgbin, port $started)"
  else
    echo "note: could not start PostgreSQL; its storage test variants will be skipped" >&2
    cleanup; datadir=""
  fi
else
  echo "note: PostgreSQL is not installed; its storage test variants will be skipped" >&2
fi
trap cleanup EXIT
"$@"
