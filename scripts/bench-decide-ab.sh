#!/usr/bin/env bash
# Gate decisions of two server binaries on the same SQLite file, alternately (docs/PERFORMANCE.md, section 10): tells a
# change from this machine's drift, which moves single runs by more than the change.
#
#   scripts/bench-decide-ab.sh OLD_BIN NEW_BIN        # needs wrk, curl, jq and sqlite3
#
# Settings (environment, with defaults):
#   PORT=8096 ROUNDS=2 DURATION=15s WARMUP=3s CONNECTIONS=16 OUT=/tmp/bench-decide-ab-<time>
#
# Steps: NEW_BIN loads the demo college into a new SQLite file (`serve --demo`, then its history) and makes an
# access:decide token; then, ROUNDS times, each binary in turn serves that file and answers `wrk -t1 -cCONNECTIONS`
# asking GET /api/v1/access/decision for every 37th active student at every access point (scripts/bench-gates.lua,
# mode decide) for DURATION after WARMUP. Every server is stopped by its PID.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OLD_BIN=${1:?usage: scripts/bench-decide-ab.sh OLD_BIN NEW_BIN}
NEW_BIN=${2:?usage: scripts/bench-decide-ab.sh OLD_BIN NEW_BIN}
PORT=${PORT:-8096}
ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-16}
OUT=${OUT:-/tmp/bench-decide-ab-$(date -u +%Y%m%dT%H%M%S)}
PASSWORD=Bench-admin-pw-1
SERVER_PID=""
BIN=$NEW_BIN

# shellcheck source=scripts/bench-checkin-lib.sh
source "$ROOT/scripts/bench-checkin-lib.sh"
LUA="$ROOT/scripts/bench-gates.lua"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

bench_init
command -v sqlite3 >/dev/null || die "sqlite3 is missing (apt-get install sqlite3)"
[[ -x "$OLD_BIN" ]] || die "no binary at $OLD_BIN"
cd "$OUT"   # the key files are made beside the SQLite file
DB="sqlite:$OUT/ab.sqlite"
start_server "$DB" "$OUT/load.log" --demo
wait_demo_history "$OUT/load.log"
admin=$(sign_in)
active_students "$admin" "$OUT/students.txt"
awk 'NR % 37 == 0' "$OUT/students.txt" >"$OUT/some.txt"
sqlite3 "$OUT/ab.sqlite" "SELECT code FROM access_points" >"$OUT/points.txt"
token=$("$BIN" token create --name ab --scopes access:decide --database "$DB" 2>>"$OUT/load.log" | grep '^sht_' | tail -1)
[[ -n "$token" ]] || die "shouhu token create printed no token"
stop_server

for ((round = 1; round <= ROUNDS; round++)); do
    for side in old new; do
        if [[ "$side" == old ]]; then BIN=$OLD_BIN; else BIN=$NEW_BIN; fi
        start_server "$DB" "$OUT/$side-$round.log"
        run_wrk "warmup-$side-$round" 1 "$CONNECTIONS" "$WARMUP" decide "$OUT/some.txt" "$OUT/points.txt" "$token" >/dev/null
        run_wrk "round$round-$side" 1 "$CONNECTIONS" "$DURATION" decide "$OUT/some.txt" "$OUT/points.txt" "$token"
        stop_server
    done
done
log "results: $OUT (one .txt per wrk run; the lines above name rate, p50 and p99 per round and side)"
