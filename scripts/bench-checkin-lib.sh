# Helpers shared by scripts/bench-checkin.sh and scripts/bench-completeness-pg.sh (sourced, not run).
# The caller sets: BIN, PORT, PASSWORD, OUT (a folder for logs and results) and calls `bench_init`.
# Every process started here is remembered by its PID and stopped by `bench_cleanup` (call it from an EXIT trap).

SERVER_PID=""
MONITOR_PID=""
LUA="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/bench-checkin.lua"

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_ns() { date +%s%N; }

bench_init() {
    command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
    command -v curl >/dev/null || die "curl is missing"
    command -v jq >/dev/null || die "jq is missing (apt-get install jq)"
    [[ -x "$BIN" ]] || die "no shouhu binary at $BIN (build it: swift build -c release --scratch-path .build-release --product shouhu)"
    mkdir -p "$OUT"
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/healthz"; then
        die "something already answers on 127.0.0.1:$PORT; choose another PORT"
    fi
}

bench_cleanup() {
    stop_monitor
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        log "stopping server $SERVER_PID"
        stop_server
    fi
}

# start_server DATABASE_URL LOGFILE [extra serve arguments…]  → SERVER_PID, READY_MS
# Environment for the server: SHOUHU_ADMIN_PASSWORD=$PASSWORD plus whatever the caller exported.
start_server() {
    local url=$1 logfile=$2; shift 2
    local t0 code
    t0=$(now_ns)
    SHOUHU_ADMIN_PASSWORD=$PASSWORD "$BIN" serve --database "$url" --host 127.0.0.1 --port "$PORT" "$@" >"$logfile" 2>&1 &
    SERVER_PID=$!
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/readyz" || true)
        [[ "$code" == 200 ]] && break
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logfile" >&2; SERVER_PID=""; die "the server exited before it was ready"; }
        (( ($(now_ns) - t0) / 1000000000 < 300 )) || { cat "$logfile" >&2; die "the server was not ready after 300 s"; }
        sleep 0.05
    done
    READY_MS=$(( ($(now_ns) - t0) / 1000000 ))
    log "server $SERVER_PID ready on 127.0.0.1:$PORT after $READY_MS ms ($url)"
}

# wait_demo_history LOGFILE → HISTORY_MS: `serve --demo` answers once the roster is in and loads the history (check-ins,
# gate events, testing, quarantine, separation) in the background; measurements start when its log says it is complete.
wait_demo_history() {
    local logfile=$1 t0
    t0=$(now_ns)
    grep -q '已载入示范学院' "$logfile" || die "the demo college was not loaded (the database was not empty?)"
    until grep -q '示范学院的历史数据已全部载入' "$logfile"; do
        grep -q '没有载入完整' "$logfile" && { cat "$logfile" >&2; die "the demo history did not load completely"; }
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logfile" >&2; die "the server exited while loading the demo history"; }
        (( ($(now_ns) - t0) / 1000000000 < 600 )) || die "the demo history was not complete after 600 s"
        sleep 0.1
    done
    HISTORY_MS=$(( READY_MS + ($(now_ns) - t0) / 1000000 ))
    log "demo history complete $HISTORY_MS ms after the start"
}

# SIGTERM, then up to 60 s for a graceful exit, then SIGKILL.
stop_server() {
    [[ -n "$SERVER_PID" ]] || return 0
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 600; i++)); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        log "server $SERVER_PID did not stop within 60 s; SIGKILL"
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

# CPU seconds (user + system) the server has used so far.
server_cpu_s() {
    local tck
    tck=$(getconf CLK_TCK)
    awk -v tck="$tck" '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / tck }' "/proc/$SERVER_PID/stat"
}

rss_mib() { awk '/^VmRSS:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$SERVER_PID/status"; }

# sign_in → prints a bearer token of admin
sign_in() {
    curl -s --fail -X POST -H 'Content-Type: application/json' \
        -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$PORT/api/v1/sessions" | jq -r .token
}

# active_students TOKEN FILE: every active student number the admin sees, one a line (follows nextCursor)
active_students() {
    local token=$1 file=$2 cursor="" page
    : >"$file"
    while :; do
        page=$(curl -s --fail -H "Authorization: Bearer $token" \
            "http://127.0.0.1:$PORT/api/v1/students?limit=1000&status=active${cursor:+&cursor=$(jq -rn --arg c "$cursor" '$c|@uri')}")
        jq -r '.items[].studentNo' <<<"$page" >>"$file"
        cursor=$(jq -r '.nextCursor // empty' <<<"$page")
        [[ -n "$cursor" ]] || break
    done
}

# run_wrk NAME THREADS CONNECTIONS DURATION MODE ARGS… → $OUT/NAME.txt; sets R_* from its RESULT line
# (R_requests R_ok R_other R_rps R_ok_rps R_p50_ms R_p90_ms R_p99_ms R_p999_ms R_max_ms R_mean_ms R_statuses …)
# and R_cpu (server CPU seconds used during the run).
run_wrk() {
    local name=$1 threads=$2 conns=$3 duration=$4; shift 4
    local cpu0 cpu1 line kv
    cpu0=$(server_cpu_s)
    wrk -t"$threads" -c"$conns" -d"$duration" --latency -s "$LUA" "http://127.0.0.1:$PORT" -- "$@" >"$OUT/$name.txt" 2>&1 \
        || { cat "$OUT/$name.txt" >&2; die "wrk failed ($name)"; }
    cpu1=$(server_cpu_s)
    line=$(grep '^RESULT ' "$OUT/$name.txt") || { cat "$OUT/$name.txt" >&2; die "no RESULT line from wrk ($name)"; }
    for kv in ${line#RESULT }; do printf -v "R_${kv%%=*}" '%s' "${kv#*=}"; done
    R_cpu=$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.1f", b - a }')
    log "$name: $R_requests requests, ${R_ok_rps} ok/s, p50 ${R_p50_ms} ms, p99 ${R_p99_ms} ms, statuses $R_statuses, server CPU ${R_cpu} s"
    if [[ "$R_other" != 0 ]]; then log "$name: $R_other unexpected answers: $(grep '^FIRST_UNEXPECTED' "$OUT/$name.txt" || true)"; fi
}

# percentiles < numbers → "n=… min=… p50=… p90=… p99=… max=…" (nearest rank)
percentiles() {
    sort -g | awk '
        { v[NR] = $1 }
        function rank(p,   r) { r = int(p / 100 * NR + 0.999999); if (r < 1) r = 1; return v[r] }
        END { if (NR == 0) { print "n=0"; exit }
              printf "n=%d min=%.2f p50=%.2f p90=%.2f p99=%.2f max=%.2f\n", NR, v[1], rank(50), rank(90), rank(99), v[NR] }'
}

# A sampler of the whole machine (top, every 2 s) while measuring, to show what else ran on the two cores.
start_monitor() {
    top -b -c -w 400 -d 2 >"$OUT/top.log" 2>/dev/null &
    MONITOR_PID=$!
}
stop_monitor() {
    if [[ -n "$MONITOR_PID" ]] && kill -0 "$MONITOR_PID" 2>/dev/null; then
        kill -TERM "$MONITOR_PID" 2>/dev/null || true
        wait "$MONITOR_PID" 2>/dev/null || true
    fi
    MONITOR_PID=""
}

# other_load PATTERN: processes at ≥ 20 % CPU in any 2-s sample whose command line does not match PATTERN
# (an extended regex for this benchmark's own processes). Prints "none" or the worst sample of each.
other_load() {
    local mine=$1
    awk -v mine="$mine" '
        /^top - / { frame++ ; clock = $3; next }
        frame >= 2 && $1 ~ /^[0-9]+$/ && NF >= 12 {
            cpu = $9 + 0; if (cpu < 20) next
            cmd = ""; for (i = 12; i <= NF; i++) cmd = cmd " " $i
            if (cmd ~ mine) next
            key = substr(cmd, 2, 60)
            if (cpu > worst[key]) { worst[key] = cpu; at[key] = clock }
            n[key]++
        }
        END {
            found = 0
            for (k in worst) { printf "  %5.1f %% CPU at %s (%d samples ≥ 20 %%): %s\n", worst[k], at[k], n[k], k; found = 1 }
            if (!found) print "  none (no other process reached 20 % CPU in any 2-s sample)"
        }' "$OUT/top.log"
}
