# Sourced (not run) by scripts/run-tests.sh and scripts/crash-test.sh from the repository root:
# starts a throwaway PostgreSQL cluster for this run (scripts/pg-test-cluster.sh), stops it when
# the calling script exits, and exports ANXIAO_TEST_PG_URL and ANXIAO_TEST_REQUIRE_PG=1 (a caller
# that starts the cluster must run the PostgreSQL cases, never skip them).
export ANXIAO_PG_STATE=$(mktemp -d /tmp/anxiao-pg-state.XXXXXX)
cleanup_pg() { scripts/pg-test-cluster.sh stop >/dev/null 2>&1 || true; rm -rf "$ANXIAO_PG_STATE"; }
trap cleanup_pg EXIT
export ANXIAO_TEST_PG_URL=$(scripts/pg-test-cluster.sh start)
export ANXIAO_TEST_REQUIRE_PG=1
