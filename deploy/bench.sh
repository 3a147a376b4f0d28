#!/usr/bin/env bash
# The benchmark (not a test): builds the release egovkpi and egovkpi-sim, starts a
# throwaway PostgreSQL under .bench/, egovkpi-sim frozen at the end of 2021 and the daemon
# with all four sources, lets every source do its one backfill and the KPIs be computed,
# then prints records per second per source, the KPI computation time, the peak memory of
# the daemon and the sim, the database size, and whether kpi_latest equals the sim's truth.
# Usage: deploy/bench.sh [SCALE]   (SCALE: the sim's --scale, default 1 = province scale)
# Environment: EGOVKPI_BENCH_TIMEOUT, seconds to wait for the backfill (default 1800).
# Ctrl-C or the end stops everything it started; logs stay in .bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scale=${1:-1}

./deploy/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target egovkpi egovkpi-sim -- -j1

bench=$root/.bench
mkdir -p "$bench"
pids=()
pgdir=""
cleanup() {
  trap "" INT TERM  # a second Ctrl-C must not interrupt the clean-up
  trap - EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$pgdir" ] && ./deploy/pg-throwaway.sh stop "$pgdir"
  echo "bench: stopped everything it started; logs are in $bench"
}
trap 'cleanup; exit 130' INT TERM
trap cleanup EXIT

# VmHWM (peak resident set) of a running process, in MiB.
peak_mib() { awk '/^VmHWM:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

eval "$(./deploy/pg-throwaway.sh "$bench")"
pgdir=$PGDATA_DIR
psql -qX "$EGOVKPI_TEST_PG" -c "CREATE DATABASE egovkpi"
db="host=127.0.0.1 port=$PGPORT user=postgres dbname=egovkpi"
q() { psql -qAtX "$db" -F ' ' -c "$1" 2>/dev/null; }

printf '%s\n' egovkpi >"$bench/secret"
build/release/sim/egovkpi-sim --port 0 --year 2021 --scale "$scale" >"$bench/egovkpi-sim.log" 2>&1 &
sim_pid=$!
pids+=("$sim_pid")
for _ in $(seq 3000); do grep -q '^port=' "$bench/egovkpi-sim.log" && break; sleep 0.1; done
sim_port=$(sed -n 's/^port=//p' "$bench/egovkpi-sim.log")
[ -n "$sim_port" ] || { cat "$bench/egovkpi-sim.log"; exit 1; }
sed -n '2,3p' "$bench/egovkpi-sim.log"

metrics_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
               shuf -i 20000-60000 -n 1)
# One backfill per source (interval 1h), KPIs after new data and every 10 s, debug log for
# the "KPIs computed: N rows, D days refreshed, X s" lines.
{
  printf '[province]\ncode = "H21"\n\n'
  printf '[database]\nhost = "127.0.0.1"\nport = %s\nuser = "postgres"\ndbname = "egovkpi"\nsslmode = "disable"\n\n' "$PGPORT"
  printf '[http]\nlisten = "127.0.0.1:%s"\n\n' "$metrics_port"
  section() {
    printf '[sources.%s]\nenabled = true\nbase_url = "http://127.0.0.1:%s/%s"\n%s' "$1" "$sim_port" "$1" "$2"
    printf 'interval = "1h"\nretry_interval = "5s"\npage_size = 1000\n\n'
  }
  section onegate $'username = "egovkpi"\npassword_file = "secret"\n'
  section portal $'username = "egovkpi"\npassword_file = "secret"\n'
  section postal $'customer_key = "egovkpi"\nsecret_key_file = "secret"\n'
  section edoc $'api_key_file = "secret"\n'
  printf '[kpi]\nplan_year = 2021\ncompute_interval = "10s"\n\n[log]\nlevel = "debug"\n'
} >"$bench/egovkpi.toml"

started=$(date +%s.%N)
build/release/daemon/egovkpi run --config "$bench/egovkpi.toml" >"$bench/egovkpi.log" 2>&1 &
daemon_pid=$!
pids+=("$daemon_pid")
echo "bench: scale $scale, sim on :$sim_port, daemon /metrics on :$metrics_port, database: psql \"$db\""

# Gives up after EGOVKPI_BENCH_TIMEOUT seconds (default 1800) or if the daemon exits.
deadline=$(( $(date +%s) + ${EGOVKPI_BENCH_TIMEOUT:-1800} ))
alive() {
  kill -0 "$daemon_pid" 2>/dev/null || { echo "bench: egovkpi exited; see $bench/egovkpi.log"; tail -20 "$bench/egovkpi.log"; exit 1; }
  [ "$(date +%s)" -lt "$deadline" ] || { echo "bench: timed out; see $bench/egovkpi.log"; q "SELECT source, ok, failure_reason, message FROM egovkpi.poll_run ORDER BY id DESC LIMIT 8"; exit 1; }
}

# 1. Every source has a successful run.
while :; do
  alive
  done_sources=$(q "SELECT count(DISTINCT source) FROM egovkpi.poll_run WHERE ok" || true)
  [ "${done_sources:-0}" = 4 ] && break
  sleep 1
done
backfilled=$(date +%s.%N)
# 2. A KPI computation that started after the last of those runs had been recorded.
while :; do
  alive
  fresh=$(q "SELECT (SELECT max(computed_at) FROM egovkpi.kpi_snapshot) >
                    (SELECT max(finished_at) FROM egovkpi.poll_run WHERE ok)" || true)
  [ "$fresh" = t ] && break
  sleep 0.5
done
computed=$(date +%s.%N)

# 3. kpi_latest against the sim's truth (retried for a minute: a computation may still run).
truth_result="truth: skipped (python3 missing)"
if command -v python3 >/dev/null; then
  curl -fsS "http://127.0.0.1:$sim_port/truth" >"$bench/truth.json"
  for _ in $(seq 12); do
    q "SELECT kpi, scope, unit, period, period_start::text, numerator, denominator
       FROM egovkpi.kpi_latest" >"$bench/kpi_latest.txt"
    truth_result=$(python3 - "$bench/truth.json" "$bench/kpi_latest.txt" <<'PY'
import json, sys
truth = {}
for r in json.load(open(sys.argv[1]))["rows"]:
    truth[(r["kpi"], r["scope"], r["unit"], r["period"], r["period_start"])] = (r["numerator"], r["denominator"])
latest = {}
for line in open(sys.argv[2]):
    f = line.rstrip("\n").split(" ")
    if len(f) == 7:
        latest[tuple(f[:5])] = (int(f[5]), int(f[6]))
if truth == latest:
    print(f"truth: match ({len(truth)} rows)")
    sys.exit(0)
diffs = []
for k, v in sorted(truth.items()):
    got = latest.get(k)
    if got != v:
        diffs.append(f"  {' '.join(k)}: truth {v[0]}/{v[1]}, daemon " + ("missing" if got is None else f"{got[0]}/{got[1]}"))
for k in sorted(latest.keys() - truth.keys()):
    diffs.append(f"  extra row {' '.join(k)}")
print(f"truth: MISMATCH ({len(truth)} truth rows, {len(latest)} kpi_latest rows, {len(diffs)} differences; first ones:)")
print("\n".join(diffs[:20]))
sys.exit(1)
PY
) && break
    sleep 5
  done
else
  echo "bench: warning: python3 is missing, the truth comparison is skipped"
fi

# One more computation with ingest finished (compute_interval is 10 s): the quiet cost.
logged=$(grep -c 'KPIs computed: ' "$bench/egovkpi.log" || true)
for _ in $(seq 30); do
  [ "$(grep -c 'KPIs computed: ' "$bench/egovkpi.log" || true)" -gt "$logged" ] && break
  sleep 1
done

daemon_peak=$(peak_mib "$daemon_pid")
sim_peak=$(peak_mib "$sim_pid")
as_of=$(q "SELECT max(as_of) AT TIME ZONE 'Asia/Ho_Chi_Minh' FROM egovkpi.kpi_latest")

echo
echo "=== egovkpi benchmark: scale $scale, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ) ==="
echo "first successful run per source (sources poll in parallel on the same cores):"
q "WITH first AS (
     SELECT DISTINCT ON (source) source, records, rejected, pages,
            extract(epoch FROM finished_at - started_at) AS seconds
     FROM egovkpi.poll_run WHERE ok ORDER BY source, started_at)
   SELECT source, records, rejected, pages, round(seconds::numeric, 2),
          CASE WHEN seconds > 0 THEN round((records / seconds)::numeric) END
   FROM first ORDER BY source" |
  awk 'BEGIN {printf "  %-8s %10s %9s %6s %9s %12s\n", "source", "records", "rejected", "pages", "seconds", "records/s"}
       {printf "  %-8s %10s %9s %6s %9s %12s\n", $1, $2, $3, $4, $5, $6}'
echo "rows stored: $(q "SELECT format('dossier %s, postal_item %s, document %s, unit %s, procedure %s, service_pair %s, quarantine %s',
  (SELECT count(*) FROM egovkpi.dossier), (SELECT count(*) FROM egovkpi.postal_item),
  (SELECT count(*) FROM egovkpi.document), (SELECT count(*) FROM egovkpi.unit),
  (SELECT count(*) FROM egovkpi.procedure), (SELECT count(*) FROM egovkpi.service_pair),
  (SELECT count(*) FROM egovkpi.quarantine))")"
awk -v a="$started" -v b="$backfilled" -v c="$computed" 'BEGIN {
  printf "wall time from the daemon start: every source backfilled %.1f s, KPIs computed on all of it %.1f s\n", b - a, c - a }'
echo "KPI computations (daemon debug log \"KPIs computed: N rows, D days refreshed, X s\"):"
{ grep -o 'KPIs computed: .*' "$bench/egovkpi.log" || true; } | awk '
  { n++; t = $8; sub(/s$/, "", t); d = $5 + 0
    if (n == 1 || d > maxd) { maxd = d; most = t "s for " $3 " rows, " d " days re-aggregated" }
    last = t "s for " $3 " rows, " d " days re-aggregated" }
  END { if (n == 0) { print "  none logged"; exit }
        print "  " n " computations during and after the backfill"
        print "  most days re-aggregated (during the backfill): " most
        print "  last (no new data, ingest finished):          " last }'
echo "KPI as-of: $as_of (Asia/Ho_Chi_Minh), kpi_latest rows: $(q "SELECT count(*) FROM egovkpi.kpi_latest")"
echo "peak RSS (VmHWM): egovkpi ${daemon_peak} MiB, egovkpi-sim ${sim_peak} MiB"
echo "database size: $(q "SELECT pg_size_pretty(pg_database_size('egovkpi'))")"
echo "$truth_result"
