#!/usr/bin/env bash
# Mass testing on the demo college over HTTP: sampling throughput, and applying a lab report of every tube of a full
# round (docs/PERFORMANCE.md, section 5).
#
#   scripts/bench-testing.sh                       # SQLite only; needs a release binary, wrk, curl, jq, sqlite3, python3
#   BIN=/tmp/shouhu-testing PG_URL=postgres://postgres@127.0.0.1:55432 PSQL=/usr/lib/postgresql/15/bin/psql \
#       scripts/bench-testing.sh                   # also PostgreSQL
#
# Build the binary first (this script never builds):
#   swift build -c release --scratch-path .build-release --product shouhu     # → .build-release/release/shouhu
#
# Settings (environment, with defaults):
#   BIN=.build-release/release/shouhu   the server binary (copy it elsewhere if the tree is rebuilt meanwhile)
#   PORT=8094                           the port the server listens on (127.0.0.1 only)
#   CONNECTIONS=1,16,64                 wrk connections of each sampling run (each one a sampling point with its own tube)
#   THREADS=2                           wrk threads (fewer when a run has fewer connections)
#   DURATION=20s WARMUP=5s              each measured sampling run, and the warm-up before it
#   RESULT_REPS=5                       lab reports of all-negative tubes, each on a fresh, fully sampled campaign
#   POSITIVE_REPS=5                     the same with positive tubes (10 students flagged each, a case each, a retest campaign each)
#   POSITIVE_TUBES=1                    how many tubes of those reports are positive (full tubes spread over the campaign)
#   SAMPLE_WORKERS=8                    python threads that sample those campaigns (each fills one tube at a time)
#   SAMPLING=1 RESULTS=1                0 skips the wrk sampling runs, or the lab reports
#   SQLITE=1                            0 skips SQLite (with PG_URL: PostgreSQL only)
#   WRK_TIMEOUT=30s                     wrk's per-request timeout
#   PG_URL=                             a PostgreSQL server (postgres://user@host:port, no database) to repeat everything
#                                       on; a database bench_testing_<pid> is created there and dropped afterwards
#   PSQL=psql                           the psql to use (/usr/lib/postgresql/15/bin/psql if psql is not on PATH)
#   OUT=/tmp/bench-testing-<time>       where the wrk outputs, pools files, server logs and summary.txt are kept
#   KEEP_DB=0                           1 keeps the SQLite file (in OUT) and the PostgreSQL database afterwards
#
# For each engine, on a new database:
#   1. `shouhu serve --demo` (7,600 students of whom 7,482 active, in 10 buildings; the demo's own testing history) with
#      SHOUHU_REQUIRE_TOTP=false and SHOUHU_ADMIN_PASSWORD set; sign in as admin (a planner); create an integration token
#      with testing:write,read:all (`shouhu token create`).
#   2. Sampling, for each number of connections C in CONNECTIONS:
#      - warm-up: two fresh full campaigns for today (POST /api/v1/testing/campaigns as admin, every active student),
#        their suggested tubes (GET /api/v1/testing/campaigns/{id}/pools with the token) written to a pools file, one
#        new tube code per pool; `wrk -cC -dWARMUP` with scripts/bench-testing.lua sends POST /api/v1/testing/samples,
#        each request a student of the file not sent before, each connection filling its own tube 10 swabs in a row;
#      - from the warm-up's rate, enough fresh campaigns that DURATION cannot run out of students (1.5× the warm-up
#        rate, plus one), their pools in a new file;
#      - the rows of testing_samples are counted, `wrk -cC -dDURATION` runs, and 2 s later the rows are counted again
#        and compared with the 201 answers; no tube may hold more than its pool size.
#   3. Lab reports (python3, in this file): one warm-up and RESULT_REPS + POSITIVE_REPS measured repetitions, each on a
#      fresh full campaign whose 7,482 students are first sampled into its suggested tubes (SAMPLE_WORKERS threads, one
#      keep-alive connection each). Then one POST /api/v1/testing/results with every tube of the campaign (≈ 750) as
#      the token, timed by the client from sending the request to reading the whole answer; the answer is checked
#      (every tube applied, none unknown; with positive tubes: their students flagged, one retest campaign each).
# Every process started here (server, wrk, top) is stopped by its PID when the script exits, also on error or Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/.build-release/release/shouhu}
PORT=${PORT:-8094}
CONNECTIONS=${CONNECTIONS:-1,16,64}
THREADS=${THREADS:-2}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
RESULT_REPS=${RESULT_REPS:-5}
POSITIVE_REPS=${POSITIVE_REPS:-5}
POSITIVE_TUBES=${POSITIVE_TUBES:-1}
SAMPLE_WORKERS=${SAMPLE_WORKERS:-8}
SAMPLING=${SAMPLING:-1}
RESULTS=${RESULTS:-1}
SQLITE=${SQLITE:-1}
WRK_TIMEOUT=${WRK_TIMEOUT:-30s}
PG_URL=${PG_URL:-}
PSQL=${PSQL:-psql}
OUT=${OUT:-/tmp/bench-testing-$(date -u +%Y%m%dT%H%M%S)}
KEEP_DB=${KEEP_DB:-0}
PASSWORD=Bench-admin-pw-1
PG_DB=bench_testing_$$
PG_CREATED=0
export SHOUHU_REQUIRE_TOTP=false

# shellcheck source=scripts/bench-checkin-lib.sh
source "$ROOT/scripts/bench-checkin-lib.sh"
LUA="$ROOT/scripts/bench-testing.lua"     # run_wrk (from the lib) runs this script instead of bench-checkin.lua
wrk() { command wrk --timeout "$WRK_TIMEOUT" "$@"; }

cleanup() {
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
SUMMARY="$OUT/summary.txt"
: >"$SUMMARY"
say() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }

# The school's day, as the server counts it (SHOUHU_TIMEZONE, default Asia/Shanghai): the campaigns are for today.
DAY=$(TZ=${SHOUHU_TIMEZONE:-Asia/Shanghai} date +%F)
RUN=W$$

sql() {
    case $ENGINE in
        sqlite) sqlite3 "$OUT/bench.sqlite" "$1" ;;
        postgres) "$PSQL" -X -At "$PG_URL/$PG_DB" -c "$1" ;;
    esac
}

# create_campaign NAME → "ID EXPECTED MS": a full campaign for today, every active student, as admin
create_campaign() {
    local out body status secs
    out=$(curl -s -w '\n%{http_code} %{time_total}' -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $ADMIN" \
        -d "$(jq -nc --arg n "$1" --arg d "$DAY" '{name: $n, date: $d, kind: "full"}')" "http://127.0.0.1:$PORT/api/v1/testing/campaigns")
    body=$(sed '$d' <<<"$out")
    read -r status secs <<<"$(tail -1 <<<"$out")"
    [[ "$status" == 201 ]] || die "POST /api/v1/testing/campaigns answered $status: ${body:0:300}"
    printf '%s %s %s\n' "$(jq -r .id <<<"$body")" "$(jq -r .expected <<<"$body")" "$(awk -v s="$secs" 'BEGIN { printf "%.0f", s * 1000 }')"
}

# add_campaigns N LABEL FILE: N fresh campaigns, their suggested tubes appended to FILE (one tube a line:
# CAMPAIGN TUBE STUDENT…, tube codes RUN-LABEL-n-i). Sets CREATE_MS and POOLS_MS (lists of the request times).
add_campaigns() {
    local n=$1 label=$2 file=$3 i id expected ms out status secs
    for ((i = 1; i <= n; i++)); do
        read -r id expected ms <<<"$(create_campaign "bench $label $i")"
        CREATE_MS+=" $ms"
        out=$(curl -s -w '\n%{http_code} %{time_total}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/testing/campaigns/$id/pools")
        read -r status secs <<<"$(tail -1 <<<"$out")"
        [[ "$status" == 200 ]] || die "GET …/pools answered $status"
        POOLS_MS+=" $(awk -v s="$secs" 'BEGIN { printf "%.0f", s * 1000 }')"
        sed '$d' <<<"$out" | jq -r --arg c "$id" --arg p "$RUN-$label-$i-" \
            '.items | to_entries[] | "\($c) \($p)\(.key) \(.value.students | join(" "))"' >>"$file"
        log "campaign $id: $expected expected, created in $ms ms; $(sed '$d' <<<"$out" | jq '.items | length') suggested tubes"
    done
    EXPECTED=$expected
}

# sampling_run C: warm-up, fresh campaigns, measured run with C connections
sampling_run() {
    local c=$1 t=$THREADS lanes secs warm_rps need file rows0 rows1 over
    if ((c < t)); then t=$c; fi
    lanes=$((c / t))
    secs=${DURATION%s}
    file="$OUT/$ENGINE-c$c-warmup.pools"
    : >"$file"
    add_campaigns 2 "c$c-w" "$file"
    run_wrk "$ENGINE-c$c-warmup" "$t" "$c" "$WARMUP" sample "$file" "$TOKEN" "$t" "$lanes" >/dev/null
    warm_rps=$R_ok_rps
    [[ "$R_exhausted" == 0 ]] || warm_rps=$(awk -v r="$warm_rps" 'BEGIN { print 2 * r }')
    need=$(awk -v r="$warm_rps" -v s="$secs" -v n="$EXPECTED" 'BEGIN { x = r * s * 1.5 / n; printf "%d", (x == int(x) ? x : int(x) + 1) + 1 }')
    file="$OUT/$ENGINE-c$c.pools"
    : >"$file"
    add_campaigns "$need" "c$c" "$file"
    sleep 2
    rows0=$(sql "SELECT count(*) FROM testing_samples")
    run_wrk "$ENGINE-c$c" "$t" "$c" "$DURATION" sample "$file" "$TOKEN" "$t" "$lanes"
    local line="$(printf '%-34s %9s %8s %8s %8s %8s %8s %10s %s' "POST /testing/samples, $c conn" "$R_ok_rps" "$R_p50_ms" "$R_p90_ms" "$R_p99_ms" "$R_p999_ms" "$R_max_ms" "${R_cpu}s" "$R_statuses")"
    local ok=$R_ok other=$R_other exhausted=$R_exhausted
    sleep 2
    rows1=$(sql "SELECT count(*) FROM testing_samples")
    over=$(sql "SELECT count(*) FROM testing_tubes WHERE filled > pool_size")
    say "$line"
    say "   $need fresh campaigns of $EXPECTED students ($(wc -l <"$file") tubes) for it (warm-up: $warm_rps scans/s); rows of testing_samples $rows0 → $rows1 (+$((rows1 - rows0)); wrk counted $ok × 201, $other other); tubes over their pool size: $over"
    [[ "$exhausted" == 0 ]] || say "   !! the run ran out of students before $DURATION: its rates are too low; raise the margin"
}

measure_engine() {
    ENGINE=$1
    local url=$2
    log "== $ENGINE: $url"
    start_server "$url" "$OUT/$ENGINE-server.log" --demo
    wait_demo_history "$OUT/$ENGINE-server.log"
    local load_ms=$HISTORY_MS
    ADMIN=$(sign_in)
    [[ -n "$ADMIN" && "$ADMIN" != null ]] || die "sign-in as admin failed"
    TOKEN=$("$BIN" token create --name "bench-testing-$ENGINE" --scopes testing:write,read:all --database "$url" 2>>"$OUT/$ENGINE-server.log" | grep '^sht_' | tail -1)
    [[ -n "$TOKEN" ]] || die "shouhu token create printed no token"
    CREATE_MS=""
    POOLS_MS=""
    say ""
    say "== $ENGINE ($url): ready with the demo college after $load_ms ms; $(sql "SELECT count(*) FROM students WHERE status = 'active'") active students; $(sql "SELECT count(*) FROM testing_campaigns") campaigns, $(sql "SELECT count(*) FROM testing_samples") samples before; RSS $(rss_mib) MiB"

    if [[ "$SAMPLING" == 1 ]]; then
        say "-- sampling: wrk ($DURATION each after a $WARMUP warm-up on other campaigns), each request a new student of a fresh full campaign; latency in ms"
        printf '%-34s %9s %8s %8s %8s %8s %8s %10s %s\n' "request" "ok/s" "p50" "p90" "p99" "p99.9" "max" "server CPU" "answers" | tee -a "$SUMMARY"
        local c
        for c in ${CONNECTIONS//,/ }; do sampling_run "$c"; done
        say "   POST /testing/campaigns (full, as admin), ms: $(tr ' ' '\n' <<<"$CREATE_MS" | grep . | percentiles)"
        say "   GET …/pools (every active student), ms: $(tr ' ' '\n' <<<"$POOLS_MS" | grep . | percentiles)"
    fi

    if [[ "$RESULTS" == 1 ]]; then
        say "-- lab reports: POST /api/v1/testing/results with every tube of a fresh, fully sampled full campaign"
        python3 - --port "$PORT" --admin "$ADMIN" --token "$TOKEN" --day "$DAY" --prefix "$RUN-r" --reps "$RESULT_REPS" \
            --positive-reps "$POSITIVE_REPS" --positive-tubes "$POSITIVE_TUBES" --workers "$SAMPLE_WORKERS" --json "$OUT/$ENGINE-results.json" <<'PY' | tee -a "$SUMMARY"
import argparse, http.client, json, statistics, sys, threading, time
from concurrent.futures import ThreadPoolExecutor

p = argparse.ArgumentParser()
for name in ("port", "admin", "token", "day", "prefix", "json"):
    p.add_argument("--" + name, required=True)
for name in ("reps", "positive-reps", "positive-tubes", "workers"):
    p.add_argument("--" + name, type=int, required=True)
a = p.parse_args()
local = threading.local()

def connection():
    if getattr(local, "c", None) is None:
        local.c = http.client.HTTPConnection("127.0.0.1", int(a.port), timeout=300)
    return local.c

def call(method, path, token, body=None):
    c = connection()
    headers = {"Authorization": "Bearer " + token}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    t0 = time.perf_counter()
    c.request(method, path, body=data, headers=headers)
    r = c.getresponse()
    raw = r.read()
    return r.status, raw, (time.perf_counter() - t0) * 1000

def fail(message):
    print("   !! " + message, flush=True)
    sys.exit(1)

def campaign(label):
    status, raw, ms = call("POST", "/api/v1/testing/campaigns", a.admin, {"name": "bench results " + label, "date": a.day, "kind": "full"})
    if status != 201: fail("POST /testing/campaigns: %d %s" % (status, raw[:300]))
    cid = json.loads(raw)["id"]
    status, raw, _ = call("GET", "/api/v1/testing/campaigns/%s/pools" % cid, a.token)
    if status != 200: fail("GET pools: %d" % status)
    return cid, [pool["students"] for pool in json.loads(raw)["items"]]

def fill(cid, tube, students):
    for s in students:
        status, raw, _ = call("POST", "/api/v1/testing/samples", a.token, {"campaignId": cid, "tubeCode": tube, "studentNo": s})
        if status != 201: fail("sample %s into %s: %d %s" % (s, tube, status, raw[:300]))
    return len(students)

def repetition(label, positive):
    cid, pools = campaign(label)
    tubes = ["%s-%s-%d" % (a.prefix, label, i) for i in range(len(pools))]
    t0 = time.perf_counter()
    with ThreadPoolExecutor(a.workers) as ex:
        swabs = sum(ex.map(lambda i: fill(cid, tubes[i], pools[i]), range(len(pools))))
    sampling_s = time.perf_counter() - t0
    full = [i for i, students in enumerate(pools) if len(students) == 10]
    k = a.positive_tubes if positive else 0
    hot = {full[(2 * j + 1) * len(full) // (2 * k)] for j in range(k)} if k else set()
    results = [{"tubeCode": t, "result": "positive" if i in hot else "negative"} for i, t in enumerate(tubes)]
    status, raw, ms = call("POST", "/api/v1/testing/results", a.token, {"results": results})
    if status != 200: fail("POST /testing/results: %d %s" % (status, raw[:300]))
    o = json.loads(raw)
    if o["applied"] != len(tubes) or o["unknown"] or o.get("conflicts"):
        fail("results: applied %s of %d, unknown %d, conflicts %d" % (o["applied"], len(tubes), len(o["unknown"]), len(o.get("conflicts") or [])))
    if positive and (len(o.get("flagged") or []) != sum(len(pools[i]) for i in hot) or len(o.get("retestCampaigns") or []) != len(hot)):
        fail("positive tubes: flagged %d, retest campaigns %d" % (len(o.get("flagged") or []), len(o.get("retestCampaigns") or [])))
    return {"label": label, "positive": positive, "campaign": cid, "tubes": len(tubes), "swabs": swabs,
            "sampling_s": round(sampling_s, 2), "scans_per_s": round(swabs / sampling_s, 1), "apply_ms": round(ms, 1),
            "request_bytes": len(json.dumps({"results": results})), "flagged": len(o.get("flagged") or [])}

runs = [repetition("warmup", False)]
print("   warm-up: %d tubes, %d swabs sampled in %.1f s (%.0f scans/s, %d threads), results applied in %.1f ms (not counted)" %
      (runs[0]["tubes"], runs[0]["swabs"], runs[0]["sampling_s"], runs[0]["scans_per_s"], a.workers, runs[0]["apply_ms"]), flush=True)
for k in range(a.reps):
    runs.append(repetition("n%d" % k, False))
for k in range(a.positive_reps):
    runs.append(repetition("p%d" % k, True))
print("   %-14s %6s %6s %10s %10s %10s" % ("repetition", "tubes", "swabs", "sampling", "scans/s", "apply ms"))
for r in runs[1:]:
    print("   %-14s %6d %6d %9.1fs %10.0f %10.1f" % (("%d positive " % a.positive_tubes if r["positive"] else "all negative ") + r["label"][1:],
                                                   r["tubes"], r["swabs"], r["sampling_s"], r["scans_per_s"], r["apply_ms"]))
def stats(xs):
    xs = sorted(xs)
    return "min %.1f, median %.1f, max %.1f ms (n=%d)" % (xs[0], statistics.median(xs), xs[-1], len(xs)) if xs else "n=0"
neg = [r["apply_ms"] for r in runs[1:] if not r["positive"]]
pos = [r["apply_ms"] for r in runs[1:] if r["positive"]]
print("   POST /testing/results, all negative (%d tubes, %d bytes): %s" % (runs[-1]["tubes"], runs[1]["request_bytes"] if len(runs) > 1 else 0, stats(neg)))
print("   POST /testing/results, %d positive tube(s) (%d flagged, as many cases, %d retest campaign(s)): %s" %
      (a.positive_tubes, 10 * a.positive_tubes, a.positive_tubes, stats(pos)))
print("   bulk sampling by %d python threads (one tube each at a time): %s scans/s" % (a.workers, stats([r["scans_per_s"] for r in runs[1:]]).replace(" ms", "")))
json.dump(runs, open(a.json, "w"), indent=1)
PY
    fi
    say "   server RSS $(rss_mib) MiB"
    stop_server
}

say "bench-testing $(date -u +%Y-%m-%dT%H:%M:%SZ); binary $BIN (sha256 $(sha256sum "$BIN" | cut -c1-12)); tree HEAD now $(git -C "$ROOT" log -1 --format=%h 2>/dev/null || echo '?'); campaigns for $DAY"
say "$(nproc) cores: wrk, python3, the server and PostgreSQL share them"
start_monitor
if [[ "$SQLITE" == 1 ]]; then measure_engine sqlite "sqlite:$OUT/bench.sqlite"; fi
if [[ -n "$PG_URL" ]]; then
    "$PSQL" -X -q "$PG_URL/postgres" -c "CREATE DATABASE $PG_DB" >/dev/null
    PG_CREATED=1
    measure_engine postgres "$PG_URL/$PG_DB"
fi
stop_monitor
say ""
say "other load during the run (top, 2-s samples, other than this benchmark's server, wrk, python3, sqlite3, psql and PostgreSQL backends):"
other_load "$BIN|wrk |top -b|sqlite3|psql|python3|bench_testing_$$|bench-testing|postgres: parallel worker" | tee -a "$SUMMARY"
say ""
say "results: $OUT (summary.txt, one .txt per wrk run, pools files, server logs, <engine>-results.json)"
