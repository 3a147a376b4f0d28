#!/bin/sh
# Runs once, when the postgres container initialises its volume: the daemon's login role
# (egovkpi, member of egovkpi_writer) and Grafana's (egovkpi_grafana, member of the
# read-only egovkpi_reader), and the database. Passwords come from the secret files.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" \
  -v daemon_password="$(cat /run/secrets/egovkpi_db_password)" \
  -v grafana_password="$(cat /run/secrets/grafana_db_password)" <<'SQL'
CREATE ROLE egovkpi_writer NOLOGIN;
CREATE ROLE egovkpi_reader NOLOGIN;
CREATE ROLE egovkpi LOGIN PASSWORD :'daemon_password' IN ROLE egovkpi_writer;
CREATE ROLE egovkpi_grafana LOGIN PASSWORD :'grafana_password' IN ROLE egovkpi_reader;
CREATE DATABASE egovkpi OWNER egovkpi;
SQL
