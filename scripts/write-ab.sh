#!/usr/bin/env bash
# A/B of the write path (BENCHMARKS.md, "Write path, session 5"): for each LABEL=DIR argument (DIR
# holds an `anxiao` and an `anxiao_write_bench` binary), in the order given, a fresh copy of one
# demo database, `anxiao serve`, a 1 s warm-up and SECS seconds of the write bench (64 clients
# through the hazard loop, SQLite synchronous=FULL). Prints the bench's line and the server's CPU
# per acknowledged write, in total and on the commit thread (the thread named anxiao-commit: the
# serial part that caps the rate). Repeat labels to interleave rounds (a b a b): the machine is
# shared, so only pairs run back to back compare.
#
#   scripts/write-ab.sh base=/tmp/base new=build/anxiao-dir base=/tmp/base new=...
#
# Knobs: SECS (10), CLIENTS (64), WORK (a temp dir; the demo database is made there once, with the
# first argument's binary, and removed at exit), PERF (a path prefix: record the server with
# `perf record --call-graph dwarf` during each measured run into PERF.LABEL.N). Servers started here are stopped by pid.
set -euo pipefail
SECS=${SECS:-10}
CLIENTS=${CLIENTS:-64}
HZ=$(getconf CLK_TCK)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/anxiao-write-ab.XXXXXX")
PID=""
cleanup() {
  if [ -n "$PID" ]; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() {
  local p
  for _ in $(seq 100); do
    # below the kernel's ephemeral range (32768–60999): a port the clients' own connections
    # left in TIME_WAIT is not listened on, yet the server cannot bind it
    p=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "write-ab: no free port" >&2; exit 1
}
wait_listening() {  # PID LOG
  for _ in $(seq 1800); do
    grep -q "listening on" "$2" 2>/dev/null && return 0
    kill -0 "$1" 2>/dev/null || { echo "write-ab: server exited:" >&2; cat "$2" >&2; exit 1; }
    sleep 0.1
  done
  echo "write-ab: server did not start" >&2; exit 1
}
ticks() { awk '{print $14 + $15}' "$1"; }  # utime + stime

[ $# -gt 0 ] || { echo "usage: $0 LABEL=DIR..." >&2; exit 2; }
first=${1#*=}
port=$(free_port)
"$first/anxiao" demo --data "$WORK/demo" --port "$port" --threads 8 >"$WORK/demo.log" 2>&1 &
PID=$!
wait_listening "$PID" "$WORK/demo.log"
kill -TERM "$PID"; wait "$PID" || true; PID=""

for arg in "$@"; do
  label=${arg%%=*}; dir=${arg#*=}
  rm -rf "$WORK/run"; cp -a "$WORK/demo" "$WORK/run"
  port=$(free_port)
  "$dir/anxiao" serve --data "$WORK/run" --port "$port" --threads "${THREADS:-8}" >"$WORK/server.log" 2>&1 &
  PID=$!
  wait_listening "$PID" "$WORK/server.log"
  st=$("$dir/anxiao" token create school.officer --data "$WORK/run" --label bench | grep -E '^[A-Za-z0-9_]{16,}$' | tail -1)
  ct=$("$dir/anxiao" token create county.officer --data "$WORK/run" --label bench | grep -E '^[A-Za-z0-9_]{16,}$' | tail -1)
  sid=$(curl -sf -H "Authorization: Bearer $st" "http://127.0.0.1:$port/api/v1/me" | jq -r .user.scope_org_id)
  bench=("$dir/anxiao_write_bench" --url "http://127.0.0.1:$port" --school-token "$st" --county-token "$ct" --school "$sid" --clients "$CLIENTS")
  "${bench[@]}" --seconds 1 --label warm-up >/dev/null
  ctid=""
  for t in /proc/"$PID"/task/*; do [ "$(cat "$t/comm")" = anxiao-commit ] && ctid=${t##*/}; done
  [ -n "$ctid" ] || { echo "write-ab: no anxiao-commit thread in $label" >&2; exit 1; }
  t0=$(ticks "/proc/$PID/stat"); c0=$(ticks "/proc/$PID/task/$ctid/stat")
  perf_pid=""
  if [ -n "${PERF:-}" ]; then
    n=0; while [ -e "$PERF.$label.$n" ]; do n=$((n + 1)); done
    perf record -q -F 499 --call-graph dwarf,16384 -p "$PID" -o "$PERF.$label.$n" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  out=$(/usr/bin/time -f "client-cpu %U %S" -o "$WORK/client.time" "${bench[@]}" --seconds "$SECS" --label "$label")
  t1=$(ticks "/proc/$PID/stat"); c1=$(ticks "/proc/$PID/task/$ctid/stat")
  if [ -n "$perf_pid" ]; then kill -INT "$perf_pid"; wait "$perf_pid" || true; fi
  echo "$out" | grep -v '^$'
  writes=$(echo "$out" | grep -oE '\([0-9]+ writes' | head -1 | grep -oE '[0-9]+')
  client=$(awk '/client-cpu/ { print $2 + $3 }' "$WORK/client.time")
  awk -v d=$((t1 - t0)) -v c=$((c1 - c0)) -v hz="$HZ" -v w="$writes" -v l="$label" -v cl="$client" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN { printf "%s: server CPU %.2f s (commit thread %.2f s) for %d writes: %.0f us per write, commit thread %.0f us; bench client %.0f us per write; load %s\n", l, d/hz, c/hz, w, d/hz/w*1e6, c/hz/w*1e6, cl/w*1e6, load }'
  kill -TERM "$PID"; wait "$PID" || true; PID=""
done
