#!/usr/bin/env bash
# Gate events, gate decisions and contact investigations on the demo college (docs/PERFORMANCE.md, section 4).
#
#   scripts/bench-gates.sh                       # SQLite only; needs a release binary, wrk, curl, jq, sqlite3, python3
#   BIN=/tmp/shouhu-gates PG_URL=postgres://postgres@127.0.0.1:55432 scripts/bench-gates.sh   # also PostgreSQL
#
# Build the binary first (this script never builds):
#   swift build -c release --scratch-path .build-release --product shouhu     # → .build-release/release/shouhu
#
# Settings (environment, with defaults):
#   BIN=.build-release/release/shouhu   the server binary (copy it elsewhere if the tree is rebuilt meanwhile)
#   PORT=8092                           the port the server listens on (127.0.0.1 only)
#   DURATION=30s WARMUP=5s              each measured wrk run, and the warm-up before each kind of request
#   INGEST_CONNECTIONS=4                wrk connections posting event batches (each request: BATCH new events)
#   BATCH=1000                          events per POST /api/v1/access/events (the contract's maximum)
#   DECIDE_CONNECTIONS=16               wrk connections asking GET /api/v1/access/decision
#   INDEX_STUDENTS=20                   index students for the investigations, spread evenly over the active list
#                                       (every 373rd for 20, as before; every 37th for 200)
#   BASELINE_STUDENTS=20                how many of them also run the plain-SQL baseline (per window)
#   WINDOWS=3,7                         investigation windows, in days ending now
#   SIM_STUDENTS=0                      students for the gate-sim.py run (0: all active); SIM=0 skips it
#   INVESTIGATE=1                       0 skips (b), the investigations and the baseline
#   WRK_TIMEOUT=30s                     wrk's per-request timeout (its default, 2 s, is shorter than a loaded batch)
#   SIM_DAY=today                       the day gate-sim.py simulates (YYYY-MM-DD, Asia/Shanghai)
#   PG_URL=                             a PostgreSQL server (postgres://user@host:port, no database) to repeat everything
#                                       on; a database bench_gates_<pid> is created there and dropped afterwards
#   PSQL=psql                           the psql to use (/usr/lib/postgresql/15/bin/psql if psql is not on PATH)
#   OUT=/tmp/bench-gates-<time>         where the wrk outputs, server logs and summary.txt are kept
#   KEEP_DB=0                           1 keeps the SQLite file (in OUT) and the PostgreSQL database afterwards
#
# For each engine, on a new database:
#   1. `shouhu serve --demo` (7,600 students; 15 days of gate and facility events, about 640,000; the lockdown policy)
#      with SHOUHU_REQUIRE_TOTP=false and SHOUHU_ADMIN_PASSWORD set; sign in as admin; create an integration token
#      with access:write,access:decide,read:all (`shouhu token create`); list the active students and the points.
#   2. (b) Investigations first, on the untouched demo data: scripts/bench-gates-investigate.py runs
#      POST /api/v1/investigations for INDEX_STUDENTS students and each window, and the plain-SQL baseline (sqlite3 CLI
#      or psql) for BASELINE_STUDENTS of them, comparing the degree-1 and degree-2 sets.
#   3. (c) Decisions alone: wrk -t1 -cDECIDE_CONNECTIONS on GET /api/v1/access/decision (random student, point and
#      direction), warm-up then DURATION.
#   4. (a) Ingest alone: wrk -t1 -cINGEST_CONNECTIONS posting BATCH new events a request (random students and points,
#      instants in the last 10 minutes), warm-up then DURATION; the rows of access_events are counted before and after.
#   5. (c) Decisions under ingest: both wrk runs at the same time (the ingest one started 1 s earlier, for DURATION+2s).
#   6. (a) scripts/gate-sim.py: a simulated day (SIM_DAY, default today) of every active student, in time order.
# Every process started here (server, wrk, top) is stopped by its PID when the script exits, also on error or Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/.build-release/release/shouhu}
PORT=${PORT:-8092}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-5s}
INGEST_CONNECTIONS=${INGEST_CONNECTIONS:-4}
BATCH=${BATCH:-1000}
DECIDE_CONNECTIONS=${DECIDE_CONNECTIONS:-16}
INDEX_STUDENTS=${INDEX_STUDENTS:-20}
BASELINE_STUDENTS=${BASELINE_STUDENTS:-20}
WINDOWS=${WINDOWS:-3,7}
SIM=${SIM:-1}
INVESTIGATE=${INVESTIGATE:-1}
WRK_TIMEOUT=${WRK_TIMEOUT:-30s}
SIM_STUDENTS=${SIM_STUDENTS:-0}
PG_URL=${PG_URL:-}
PSQL=${PSQL:-psql}
OUT=${OUT:-/tmp/bench-gates-$(date -u +%Y%m%dT%H%M%S)}
KEEP_DB=${KEEP_DB:-0}
PASSWORD=Bench-admin-pw-1
PG_DB=bench_gates_$$
PG_CREATED=0
BG_WRK_PID=""
export SHOUHU_REQUIRE_TOTP=false

# shellcheck source=scripts/bench-checkin-lib.sh
source "$ROOT/scripts/bench-checkin-lib.sh"
LUA="$ROOT/scripts/bench-gates.lua"     # run_wrk (from the lib) runs this script instead of bench-checkin.lua
# Every wrk here (also the lib's run_wrk) gets a longer timeout: wrk records no latency for a request that outlives it.
wrk() { command wrk --timeout "$WRK_TIMEOUT" "$@"; }

cleanup() {
    if [[ -n "$BG_WRK_PID" ]] && kill -0 "$BG_WRK_PID" 2>/dev/null; then kill -TERM "$BG_WRK_PID" 2>/dev/null || true; wait "$BG_WRK_PID" 2>/dev/null || true; fi
    bench_cleanup
    if [[ "$PG_CREATED" == 1 && "$KEEP_DB" != 1 ]]; then
        "$PSQL" -X -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1 || log "could not drop $PG_DB"
    fi
    if [[ "$KEEP_DB" != 1 ]]; then rm -f "$OUT/bench.sqlite" "$OUT/bench.sqlite-wal" "$OUT/bench.sqlite-shm"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_init
command -v sqlite3 >/dev/null || die "sqlite3 is missing (apt-get install sqlite3)"
command -v python3 >/dev/null || die "python3 is missing"
[[ -z "$PG_URL" ]] || command -v "$PSQL" >/dev/null || die "psql is missing (PSQL=/usr/lib/postgresql/15/bin/psql)"
export PSQL
SUMMARY="$OUT/summary.txt"
: >"$SUMMARY"
say() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }

count_rows() {
    local sql="SELECT count(*) FROM $2${3:+ WHERE $3}"
    case $1 in
        sqlite) sqlite3 "$OUT/bench.sqlite" "$sql" ;;
        postgres) "$PSQL" -X -At "$PG_URL/$PG_DB" -c "$sql" ;;
    esac
}

row() { printf '%-44s %9s %8s %8s %8s %8s %8s %10s %s\n' "$1" "$R_ok_rps" "$R_p50_ms" "$R_p90_ms" "$R_p99_ms" "$R_p999_ms" "$R_max_ms" "${R_cpu}s" "$R_statuses" | tee -a "$SUMMARY"; }
header() { printf '%-44s %9s %8s %8s %8s %8s %8s %10s %s\n' "request" "ok/s" "p50" "p90" "p99" "p99.9" "max" "server CPU" "answers" | tee -a "$SUMMARY"; }

measure_engine() {
    local engine=$1 url=$2 dbarg=$3 admin token
    log "== $engine: $url"
    start_server "$url" "$OUT/$engine-server.log" --demo
    wait_demo_history "$OUT/$engine-server.log"
    local load_ms=$HISTORY_MS
    admin=$(sign_in)
    [[ -n "$admin" && "$admin" != null ]] || die "sign-in as admin failed"
    token=$("$BIN" token create --name "bench-gates-$engine" --scopes access:write,access:decide,read:all --database "$url" 2>>"$OUT/$engine-server.log" | grep '^sht_' | tail -1)
    [[ -n "$token" ]] || die "shouhu token create printed no token"
    local students="$OUT/$engine-students.txt" points="$OUT/$engine-points.txt" index="$OUT/$engine-index.txt"
    active_students "$admin" "$students"
    curl -s --fail -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/access/points" | jq -r '.items[].code' >"$points"
    local stride
    stride=$(( $(wc -l <"$students") / INDEX_STUDENTS ))
    (( stride > 373 )) && stride=373
    (( stride < 1 )) && stride=1
    awk -v n="$INDEX_STUDENTS" -v k="$stride" 'NR % k == 1 % k && c < n { print; c++ }' "$students" >"$index"
    local nstudents events0
    nstudents=$(wc -l <"$students")
    events0=$(count_rows "$engine" access_events)
    say ""
    say "== $engine ($url): ready with the demo college after $load_ms ms; $nstudents active students, $(wc -l <"$points") points, $events0 access events, $(count_rows "$engine" stays) stays; RSS $(rss_mib) MiB"

    if [[ "$INVESTIGATE" == 1 ]]; then
    say "-- (b) investigations (depth 2, minOverlap 15 min), $INDEX_STUDENTS index students, and the plain-SQL baseline for $BASELINE_STUDENTS"
    python3 "$ROOT/scripts/bench-gates-investigate.py" --url "http://127.0.0.1:$PORT" --token "$admin" --students "$index" \
        --engine "$engine" --database "$dbarg" --windows "$WINDOWS" --baseline-students "$BASELINE_STUDENTS" --out "$OUT" \
        2> >(tee -a "$OUT/$engine-investigate.err" >&2) | tee -a "$SUMMARY" || say "   (the baseline's sets differed from the API's for some students: see above)"
    fi

    say "-- (c) decisions and (a) ingest with wrk, $DURATION each after $WARMUP warm-ups; latency in ms"
    header
    run_wrk "$engine-decide-warmup" 1 "$DECIDE_CONNECTIONS" "$WARMUP" decide "$students" "$points" "$token" >/dev/null
    run_wrk "$engine-decide" 1 "$DECIDE_CONNECTIONS" "$DURATION" decide "$students" "$points" "$token"
    row "GET /access/decision, ${DECIDE_CONNECTIONS} conns, alone"

    run_wrk "$engine-ingest-warmup" 1 "$INGEST_CONNECTIONS" "$WARMUP" events "$students" "$points" "$token" "w$$" "$BATCH" >/dev/null
    sleep 2
    local rows0 rows1
    rows0=$(count_rows "$engine" access_events)
    run_wrk "$engine-ingest" 1 "$INGEST_CONNECTIONS" "$DURATION" events "$students" "$points" "$token" "m$$" "$BATCH"
    local ingest_line="   ingest: $R_accepted events accepted ($R_events_ps events/s, $R_ok_rps batches/s of $BATCH), $R_duplicates duplicates, $R_rejected rejected; p50 $R_p50_ms ms, p99 $R_p99_ms ms a batch"
    row "POST /access/events ×$BATCH, ${INGEST_CONNECTIONS} conns, alone"
    sleep 2
    rows1=$(count_rows "$engine" access_events)
    say "$ingest_line"
    say "   rows of access_events: $rows0 → $rows1 (+$((rows1 - rows0)); wrk counted $R_accepted accepted)"

    # Decisions under ingest: the ingest wrk runs in the background, 1 s longer on each side.
    local secs=${DURATION%s}
    wrk -t1 -c"$INGEST_CONNECTIONS" -d"$((secs + 2))s" --latency -s "$LUA" "http://127.0.0.1:$PORT" -- events "$students" "$points" "$token" "c$$" "$BATCH" \
        >"$OUT/$engine-ingest-concurrent.txt" 2>&1 &
    BG_WRK_PID=$!
    sleep 1
    run_wrk "$engine-decide-under-ingest" 1 "$DECIDE_CONNECTIONS" "$DURATION" decide "$students" "$points" "$token"
    row "GET /access/decision, under ingest"
    wait "$BG_WRK_PID" || true
    BG_WRK_PID=""
    local line kv
    line=$(grep '^RESULT ' "$OUT/$engine-ingest-concurrent.txt") || die "no RESULT from the concurrent ingest"
    for kv in ${line#RESULT }; do printf -v "C_${kv%%=*}" '%s' "${kv#*=}"; done
    say "   the concurrent ingest: $C_accepted events ($C_events_ps events/s, $C_ok_rps batches/s), batch p50 $C_p50_ms ms, p99 $C_p99_ms ms, answers $C_statuses"

    if [[ "$SIM" == 1 ]]; then
        local simday=${SIM_DAY:-$(TZ=${SHOUHU_TIMEZONE:-Asia/Shanghai} date +%F)}
        say "-- (a) scripts/gate-sim.py --day $simday --batch 500 --workers 4 (all passages at gates and doors ask first)"
        python3 "$ROOT/scripts/gate-sim.py" --url "http://127.0.0.1:$PORT" --token "$token" --day "$simday" --students "$SIM_STUDENTS" \
            --batch 500 --workers 4 --seed 7 --quiet | sed 's/^/   /' | tee -a "$SUMMARY"
    fi
    say "   server RSS $(rss_mib) MiB"
    stop_server
}

say "bench-gates $(date -u +%Y-%m-%dT%H:%M:%SZ); binary $BIN (sha256 $(sha256sum "$BIN" | cut -c1-12)); tree HEAD now $(git -C "$ROOT" log -1 --format=%h 2>/dev/null || echo '?')"
say "$(nproc) cores: wrk, the server, sqlite3/psql and PostgreSQL share them"
start_monitor
measure_engine sqlite "sqlite:$OUT/bench.sqlite" "$OUT/bench.sqlite"
if [[ -n "$PG_URL" ]]; then
    "$PSQL" -X -q "$PG_URL/postgres" -c "CREATE DATABASE $PG_DB" >/dev/null
    PG_CREATED=1
    measure_engine postgres "$PG_URL/$PG_DB" "$PG_URL/$PG_DB"
fi
stop_monitor
say ""
say "other load during the run (top, 2-s samples, other than this benchmark's server, wrk, sqlite3, psql, python3 and PostgreSQL backends):"
other_load "$BIN|wrk |top -b|sqlite3|psql|python3|bench_gates_$$|bench-gates|postgres: parallel worker" | tee -a "$SUMMARY"
say ""
say "results: $OUT (summary.txt, one .txt per wrk run, server logs, investigations-*.json)"
