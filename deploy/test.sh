#!/usr/bin/env bash
# Builds egovkpi and runs every test: installs missing Debian packages, configures and
# builds with Ninja, starts a throwaway PostgreSQL for the tests that need one, runs ctest,
# and stops the server again. Usage: deploy/test.sh [ctest arguments...]
# Environment: PRESET (default dev; CI=true selects ci, which treats warnings as errors).
set -euo pipefail
cd "$(dirname "$0")/.."

./deploy/install-deps.sh

preset=${PRESET:-$([ "${CI:-}" = "true" ] && echo ci || echo dev)}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"

eval "$(./deploy/pg-throwaway.sh)"
trap './deploy/pg-throwaway.sh stop "$PGDATA_DIR"' EXIT
export EGOVKPI_TEST_PG

ctest --preset "$preset" --timeout 300 "$@"
