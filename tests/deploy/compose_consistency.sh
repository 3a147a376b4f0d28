#!/usr/bin/env bash
# The docker-compose deployment cannot run on the build machines (no Docker engine), so
# this checks what can be checked without it: every file it mounts exists, the egovkpi
# config it mounts is accepted by this build's binary, and its Prometheus config is valid
# with the shipped rules. Usage: compose_consistency.sh <egovkpi binary>
set -euo pipefail
binary=$1
cd "$(dirname "$0")/../../deploy/docker"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# Host paths of bind mounts, build contexts and secrets, relative to this folder.
while read -r path; do
  [ -e "$path" ] || { echo "compose.yml mounts $path, which does not exist"; status=1; }
done < <(sed -n -e 's/^ *- \(\.\{1,2\}\/[^:]*\):.*/\1/p' -e 's/^ *context: \(.*\)/\1/p' \
  -e 's/^ *dockerfile: \(.*\)/..\/..\/\1/p' compose.yml | grep -v '^\./secrets/')
mounted=$(sed -n 's/^ *- \(\.\{1,2\}\/[^:]*\):.*/\1/p' compose.yml | wc -l)
[ "$mounted" -ge 7 ] || { echo "expected at least 7 bind mounts, found $mounted"; status=1; }

# Every secret file the egovkpi config names is a secret the egovkpi service gets.
for secret in $(sed -n 's|.*"/run/secrets/\([a-z_]*\)".*|\1|p' egovkpi.toml); do
  grep -q "^  egovkpi:" compose.yml && grep -A12 '^  egovkpi:' compose.yml | grep -q "secrets:.*$secret" ||
    { echo "egovkpi.toml reads /run/secrets/$secret, not given to the egovkpi service"; status=1; }
  printf 'x\n' >"$tmp/$secret"
done
sed "s|/run/secrets/|$tmp/|" egovkpi.toml >"$tmp/egovkpi.toml"
"$binary" check-config "$tmp/egovkpi.toml" || status=1

# Alertmanager resolves its templates next to its config file, which compose mounts in
# /etc/alertmanager: each template must be mounted there too.
for template in $(sed -n '/^templates:/,/^[a-z]/s/^ *- *\([^ ]*\)$/\1/p' ../prometheus/alertmanager.yml); do
  grep -q ":/etc/alertmanager/$template:ro" compose.yml ||
    { echo "alertmanager.yml uses template $template, not mounted in /etc/alertmanager"; status=1; }
done

sed "s|/etc/prometheus/rules/|$PWD/../prometheus/|" prometheus.yml >"$tmp/prometheus.yml"
promtool check config "$tmp/prometheus.yml" >/dev/null || { promtool check config "$tmp/prometheus.yml"; status=1; }
exit $status
