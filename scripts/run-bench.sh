#!/usr/bin/env bash
# Runs the benchmarks of BENCHMARKS.md against an already built tree (builds nothing):
#
#   scripts/run-bench.sh [BUILD_DIR (build)]
#
# 1. Journal: anxiao_journal_bench appends ENTRIES events to a fresh SQLite store, then times the
#    chain verify and the full verify against sha256sum on the same bytes.
# 2. HTTP: `anxiao demo` and anxiao_hello_server (RESTinio, same settings and thread count) on
#    loopback; wrk runs GET /api/v1/orgs/{id} (bearer token) and GET / against the hello server,
#    alternating, ROUNDS times each, and the script prints both rates and their ratio, plus the
#    server CPU time per request. Then anxiao_http_bench breaks the API's cost down in-process.
#
# Everything runs in one temp dir, removed at exit; the servers started here are stopped by pid.
# Knobs (environment): ENTRIES (200000), DURATION (10s), CONNECTIONS (32), WRK_THREADS (2),
# ROUNDS (2), THREADS (server threads, 8 = anxiao serve's default), WRITE_CLIENTS (64),
# WRITE_SECONDS (10), WRITE_PG (1: also on a throwaway PostgreSQL cluster), PARTS (which parts
# to run, default "journal http write five_knowns"; e.g. PARTS=http).
# 3. Write path: anxiao_write_bench, 64 clients through the hazard loop, on SQLite (beside raw
#    SQLite one row per transaction) and PostgreSQL.
# 4. Five knowns (issue 7): anxiao_five_knowns_bench, the dashboard's figures of the city over
#    FK_HAZARDS (100000) generated hazards on SQLite, and of the root over FK_PG_HAZARDS (1000000)
#    on a throwaway PostgreSQL cluster (FK_PG=0 skips it), each beside the aggregation over the
#    rows and a from-scratch aggregation in the same run. FK_RUNS (200) requests per measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
ENTRIES=${ENTRIES:-200000}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-2}
ROUNDS=${ROUNDS:-2}
THREADS=${THREADS:-8}
PARTS=${PARTS:-journal http write five_knowns}
part() { [[ " $PARTS " == *" $1 "* ]]; }

ANXIAO="$BUILD/anxiao"
JOURNAL_BENCH="$BUILD/bench/anxiao_journal_bench"
HELLO="$BUILD/bench/anxiao_hello_server"
HTTP_BENCH="$BUILD/bench/anxiao_http_bench"
WRITE_BENCH="$BUILD/bench/anxiao_write_bench"
WRITE_CLIENTS=${WRITE_CLIENTS:-64}
WRITE_SECONDS=${WRITE_SECONDS:-10}
for f in "$ANXIAO" "$JOURNAL_BENCH" "$HELLO"; do
  [ -x "$f" ] || { echo "run-bench: $f is missing; run 'make build' first" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "run-bench: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
command -v curl >/dev/null && command -v jq >/dev/null || { echo "run-bench: needs curl and jq" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/anxiao-bench.XXXXXX")
API_PID=""
HELLO_PID=""
stop() {  # stops one server we started, by pid
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop "$API_PID"; API_PID=""
  stop "$HELLO_PID"; HELLO_PID=""
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== machine"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cpu:     $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "kernel:  $(uname -sr)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; the machine may be shared)"
echo "build:   $BUILD ($(grep -m1 '^CMAKE_BUILD_TYPE' "$BUILD/CMakeCache.txt" 2>/dev/null | cut -d= -f2 || echo '?'))"

if part journal; then
  echo
  echo "== journal: append, chain verify, full verify vs sha256sum ($ENTRIES entries)"
  "$JOURNAL_BENCH" --entries "$ENTRIES" --tmp "$WORK"
fi

# ---- HTTP -------------------------------------------------------------------------------------
free_port() {  # a loopback port nothing listens on
  local p
  for _ in $(seq 100); do
    # below the kernel's ephemeral range (32768–60999): a port the clients' own connections
    # left in TIME_WAIT is not listened on, yet the server cannot bind it
    p=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "run-bench: no free port" >&2; exit 1
}
wait_listening() {  # PID LOG
  for _ in $(seq 1800); do
    grep -q "listening on" "$2" 2>/dev/null && return 0
    kill -0 "$1" 2>/dev/null || { echo "run-bench: server exited:" >&2; cat "$2" >&2; exit 1; }
    sleep 0.1
  done
  echo "run-bench: server did not start in 180 s" >&2; exit 1
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # utime + stime of all its threads

if part http; then
echo
echo "== http: GET /api/v1/orgs/{id} vs RESTinio hello-world, wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION, $THREADS server threads"
API_PORT=$(free_port)
"$ANXIAO" demo --data "$WORK/data" --port "$API_PORT" --threads "$THREADS" >"$WORK/api.log" 2>&1 &
API_PID=$!
wait_listening "$API_PID" "$WORK/api.log"
HELLO_PORT=$(free_port)
"$HELLO" --port "$HELLO_PORT" --threads "$THREADS" >"$WORK/hello.log" 2>&1 &
HELLO_PID=$!
wait_listening "$HELLO_PID" "$WORK/hello.log"

TOKEN=$("$ANXIAO" token create admin --data "$WORK/data" --label bench | grep -E '^[A-Za-z0-9_]{16,}$' | tail -1)
AUTH="Authorization: Bearer $TOKEN"
API="http://127.0.0.1:$API_PORT/api/v1"
ROOT_ID=$(curl -sf -H "$AUTH" "$API/me" | jq -r .scope.id)
CITY_ID=$(curl -sf -H "$AUTH" "$API/orgs/$ROOT_ID/children" | jq -r '.items[0].id')
COUNTY_ID=$(curl -sf -H "$AUTH" "$API/orgs/$CITY_ID/children" | jq -r '.items[] | select(.name == "东阿县") | .id')
[ -n "$COUNTY_ID" ] && [ "$COUNTY_ID" != null ] || { echo "run-bench: cannot find 东阿县 via the API" >&2; exit 1; }
COUNTY_URL="$API/orgs/$COUNTY_ID"
ROOT_URL="$API/orgs/$ROOT_ID"
HELLO_URL="http://127.0.0.1:$HELLO_PORT/"
echo "api:   $COUNTY_URL (东阿县, $(curl -sf -H "$AUTH" "$COUNTY_URL" | wc -c) B body), $ROOT_URL (山东省, the root)"
echo "hello: $HELLO_URL ($(curl -sf "$HELLO_URL" | wc -c) B body)"

# run_wrk NAME PID URL [wrk args]: prints one result line and appends "NAME<TAB>RPS" to rates.
run_wrk() {
  local name=$1 pid=$2 url=$3 out t0 t1 rps reqs lat
  shift 3
  t0=$(cpu_ticks "$pid")
  out=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" "$@" "$url")
  t1=$(cpu_ticks "$pid")
  if grep -q -E "Non-2xx|Socket errors" <<<"$out"; then
    echo "run-bench: wrk saw errors for $name:" >&2; echo "$out" >&2; exit 1
  fi
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  lat=$(awk '$1 == "Latency" {print $2 " avg, " $4 " max"}' <<<"$out")
  awk -v n="$name" -v rps="$rps" -v reqs="$reqs" -v dt="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" -v lat="$lat" \
      -v load="$(cut -d' ' -f1 /proc/loadavg)" \
      'BEGIN { printf "  %-26s %8.0f req/s %8d requests  server CPU %4.0f us/request  latency %s  load %s\n",
               n, rps, reqs, dt / hz / reqs * 1e6, lat, load }'
  printf '%s\t%s\n' "$name" "$rps" >>"$WORK/rates"
}

echo "warm-up (2 s each, not counted)"
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d2s "$HELLO_URL" >/dev/null
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d2s -H "$AUTH" "$COUNTY_URL" >/dev/null
for r in $(seq "$ROUNDS"); do
  echo "round $r"
  run_wrk "hello-world" "$HELLO_PID" "$HELLO_URL"
  run_wrk "GET /api/v1/orgs/{county}" "$API_PID" "$COUNTY_URL" -H "$AUTH"
  run_wrk "GET /api/v1/orgs/{root}" "$API_PID" "$ROOT_URL" -H "$AUTH"
done
stop "$API_PID"; API_PID=""
stop "$HELLO_PID"; HELLO_PID=""

awk -F'\t' '{ sum[$1] += $2; n[$1]++ }
  END {
    h = sum["hello-world"] / n["hello-world"]
    printf "mean of %d rounds: hello-world %.0f req/s\n", n["hello-world"], h
    split("GET /api/v1/orgs/{county}|GET /api/v1/orgs/{root}", names, "|")
    for (i = 1; i <= 2; i++) {
      a = sum[names[i]] / n[names[i]]
      printf "http: %s %.0f req/s = %.0f%% of hello-world (%.0f req/s) -- goal >= 50%%: %s\n",
             names[i], a, 100 * a / h, h, (a >= 0.5 * h ? "met" : "NOT met")
    }
  }' "$WORK/rates"

if [ -x "$HTTP_BENCH" ]; then
  echo
  echo "== http: in-process cost breakdown of GET /api/v1/orgs/{id} (no sockets, no access log)"
  "$HTTP_BENCH" --benchmark_min_time=0.5 2>&1 | grep -v -E '^\*\*\*|^$'
fi
fi  # part http
# ---- Write path --------------------------------------------------------------------------------
# WRITE_CLIENTS concurrent clients drive hazards through the loop (register, plan, start, progress,
# submit as 东阿县实验小学's school.officer; review/close as county.officer), every write durable
# when acknowledged; beside raw SQLite one-row-per-transaction in the same directory. Then the
# same on PostgreSQL when scripts/pg-test-cluster.sh can start a cluster (WRITE_PG=0 skips it).
if part write && [ -x "$WRITE_BENCH" ]; then
  write_run() {  # LABEL STORE_ARGS...
    local label=$1 port pid log
    shift
    port=$(free_port)
    log="$WORK/write-$label.log"
    "$ANXIAO" demo "$@" ${EVIDENCE_DIR:+--evidence "$EVIDENCE_DIR"} --port "$port" --threads "$THREADS" >"$log" 2>&1 &
    pid=$!
    API_PID=$pid
    wait_listening "$pid" "$log"
    local st ct sid
    st=$("$ANXIAO" token create school.officer "$@" --label bench | grep -E '^[A-Za-z0-9_]{16,}$' | tail -1)
    ct=$("$ANXIAO" token create county.officer "$@" --label bench | grep -E '^[A-Za-z0-9_]{16,}$' | tail -1)
    sid=$(curl -sf -H "Authorization: Bearer $st" "http://127.0.0.1:$port/api/v1/me" | jq -r .user.scope_org_id)
    local t0 t1
    t0=$(cpu_ticks "$pid")
    "$WRITE_BENCH" --url "http://127.0.0.1:$port" --school-token "$st" --county-token "$ct" --school "$sid" \
      --clients "$WRITE_CLIENTS" --seconds "$WRITE_SECONDS" --label "$label" ${BASELINE:+--baseline-dir "$WORK"}
    t1=$(cpu_ticks "$pid")
    echo "  server CPU during the run: $(awk -v d=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.1f s", d/hz}')"
    stop "$pid"; API_PID=""
  }
  echo
  echo "== write path: $WRITE_CLIENTS clients through the hazard loop for ${WRITE_SECONDS}s, every write durable"
  BASELINE=1 write_run sqlite --data "$WORK/write-data"
  if [ "${WRITE_PG:-1}" = 1 ] && command -v runuser >/dev/null; then
    export ANXIAO_PG_STATE="$WORK/pg-state"
    mkdir -p "$ANXIAO_PG_STATE"
    if PG_URL=$(scripts/pg-test-cluster.sh start 2>"$WORK/pg.log"); then
      BASELINE= EVIDENCE_DIR="$WORK/write-pg-evidence" write_run postgresql --db "$PG_URL" || true
      scripts/pg-test-cluster.sh stop >/dev/null 2>&1 || true
    else
      echo "  (PostgreSQL skipped: the test cluster did not start; see scripts/pg-test-cluster.sh)"
    fi
  fi
fi

# ---- Five knowns -------------------------------------------------------------------------------
FK_BENCH="$BUILD/bench/anxiao_five_knowns_bench"
if part five_knowns && [ -x "$FK_BENCH" ]; then
  echo
  echo "== five knowns: city over ${FK_HAZARDS:-100000} hazards (SQLite), counters vs aggregation over the rows"
  TMPDIR="$WORK" "$FK_BENCH" --hazards "${FK_HAZARDS:-100000}" --runs "${FK_RUNS:-200}" --node city
  if [ "${FK_PG:-1}" = 1 ] && command -v runuser >/dev/null; then
    echo
    echo "== five knowns: the root over ${FK_PG_HAZARDS:-1000000} hazards (PostgreSQL)"
    export ANXIAO_PG_STATE="$WORK/pg-state"
    mkdir -p "$ANXIAO_PG_STATE"
    if FK_PG_URL=$(scripts/pg-test-cluster.sh newdb anxiao_fk_bench 2>"$WORK/pg-fk.log"); then
      TMPDIR="$WORK" "$FK_BENCH" --hazards "${FK_PG_HAZARDS:-1000000}" --runs "${FK_RUNS:-200}" --node root --pg "$FK_PG_URL" || true
      scripts/pg-test-cluster.sh stop >/dev/null 2>&1 || true
    else
      echo "  (PostgreSQL skipped: the test cluster did not start; see scripts/pg-test-cluster.sh)"
    fi
  fi
fi

echo
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
