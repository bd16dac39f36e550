#!/usr/bin/env bash
# A CPU profile of the server while check-ins stream in (docs/PERFORMANCE.md, section 10, "Check-in ingest").
#
#   scripts/profile-checkin.sh          # needs a release binary, wrk, curl, jq and perf (apt-get install linux-perf)
#
# Settings (environment, with defaults):
#   BIN=.build-release/release/shouhu   the server binary
#   PORT=8093                           the port the server listens on (127.0.0.1 only)
#   SECONDS_PROFILED=15                 how long perf samples (at 499 Hz, with call graphs) during a 20-s ingest
#   OUT=/tmp/profile-checkin-<time>     the SQLite file, server log, perf.data and report.txt
#
# Steps: `shouhu serve --demo` on a new SQLite file, wait for its history, a checkin:write token, every active student;
# 5 s of ingest to warm up (wrk -t2 -c64, scripts/bench-checkin.lua), then `perf record -g` on the server during 20 s
# more. report.txt lists functions by inclusive share of the samples, names demangled. The server is stopped by its PID.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/.build-release/release/shouhu}
PORT=${PORT:-8093}
SECONDS_PROFILED=${SECONDS_PROFILED:-15}
OUT=${OUT:-/tmp/profile-checkin-$(date -u +%Y%m%dT%H%M%S)}
PASSWORD=Bench-admin-pw-1
SERVER_PID=""

# shellcheck source=scripts/bench-checkin-lib.sh
source "$ROOT/scripts/bench-checkin-lib.sh"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

bench_init
command -v perf >/dev/null || die "perf is not installed (apt-get install linux-perf)"
DB="sqlite:$OUT/profile.sqlite"
start_server "$DB" "$OUT/server.log" --demo
wait_demo_history "$OUT/server.log"
admin=$(sign_in)
token=$("$BIN" token create --name profile --scopes checkin:write --database "$DB" 2>>"$OUT/server.log" | grep '^sht_' | tail -1)
[[ -n "$token" ]] || die "shouhu token create printed no token"
active_students "$admin" "$OUT/students.txt"

run_wrk warmup 2 64 5s ingest "$OUT/students.txt" "$token" 0
perf record -F 499 -g -p "$SERVER_PID" -o "$OUT/perf.data" -- sleep "$SECONDS_PROFILED" >/dev/null 2>&1 &
PERF_PID=$!
run_wrk ingest 2 64 20s ingest "$OUT/students.txt" "$token" 0
wait "$PERF_PID" || true
perf report -i "$OUT/perf.data" --children --sort symbol --stdio -g none 2>/dev/null | grep '%' | grep -v '^#' \
    | awk '{ $3 = ""; print }' | { swift demangle --simplified 2>/dev/null || cat; } >"$OUT/report.txt"
log "profile: $OUT/report.txt (inclusive share, then self share, then the function)"
head -40 "$OUT/report.txt"
