#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server on 127.0.0.1 with a free port, trust auth and
# fsync off, in a fresh folder. Prints shell assignments for the caller to eval:
#   PGDATA_DIR=... PGPORT=... EGOVKPI_TEST_PG='host=127.0.0.1 port=... user=postgres dbname=postgres'
# Stop it with: deploy/pg-throwaway.sh stop <PGDATA_DIR>
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail

bindir=/usr/lib/postgresql/15/bin
as_pg=()
if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); fi

if [ "${1:-}" = "stop" ]; then
  dir=${2:?usage: pg-throwaway.sh stop DIR}
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

base=${1:-}
if [ -n "$base" ]; then mkdir -p "$base"; dir=$(mktemp -d "$base/pg.XXXXXX"); else dir=$(mktemp -d /tmp/egovkpi-pg.XXXXXX); fi
chmod 755 "$dir"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi

# A free port: ask the kernel for one, then release it for the server.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
       shuf -i 20000-60000 -n 1)

"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

echo "PGDATA_DIR='$dir'"
echo "PGPORT='$port'"
echo "EGOVKPI_TEST_PG='host=127.0.0.1 port=$port user=postgres dbname=postgres'"
