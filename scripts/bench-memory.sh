#!/usr/bin/env bash
# Resident memory (RSS) of the server under work (docs/PERFORMANCE.md). The target: "RSS < 150 MiB after 1,000
# investigations, 100,000 check-ins and 1,000 page views, and flat (no growth) over a 10-minute mixed load."
#
#   scripts/bench-memory.sh            # SQLite; needs a release binary and wrk, curl, jq, sqlite3, python3
#   BIN=/work/main/.build/debug/shouhu INVESTIGATIONS=20 CHECKINS=2000 PAGEVIEWS=40 MIX_MINUTES=1 SAMPLE_SECONDS=5 \
#       scripts/bench-memory.sh        # a quick check of the script itself, with a debug binary
#
# Build the binary first (this script never builds):
#   swift build -c release --scratch-path .build-release --product shouhu     # → .build-release/release/shouhu
#
# Settings (environment, with defaults):
#   BIN=.build-release/release/shouhu   the server binary (copy it elsewhere if the tree is rebuilt meanwhile)
#   PORT=8094                           the port the server listens on (127.0.0.1 only)
#   INVESTIGATIONS=1000                 POST /api/v1/investigations in the fixed work (7-day window ending now)
#   INVESTIGATION_CLIENTS=2             concurrent keep-alive clients for them
#   CHECKINS=100000                     POST /api/v1/checkins answered 201 in the fixed work (wrk -t2 -c64)
#   PAGEVIEWS=1000                      staff pages (GET, as admin, cookie session) in the fixed work
#   PAGES="/ /dashboard /grid /cases /overview /quarantine /ledgers /separation /investigations"
#                                       the pages tried; only those answering 200 to admin are used (/ redirects)
#   MIX_MINUTES=10                      the mixed load: check-ins (wrk -t1 -c8, not rate-limited), one investigation
#                                       client and one page client, all at once, without pause
#   SAMPLE_SECONDS=15                   how often VmRSS is sampled during the mixed load (→ OUT/rss.csv)
#   WRK_TIMEOUT=30s                     wrk's per-request timeout (its default, 2 s, is short for a loaded debug build)
#   OUT=/tmp/bench-memory-<time>        where the server log, wrk outputs, rss.csv and summary.txt are kept
#   KEEP_DB=0                           1 keeps the SQLite file (in OUT) afterwards
#
# On a new SQLite file (OUT/bench.sqlite):
#   1. `shouhu serve --demo` (the 7,600-student demo college and its history) with SHOUHU_REQUIRE_TOTP=false; wait
#      until the demo history is complete; sign in as admin (API session token); create an integration token with
#      checkin:write,read:all (`shouhu token create`); list the active students. POST /api/v1/investigations accepts
#      no integration token (staff roles only), so investigations use the admin session token, as
#      scripts/bench-gates-investigate.py does.
#   2. VmRSS right after that ("ready").
#   3. INVESTIGATIONS × POST /api/v1/investigations {indexStudentNo, from, to} (7 days ending now; defaults: depth 2,
#      minOverlap 15 min), index students every 97th of the active list, round; expects 201 and stops at any other.
#   4. Check-ins: short wrk runs of scripts/bench-checkin.lua (ingest mode: all active students, normal answers) at 64
#      connections until wrk has counted CHECKINS × 201; the rows of `checkins` are counted before and after.
#   5. Page views: sign in through the form (GET /signin for the shouhu_signin cookie and the form's _csrf, then
#      POST /signin → 303 and the shouhu_session cookie); PAGEVIEWS × GET of the usable PAGES, in rotation.
#   6. VmRSS after the fixed work (the target's "after …" figure).
#   7. The mixed load for MIX_MINUTES, VmRSS every SAMPLE_SECONDS into OUT/rss.csv (seconds,MiB); start, end, max and
#      the least-squares slope in MiB/min over the second half (the growth check), and what each client did.
#   8. Stop the server; summary (also OUT/summary.txt).
# Every process started here (server, wrk, python3 clients) is stopped by its PID when the script exits, also on
# error or Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/.build-release/release/shouhu}
PORT=${PORT:-8094}
INVESTIGATIONS=${INVESTIGATIONS:-1000}
INVESTIGATION_CLIENTS=${INVESTIGATION_CLIENTS:-2}
CHECKINS=${CHECKINS:-100000}
PAGEVIEWS=${PAGEVIEWS:-1000}
PAGES=${PAGES:-/ /dashboard /grid /cases /overview /quarantine /ledgers /separation /investigations}
MIX_MINUTES=${MIX_MINUTES:-10}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-15}
WRK_TIMEOUT=${WRK_TIMEOUT:-30s}
OUT=${OUT:-/tmp/bench-memory-$(date -u +%Y%m%dT%H%M%S)}
KEEP_DB=${KEEP_DB:-0}
PASSWORD=Bench-admin-pw-1
export SHOUHU_REQUIRE_TOTP=false
COMMAND="BIN=$BIN PORT=$PORT INVESTIGATIONS=$INVESTIGATIONS INVESTIGATION_CLIENTS=$INVESTIGATION_CLIENTS CHECKINS=$CHECKINS PAGEVIEWS=$PAGEVIEWS MIX_MINUTES=$MIX_MINUTES SAMPLE_SECONDS=$SAMPLE_SECONDS OUT=$OUT KEEP_DB=$KEEP_DB $0${*:+ $*}"
BG_PIDS=()

# shellcheck source=scripts/bench-checkin-lib.sh
source "$ROOT/scripts/bench-checkin-lib.sh"
# Every wrk here (also the lib's run_wrk) gets a longer timeout: wrk records no latency for a request that outlives it.
wrk() { command wrk --timeout "$WRK_TIMEOUT" "$@"; }

cleanup() {
    local pid
    for pid in "${BG_PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    done
    bench_cleanup
    # The key files the server writes beside the SQLite file belong to it: they go with it.
    if [[ "$KEEP_DB" != 1 ]]; then rm -f "$OUT/bench.sqlite" "$OUT/bench.sqlite-wal" "$OUT/bench.sqlite-shm" "$OUT/shouhu.key" "$OUT/shouhu-audit.key"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ "$INVESTIGATIONS" =~ ^[0-9]+$ && "$CHECKINS" =~ ^[0-9]+$ && "$PAGEVIEWS" =~ ^[0-9]+$ ]] || die "INVESTIGATIONS, CHECKINS and PAGEVIEWS must be whole numbers"
[[ "$MIX_MINUTES" =~ ^[0-9]+$ && "$SAMPLE_SECONDS" =~ ^[1-9][0-9]*$ ]] || die "MIX_MINUTES and SAMPLE_SECONDS must be whole numbers (SAMPLE_SECONDS ≥ 1)"
bench_init
command -v sqlite3 >/dev/null || die "sqlite3 is missing (apt-get install sqlite3)"
command -v python3 >/dev/null || die "python3 is missing"
SUMMARY="$OUT/summary.txt"
: >"$SUMMARY"
say() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }
DB="$OUT/bench.sqlite"
count_rows() { sqlite3 "$DB" "SELECT count(*) FROM $1"; }
hwm_mib() { awk '/^VmHWM:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$SERVER_PID/status"; }

# The HTTP clients for investigations and page views (python3, one keep-alive connection per client thread), written
# into OUT so that this script stays one file. Prints one RESULT line like the wrk scripts, plus FIRST_UNEXPECTED.
CLIENT="$OUT/bench-memory-client.py"
cat >"$CLIENT" <<'PY'
import argparse, datetime as dt, http.client, json, sys, threading, time

ap = argparse.ArgumentParser()
ap.add_argument("mode", choices=["investigate", "pages"])
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--token", help="investigate: an admin session token (Bearer)")
ap.add_argument("--cookie", help="pages: the shouhu_session cookie's value")
ap.add_argument("--list", required=True, help="investigate: student numbers; pages: paths; one a line")
ap.add_argument("--count", type=int, default=0, help="stop after this many requests in all")
ap.add_argument("--seconds", type=float, default=0, help="or stop after this long")
ap.add_argument("--clients", type=int, default=1)
ap.add_argument("--offset", type=int, default=0, help="where in the list to start")
ap.add_argument("--days", type=int, default=7, help="investigate: the window, in days ending now")
args = ap.parse_args()
items = [l.strip() for l in open(args.list) if l.strip()]
if not items:
    sys.exit("empty list " + args.list)
expected = 201 if args.mode == "investigate" else 200
lock = threading.Lock()
state = {"next": 0, "statuses": {}, "ok": 0, "other": 0, "sample": "", "ms": [], "bytes": 0}
deadline = time.monotonic() + args.seconds if args.seconds > 0 else None

def take():
    with lock:
        if args.count and state["next"] >= args.count:
            return None
        if deadline is not None and time.monotonic() >= deadline:
            return None
        i = state["next"]
        state["next"] += 1
        return i

def record(status, ms, body):
    with lock:
        state["statuses"][status] = state["statuses"].get(status, 0) + 1
        if status == expected:
            state["ok"] += 1
            state["ms"].append(ms)
            state["bytes"] += len(body)
        else:
            state["other"] += 1
            if not state["sample"]:
                state["sample"] = f"{status} {body[:300]!r}"

def client():
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=300)
    while True:
        i = take()
        if i is None:
            break
        if args.mode == "investigate":
            student = items[(args.offset + i * 97) % len(items)]
            now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
            body = json.dumps({"indexStudentNo": student, "from": (now - dt.timedelta(days=args.days)).isoformat(),
                               "to": now.isoformat()})
            method, path = "POST", "/api/v1/investigations"
            headers = {"Authorization": "Bearer " + args.token, "Content-Type": "application/json"}
        else:
            body = None
            method, path = "GET", items[(args.offset + i) % len(items)]
            headers = {"Cookie": "shouhu_session=" + args.cookie}
        t0 = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            raw = r.read()
            record(r.status, (time.perf_counter() - t0) * 1000, raw)
            if r.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException) as e:
            record("error:" + type(e).__name__, 0, str(e).encode())
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=300)
    conn.close()

t0 = time.monotonic()
threads = [threading.Thread(target=client) for _ in range(max(1, args.clients))]
for t in threads:
    t.start()
for t in threads:
    t.join()
seconds = time.monotonic() - t0
ms = sorted(state["ms"])
def pct(p):
    return ms[min(len(ms), max(1, int(p / 100 * len(ms) + 0.999999))) - 1] if ms else float("nan")
n = state["ok"] + state["other"]
statuses = ",".join(f"{k}:{v}" for k, v in sorted(state["statuses"].items(), key=lambda kv: str(kv[0])))
print(f"RESULT requests={n} ok={state['ok']} other={state['other']} rps={n / seconds if seconds else 0:.1f} "
      f"p50_ms={pct(50):.1f} p99_ms={pct(99):.1f} max_ms={(ms[-1] if ms else float('nan')):.1f} "
      f"mean_kib={(state['bytes'] / state['ok'] / 1024 if state['ok'] else 0):.0f} seconds={seconds:.1f} statuses={statuses or '-'}")
if state["sample"]:
    print("FIRST_UNEXPECTED " + state["sample"])
PY

# run_client NAME ARGS… → OUT/NAME.txt; sets P_* from its RESULT line (P_requests P_ok P_other P_rps P_p50_ms …)
parse_result() {
    local prefix=$1 file=$2 line kv
    line=$(grep '^RESULT ' "$file") || { cat "$file" >&2; die "no RESULT line in $file"; }
    for kv in ${line#RESULT }; do printf -v "${prefix}_${kv%%=*}" '%s' "${kv#*=}"; done
}
run_client() {
    local name=$1; shift
    python3 "$CLIENT" "$@" >"$OUT/$name.txt" 2>&1 || { cat "$OUT/$name.txt" >&2; die "the $name client failed"; }
    parse_result P "$OUT/$name.txt"
    log "$name: $P_requests requests in $P_seconds s ($P_rps/s), p50 $P_p50_ms ms, p99 $P_p99_ms ms, answers $P_statuses"
    if [[ "$P_other" != 0 ]]; then log "$name: $P_other unexpected answers: $(grep '^FIRST_UNEXPECTED' "$OUT/$name.txt" || true)"; fi
}

say "bench-memory $(date -u +%Y-%m-%dT%H:%M:%SZ); binary $BIN (sha256 $(sha256sum "$BIN" | cut -c1-12)); tree HEAD now $(git -C "$ROOT" log -1 --format=%h 2>/dev/null || echo '?')"
say "command: $COMMAND"
say "$(nproc) cores: the server, wrk and the python3 clients share them"

# 1. The demo college, the tokens, the students.
start_server "sqlite:$DB" "$OUT/server.log" --demo
wait_demo_history "$OUT/server.log"
ADMIN=$(sign_in)
[[ -n "$ADMIN" && "$ADMIN" != null ]] || die "sign-in as admin failed"
TOKEN=$("$BIN" token create --name bench-memory --scopes checkin:write,read:all --database "sqlite:$DB" 2>>"$OUT/server.log" | grep '^sht_' | tail -1)
[[ -n "$TOKEN" ]] || die "shouhu token create printed no token"
STUDENTS="$OUT/students.txt"
active_students "$ADMIN" "$STUDENTS"
NSTUDENTS=$(wc -l <"$STUDENTS")
(( NSTUDENTS > 0 )) || die "no active students"

# 2. RSS when ready.
RSS_READY=$(rss_mib)
log "$NSTUDENTS active students; ready with the demo college after $HISTORY_MS ms; RSS $RSS_READY MiB"
say "demo college ready after $HISTORY_MS ms; $NSTUDENTS active students; $(count_rows checkins) check-ins, $(count_rows access_events) access events in the database"

# 3. Investigations.
INV_LINE="(none)"
if (( INVESTIGATIONS > 0 )); then
    log "$INVESTIGATIONS investigations (7 days, $INVESTIGATION_CLIENTS clients)"
    run_client investigations investigate --port "$PORT" --token "$ADMIN" --list "$STUDENTS" --count "$INVESTIGATIONS" --clients "$INVESTIGATION_CLIENTS"
    [[ "$P_other" == 0 ]] || die "$P_other investigations were not answered 201: $(grep '^FIRST_UNEXPECTED' "$OUT/investigations.txt" || true)"
    INV_LINE="$P_ok × 201 of $P_requests; HTTP p50 $P_p50_ms ms, p99 $P_p99_ms ms, answers of $P_mean_kib KiB on average; $P_seconds s"
fi
RSS_AFTER_INV=$(rss_mib)
log "RSS after the investigations: $RSS_AFTER_INV MiB"

# 4. Check-ins: short wrk runs until wrk has counted CHECKINS × 201.
CHECKIN_OK=0 CHECKIN_OTHER=0 CHECKIN_RUNS=0 CHECKIN_STATUSES="" CHECKIN_S=""
ROWS0=$(count_rows checkins)
if (( CHECKINS > 0 )); then
    log "$CHECKINS check-ins (wrk -t2 -c64, runs of up to 60 s)"
    secs=5
    t0=$(now_ns)
    while (( CHECKIN_OK < CHECKINS )); do
        CHECKIN_RUNS=$((CHECKIN_RUNS + 1))
        run_wrk "checkins-$CHECKIN_RUNS" 2 64 "${secs}s" ingest "$STUDENTS" "$TOKEN" 0
        CHECKIN_OK=$((CHECKIN_OK + R_ok))
        CHECKIN_OTHER=$((CHECKIN_OTHER + R_other))
        CHECKIN_STATUSES="$CHECKIN_STATUSES${CHECKIN_STATUSES:+ }$R_statuses"
        if [[ "$R_other" != 0 ]]; then log "unexpected check-in answers: $(grep '^FIRST_UNEXPECTED' "$OUT/checkins-$CHECKIN_RUNS.txt" || true)"; fi
        (( CHECKIN_OK < CHECKINS )) || break
        (( CHECKIN_RUNS < 1000 )) || die "only $CHECKIN_OK check-ins answered 201 after 1,000 wrk runs"
        # The next run: long enough for the rest at the last run's pace (plus 10 %), between 2 and 60 s.
        secs=$(awk -v left=$((CHECKINS - CHECKIN_OK)) -v rps="$R_ok_rps" 'BEGIN { s = rps > 0 ? int(left * 1.1 / rps) + 1 : 60; if (s < 2) s = 2; if (s > 60) s = 60; print s }')
    done
    CHECKIN_S=$(( ($(now_ns) - t0) / 1000000000 ))
    sleep 2   # wrk stops with up to 64 requests in flight; the server still finishes them.
fi
ROWS1=$(count_rows checkins)
RSS_AFTER_CHECKINS=$(rss_mib)
log "check-ins: wrk counted $CHECKIN_OK × 201 and $CHECKIN_OTHER other in $CHECKIN_RUNS runs; rows $ROWS0 → $ROWS1; RSS $RSS_AFTER_CHECKINS MiB"

# 5. Page views: sign in through the form, then keep the pages that answer 200.
JAR="$OUT/cookies.txt"
curl -s --fail -c "$JAR" -o "$OUT/signin.html" "http://127.0.0.1:$PORT/signin" || die "GET /signin failed"
CSRF=$(grep -o 'name="_csrf" value="[^"]*"' "$OUT/signin.html" | head -1 | sed 's/.*value="//; s/"$//')
[[ -n "$CSRF" ]] || die "no _csrf in the sign-in form"
code=$(curl -s -b "$JAR" -c "$JAR" -o /dev/null -w '%{http_code}' --data-urlencode username=admin \
    --data-urlencode "password=$PASSWORD" --data-urlencode "_csrf=$CSRF" --data-urlencode next=/ "http://127.0.0.1:$PORT/signin")
[[ "$code" == 303 ]] || die "POST /signin answered $code, not 303"
COOKIE=$(awk -F'\t' '$6 == "shouhu_session" { print $7 }' "$JAR" | tail -1)
[[ -n "$COOKIE" ]] || die "no shouhu_session cookie after the form sign-in"
rm -f "$JAR" "$OUT/signin.html"
PAGE_LIST="$OUT/pages.txt"
: >"$PAGE_LIST"
SKIPPED=""
for p in $PAGES; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: shouhu_session=$COOKIE" "http://127.0.0.1:$PORT$p")
    if [[ "$code" == 200 ]]; then echo "$p" >>"$PAGE_LIST"; else SKIPPED="$SKIPPED $p→$code"; fi
done
[[ -s "$PAGE_LIST" ]] || die "none of the pages ($PAGES) answered 200 to admin"
PAGES_USED=$(paste -sd' ' "$PAGE_LIST")
log "pages used: $PAGES_USED${SKIPPED:+; left out (not 200):$SKIPPED}"
PV_LINE="(none)"
if (( PAGEVIEWS > 0 )); then
    run_client pageviews pages --port "$PORT" --cookie "$COOKIE" --list "$PAGE_LIST" --count "$PAGEVIEWS"
    PV_OK=$P_ok PV_OTHER=$P_other
    PV_LINE="$P_ok × 200 of $P_requests ($P_statuses); p50 $P_p50_ms ms, p99 $P_p99_ms ms, $P_mean_kib KiB on average; $P_seconds s"
fi

# 6. RSS after the fixed work.
RSS_FIXED=$(rss_mib)
HWM_FIXED=$(hwm_mib)
log "RSS after the fixed work: $RSS_FIXED MiB (peak so far $HWM_FIXED MiB)"

# 7. The mixed load.
MIX_S=$((MIX_MINUTES * 60))
M_ok=0 M_other=0 M_requests=0 M_ok_rps=0 M_statuses="-"
I_requests=0 I_ok=0 I_other=0 I_statuses="-" V_requests=0 V_ok=0 V_other=0 V_statuses="-"
RSS_CSV="$OUT/rss.csv"
echo "seconds,MiB" >"$RSS_CSV"
if (( MIX_S > 0 )); then
    log "mixed load for $MIX_MINUTES min: check-ins (wrk -t1 -c8), 1 investigation client, 1 page client; RSS every $SAMPLE_SECONDS s"
    MIX_ROWS0=$(count_rows checkins)
    # `command wrk`, not the function above: $! must be wrk itself, so that the cleanup can stop it by its PID.
    command wrk --timeout "$WRK_TIMEOUT" -t1 -c8 -d"${MIX_S}s" --latency -s "$LUA" "http://127.0.0.1:$PORT" -- ingest "$STUDENTS" "$TOKEN" 0 >"$OUT/mix-checkins.txt" 2>&1 &
    WRK_PID=$!; BG_PIDS+=("$WRK_PID")
    python3 "$CLIENT" investigate --port "$PORT" --token "$ADMIN" --list "$STUDENTS" --seconds "$MIX_S" --offset 5000 >"$OUT/mix-investigations.txt" 2>&1 &
    INV_PID=$!; BG_PIDS+=("$INV_PID")
    python3 "$CLIENT" pages --port "$PORT" --cookie "$COOKIE" --list "$PAGE_LIST" --seconds "$MIX_S" >"$OUT/mix-pageviews.txt" 2>&1 &
    PV_PID=$!; BG_PIDS+=("$PV_PID")
    t0=$(now_ns)
    for ((k = 0; k * SAMPLE_SECONDS <= MIX_S; k++)); do
        target=$((k * SAMPLE_SECONDS))
        # Sleep until the sample's time (measured from the start, so the samples do not drift).
        wait_s=$(awk -v t="$target" -v e="$(( $(now_ns) - t0 ))" 'BEGIN { w = t - e / 1e9; print (w > 0 ? w : 0) }')
        sleep "$wait_s"
        kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited during the mixed load"
        printf '%d,%s\n' "$target" "$(rss_mib)" >>"$RSS_CSV"
        log "mixed load ${target} s: RSS $(tail -1 "$RSS_CSV" | cut -d, -f2) MiB"
    done
    wait "$WRK_PID" || { cat "$OUT/mix-checkins.txt" >&2; die "wrk failed in the mixed load"; }
    wait "$INV_PID" || { cat "$OUT/mix-investigations.txt" >&2; die "the investigation client failed in the mixed load"; }
    wait "$PV_PID" || { cat "$OUT/mix-pageviews.txt" >&2; die "the page client failed in the mixed load"; }
    BG_PIDS=()
    parse_result M "$OUT/mix-checkins.txt"
    parse_result I "$OUT/mix-investigations.txt"
    parse_result V "$OUT/mix-pageviews.txt"
    sleep 2
    MIX_ROWS1=$(count_rows checkins)
fi
RSS_END_ALL=$(rss_mib)
HWM_END=$(hwm_mib)

# Start, end, max and the slope over the second half (least squares, MiB per minute).
read -r MIX_N RSS_MIX_START RSS_MIX_END RSS_MIX_MAX SLOPE SLOPE_N < <(awk -F, -v half=$((MIX_S / 2)) '
    NR == 1 { next }
    { n++; if (n == 1) first = $2; last = $2; if (n == 1 || $2 > max) max = $2
      if ($1 >= half) { m++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2 } }
    END {
        if (n == 0) { print "0 - - - - 0"; exit }
        d = m * sxx - sx * sx
        slope = (m >= 2 && d != 0) ? sprintf("%+.3f", (m * sxy - sx * sy) / d * 60) : "-"
        printf "%d %s %s %s %s %d\n", n, first, last, max, slope, m
    }' "$RSS_CSV")

# 8. Stop; the summary.
stop_server
say ""
say "== fixed work"
say "   investigations (POST /api/v1/investigations, 7 days, $INVESTIGATION_CLIENTS clients): $INV_LINE"
say "   check-ins (wrk -t2 -c64, $CHECKIN_RUNS runs${CHECKIN_S:+, $CHECKIN_S s}): wrk counted $CHECKIN_OK × 201 and $CHECKIN_OTHER other (${CHECKIN_STATUSES:--}); rows of checkins $ROWS0 → $ROWS1 (+$((ROWS1 - ROWS0)))"
say "   page views (cookie session from the sign-in form; $PAGES_USED${SKIPPED:+; left out:$SKIPPED}): $PV_LINE"
if (( MIX_S > 0 )); then
    say "== mixed load, $MIX_MINUTES min ($MIX_N RSS samples every $SAMPLE_SECONDS s in $RSS_CSV)"
    say "   check-ins (wrk -t1 -c8): $M_requests requests, $M_ok × 201 ($M_ok_rps/s), $M_other other ($M_statuses); p50 $M_p50_ms ms, p99 $M_p99_ms ms; rows +$((MIX_ROWS1 - MIX_ROWS0))"
    say "   investigations (1 client): $I_requests requests, $I_ok × 201, $I_other other ($I_statuses); p50 $I_p50_ms ms, p99 $I_p99_ms ms"
    say "   page views (1 client): $V_requests requests, $V_ok × 200, $V_other other ($V_statuses); p50 $V_p50_ms ms, p99 $V_p99_ms ms"
fi
UNEXPECTED=$((CHECKIN_OTHER + ${PV_OTHER:-0} + M_other + I_other + V_other))
(( UNEXPECTED == 0 )) || say "   WARNING: $UNEXPECTED answers other than the expected 201/200 (see the FIRST_UNEXPECTED lines in $OUT/*.txt)"
say ""
say "== RSS (VmRSS of the server, MiB; the target: < 150 MiB, and flat over the mixed load)"
printf '   %-62s %10s\n' \
    "after ready (demo history loaded, signed in, token made)" "$RSS_READY" \
    "after $INVESTIGATIONS investigations" "$RSS_AFTER_INV" \
    "after $CHECKINS check-ins too" "$RSS_AFTER_CHECKINS" \
    "after $INVESTIGATIONS investigations, $CHECKINS check-ins, $PAGEVIEWS page views" "$RSS_FIXED" \
    "  peak so far (VmHWM)" "$HWM_FIXED" \
    "mixed load ($MIX_MINUTES min): start" "$RSS_MIX_START" \
    "mixed load: end" "$RSS_MIX_END" \
    "mixed load: max" "$RSS_MIX_MAX" \
    "mixed load: slope over the second half, MiB/min ($SLOPE_N samples)" "$SLOPE" \
    "after the mixed load (2 s later)" "$RSS_END_ALL" \
    "  peak of the whole run (VmHWM)" "$HWM_END" | tee -a "$SUMMARY"
say ""
say "results: $OUT (summary.txt, rss.csv, server.log, one .txt per wrk run and client)"
