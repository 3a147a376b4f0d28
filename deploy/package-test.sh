#!/usr/bin/env bash
# Builds the Debian package and proves it on this machine, as root (CI runs it):
#  1. the .deb has its shared-library dependencies, the conffile and maintainer scripts;
#  2. `apt-get install ./egovkpi_*.deb` installs it with its dependencies, creates the
#     egovkpi user and locks down /etc/egovkpi;
#  3. `systemd-analyze verify` accepts the installed unit with no output at all;
#  4. the installed service starts: the unit's own ExecStart line, run as its User=, with
#     the installed example config edited as an operator would (database port, sources
#     enabled, secrets in /etc/egovkpi/secrets) against egovkpi-sim and a throwaway
#     PostgreSQL; every source comes up, KPIs appear, ExecReload (SIGHUP) is applied, SIGTERM
#     stops it with status 0;
#  5. a reinstall keeps the edited conffile and its permissions; purge removes the package,
#     its conffile and /etc/egovkpi.
#  6. under a real systemd in a Debian 12 container (systemd-nspawn): the unit starts with
#     its sandbox, runs as egovkpi, reloads, and a refused configuration is not restarted.
# systemd is not PID 1 on these machines, hence steps 4 and 6.
# It purges an installed egovkpi package: outside CI it refuses to run when one is there.
# Usage: deploy/package-test.sh   (PRESET: the build to package, default ci)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
[ "$(id -u)" -eq 0 ] || { echo "package-test: run as root (it installs the package)" >&2; exit 1; }
if dpkg-query -W egovkpi >/dev/null 2>&1 && [ "${CI:-}" != true ]; then
  echo "package-test: egovkpi is installed here and the test would purge it; remove it first" >&2
  exit 1
fi

./deploy/install-deps.sh
preset=${PRESET:-ci}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --target egovkpi egovkpi-sim
build=$root/build/$preset
rm -f "$build"/egovkpi_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/egovkpi_*.deb)
echo "package-test: built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

work=$(mktemp -d /tmp/egovkpi-package.XXXXXX)
chmod 0755 "$work"  # the throwaway PostgreSQL runs as postgres under it
pids=()
pgdir=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$pgdir" ] && { ./deploy/pg-throwaway.sh stop "$pgdir" || true; }
  if dpkg-query -W egovkpi >/dev/null 2>&1; then apt-get purge -y -qq egovkpi >/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "package-test: FAILED: $*" >&2; [ -f "$work/egovkpi.log" ] && tail -30 "$work/egovkpi.log" >&2; exit 1; }

# 1. What the package says about itself.
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libpqxx libprometheus-cpp-core libspdlog adduser procps; do
  [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
# (Read whole before grep -q: an early exit would break the pipe under pipefail.)
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -x -O ./conffiles)
grep -qx /etc/egovkpi/egovkpi.toml <<<"$conffiles" || fail "/etc/egovkpi/egovkpi.toml is not a conffile"
control=$(dpkg-deb --ctrl-tarfile "$deb" | tar -t)
for script in postinst prerm postrm; do
  grep -qx "./$script" <<<"$control" || fail "no $script"
done

# 2. Install with dependencies, from a clean state.
if dpkg-query -W egovkpi >/dev/null 2>&1; then apt-get purge -y -qq egovkpi >/dev/null; fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
[ "$(dpkg-query -W -f='${Status}' egovkpi)" = "install ok installed" ] || fail "not installed"
id egovkpi >/dev/null || fail "no egovkpi user"
[ "$(stat -c '%U:%G %a' /etc/egovkpi/egovkpi.toml)" = "root:egovkpi 640" ] ||
  fail "config permissions: $(stat -c '%U:%G %a' /etc/egovkpi/egovkpi.toml)"
[ "$(stat -c '%U:%G %a' /etc/egovkpi/secrets)" = "root:egovkpi 750" ] || fail "secrets dir"
for f in /usr/bin/egovkpi /usr/lib/systemd/system/egovkpi.service \
         /usr/share/egovkpi/migrations/001_initial.sql \
         /usr/share/egovkpi/prometheus/egovkpi-rules.yml \
         /usr/share/egovkpi/grafana/dashboards/egovkpi-overview.json; do
  [ -e "$f" ] || fail "$f not installed"
done
echo "package-test: installed; user, permissions and files as expected"

# 3. The unit, as systemd would read it.
unit=/usr/lib/systemd/system/egovkpi.service
verify=$(systemd-analyze verify "$unit" 2>&1) || fail "systemd-analyze verify: $verify"
[ -z "$verify" ] || fail "systemd-analyze verify printed: $verify"
echo "package-test: systemd-analyze verify: clean"

# 4. Start the installed service against the simulator.
eval "$(./deploy/pg-throwaway.sh "$work")"
pgdir=$PGDATA_DIR
# What a DBA does once (the daemon's migrations need no CREATEROLE when the roles exist).
psql -qX -v ON_ERROR_STOP=1 "$EGOVKPI_TEST_PG" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'egovkpi_writer') THEN CREATE ROLE egovkpi_writer NOLOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'egovkpi_reader') THEN CREATE ROLE egovkpi_reader NOLOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'egovkpi') THEN CREATE ROLE egovkpi LOGIN; END IF;
END $$;
GRANT egovkpi_writer TO egovkpi;
CREATE DATABASE egovkpi OWNER egovkpi;
SQL

"$build/sim/egovkpi-sim" --port 0 --scale 0.05 --as-of 2021-06-30T12:00:00 >"$work/sim.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q '^port=' "$work/sim.log" && break; sleep 0.1; done
sim="http://127.0.0.1:$(sed -n 's/^port=//p' "$work/sim.log")"
metrics_port=$(( 20000 + RANDOM % 20000 ))

# The operator's edits of the installed example: database port, listen address, and per
# source `enabled`, base_url, user name and secret file (the commented examples, uncommented).
config=/etc/egovkpi/egovkpi.toml
sed -i -e "s|^port = 5432 |port = $PGPORT |" -e "s|^listen = \"127.0.0.1:9464\"|listen = \"127.0.0.1:$metrics_port\"|" "$config"
for source in onegate portal postal edoc; do
  sed -i -e "/^\[sources\.$source\]/,/^\[/{
    s|^enabled = false|enabled = true|
    s|^# base_url = \"[^\"]*\"|base_url = \"$sim/$source\"|
    s|^# username = |username = |
    s|^# password_file = |password_file = |
    s|^# customer_key = |customer_key = |
    s|^# secret_key_file = |secret_key_file = |
    s|^# api_key_file = |api_key_file = |
  }" "$config"
done
for name in $(sed -n 's|^[a-z_]*_file = "secrets/\([^"]*\)".*|\1|p' "$config"); do
  install -o root -g egovkpi -m 0640 /dev/stdin "/etc/egovkpi/secrets/$name" <<<"egovkpi"
done
/usr/bin/egovkpi check-config "$config" >/dev/null || fail "edited config refused"

unit_line() { sed -n "s/^$1=//p" "$unit"; }
user=$(unit_line User)
# As systemd would: the unit's user and group, no new privileges, the command exec'd (not a
# child of a wrapper, so $MAINPID in ExecReload is the daemon).
as_user=(setpriv --reuid="$user" --regid="$user" --init-groups --no-new-privs --)
# shellcheck disable=SC2046  # the unit's command line is plain words
"${as_user[@]}" $(unit_line ExecStart) >"$work/egovkpi.log" 2>&1 &
daemon=$!
pids+=($daemon)

metric() {
  curl -sf "http://127.0.0.1:$metrics_port/metrics" | awk -v s="$1" '$1 == s { print $2 }'
}
up_sources() {
  local n=0
  for source in onegate portal postal edoc; do
    [ "$(metric "egovkpi_source_up{source=\"$source\"}")" = 1 ] && n=$((n + 1))
  done
  echo "$n"
}
for _ in $(seq 600); do
  [ "$(up_sources)" = 4 ] && [ -n "$(metric 'egovkpi_kpi_ratio{kpi="online_dossiers",period="year",scope="province",unit="H21"}')" ] && break
  kill -0 "$daemon" 2>/dev/null || fail "the service exited"
  sleep 0.2
done
[ "$(up_sources)" = 4 ] || fail "not every source came up"
ratio=$(metric 'egovkpi_kpi_ratio{kpi="online_dossiers",period="year",scope="province",unit="H21"}')
[ -n "$ratio" ] || fail "no KPI computed"
echo "package-test: service up as user $user, 4 sources up, online_dossiers year ratio $ratio"

# ExecReload: the unit's kill -HUP, applied.
reload=$(unit_line ExecReload)
${reload//\$MAINPID/$daemon}
sleep 1
for _ in $(seq 100); do grep -q "configuration reloaded" "$work/egovkpi.log" && break; sleep 0.1; done
grep -q "configuration reloaded" "$work/egovkpi.log" || fail "reload not applied"
[ "$(metric egovkpi_config_last_reload_successful)" = 1 ] || fail "reload metric"

kill -TERM "$daemon"
status=0
wait "$daemon" || status=$?
unset 'pids[1]'  # reaped: its pid may be reused
[ "$status" = 0 ] || fail "SIGTERM exit status $status"
echo "package-test: reload applied, stopped cleanly"

# 5. Reinstall keeps the administrator's edits and permissions; purge removes everything
# but the secret files an administrator put there.
edited=$(sha256sum "$config")
DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" >/dev/null
[ "$(sha256sum "$config")" = "$edited" ] || fail "reinstall replaced the edited conffile"
[ "$(stat -c '%U:%G %a' "$config")" = "root:egovkpi 640" ] || fail "reinstall: config permissions"
# Kept for step 6, which runs the same configuration under systemd.
cp -a /etc/egovkpi "$work/etc-egovkpi"
rm -f /etc/egovkpi/secrets/*
apt-get purge -y -qq egovkpi >/dev/null
[ ! -e /usr/bin/egovkpi ] || fail "binary left after purge"
[ ! -e /etc/egovkpi ] || fail "/etc/egovkpi left after purge: $(ls -R /etc/egovkpi)"
echo "package-test: reinstall kept the edited conffile; purged"

# 6. Under a real systemd, sandbox and all: a Debian 12 container (systemd-nspawn, sharing
# this machine's network, so PostgreSQL and the simulator are where the configuration says)
# with the package installed from its apt dependencies boots, and systemd runs the unit.
rootfs_cache=/var/tmp/egovkpi-rootfs  # a bare Debian 12 with systemd; debootstrap takes ~30 s
if [ ! -x "$rootfs_cache/lib/systemd/systemd" ]; then
  rm -rf "$rootfs_cache.new"
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus bookworm \
    "$rootfs_cache.new" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 ||
    fail "debootstrap: $(tail -3 "$work/debootstrap.log")"
  mv "$rootfs_cache.new" "$rootfs_cache"
fi
rootfs=$work/rootfs
cp -a "$rootfs_cache" "$rootfs"
nspawn=(systemd-nspawn -q --register=no --keep-unit -D "$rootfs")
"${nspawn[@]}" --bind-ro="$deb:/tmp/egovkpi.deb" sh -c \
  'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/egovkpi.deb' \
  >"$work/container-install.log" 2>&1 || fail "install in the container: $(tail -5 "$work/container-install.log")"
cp -a "$work/etc-egovkpi/." "$rootfs/etc/egovkpi/"

"${nspawn[@]}" -b </dev/null >"$work/container.log" 2>&1 &
nspawn_pid=$!
pids+=($nspawn_pid)
container=""  # the container's systemd: nspawn's child
for _ in $(seq 100); do
  container=$(pgrep -x -P "$nspawn_pid" systemd || true)
  [ -n "$container" ] && break
  sleep 0.1
done
[ -n "$container" ] || fail "the container did not boot: $(tail -5 "$work/container.log")"
in_container() { nsenter -t "$container" -a "$@"; }
for _ in $(seq 100); do
  state=$(in_container systemctl is-system-running 2>/dev/null || true)
  [ "$state" = running ] || [ "$state" = degraded ] && break
  sleep 0.2
done
# Files copied from outside carry this machine's group id: give them the container's.
in_container chgrp -R egovkpi /etc/egovkpi
in_container systemctl start egovkpi
for _ in $(seq 300); do
  [ "$(up_sources)" = 4 ] && [ -n "$(metric egovkpi_kpi_last_computed_timestamp_seconds)" ] && break
  sleep 0.2
done
unit_state() { in_container systemctl show egovkpi --value -p "$1"; }
[ "$(up_sources)" = 4 ] || fail "under systemd: not every source came up: $(in_container journalctl -u egovkpi --no-pager | tail -5)"
main_pid=$(unit_state MainPID)
user_of_main=$(in_container stat -c %U "/proc/$main_pid")  # (minbase has no ps)
[ "$user_of_main" = egovkpi ] || fail "under systemd: running as ${user_of_main:-?}, not egovkpi"
in_container systemctl reload egovkpi
for _ in $(seq 50); do
  in_container journalctl -u egovkpi --no-pager | grep -q "configuration reloaded" && break
  sleep 0.2
done
in_container journalctl -u egovkpi --no-pager | grep -q "configuration reloaded" || fail "under systemd: reload"
[ "$(unit_state ActiveState)" = active ] || fail "under systemd: not active after reload"
echo "package-test: under systemd (sandboxed): running as egovkpi, 4 sources up, reload applied"

# A refused configuration ends the start with status 2, and systemd does not restart it.
echo "this is not TOML" >>"$rootfs/etc/egovkpi/egovkpi.toml"
in_container systemctl restart egovkpi || true
sleep 12  # longer than RestartSec
[ "$(unit_state ExecMainStatus)" = 2 ] || fail "under systemd: bad config exit status $(unit_state ExecMainStatus)"
[ "$(unit_state NRestarts)" = 0 ] || fail "under systemd: a refused configuration was restarted"
in_container journalctl -u egovkpi --no-pager | grep -q "egovkpi.toml:[0-9]*:[0-9]*:" ||
  fail "under systemd: the refusal does not name file, line and column"
in_container systemctl poweroff || true
echo "package-test: under systemd: a refused configuration exits 2 and is not restarted"
echo "package-test: all checks passed"
