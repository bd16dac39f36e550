#!/usr/bin/env bash
# Completeness of a synthetic 1,000,000-student school on PostgreSQL (docs/PERFORMANCE.md, section 3).
#
#   PG_URL=postgres://postgres@127.0.0.1:55432 BIN=/tmp/shouhu-bench scripts/bench-completeness-pg.sh
#
# Needs a release binary (swift build -c release --scratch-path .build-release --product shouhu; this script never
# builds), a PostgreSQL server whose user may CREATE DATABASE, and psql, curl, jq.
#
# Settings (environment, with defaults):
#   PG_URL=postgres://postgres@127.0.0.1:55432   the PostgreSQL server, without a database name
#   BIN=.build-release/release/shouhu           the server binary
#   PORT=8092                                   the port the server listens on (127.0.0.1 only)
#   STUDENTS=1000000 BUILDINGS=130 FLOORS=6     the synthetic school: buildings of FLOORS floors, 6 beds a room;
#   CLASSES=1000 COLLEGES=40                    classes in contiguous blocks of student numbers, spread over colleges
#   REPORTED_PERMILLE=850                       students with a counted check-in today (checkin_days), per mille
#   HISTORY_DAYS=0                              also fill checkin_days for this many earlier days (all reported)
#   REQUESTS=30                                 measured requests per groupBy (after 3 warm-ups), one at a time
#   SQL_RUNS=20                                 timed runs of the SQL in psql (after 1 warm-up)
#   OUT=/tmp/bench-completeness-pg-<time>       logs, plans, answers and summary.txt
#   KEEP_DB=0                                   1 keeps the database bench_completeness_<pid> afterwards
#
# What it does:
#   1. CREATE DATABASE bench_completeness_<pid>; `shouhu serve` (no demo) on it once, which migrates it and creates
#      the school `main` and admin; the server is stopped again.
#   2. With psql and generate_series: 2 campuses, BUILDINGS buildings, their rooms, COLLEGES colleges, CLASSES classes,
#      STUDENTS active students, and REPORTED_PERMILLE of them in checkin_days for today (Asia/Shanghai), spread
#      evenly (student i reported when (i·7919) mod 1000 < REPORTED_PERMILLE); then VACUUM (ANALYZE) of those
#      tables, the state autovacuum reaches on its own after a bulk load.
#   3. `shouhu serve` again (SHOUHU_REQUIRE_TOTP=false, so admin may use the API without enrolling two-factor), sign
#      in as admin, and time REQUESTS × GET /api/v1/checkins/completeness?groupBy=building and ?groupBy=class with
#      one curl process over one keep-alive connection (curl's time_total per request: connection reuse, auth, the
#      query, JSON, the transfer).
#   4. The same SQL in psql: SQL_RUNS × with \timing, and EXPLAIN (ANALYZE, BUFFERS) once each.
#   5. Stops the server and drops the database (unless KEEP_DB=1), also on error or Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/.build-release/release/shouhu}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:55432}
PORT=${PORT:-8092}
STUDENTS=${STUDENTS:-1000000}
BUILDINGS=${BUILDINGS:-130}
FLOORS=${FLOORS:-6}
CLASSES=${CLASSES:-1000}
COLLEGES=${COLLEGES:-40}
REPORTED_PERMILLE=${REPORTED_PERMILLE:-850}
HISTORY_DAYS=${HISTORY_DAYS:-0}
REQUESTS=${REQUESTS:-30}
SQL_RUNS=${SQL_RUNS:-20}
OUT=${OUT:-/tmp/bench-completeness-pg-$(date -u +%Y%m%dT%H%M%S)}
KEEP_DB=${KEEP_DB:-0}
PASSWORD=Bench-admin-pw-1
DB=bench_completeness_$$
DB_CREATED=0

# shellcheck source=scripts/bench-checkin-lib.sh
source "$ROOT/scripts/bench-checkin-lib.sh"

cleanup() {
    bench_cleanup
    if [[ "$DB_CREATED" == 1 && "$KEEP_DB" != 1 ]]; then
        psql -X -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || log "could not drop $DB"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_init
command -v psql >/dev/null || die "psql is missing"
SUMMARY="$OUT/summary.txt"
: >"$SUMMARY"
say() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }
psql_db() { psql -X -v ON_ERROR_STOP=1 "$PG_URL/$DB" "$@"; }

TODAY=$(TZ=${SHOUHU_TIMEZONE:-Asia/Shanghai} date +%F)
export SHOUHU_REQUIRE_TOTP=false

say "bench-completeness-pg $(date -u +%Y-%m-%dT%H:%M:%SZ); binary $BIN (sha256 $(sha256sum "$BIN" | cut -c1-12)); tree HEAD now $(git -C "$ROOT" log -1 --format=%h 2>/dev/null || echo '?')"
say "PostgreSQL $(psql -X -At "$PG_URL/postgres" -c 'SHOW server_version'), shared_buffers $(psql -X -At "$PG_URL/postgres" -c 'SHOW shared_buffers'), work_mem $(psql -X -At "$PG_URL/postgres" -c 'SHOW work_mem'), max_parallel_workers_per_gather $(psql -X -At "$PG_URL/postgres" -c 'SHOW max_parallel_workers_per_gather'); $(nproc) cores"
start_monitor

log "creating $DB and migrating it"
psql -X -q "$PG_URL/postgres" -c "CREATE DATABASE $DB" >/dev/null
DB_CREATED=1
start_server "$PG_URL/$DB" "$OUT/server-migrate.log"
stop_server
[[ $(psql_db -At -c "SELECT count(*) FROM schools WHERE id = 'main'") == 1 ]] || die "the server did not create the school 'main'"

log "filling: $STUDENTS students, $BUILDINGS buildings, $CLASSES classes, $REPORTED_PERMILLE ‰ reported on $TODAY"
t0=$(now_ns)
psql_db -q -a <<SQL >"$OUT/fill.log"
\timing on
\set students $STUDENTS
\set buildings $BUILDINGS
\set floors $FLOORS
\set classes $CLASSES
\set colleges $COLLEGES
\set reported $REPORTED_PERMILLE
\set today '$TODAY'
\set history $HISTORY_DAYS
-- students per building, per floor; 6 beds a room
SELECT ceil(:students::numeric / :buildings)::bigint AS per_building \gset
SELECT ceil(:per_building::numeric / :floors)::bigint AS per_floor \gset
SELECT ceil(:students::numeric / :classes)::bigint AS per_class \gset
BEGIN;
INSERT INTO campuses (school_id, name) VALUES ('main', '南校区'), ('main', '北校区') ON CONFLICT DO NOTHING;
INSERT INTO buildings (school_id, name, campus)
    SELECT 'main', b || '号楼', CASE WHEN b <= :buildings / 2 THEN '南校区' ELSE '北校区' END FROM generate_series(1, :buildings) b;
INSERT INTO rooms (school_id, building, name, floor)
    SELECT 'main', b || '号楼', (f * 1000 + r)::text, f
    FROM generate_series(1, :buildings) b, generate_series(1, :floors) f, generate_series(1, ceil(:per_floor / 6.0)::int) r;
INSERT INTO colleges (school_id, name) SELECT 'main', '学院' || lpad(c::text, 3, '0') FROM generate_series(1, :colleges) c;
INSERT INTO classes (school_id, name, college)
    SELECT 'main', '班' || lpad(k::text, 5, '0'), '学院' || lpad((1 + (k - 1) % :colleges)::text, 3, '0') FROM generate_series(1, :classes) k;
INSERT INTO students (school_id, student_no, name, gender, college, class_name, grade, campus, building, floor, room, bed,
                      phone, id_number, guardian_name, guardian_phone, counsellor_no, grid_role, status, updated_at)
    SELECT 'main', s.no, '学生' || s.i, CASE WHEN s.i % 2 = 0 THEN 'M' ELSE 'F' END,
           '学院' || lpad((1 + (s.k - 1) % :colleges)::text, 3, '0'), '班' || lpad(s.k::text, 5, '0'), (2021 + s.k % 4)::text,
           CASE WHEN s.b <= :buildings / 2 THEN '南校区' ELSE '北校区' END, s.b || '号楼', s.f, (s.f * 1000 + s.r)::text,
           (1 + s.j % 6)::text, '138' || lpad(s.i::text, 8, '0'), '110101200301' || lpad((s.i % 1000000)::text, 6, '0'),
           '家长' || s.i, '139' || lpad(s.i::text, 8, '0'), 'T' || lpad((1 + (s.k - 1) / 4)::text, 5, '0'),
           CASE WHEN s.j % :per_floor = 0 THEN 'floor_leader' WHEN s.j % 6 = 0 THEN 'room_leader' END, 'active', '2026-11-01T00:00:00.000Z'
    FROM (SELECT i, '2' || lpad(i::text, 9, '0') AS no,
                 1 + i / :per_building AS b, i % :per_building AS j,
                 1 + (i % :per_building) / :per_floor AS f, 1 + ((i % :per_building) % :per_floor) / 6 AS r,
                 1 + i / :per_class AS k
          FROM generate_series(0, :students - 1) i) s;
-- today's counted check-ins: evenly spread, a few abnormal and late
-- counted check-ins carry their student's units and status, as the app copies them in on every check-in
INSERT INTO checkin_days (school_id, day, student_no, checkin_id, abnormal, late, submitted_at,
                          status, campus, building, floor, room, college, class_name)
    SELECT 'main', :'today', s.student_no, 'bench-' || :'today' || '-' || i,
           (i % 997 = 0)::int, (i % 37 = 0)::int,
           to_char((:'today'::date + time '07:00' - interval '8 hours') + (i % 5400) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           s.status, s.campus, s.building, s.floor, s.room, s.college, s.class_name
    FROM generate_series(0, :students - 1) i JOIN students s ON s.school_id = 'main' AND s.student_no = '2' || lpad(i::text, 9, '0')
    WHERE (i::bigint * 7919) % 1000 < :reported;
-- earlier days (optional): everyone reported
INSERT INTO checkin_days (school_id, day, student_no, checkin_id, abnormal, late, submitted_at,
                          status, campus, building, floor, room, college, class_name)
    SELECT 'main', to_char(:'today'::date - d, 'YYYY-MM-DD'), s.student_no, 'bench-' || d || '-' || i, 0, 0,
           to_char((:'today'::date - d + time '07:00' - interval '8 hours') + (i % 5400) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           s.status, s.campus, s.building, s.floor, s.room, s.college, s.class_name
    FROM generate_series(1, :history) d, generate_series(0, :students - 1) i
    JOIN students s ON s.school_id = 'main' AND s.student_no = '2' || lpad(i::text, 9, '0');
COMMIT;
VACUUM (ANALYZE) campuses, buildings, rooms, colleges, classes, students, checkin_days;
SQL
say "filled and vacuumed in $(( ($(now_ns) - t0) / 1000000000 )) s: $(psql_db -At -F ', ' -c "
    SELECT (SELECT count(*) FROM students WHERE status = 'active') || ' active students',
           (SELECT count(DISTINCT building) FROM students) || ' buildings', (SELECT count(*) FROM rooms) || ' rooms',
           (SELECT count(*) FROM classes) || ' classes', (SELECT count(*) FROM colleges) || ' colleges',
           (SELECT count(*) FROM checkin_days WHERE day = '$TODAY') || ' counted check-ins today',
           (SELECT count(*) FROM checkin_days) || ' rows in checkin_days',
           'students ' || pg_size_pretty(pg_total_relation_size('students')) || ' with indexes',
           'checkin_days ' || pg_size_pretty(pg_total_relation_size('checkin_days')) || ' with indexes'")"

start_server "$PG_URL/$DB" "$OUT/server.log"
ADMIN=$(sign_in)
[[ -n "$ADMIN" && "$ADMIN" != null ]] || die "sign-in as admin failed"

say ""
say "== HTTP: GET /api/v1/checkins/completeness as admin, $REQUESTS requests after 3 warm-ups, one keep-alive connection, ms"
for g in building class; do
    url="http://127.0.0.1:$PORT/api/v1/checkins/completeness?groupBy=$g"
    curl -s --fail -H "Authorization: Bearer $ADMIN" "$url" >"$OUT/completeness-$g.json"
    cfg="$OUT/curl-$g.cfg"
    : >"$cfg"
    for ((i = 0; i < REQUESTS + 3; i++)); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url" >>"$cfg"; done
    cpu0=$(server_cpu_s)
    curl -s -H "Authorization: Bearer $ADMIN" -w '%{http_code} %{time_total} %{num_connects}\n' -K "$cfg" >"$OUT/curl-$g.txt"
    cpu1=$(server_cpu_s)
    codes=$(awk '{ print $1 }' "$OUT/curl-$g.txt" | sort | uniq -c | awk '{ printf "%s×%s ", $1, $2 }')
    connects=$(awk '{ s += $3 } END { print s }' "$OUT/curl-$g.txt")
    stats=$(tail -n "$REQUESTS" "$OUT/curl-$g.txt" | awk '{ print $2 * 1000 }' | percentiles)
    say "   groupBy=$g: $stats; answers ${codes}; $connects connection(s); server CPU $(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.1f", b - a }') s for $((REQUESTS + 3)) requests"
    say "      $(jq -r '"\(.groups | length) groups, expected \(.expected), reported \(.reported), missing \(.missing), abnormal \(.abnormal), late \(.late)"' "$OUT/completeness-$g.json"), $(wc -c <"$OUT/completeness-$g.json") bytes"
done
say "   (for scale: GET /api/v1/account as admin, same way: $(
    cfg="$OUT/curl-account.cfg"; : >"$cfg"
    for ((i = 0; i < REQUESTS + 3; i++)); do printf 'url = "http://127.0.0.1:%s/api/v1/account"\noutput = "/dev/null"\n' "$PORT" >>"$cfg"; done
    curl -s -H "Authorization: Bearer $ADMIN" -w '%{time_total}\n' -K "$cfg" | tail -n "$REQUESTS" | awk '{ print $1 * 1000 }' | percentiles))"
stop_server

say ""
say "== the same SQL in psql, $SQL_RUNS runs after 1 warm-up (\\timing, ms; plans in $OUT/plan-*.txt)"
for g in building class; do
    # The app's two grouped counts (Sources/Storage/CheckIns/SQLCheckInStore+Completeness.swift), timed together.
    case $g in building) us="COALESCE(s.building, '')"; ud="COALESCE(d.building, '')" ;; class) us="s.class_name"; ud="d.class_name" ;; esac
    sql="SELECT $us AS unit, COUNT(*) AS expected FROM students s WHERE s.school_id = 'main' AND s.status = 'active' GROUP BY $us; SELECT $ud AS unit, COUNT(*) AS reported, CAST(SUM(d.abnormal) AS BIGINT) AS abnormal, CAST(SUM(d.late) AS BIGINT) AS late FROM checkin_days d WHERE d.school_id = 'main' AND d.day = '$TODAY' AND d.status = 'active' GROUP BY $ud"
    stats=$({ echo '\timing on'; echo '\o /dev/null'; for ((i = 0; i <= SQL_RUNS; i++)); do echo "$sql;"; done; } \
        | psql_db -q | awk '/^Time: / { n++; t += $2; if (n % 2 == 0) { if (n > 2) print t; t = 0 } }' | percentiles)
    { psql_db -q -c "EXPLAIN (ANALYZE, BUFFERS) ${sql%%;*}"; psql_db -q -c "EXPLAIN (ANALYZE, BUFFERS) ${sql#*; }"; } >"$OUT/plan-$g.txt"
    say "   groupBy=$g (both queries): $stats; EXPLAIN ANALYZE: $(grep -E 'Execution Time' "$OUT/plan-$g.txt" | tr -s ' ' | tr '\n' ' ')"
done

stop_monitor
say ""
say "other load during the run (top, 2-s samples, other than this benchmark's server, psql, its database's backends and any parallel workers):"
other_load "$BIN|top -b|psql|$DB|bench-completeness|postgres: parallel worker" | tee -a "$SUMMARY"
say ""
say "results: $OUT"
