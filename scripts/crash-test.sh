#!/usr/bin/env bash
# The long crash test (issue #4): CRASH_ROUNDS (default 20) SIGKILLs of a server under write load
# on SQLite and on a throwaway PostgreSQL cluster; every acknowledged write must survive and
# `anxiao verify` must pass. `make test` runs the same test with 2 rounds.
#
#   scripts/crash-test.sh [BUILD_DIR (build)]      knobs: CRASH_ROUNDS, CRASH_WRITERS, CRASH_SEED
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
export ANXIAO_BIN="$PWD/$BUILD/anxiao"
export ANXIAO_PG_STATE=$(mktemp -d /tmp/anxiao-pg-state.XXXXXX)
cleanup() { scripts/pg-test-cluster.sh stop >/dev/null 2>&1 || true; rm -rf "$ANXIAO_PG_STATE"; }
trap cleanup EXIT
export ANXIAO_TEST_PG_URL=$(scripts/pg-test-cluster.sh start)
export ANXIAO_TEST_REQUIRE_PG=1
export CRASH_ROUNDS=${CRASH_ROUNDS:-20}
/usr/bin/python3 -m pytest -q -s tests/api/test_crash.py
