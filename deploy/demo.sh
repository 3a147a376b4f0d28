#!/usr/bin/env bash
# The demo in one command: builds egovkpi, starts a throwaway PostgreSQL under .demo/,
# egovkpi-sim playing Gia Lai's 2021 at a day per second, and the daemon with all four
# sources, then shows the province's targets every 10 s as they are met and missed. When
# Prometheus and Alertmanager are installed it starts them too, with the shipped alert rules.
# Ctrl-C stops everything it started.
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
trap cleanup EXIT
trap 'exit 130' INT TERM  # exit runs the EXIT trap once, and ends the loop below

eval "$(./deploy/pg-throwaway.sh "$demo")"
pgdir=$PGDATA_DIR
psql -q "$EGOVKPI_TEST_PG" -c "CREATE DATABASE egovkpi"
db="host=127.0.0.1 port=$PGPORT user=postgres dbname=egovkpi"

password=demo-$RANDOM$RANDOM
printf '%s\n' "$password" >"$demo/secret"
speed=${EGOVKPI_DEMO_SPEED:-86400}
build/dev/sim/egovkpi-sim --port 0 --start 2021-01-01 --speed "$speed" \
  --onegate-password "$password" --portal-password "$password" \
  --postal-secret "$password" --edoc-key "$password" >"$demo/egovkpi-sim.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do grep -q '^port=' "$demo/egovkpi-sim.log" && break; sleep 0.1; done
sim_port=$(sed -n 's/^port=//p' "$demo/egovkpi-sim.log")
[ -n "$sim_port" ] || { cat "$demo/egovkpi-sim.log"; exit 1; }
sim=http://127.0.0.1:$sim_port

metrics_port=${EGOVKPI_DEMO_PORT:-9464}
cat >"$demo/egovkpi.toml" <<TOML
[province]
code = "H21"
name = "Gia Lai"

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
base_url = "$sim/onegate"
username = "egovkpi"
password_file = "secret"
interval = "5s"
retry_interval = "2s"

[sources.portal]
enabled = true
base_url = "$sim/portal"
username = "egovkpi"
password_file = "secret"
interval = "30s"
retry_interval = "5s"

[sources.postal]
enabled = true
base_url = "$sim/postal"
customer_key = "egovkpi"
secret_key_file = "secret"
interval = "5s"
retry_interval = "2s"

[sources.edoc]
enabled = true
base_url = "$sim/edoc"
api_key_file = "secret"
interval = "5s"
retry_interval = "2s"

[kpi]
plan_year = 2021
compute_interval = "10s"
TOML
build/dev/daemon/egovkpi run --config "$demo/egovkpi.toml" >"$demo/egovkpi.log" 2>&1 &
pids+=($!)
daemon_pid=$!

# Prometheus and Alertmanager, when installed, with the shipped rules and routing. A
# simulated year lasts minutes here, so the demo's copy of the rules waits 30 s where the
# shipped rules wait hours (`for:`), and keeps firing 1 min after recovery.
urls=""
# First free port from $1 up: Debian's packages start system instances on 9090 and 9093.
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
if command -v prometheus >/dev/null && command -v prometheus-alertmanager >/dev/null; then
  prometheus_port=${EGOVKPI_DEMO_PROMETHEUS_PORT:-$(free_port 19090)}
  alertmanager_port=${EGOVKPI_DEMO_ALERTMANAGER_PORT:-$(free_port 19093)}
  sed -e 's/^\( *\)for: .*/\1for: 30s/' -e 's/^\( *\)keep_firing_for: .*/\1keep_firing_for: 1m/' \
    deploy/prometheus/egovkpi-rules.yml >"$demo/egovkpi-rules.yml"
  cat >"$demo/prometheus.yml" <<YAML
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files: ["$demo/egovkpi-rules.yml"]
alerting:
  alertmanagers: [{ static_configs: [{ targets: ["127.0.0.1:$alertmanager_port"] }] }]
scrape_configs:
  - job_name: egovkpi
    static_configs: [{ targets: ["127.0.0.1:$metrics_port"] }]
YAML
  prometheus-alertmanager --config.file=deploy/prometheus/alertmanager.yml \
    --storage.path="$demo/alertmanager" --web.listen-address="127.0.0.1:$alertmanager_port" \
    --cluster.listen-address= >"$demo/alertmanager.log" 2>&1 &
  pids+=($!)
  prometheus --config.file="$demo/prometheus.yml" --storage.tsdb.path="$demo/prometheus" \
    --web.listen-address="127.0.0.1:$prometheus_port" >"$demo/prometheus.log" 2>&1 &
  pids+=($!)
  for url in "http://127.0.0.1:$prometheus_port/-/ready" "http://127.0.0.1:$alertmanager_port/-/ready"; do
    for _ in $(seq 100); do curl -sf "$url" >/dev/null && break; sleep 0.1; done
    curl -sf "$url" >/dev/null || { echo "not ready: $url (logs in $demo)"; exit 1; }
  done
  urls="  prometheus:   http://127.0.0.1:$prometheus_port (alerts: /alerts)
  alertmanager: http://127.0.0.1:$alertmanager_port"
fi

cat <<MSG

egovkpi is running against egovkpi-sim playing Gia Lai's 2021 ($speed simulated seconds
per real second: the year takes about $((365 * 86400 / speed / 60)) minutes).
  metrics:   http://127.0.0.1:$metrics_port/metrics
  health:    http://127.0.0.1:$metrics_port/healthz
  database:  psql "$db"
  simulator: http://127.0.0.1:$sim_port (truth: /truth, clock: /control/clock)
${urls:-  (install prometheus and prometheus-alertmanager to see the alert rules fire)}
  logs:      $demo/egovkpi.log, $demo/egovkpi-sim.log
Ctrl-C stops everything.

MSG
# One column of the district board: the KPI's year-to-date value and ✓/✗ against its target.
kpi_column() {
  printf "max(CASE WHEN kpi = '%s' THEN coalesce(to_char(100 * ratio, 'FM990.0') || '%%', '—') ||
            CASE met WHEN true THEN ' ✓' WHEN false THEN ' ✗' ELSE '' END END) AS \"%s\"" "$1" "$2"
}

# The province's year-to-date report, as officials would print it.
while sleep 10; do
  if ! kill -0 "$daemon_pid" 2>/dev/null; then echo "egovkpi exited; see $demo/egovkpi.log"; exit 1; fi
  echo
  build/dev/daemon/egovkpi report --config "$demo/egovkpi.toml" 2>&1 ||
    { echo "(waiting for the first KPI computation)"; continue; }
  # District by district (the district unit and its communes): ✓ met, ✗ missed.
  psql -qX "$db" -c "
    SELECT unit_name AS \"Huyện, thị xã, thành phố\", $(kpi_column online_services_used 'DVC có hồ sơ'),
           $(kpi_column online_dossiers 'HS trực tuyến'), $(kpi_column bcci_services_used 'DVC có BCCI'),
           $(kpi_column bcci_received 'Nhận qua BCCI'), $(kpi_column bcci_returned 'Trả qua BCCI'),
           $(kpi_column signed_edocs 'VB ký số'), $(kpi_column edocs_processed_online 'VB xử lý trên mạng')
    FROM egovkpi.kpi_latest WHERE scope = 'district' AND period = 'year'
    GROUP BY unit, unit_name ORDER BY unit_name" 2>/dev/null
  if [ -n "$urls" ]; then
    # The province's and the daemon's alerts in full; the per-unit ones (dozens) as a count.
    am=(amtool alert query --alertmanager.url="http://127.0.0.1:$alertmanager_port")
    units=$({ "${am[@]}" -q alertname=EgovkpiUnitKpiTargetMissed 2>/dev/null || true; } | wc -l)
    echo "Cảnh báo đang phát (Alertmanager), ngoài $units cảnh báo theo huyện và sở:"
    "${am[@]}" 'alertname!=EgovkpiUnitKpiTargetMissed' 2>/dev/null | sed 's/^/  /' || true
  fi
done
