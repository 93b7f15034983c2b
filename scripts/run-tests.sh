#!/usr/bin/env bash
# Runs every test against an already built tree: unit and store-contract tests (CTest; the
# contract suite on SQLite and on a throwaway PostgreSQL cluster), API and journal-damage tests
# against the real binary (pytest), and the web unit and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
export ANXIAO_BIN="$PWD/$BUILD/anxiao"

# make test is the caller: a throwaway PostgreSQL cluster, whose cases must run, never skip.
source scripts/pg-test-env.sh
echo "== PostgreSQL test cluster: $ANXIAO_TEST_PG_URL"

echo "== unit and store-contract tests (CTest)"
ctest --test-dir "$BUILD" --output-on-failure -j"$(nproc)"

echo "== API and journal-damage tests against $ANXIAO_BIN (pytest)"
/usr/bin/python3 -m pytest -q tests/api

if [ -f web/package.json ]; then
  echo "== web unit tests (vitest)"
  (cd web && npm test --silent)
  if [ -x tests/browser/run.sh ]; then
    echo "== browser tests (Chromium)"
    tests/browser/run.sh "$ANXIAO_BIN"
  fi
fi
echo "== C++ formatting (clang-format with .clang-format; \`make format\` fixes it)"
# shellcheck disable=SC2046
clang-format --dry-run --Werror --style=file $(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'bench/*.cpp')
echo "== all tests passed"
