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
source scripts/pg-test-env.sh
export CRASH_ROUNDS=${CRASH_ROUNDS:-20}
/usr/bin/python3 -m pytest -q -s tests/api/test_crash.py
