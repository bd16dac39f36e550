#!/usr/bin/env python3
"""Contact investigations on a running server, and a plain-SQL baseline on its database (scripts/bench-gates.sh, (b)).

    scripts/bench-gates-investigate.py --url http://127.0.0.1:8092 --token ADMIN_SESSION_TOKEN --students FILE \\
        --engine sqlite --database /tmp/x/bench.sqlite [--windows 3,7] [--baseline-students 20] [--out DIR]
    … --engine postgres --database postgres://postgres@127.0.0.1:55432/DB

For each window (days, ending now) and each index student of FILE (one student number a line):
1. POST /api/v1/investigations {indexStudentNo, from, to} (defaults: minOverlapMinutes 15, depth 2, no floor) as the
   signed-in staff member (an admin session token): the HTTP time (client, one keep-alive connection), the answer's
   elapsedMs (the tracing alone), and the degree-1 and degree-2 counts. Two warm-up requests first, not counted.
2. The same question in plain SQL on the same database (sqlite3 CLI with `.timer on`, or psql with `\\timing`), as one
   would write it without the server's derived `stays` table and its place index: stays derived from access_events
   with LEAD() over each student's granted events in the window (an `in` at a co-presence place opens a stay that
   closes at the next event or 4 h later), clipped to the window; degree 1 = a self-join on place with overlap ≥ the
   minimum, plus roommates from `students`; degree 2 = the same from the degree-1 set, minus the index and degree 1.
   It runs for the first --baseline-students students of each window (the SQL is slow), after one warm-up run, and
   compares its degree-1 and degree-2 sets with the API's for every student it runs for.
Prints one summary block per window; the raw figures go to OUT/investigations.json.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

CAP_MS = 4 * 3600 * 1000


def percentile(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    r = max(1, int(p / 100 * len(v) + 0.999999))
    return v[min(r, len(v)) - 1]


def stats(values):
    if not values:
        return "n=0"
    return (f"n={len(values)} p50={percentile(values, 50):.1f} p90={percentile(values, 90):.1f} "
            f"p99={percentile(values, 99):.1f} max={max(values):.1f} mean={sum(values) / len(values):.1f}")


def baseline_sql(engine, index, f_ms, t_ms, min_ms, school="main"):
    greatest, least = ("MAX", "MIN") if engine == "sqlite" else ("GREATEST", "LEAST")
    idx = index.replace("'", "''")
    return f"""
WITH ev AS (
  SELECT student_no, place, kind, direction, at_ms,
         LEAD(at_ms) OVER (PARTITION BY student_no ORDER BY at_ms, event_id) AS next_ms
  FROM access_events
  WHERE school_id = '{school}' AND granted = 1 AND at_ms >= {f_ms - CAP_MS} AND at_ms < {t_ms}
),
st AS (
  SELECT student_no, place,
         {greatest}(at_ms, {f_ms}) AS f,
         {least}(at_ms + {CAP_MS}, COALESCE(next_ms, at_ms + {CAP_MS}), {t_ms}) AS t
  FROM ev
  WHERE direction = 'in' AND kind IN ('canteen', 'bathhouse', 'clinic', 'classroom', 'library', 'venue')
),
cs AS (SELECT student_no, place, f, t FROM st WHERE t - f >= {min_ms}),
d1 AS (
  SELECT b.student_no FROM cs a JOIN cs b ON b.place = a.place AND b.student_no <> a.student_no
  WHERE a.student_no = '{idx}' AND {least}(a.t, b.t) - {greatest}(a.f, b.f) >= {min_ms}
  UNION
  SELECT r.student_no FROM students i
  JOIN students r ON r.school_id = i.school_id AND r.building = i.building AND r.room = i.room
  WHERE i.school_id = '{school}' AND i.student_no = '{idx}' AND r.student_no <> i.student_no
),
d2 AS (
  SELECT b.student_no FROM cs a JOIN cs b ON b.place = a.place AND b.student_no <> a.student_no
  WHERE a.student_no IN (SELECT student_no FROM d1) AND {least}(a.t, b.t) - {greatest}(a.f, b.f) >= {min_ms}
  UNION
  SELECT r.student_no FROM students i
  JOIN students r ON r.school_id = i.school_id AND r.building = i.building AND r.room = i.room
  WHERE i.school_id = '{school}' AND i.student_no IN (SELECT student_no FROM d1) AND r.student_no <> i.student_no
)
SELECT 1 AS degree, student_no FROM d1
UNION ALL
SELECT 2 AS degree, student_no FROM d2 WHERE student_no <> '{idx}' AND student_no NOT IN (SELECT student_no FROM d1);
""".strip()


def run_baseline(engine, database, sql):
    """→ (milliseconds, {1: set, 2: set})"""
    if engine == "sqlite":
        p = subprocess.run(["sqlite3", "-readonly", database], input=".mode list\n.separator |\n.timer on\n" + sql + "\n",
                           capture_output=True, text=True, check=True)
        m = re.search(r"Run Time: real ([0-9.]+)", p.stdout)
        ms = float(m.group(1)) * 1000
        rows = [l for l in p.stdout.splitlines() if not l.startswith("Run Time")]
    else:
        psql = os.environ.get("PSQL", "psql")
        p = subprocess.run([psql, "-X", "-q", "-A", "-t", "-F", "|", database], input="\\timing on\n" + sql + "\n",
                           capture_output=True, text=True, check=True)
        m = re.search(r"Time: ([0-9.]+) ms", p.stdout)
        ms = float(m.group(1))
        rows = [l for l in p.stdout.splitlines() if not l.startswith("Time:")]
    sets = {1: set(), 2: set()}
    for line in rows:
        if "|" in line:
            d, s = line.split("|", 1)
            sets[int(d)].add(s)
    return ms, sets


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--token", required=True, help="a staff session token (admin)")
    ap.add_argument("--students", required=True, help="index students, one a line")
    ap.add_argument("--engine", choices=["sqlite", "postgres"], required=True)
    ap.add_argument("--database", required=True, help="the SQLite file, or the PostgreSQL URL with the database")
    ap.add_argument("--windows", default="3,7", help="window lengths in days, ending now")
    ap.add_argument("--baseline-students", type=int, default=20)
    ap.add_argument("--min-overlap", type=int, default=15)
    ap.add_argument("--out", default=".")
    args = ap.parse_args()

    index = [l.strip() for l in open(args.students) if l.strip()]
    u = urllib.parse.urlsplit(args.url)
    conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=120)
    headers = {"Authorization": "Bearer " + args.token, "Content-Type": "application/json"}

    def investigate(student, frm, to):
        body = json.dumps({"indexStudentNo": student, "from": frm.isoformat(), "to": to.isoformat()})
        t0 = time.perf_counter()
        conn.request("POST", "/api/v1/investigations", body=body, headers=headers)
        r = conn.getresponse()
        raw = r.read()
        ms = (time.perf_counter() - t0) * 1000
        if r.status != 201:
            raise SystemExit(f"POST /api/v1/investigations for {student}: {r.status} {raw[:300]!r}")
        return ms, json.loads(raw)

    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    results = {}
    failures = 0
    for days in [int(x) for x in args.windows.split(",")]:
        frm, to = now - dt.timedelta(days=days), now
        f_ms, t_ms = int(frm.timestamp() * 1000), int(to.timestamp() * 1000)
        for s in index[:2]:
            investigate(s, frm, to)
        rows = []
        for s in index:
            ms, body = investigate(s, frm, to)
            contacts = body["contacts"]
            d1 = sorted(c["studentNo"] for c in contacts if c["degree"] == 1)
            d2 = sorted(c["studentNo"] for c in contacts if c["degree"] == 2)
            rows.append({"student": s, "http_ms": ms, "elapsed_ms": body.get("elapsedMs"), "d1": d1, "d2": d2,
                         "bytes": len(json.dumps(body))})
        base = []
        if args.baseline_students > 0:
            run_baseline(args.engine, args.database, baseline_sql(args.engine, index[0], f_ms, t_ms, args.min_overlap * 60000))
            for row in rows[:args.baseline_students]:
                ms, sets = run_baseline(args.engine, args.database,
                                        baseline_sql(args.engine, row["student"], f_ms, t_ms, args.min_overlap * 60000))
                same1 = sets[1] == set(row["d1"])
                same2 = sets[2] == set(row["d2"])
                if not (same1 and same2):
                    failures += 1
                    print(f"  MISMATCH {row['student']} ({days} d): degree 1 API {len(row['d1'])} SQL {len(sets[1])} "
                          f"(only API {sorted(set(row['d1']) - sets[1])[:5]}, only SQL {sorted(sets[1] - set(row['d1']))[:5]}); "
                          f"degree 2 API {len(row['d2'])} SQL {len(sets[2])}", file=sys.stderr)
                row["baseline_ms"] = ms
                row["baseline_same_d1"] = same1
                row["baseline_same_d2"] = same2
                base.append(ms)
        results[f"{days}d"] = {"from": frm.isoformat(), "to": to.isoformat(), "rows": rows}
        http_ms = [r["http_ms"] for r in rows]
        el = [r["elapsed_ms"] for r in rows]
        d1n = [len(r["d1"]) for r in rows]
        d2n = [len(r["d2"]) for r in rows]
        print(f"-- window {days} days ({frm.isoformat()} → {to.isoformat()}), {len(rows)} index students, depth 2, minOverlap {args.min_overlap} min")
        print(f"   API HTTP ms:       {stats(http_ms)}")
        print(f"   API elapsedMs:     {stats(el)}")
        print(f"   contacts: degree 1 mean {sum(d1n) / len(d1n):.1f} (min {min(d1n)}, max {max(d1n)}), "
              f"degree 2 mean {sum(d2n) / len(d2n):.1f} (min {min(d2n)}, max {max(d2n)}); answer mean {sum(r['bytes'] for r in rows) / len(rows) / 1024:.0f} KiB")
        if base:
            same = sum(1 for r in rows[:len(base)] if r["baseline_same_d1"] and r["baseline_same_d2"])
            ours = [r["http_ms"] for r in rows[:len(base)]]
            ours_el = [r["elapsed_ms"] for r in rows[:len(base)]]
            print(f"   plain SQL ({args.engine} CLI) ms: {stats(base)}")
            print(f"   same degree-1 and degree-2 sets as the API: {same} of {len(base)} students")
            print(f"   ratio plain SQL / API, per student (median): HTTP {percentile([b / o for b, o in zip(base, ours)], 50):.0f}×, "
                  f"elapsedMs {percentile([b / o for b, o in zip(base, ours_el)], 50):.0f}×; of the means: "
                  f"{sum(base) / sum(ours):.0f}× / {sum(base) / sum(ours_el):.0f}×")
        sys.stdout.flush()
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, f"investigations-{args.engine}.json"), "w") as f:
        json.dump(results, f, indent=1)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
