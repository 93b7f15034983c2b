#!/usr/bin/env bash
# Browser tests of the web application against the real server binary with demo data.
#   tests/browser/run.sh BINARY [TEST...]   (e.g. build/anxiao; TEST: forms or forms.test.mjs,
#                                          default: every *.test.mjs)
# Env: SCREENSHOTS=1 also writes docs/screenshots/*.png; PORT to choose the port; KEEP=1 keeps the
# temp data dir. Needs web/node_modules (npm ci in web/) and web/dist (npm run build in web/).
set -euo pipefail

BIN=${1:?usage: tests/browser/run.sh BINARY [TEST...]}
shift
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
case "$BIN" in /*) ;; *) BIN="$PWD/$BIN" ;; esac
[ -x "$BIN" ] || { echo "run.sh: $BIN is not an executable" >&2; exit 2; }

if [ ! -d "$ROOT/web/node_modules/playwright-core" ]; then
  echo "run.sh: installing web dependencies (npm ci)" >&2
  (cd "$ROOT/web" && npm ci --no-audit --no-fund)
fi
if [ ! -f "$ROOT/web/dist/index.html" ]; then
  echo "run.sh: building web/dist" >&2
  (cd "$ROOT/web" && npm run build)
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/anxiao-browser.XXXXXX")
PORT=${PORT:-$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
LOG="$TMP/server.log"
SERVER_PID=

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "${KEEP:-}" = 1 ]; then echo "run.sh: kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT INT TERM

# The server serves web/dist; run it from the repository root so that a relative web/dist resolves.
(cd "$ROOT" && exec "$BIN" demo --data "$TMP/data" --port "$PORT" --web "$ROOT/web/dist") >"$LOG" 2>&1 &
SERVER_PID=$!

BASE_URL="http://127.0.0.1:$PORT"
ready=
for _ in $(seq 1 600); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "run.sh: server exited early; log:" >&2; cat "$LOG" >&2; exit 1
  fi
  if node -e "fetch('$BASE_URL/api/v1/health').then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))" 2>/dev/null; then
    ready=1; break
  fi
  sleep 0.5
done
[ -n "$ready" ] || { echo "run.sh: server not healthy after 300 s; log:" >&2; cat "$LOG" >&2; exit 1; }
echo "run.sh: server ready at $BASE_URL" >&2

FILES=()
for t in "$@"; do
  f="$HERE/${t%.test.mjs}.test.mjs"
  [ -f "$f" ] || { echo "run.sh: no browser test $f" >&2; exit 2; }
  FILES+=("$f")
done
[ ${#FILES[@]} -gt 0 ] || FILES=("$HERE"/*.test.mjs)

status=0
BASE_URL="$BASE_URL" ROOT="$ROOT" node --test --test-concurrency=1 "${FILES[@]}" || status=$?
if [ "$status" != 0 ]; then echo "run.sh: tests failed; last server log lines:" >&2; tail -n 40 "$LOG" >&2; fi
exit "$status"
