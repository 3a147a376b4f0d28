#!/usr/bin/env bash
# The demo in one command: builds egovkpi, starts a throwaway PostgreSQL under .demo/,
# egovkpi-sim playing Gia Lai's 2021 at a day per second, and the daemon, then shows every
# few seconds what has been stored. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

./deploy/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target egovkpi egovkpi-sim

demo=$root/.demo
mkdir -p "$demo"
pids=()
pgdir=""
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$pgdir" ] && ./deploy/pg-throwaway.sh stop "$pgdir"
  echo "demo stopped; logs are in $demo"
}
trap cleanup INT TERM EXIT

eval "$(./deploy/pg-throwaway.sh "$demo")"
pgdir=$PGDATA_DIR
psql -q "$EGOVKPI_TEST_PG" -c "CREATE DATABASE egovkpi"
db="host=127.0.0.1 port=$PGPORT user=postgres dbname=egovkpi"

password=demo-$RANDOM$RANDOM
printf '%s\n' "$password" >"$demo/onegate-password"
speed=${EGOVKPI_DEMO_SPEED:-86400}
build/dev/sim/egovkpi-sim --port 0 --start 2021-01-01 --speed "$speed" \
  --onegate-password "$password" >"$demo/egovkpi-sim.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do grep -q '^port=' "$demo/egovkpi-sim.log" && break; sleep 0.1; done
sim_port=$(sed -n 's/^port=//p' "$demo/egovkpi-sim.log")
[ -n "$sim_port" ] || { cat "$demo/egovkpi-sim.log"; exit 1; }

metrics_port=${EGOVKPI_DEMO_PORT:-9464}
cat >"$demo/egovkpi.toml" <<TOML
[database]
host = "127.0.0.1"
port = $PGPORT
user = "postgres"
dbname = "egovkpi"
sslmode = "disable"

[http]
listen = "127.0.0.1:$metrics_port"

[sources.onegate]
enabled = true
base_url = "http://127.0.0.1:$sim_port/onegate"
username = "egovkpi"
password_file = "onegate-password"
interval = "5s"
retry_interval = "2s"
TOML
build/dev/daemon/egovkpi run --config "$demo/egovkpi.toml" >"$demo/egovkpi.log" 2>&1 &
pids+=($!)

cat <<MSG

egovkpi is running against egovkpi-sim playing 2021 ($speed simulated seconds per second).
  metrics:   http://127.0.0.1:$metrics_port/metrics
  health:    http://127.0.0.1:$metrics_port/healthz
  database:  psql "$db"
  simulator: http://127.0.0.1:$sim_port (truth: /truth, clock: /control/clock)
  logs:      $demo/egovkpi.log, $demo/egovkpi-sim.log
Ctrl-C stops everything.

MSG
while sleep 5; do
  if ! kill -0 "${pids[1]}" 2>/dev/null; then echo "egovkpi exited; see $demo/egovkpi.log"; exit 1; fi
  psql -qAtX "$db" -F ' ' -c "
    SELECT to_char(now(), 'HH24:MI:SS'), count(*) AS dossiers,
           count(*) FILTER (WHERE channel = 2) AS online,
           count(*) FILTER (WHERE status = 10) AS returned,
           to_char(max(updated_at) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI') AS newest
    FROM egovkpi.dossier" 2>/dev/null |
    awk '{printf "%s  dossiers stored: %s (online %s, results returned %s), newest change %s %s\n", $1, $2, $3, $4, $5, $6}' ||
    echo "waiting for the schema..."
done
