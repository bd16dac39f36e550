#!/usr/bin/env bash
# Cold start to ready with the demo college, and resident memory, of the release binary (docs/PERFORMANCE.md).
#
#   scripts/bench-start.sh            # from anywhere; builds .build-release once, then measures
#   RUNS=5 REQUESTS=1000 SKIP_BUILD=1 SCRATCH=.build-release scripts/bench-start.sh   (the defaults; SCRATCH may be absolute)
#   BIN=.build/debug/shouhu scripts/bench-start.sh    # another binary (never built here), e.g. `swift run`'s debug build
#
# Each run, on a fresh SQLite file in a temporary folder:
#   1. first start: `shouhu serve --demo` on the empty file (migrations, admin, the 7,600-student demo roster with
#      its demo passwords); time from launch until GET /readyz answers 200 (polled every 20 ms); VmRSS right after
#      ready; then the time from launch until the server says the demo's history (loaded in the background) is
#      complete; sign in as admin; REQUESTS × GET /api/v1/students?limit=100 with the bearer
#      token (one curl process, keep-alive); VmRSS after them; stop (SIGTERM, wait for exit).
#   2. second start: the same command on the same file, which already holds the demo college; time to ready and
#      VmRSS after ready; stop.
# Only 127.0.0.1 is used; every process started here is stopped by its PID and waited for.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
REQUESTS=${REQUESTS:-1000}
SCRATCH=${SCRATCH:-.build-release}
PASSWORD=bench-admin-password-1
[[ "$SCRATCH" == /* ]] || SCRATCH="$ROOT/$SCRATCH"
cd "$ROOT"
if [[ -n "${BIN:-}" ]]; then
    SKIP_BUILD=1
else
    BIN="$SCRATCH/release/shouhu"
fi
if [[ "${SKIP_BUILD:-0}" != 1 || ! -x "$BIN" ]]; then
    echo "== swift build -c release --scratch-path $SCRATCH --product shouhu" >&2
    swift build -c release --scratch-path "$SCRATCH" --product shouhu >&2
fi
[[ -x "$BIN" ]] || { echo "no binary at $BIN" >&2; exit 1; }

WORK=$(mktemp -d /tmp/shouhu-bench-start.XXXXXX)
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

now_ns() { date +%s%N; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# start DB_FILE LOG → sets SERVER_PID, PORT and READY_MS
start_server() {
    local db=$1 log=$2 t0 t1 code
    PORT=$(free_port)
    t0=$(now_ns)
    SHOUHU_ADMIN_PASSWORD=$PASSWORD "$BIN" serve --demo --database "sqlite:$db" --host 127.0.0.1 --port "$PORT" >"$log" 2>&1 &
    SERVER_PID=$!
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$PORT/readyz" || true)
        if [[ "$code" == 200 ]]; then break; fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "server exited before ready; log:" >&2; cat "$log" >&2; exit 1
        fi
        if (( ($(now_ns) - t0) / 1000000 > 120000 )); then
            echo "not ready after 120 s; log:" >&2; cat "$log" >&2; exit 1
        fi
        sleep 0.02
    done
    t1=$(now_ns)
    READY_MS=$(( (t1 - t0) / 1000000 ))
    START_NS=$t0
}

# waits until the log says the demo's history is complete; sets HISTORY_MS (from launch)
wait_history() {
    local log=$1
    until grep -q '示范学院的历史数据已全部载入' "$log"; do
        if grep -q '没有载入完整' "$log" || ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "the demo history did not complete; log:" >&2; cat "$log" >&2; exit 1
        fi
        sleep 0.05
    done
    HISTORY_MS=$(( ($(now_ns) - START_NS) / 1000000 ))
}

stop_server() {
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

# REQUESTS authenticated list requests in one curl process; sets REQ_MS and REQ_OK
list_students() {
    local token cfg i
    token=$(curl -s --fail -X POST -H 'Content-Type: application/json' \
        -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" \
        "http://127.0.0.1:$PORT/api/v1/sessions" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
    cfg="$WORK/curl.cfg"
    : >"$cfg"
    for ((i = 0; i < REQUESTS; i++)); do
        printf 'url = "http://127.0.0.1:%s/api/v1/students?limit=100"\noutput = "/dev/null"\n' "$PORT" >>"$cfg"
    done
    local t0=$(now_ns)
    REQ_OK=$(curl -s -H "Authorization: Bearer $token" -w '%{http_code}\n' -K "$cfg" | grep -c '^200$' || true)
    REQ_MS=$(( ($(now_ns) - t0) / 1000000 ))
}

declare -a FIRST_MS FIRST_RSS HISTORY AFTER_RSS SECOND_MS SECOND_RSS LIST_MS
printf '%-4s %14s %14s %12s %16s %14s %14s %16s\n' run first_ready_ms rss_ready_MiB history_ms rss_after_req_MiB second_ready_ms rss_second_MiB "${REQUESTS}req_ms(ok)" >&2
for ((run = 1; run <= RUNS; run++)); do
    db="$WORK/run$run.sqlite"
    start_server "$db" "$WORK/run$run-first.log"
    FIRST_MS+=("$READY_MS"); r1=$(rss_kb "$SERVER_PID"); FIRST_RSS+=("$r1")
    wait_history "$WORK/run$run-first.log"; HISTORY+=("$HISTORY_MS")
    list_students
    r2=$(rss_kb "$SERVER_PID"); AFTER_RSS+=("$r2"); LIST_MS+=("$REQ_MS")
    if [[ "$REQ_OK" != "$REQUESTS" ]]; then echo "only $REQ_OK of $REQUESTS requests answered 200" >&2; fi
    stop_server
    grep -q '已载入示范学院' "$WORK/run$run-first.log" || { echo "run $run: demo college was not loaded; log:" >&2; cat "$WORK/run$run-first.log" >&2; exit 1; }

    start_server "$db" "$WORK/run$run-second.log"
    SECOND_MS+=("$READY_MS"); r3=$(rss_kb "$SERVER_PID"); SECOND_RSS+=("$r3")
    stop_server
    rm -f "$db" "$db-wal" "$db-shm"

    awk -v run="$run" -v a="${FIRST_MS[-1]}" -v b="$r1" -v h="$HISTORY_MS" -v c="$r2" -v d="${SECOND_MS[-1]}" -v e="$r3" -v f="$REQ_MS" -v ok="$REQ_OK" \
        'BEGIN { printf "%-4s %14d %14.1f %12d %16.1f %14d %14.1f %11d (%s)\n", run, a, b/1024, h, c/1024, d, e/1024, f, ok }' >&2
done

# median, min and max of a list of numbers (divided by $1)
summary() {
    local div=$1; shift
    printf '%s\n' "$@" | sort -n | awk -v div="$div" '
        { v[NR] = $1 / div }
        END {
            med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%10.1f %10.1f %10.1f", med, v[1], v[NR]
        }'
}

echo
echo "shouhu serve --demo, SQLite, $BIN, $RUNS runs ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"
printf '%-52s %10s %10s %10s\n' "figure" "median" "min" "max"
printf '%-52s %s\n' "cold start to ready, empty db + demo roster (ms)" "$(summary 1 "${FIRST_MS[@]}")"
printf '%-52s %s\n' "start to the demo history complete (ms)" "$(summary 1 "${HISTORY[@]}")"
printf '%-52s %s\n' "RSS right after ready (MiB)" "$(summary 1024 "${FIRST_RSS[@]}")"
printf '%-52s %s\n' "RSS after $REQUESTS × GET /students?limit=100 (MiB)" "$(summary 1024 "${AFTER_RSS[@]}")"
printf '%-52s %s\n' "$REQUESTS × GET /students?limit=100, wall (ms)" "$(summary 1 "${LIST_MS[@]}")"
printf '%-52s %s\n' "second start to ready, demo already in db (ms)" "$(summary 1 "${SECOND_MS[@]}")"
printf '%-52s %s\n' "RSS right after second ready (MiB)" "$(summary 1024 "${SECOND_RSS[@]}")"
