#!/usr/bin/env bash
# Check-in ingest over HTTP and the completeness query of the demo college (docs/PERFORMANCE.md, section 3).
#
#   scripts/bench-checkin.sh                       # SQLite only; needs a release binary and wrk, curl, jq, sqlite3
#   BIN=/tmp/shouhu-bench PG_URL=postgres://postgres@127.0.0.1:55432 scripts/bench-checkin.sh   # also PostgreSQL
#
# Build the binary first (this script never builds):
#   swift build -c release --scratch-path .build-release --product shouhu     # → .build-release/release/shouhu
#
# Settings (environment, with defaults):
#   BIN=.build-release/release/shouhu   the server binary (copy it elsewhere if the tree is rebuilt meanwhile)
#   PORT=8091                           the port the server listens on (127.0.0.1 only)
#   THREADS=2 CONNECTIONS=64            wrk threads and connections for the ingest and /healthz runs
#   DURATION=30s WARMUP=5s              each measured wrk run, and the warm-up before each kind of request
#   SINGLE_DURATION=15s                 each single-connection run (wrk -t1 -c1) of the completeness query
#   SQL_RUNS=50                         how often the completeness SQL is timed straight on the database
#   ABNORMAL_PERMILLE=0                 abnormal answers in the ingest (per mille; each opens or adds to a case)
#   PG_URL=                             a PostgreSQL server (postgres://user@host:port, no database) to repeat the
#                                       measurements on; a database bench_checkin_<pid> is created there and dropped
#   PG_INGEST=1                         with PG_URL: also run the ingest on PostgreSQL (0 skips it)
#   OUT=/tmp/bench-checkin-<time>       where the wrk outputs, server logs, query plans and summary.txt are kept
#   KEEP_DB=0                           1 keeps the SQLite file (in OUT) and the PostgreSQL database afterwards
#
# For each engine, on a new database:
#   1. `shouhu serve --demo` (the 7,600-student demo college with 14 days of check-ins and today so far), sign in as
#      admin, create an integration token with checkin:write (`shouhu token create`), list the active students.
#   2. Completeness, one connection, one request at a time: GET /healthz and GET /api/v1/account (an authenticated
#      request that does no query of its own: the floor under any API figure), then
#      GET /api/v1/checkins/completeness?groupBy=building and ?groupBy=class as admin; each after a 2-s warm-up.
#      Then the same SQL straight on the database (sqlite3 CLI with .timer, or psql with \timing), SQL_RUNS times,
#      and its plan (EXPLAIN QUERY PLAN / EXPLAIN (ANALYZE, BUFFERS)).
#   3. Ingest, 64 connections: GET /healthz (warm-up, then measured), POST /api/v1/checkins (warm-up, then
#      measured) cycling through all active students with normal answers, then GET /healthz again. The rows of
#      `checkins` are counted just before and 2 s after the measured ingest; the difference is compared with the
#      201 answers wrk counted (requests still in flight when wrk stops may be stored without being counted).
# Every process started here (server, top) is stopped by its PID when the script exits, also on error or Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/.build-release/release/shouhu}
PORT=${PORT:-8091}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-5s}
SINGLE_DURATION=${SINGLE_DURATION:-15s}
SQL_RUNS=${SQL_RUNS:-50}
ABNORMAL_PERMILLE=${ABNORMAL_PERMILLE:-0}
PG_URL=${PG_URL:-}
PG_INGEST=${PG_INGEST:-1}
OUT=${OUT:-/tmp/bench-checkin-$(date -u +%Y%m%dT%H%M%S)}
KEEP_DB=${KEEP_DB:-0}
PASSWORD=Bench-admin-pw-1
PG_DB=bench_checkin_$$
PG_CREATED=0

# shellcheck source=scripts/bench-checkin-lib.sh
source "$ROOT/scripts/bench-checkin-lib.sh"

cleanup() {
    bench_cleanup
    if [[ "$PG_CREATED" == 1 && "$KEEP_DB" != 1 ]]; then
        psql -X -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1 || log "could not drop $PG_DB"
    fi
    if [[ "$KEEP_DB" != 1 ]]; then rm -f "$OUT/bench.sqlite" "$OUT/bench.sqlite-wal" "$OUT/bench.sqlite-shm"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_init
command -v sqlite3 >/dev/null || die "sqlite3 is missing (apt-get install sqlite3)"
[[ -z "$PG_URL" ]] || command -v psql >/dev/null || die "psql is missing"
SUMMARY="$OUT/summary.txt"
: >"$SUMMARY"
say() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }

# The school's day, as the server counts it (SHOUHU_TIMEZONE, default Asia/Shanghai).
TODAY=$(TZ=${SHOUHU_TIMEZONE:-Asia/Shanghai} date +%F)

# The app's completeness SQL (Sources/Storage/CheckIns/SQLCheckInStore+Completeness.swift) for an admin (whole
# school), with the bound values written in: two grouped counts, expected from students and reported from the day's
# counted check-ins. Each run below times both statements together.
completeness_sql() {
    local us ud
    case $1 in
        building) us="COALESCE(s.building, '')"; ud="COALESCE(d.building, '')" ;;
        class) us="s.class_name"; ud="d.class_name" ;;
    esac
    printf '%s' "SELECT $us AS unit, COUNT(*) AS expected FROM students AS s WHERE s.school_id = 'main' AND s.status = 'active' GROUP BY $us; SELECT $ud AS unit, COUNT(*) AS reported, CAST(SUM(d.abnormal) AS BIGINT) AS abnormal, CAST(SUM(d.late) AS BIGINT) AS late FROM checkin_days AS d WHERE d.school_id = 'main' AND d.day = '$TODAY' AND d.status = 'active' GROUP BY $ud"
}

# count_rows ENGINE TABLE [WHERE]
count_rows() {
    local sql="SELECT count(*) FROM $2${3:+ WHERE $3}"
    case $1 in
        sqlite) sqlite3 "$OUT/bench.sqlite" "$sql" ;;
        postgres) psql -X -At "$PG_URL/$PG_DB" -c "$sql" ;;
    esac
}

sql_timings() {
    local engine=$1 group=$2 sql
    sql=$(completeness_sql "$group")
    case $engine in
        sqlite)
            # The sqlite3 CLI (Debian's SQLite, not the one bundled in sqlite-nio) on the server's file, while the
            # server runs; the first run warms the page cache and is left out.
            { echo ".timer on"; for ((i = 0; i <= SQL_RUNS; i++)); do echo "$sql;"; done; } \
                | sqlite3 "$OUT/bench.sqlite" | awk '/^Run Time: real/ { n++; t += $4; if (n % 2 == 0) { if (n > 2) print t * 1000; t = 0 } }' | percentiles
            { sqlite3 "$OUT/bench.sqlite" "EXPLAIN QUERY PLAN ${sql%%;*}"; sqlite3 "$OUT/bench.sqlite" "EXPLAIN QUERY PLAN ${sql#*; }"; } >"$OUT/$engine-plan-$group.txt"
            ;;
        postgres)
            { echo '\timing on'; echo '\o /dev/null'; for ((i = 0; i <= SQL_RUNS; i++)); do echo "$sql;"; done; } \
                | psql -X -q "$PG_URL/$PG_DB" | awk '/^Time: / { n++; t += $2; if (n % 2 == 0) { if (n > 2) print t; t = 0 } }' | percentiles
            { psql -X -q "$PG_URL/$PG_DB" -c "EXPLAIN (ANALYZE, BUFFERS) ${sql%%;*}"; psql -X -q "$PG_URL/$PG_DB" -c "EXPLAIN (ANALYZE, BUFFERS) ${sql#*; }"; } >"$OUT/$engine-plan-$group.txt"
            ;;
    esac
}

measure_engine() {
    local engine=$1 url=$2 admin token students g
    log "== $engine: $url"
    start_server "$url" "$OUT/$engine-server.log" --demo
    wait_demo_history "$OUT/$engine-server.log"
    local load_ms=$HISTORY_MS
    admin=$(sign_in)
    [[ -n "$admin" && "$admin" != null ]] || die "sign-in as admin failed"
    token=$("$BIN" token create --name "bench-$engine" --scopes checkin:write --database "$url" 2>>"$OUT/$engine-server.log" | grep '^sht_' | tail -1)
    [[ -n "$token" ]] || die "shouhu token create printed no token"
    students="$OUT/$engine-students.txt"
    active_students "$admin" "$students"
    local nstudents
    nstudents=$(wc -l <"$students")
    log "$nstudents active students; RSS $(rss_mib) MiB"

    say ""
    say "== $engine ($url), day $TODAY, $nstudents active students, ready with the demo college after $load_ms ms"
    say "-- one connection (wrk -t1 -c1 -d$SINGLE_DURATION after a 2-s warm-up), latency in ms"
    printf '%-46s %9s %8s %8s %8s %8s %8s\n' "request" "req/s" "p50" "p90" "p99" "max" "answers" | tee -a "$SUMMARY"
    single() {
        local name=$1 path=$2 tok=$3
        run_wrk "$engine-c1-$name-warmup" 1 1 2s get "$path" "$tok" >/dev/null
        run_wrk "$engine-c1-$name" 1 1 "$SINGLE_DURATION" get "$path" "$tok"
        printf '%-46s %9s %8s %8s %8s %8s %8s\n' "GET $path" "$R_rps" "$R_p50_ms" "$R_p90_ms" "$R_p99_ms" "$R_max_ms" "$R_statuses" | tee -a "$SUMMARY"
    }
    single healthz /healthz -
    single account /api/v1/account "$admin"
    for g in building class; do
        curl -s --fail -H "Authorization: Bearer $admin" "http://127.0.0.1:$PORT/api/v1/checkins/completeness?groupBy=$g" \
            >"$OUT/$engine-completeness-$g.json"
        single "completeness-$g" "/api/v1/checkins/completeness?groupBy=$g" "$admin"
    done
    for g in building class; do
        say "   groupBy=$g: $(jq -r '"\(.groups | length) groups, expected \(.expected), reported \(.reported), missing \(.missing)"' "$OUT/$engine-completeness-$g.json"), $(wc -c <"$OUT/$engine-completeness-$g.json") bytes"
    done
    say "-- the same SQL straight on the database, $SQL_RUNS runs after 1 warm-up, ms (plans in $OUT/$engine-plan-*.txt)"
    for g in building class; do
        say "   groupBy=$g: $(sql_timings "$engine" "$g")"
    done

    if [[ "$engine" == postgres && "$PG_INGEST" != 1 ]]; then stop_server; return; fi

    say "-- $CONNECTIONS connections, $THREADS wrk threads, $DURATION each (after $WARMUP warm-ups)"
    printf '%-30s %9s %8s %8s %8s %8s %10s %s\n' "request" "ok/s" "p50" "p90" "p99" "max" "server CPU" "answers" | tee -a "$SUMMARY"
    row() { printf '%-30s %9s %8s %8s %8s %8s %9ss %s\n' "$1" "$R_ok_rps" "$R_p50_ms" "$R_p90_ms" "$R_p99_ms" "$R_max_ms" "$R_cpu" "$R_statuses" | tee -a "$SUMMARY"; }
    run_wrk "$engine-healthz-warmup" "$THREADS" "$CONNECTIONS" "$WARMUP" get /healthz - >/dev/null
    run_wrk "$engine-healthz-before" "$THREADS" "$CONNECTIONS" "$DURATION" get /healthz -
    local healthz_rps=$R_ok_rps
    row "GET /healthz (before)"
    run_wrk "$engine-ingest-warmup" "$THREADS" "$CONNECTIONS" "$WARMUP" ingest "$students" "$token" "$ABNORMAL_PERMILLE" >/dev/null
    # wrk stops with up to CONNECTIONS requests in flight; the server still finishes (and stores) them.
    sleep 2
    local cases0 rows0 rows1 days1 cases1
    cases0=$(count_rows "$engine" cases)
    rows0=$(count_rows "$engine" checkins)
    run_wrk "$engine-ingest" "$THREADS" "$CONNECTIONS" "$DURATION" ingest "$students" "$token" "$ABNORMAL_PERMILLE"
    local ingest_ok=$R_ok ingest_rps=$R_ok_rps ingest_p99=$R_p99_ms ingest_other=$R_other ingest_statuses=$R_statuses
    row "POST /api/v1/checkins"
    sleep 2
    rows1=$(count_rows "$engine" checkins)
    cases1=$(count_rows "$engine" cases)
    run_wrk "$engine-healthz-after" "$THREADS" "$CONNECTIONS" "$DURATION" get /healthz -
    row "GET /healthz (after)"
    days1=$(count_rows "$engine" checkin_days "day = '$TODAY'")
    local stored=$((rows1 - rows0))
    say "   ingest / healthz (before): $(awk -v a="$ingest_rps" -v b="$healthz_rps" 'BEGIN { printf "%.1f %%", 100 * a / b }') (target ≥ 50 %); p99 $ingest_p99 ms (target < 50 ms)"
    say "   rows in checkins: $rows0 before, $rows1 after → $stored stored; wrk counted $ingest_ok × 201 and $ingest_other other answers ($ingest_statuses); difference $((stored - ingest_ok))"
    say "   counted check-ins today (checkin_days): $days1 of $nstudents; cases: $cases0 before, $cases1 after; server RSS $(rss_mib) MiB"
    stop_server
    if [[ "$engine" == sqlite ]]; then
        say "   after stopping: checkins $(count_rows sqlite checkins) rows; PRAGMA quick_check: $(sqlite3 "$OUT/bench.sqlite" 'PRAGMA quick_check')"
    fi
}

say "bench-checkin $(date -u +%Y-%m-%dT%H:%M:%SZ); binary $BIN (sha256 $(sha256sum "$BIN" | cut -c1-12)); tree HEAD now $(git -C "$ROOT" log -1 --format=%h 2>/dev/null || echo '?')"
say "$(nproc) cores: wrk (-t$THREADS) and the server share them"
start_monitor
measure_engine sqlite "sqlite:$OUT/bench.sqlite"
if [[ -n "$PG_URL" ]]; then
    psql -X -q "$PG_URL/postgres" -c "CREATE DATABASE $PG_DB" >/dev/null
    PG_CREATED=1
    measure_engine postgres "$PG_URL/$PG_DB"
fi
stop_monitor
say ""
say "other load during the run (top, 2-s samples, other than this benchmark's server, wrk, sqlite3, psql, its PostgreSQL backends and any parallel workers):"
other_load "$BIN|wrk |top -b|sqlite3|psql|bench_checkin_$$|bench-checkin|postgres: parallel worker" | tee -a "$SUMMARY"
say ""
say "results: $OUT (summary.txt, one .txt per wrk run, server logs, plans)"
