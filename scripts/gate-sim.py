#!/usr/bin/env python3
"""Gate device simulator: drives one day of a campus's gates, doors and facilities against a running Shouhu server.

    scripts/gate-sim.py --token sht_… [--url http://127.0.0.1:8080] [--day 2026-11-29] [--students 1000]
                        [--batch 500] [--decide-share 1.0] [--facility-decide-share 0] [--workers 4] [--seed 1]

The token is an integration token with the scopes access:write, access:decide and read:all. Create one with the
server's own binary, on the server's database (it may run while the server runs):

    swift run shouhu token create --name gate-sim --scopes access:write,access:decide,read:all --database sqlite:PATH
    .build-release/release/shouhu token create --name gate-sim --scopes access:write,access:decide,read:all \\
        --database postgres://postgres@127.0.0.1:55432/DB

It prints the token (sht_…) on its last line.

What it does (Python 3 standard library only; one keep-alive HTTP connection per worker thread):
1. Lists the active students (GET /api/v1/students?status=active&limit=1000, following nextCursor) and the access
   points (GET /api/v1/access/points). It maps each student to the door of their building (a building_door point
   whose place is the building), the bathhouse of that building (bath-N for door-N in the demo), a canteen (by
   building), a classroom (by class), and a campus gate (by student, as the student list carries no campus).
2. Builds each student's day (times in Asia/Shanghai, or SHOUHU_TIMEZONE), in the spirit of the demo college:
   out of the dormitory door in the morning; on weekdays a class (in/out of a classroom); lunch at the canteen (in/out);
   sometimes a library reading room (12 %), the bathhouse (15 %), the clinic (1 %), the gym (5 %) or a trip off campus
   through the campus gate (5 %: out, back 2–4 h later); back in through the dormitory door at night.
3. Replays all passages in time order. A passage first asks GET /api/v1/access/decision with the probability
   --decide-share at campus gates and building doors, and --facility-decide-share elsewhere (default 0); its event
   then carries granted = the decision's allow, so denials by the policy become denied events. A passage refused
   on the way out of campus cancels the trip (the student stays on campus), and a refused `in` at a facility cancels
   the matching `out`. Decisions of one batch run in parallel (--workers); the events go in batches of --batch
   (POST /api/v1/access/events), each eventId being DAY-RUNID-SERIAL (RUNID from --run-id, default random), so a
   second run never collides with the first.
4. Prints passages, decisions by reason, events accepted / duplicates / rejected, the rates and the decision latency.

Exit status: 0 when every request answered as expected; 1 when any request failed (connection error, 5xx, or a 4xx
other than a decision's 404 for an unknown student or point, which is counted and printed); 2 on bad arguments.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import random
import string
import sys
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

try:
    from zoneinfo import ZoneInfo
except ImportError:  # Python < 3.9
    ZoneInfo = None

FACILITY_KINDS = {"canteen", "bathhouse", "clinic", "classroom", "library", "venue"}


class HTTPFailure(Exception):
    pass


class Client:
    """One keep-alive connection per thread (http.client under the hood, as urllib's; urllib opens one per request)."""

    def __init__(self, base_url, token, timeout=60):
        u = urllib.parse.urlsplit(base_url)
        if u.scheme not in ("http", "https"):
            raise SystemExit("--url must be http:// or https://")
        self.scheme, self.host, self.port = u.scheme, u.hostname, u.port or (443 if u.scheme == "https" else 80)
        self.prefix = u.path.rstrip("/")
        self.headers = {"Authorization": "Bearer " + token, "Accept": "application/json"}
        self.timeout = timeout
        self.local = threading.local()

    def _conn(self):
        c = getattr(self.local, "conn", None)
        if c is None:
            cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
            c = cls(self.host, self.port, timeout=self.timeout)
            self.local.conn = c
        return c

    def request(self, method, path, body=None):
        """→ (status, parsed JSON or text, seconds). Retries once on a dropped keep-alive connection."""
        data = None
        headers = dict(self.headers)
        if body is not None:
            data = json.dumps(body, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (0, 1):
            conn = self._conn()
            t0 = time.perf_counter()
            try:
                conn.request(method, self.prefix + path, body=data, headers=headers)
                resp = conn.getresponse()
                raw = resp.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.CannotSendRequest):
                conn.close()
                self.local.conn = None
                if attempt == 1:
                    raise
                continue
            elapsed = time.perf_counter() - t0
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = raw.decode(errors="replace")
            return resp.status, parsed, elapsed
        raise AssertionError("unreachable")


def fail(msg):
    raise HTTPFailure(msg)


def list_students(client, limit):
    students, cursor = [], None
    while True:
        q = {"limit": "1000", "status": "active"}
        if cursor:
            q["cursor"] = cursor
        status, body, _ = client.request("GET", "/api/v1/students?" + urllib.parse.urlencode(q))
        if status != 200:
            fail(f"GET /api/v1/students: {status} {str(body)[:300]}")
        students += body["items"]
        cursor = body.get("nextCursor")
        if not cursor or (limit and len(students) >= limit):
            break
    return students[:limit] if limit else students


def list_points(client):
    status, body, _ = client.request("GET", "/api/v1/access/points")
    if status != 200:
        fail(f"GET /api/v1/access/points: {status} {str(body)[:300]}")
    return body["items"]


def timezone():
    name = os.environ.get("SHOUHU_TIMEZONE", "Asia/Shanghai")
    if ZoneInfo is not None:
        try:
            return ZoneInfo(name)
        except Exception:
            pass
    if name != "Asia/Shanghai":
        raise SystemExit(f"time zone {name} is not available here (install tzdata)")
    return dt.timezone(dt.timedelta(hours=8), "CST")


class Campus:
    """The points by role, and each student's points."""

    def __init__(self, points, rng):
        self.rng = rng
        by_kind = {}
        for p in points:
            by_kind.setdefault(p["kind"], []).append(p)
        for ps in by_kind.values():
            ps.sort(key=lambda p: natural_key(p["code"]))
        self.gates = by_kind.get("campus_gate", [])
        self.doors = by_kind.get("building_door", [])
        self.door_by_building = {p["place"]: p for p in self.doors}
        self.door_index = {p["code"]: i for i, p in enumerate(self.doors)}
        canteens = by_kind.get("canteen", [])
        self.canteens = {}  # place → its points
        for p in canteens:
            self.canteens.setdefault(p["place"], []).append(p)
        self.canteen_places = sorted(self.canteens, key=natural_key)
        self.baths = by_kind.get("bathhouse", [])
        self.clinics = by_kind.get("clinic", [])
        self.libraries = by_kind.get("library", [])
        self.classrooms = by_kind.get("classroom", [])
        self.venues = by_kind.get("venue", [])
        self.kind_of = {p["code"]: p["kind"] for p in points}
        buildings = sorted({s for s in self.door_by_building}, key=natural_key)
        self.building_index = {b: i for i, b in enumerate(buildings)}

    def door(self, student):
        return self.door_by_building.get(student.get("building") or "")

    def canteen_points(self, student):
        if not self.canteen_places:
            return []
        i = self.building_index.get(student.get("building") or "", 0)
        return self.canteens[self.canteen_places[i % len(self.canteen_places)]]

    def bath(self, student):
        d = self.door(student)
        if d is None or not self.baths:
            return None
        # The demo pairs door-N with bath-N; otherwise the building's position.
        code = "bath-" + d["code"].split("-", 1)[-1]
        for b in self.baths:
            if b["code"] == code:
                return b
        return self.baths[self.door_index[d["code"]] % len(self.baths)]

    def classroom(self, class_name, day_number):
        if not self.classrooms:
            return None
        return self.classrooms[(stable_hash(class_name) + day_number * 7) % len(self.classrooms)]

    def gate(self, student):
        if not self.gates:
            return None
        return self.gates[stable_hash(student["studentNo"]) % len(self.gates)]


def natural_key(s):
    out, num = [], ""
    for ch in s:
        if ch.isdigit():
            num += ch
        else:
            if num:
                out.append((0, int(num), ""))
                num = ""
            out.append((1, 0, ch))
    if num:
        out.append((0, int(num), ""))
    return out


def stable_hash(s):
    h = 2166136261
    for b in s.encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def plan_day(student, campus, day, tz, rng):
    """A student's passages for the day: lists of legs; each leg is [(minute, point, direction)] that stand or fall together
    (a refused first passage cancels the rest of its leg)."""
    legs = []
    door = campus.door(student)
    floor = student.get("floor") or 1
    weekday = day.isoweekday()  # 1 Monday … 7 Sunday
    day_number = day.toordinal()

    def m(lo, hi):
        return rng.randint(lo, hi)

    if door:
        legs.append([(m(430, 470), door, "out")])
    if weekday <= 5:
        room = campus.classroom(student.get("class") or "", day_number)
        if room:
            slot = 480 if stable_hash(student.get("class") or "") % 2 == 0 else 600
            legs.append([(slot - m(2, 9), room, "in"), (slot + m(95, 98), room, "out")])
    canteen = campus.canteen_points(student)
    if canteen:
        lunch = 690 + (floor % 4) * 15 + m(0, 10)
        legs.append([(lunch, rng.choice(canteen), "in"), (lunch + m(4, 25), rng.choice(canteen), "out")])
    if campus.libraries and rng.random() < 0.12:
        start, room = m(840, 960), rng.choice(campus.libraries)
        legs.append([(start, room, "in"), (start + m(60, 150), room, "out")])
    if campus.clinics and rng.random() < 0.01:
        start, c = m(600, 960), rng.choice(campus.clinics)
        legs.append([(start, c, "in"), (start + m(20, 40), c, "out")])
    if campus.venues and rng.random() < 0.05:
        start, v = m(990, 1080), rng.choice(campus.venues)
        legs.append([(start, v, "in"), (start + m(45, 90), v, "out")])
    gate = campus.gate(student)
    if gate and rng.random() < 0.05:
        start = m(780, 900)
        legs.append([(start, gate, "out"), (start + m(120, 240), gate, "in")])
    bath = campus.bath(student)
    if bath and rng.random() < 0.15:
        start = 1110 + (floor % 5) * 30 + m(0, 20)
        legs.append([(start, bath, "in"), (start + m(15, 30), bath, "out")])
    if door:
        legs.append([(m(1260, 1350), door, "in")])
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=tz)
    out = []
    for leg in legs:
        out.append([(midnight + dt.timedelta(minutes=minute, seconds=rng.randint(0, 59)), p, d) for minute, p, d in leg])
    return out


def percentile(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    r = max(1, int(p / 100 * len(v) + 0.999999))
    return v[min(r, len(v)) - 1]


def main():
    tz = timezone()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--token", default=os.environ.get("SHOUHU_TOKEN"), help="integration token (access:write, access:decide, read:all); or SHOUHU_TOKEN")
    ap.add_argument("--day", default=dt.datetime.now(tz).date().isoformat(), help="YYYY-MM-DD in the school's time zone (default today)")
    ap.add_argument("--students", type=int, default=0, help="at most this many students (default all active)")
    ap.add_argument("--batch", type=int, default=500, help="events per POST (1–1000)")
    ap.add_argument("--decide-share", type=float, default=1.0, help="share of campus-gate and building-door passages that ask for a decision first")
    ap.add_argument("--facility-decide-share", type=float, default=0.0, help="the same for canteens, classrooms, libraries, bathhouses, the clinic, venues")
    ap.add_argument("--workers", type=int, default=4, help="parallel decision requests (threads, one connection each)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--run-id", default=None, help="part of every eventId (default: random 6 letters)")
    ap.add_argument("--quiet", action="store_true", help="no progress lines")
    args = ap.parse_args()
    if not args.token:
        ap.error("--token is required (or SHOUHU_TOKEN)")
    if not 1 <= args.batch <= 1000:
        ap.error("--batch must be 1–1000")
    try:
        day = dt.date.fromisoformat(args.day)
    except ValueError:
        ap.error("--day must be YYYY-MM-DD")
    rng = random.Random(args.seed)
    run_id = args.run_id or "".join(random.SystemRandom().choice(string.ascii_lowercase) for _ in range(6))
    client = Client(args.url, args.token)

    try:
        t_list = time.perf_counter()
        students = list_students(client, args.students)
        points = list_points(client)
        t_list = time.perf_counter() - t_list
        campus = Campus(points, rng)
        if not args.quiet:
            print(f"{len(students)} students, {len(points)} points ({len(campus.gates)} gates, {len(campus.doors)} doors) listed in "
                  f"{t_list:.2f} s; day {day}, run id {run_id}", file=sys.stderr)

        legs = []
        for s in students:
            for leg in plan_day(s, campus, day, tz, rng):
                legs.append((s["studentNo"], leg))
        # Replay in time order of each leg's passages; a leg's later passages wait in `pending` until their time.
        passages = []  # (at, serial, studentNo, point, direction, leg id, position in leg)
        serial = 0
        for leg_id, (student_no, leg) in enumerate(legs):
            for pos, (at, p, d) in enumerate(leg):
                serial += 1
                passages.append((at, serial, student_no, p, d, leg_id, pos))
        passages.sort(key=lambda x: (x[0], x[1]))

        cancelled = set()
        reasons = Counter()
        decision_404 = 0
        decision_latency = []
        accepted = duplicates = 0
        rejected = []
        cancelled_passages = 0
        post_seconds = 0.0
        posts = 0
        kinds = Counter()
        lock = threading.Lock()

        def decide(item):
            at, _, student_no, p, d, _, _ = item
            q = urllib.parse.urlencode({"studentNo": student_no, "accessPoint": p["code"], "direction": d})
            status, body, secs = client.request("GET", "/api/v1/access/decision?" + q)
            return status, body, secs

        def needs_decision(p):
            share = args.decide_share if p["kind"] in ("campus_gate", "building_door") else args.facility_decide_share
            return share >= 1.0 or (share > 0 and rng.random() < share)

        pool = ThreadPoolExecutor(max_workers=max(1, args.workers))
        t0 = time.perf_counter()
        i, sent_passages, next_report = 0, 0, time.perf_counter() + 5
        while i < len(passages):
            chunk = []
            while i < len(passages) and len(chunk) < args.batch:
                item = passages[i]
                i += 1
                if item[5] in cancelled:
                    cancelled_passages += 1
                    continue
                chunk.append(item)
            asks = [needs_decision(item[3]) for item in chunk]
            asked = [item for item, a in zip(chunk, asks) if a]
            answers = dict(zip((item[1] for item in asked), pool.map(decide, asked)))
            events = []
            for item, a in zip(chunk, asks):
                at, ser, student_no, p, d, leg_id, pos = item
                if leg_id in cancelled:  # its first passage was refused earlier in this chunk
                    cancelled_passages += 1
                    continue
                granted = True
                if a:
                    status, body, secs = answers[ser]
                    decision_latency.append(secs)
                    if status == 404:
                        decision_404 += 1
                        continue
                    if status != 200:
                        fail(f"GET /api/v1/access/decision ({student_no}, {p['code']}, {d}): {status} {str(body)[:300]}")
                    granted = bool(body["allow"])
                    reasons[body.get("reason", "?")] += 1
                kinds[p["kind"]] += 1
                sent_passages += 1
                events.append({"eventId": f"{day.isoformat()}-{run_id}-{ser}", "accessPoint": p["code"], "studentNo": student_no,
                               "direction": d, "at": at.isoformat(timespec="seconds"), "granted": granted})
                if not granted and pos == 0:
                    cancelled.add(leg_id)  # refused on the way: the rest of this leg does not happen
            if events:
                status, body, secs = client.request("POST", "/api/v1/access/events", {"events": events})
                post_seconds += secs
                posts += 1
                if status != 200:
                    fail(f"POST /api/v1/access/events ({len(events)} events): {status} {str(body)[:300]}")
                accepted += body["accepted"]
                duplicates += body["duplicates"]
                rejected += body["rejected"]
            if not args.quiet and time.perf_counter() >= next_report:
                next_report += 5
                print(f"  … {i}/{len(passages)} passages, {accepted} accepted", file=sys.stderr)
        wall = time.perf_counter() - t0
        pool.shutdown()
    except HTTPFailure as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except (OSError, http.client.HTTPException) as e:
        print(f"error: {args.url}: {e}", file=sys.stderr)
        return 1

    lat = [x * 1000 for x in decision_latency]
    print(f"day {day} (run {run_id}), {len(students)} students, {wall:.2f} s")
    print(f"passages: {sent_passages} sent as events, {cancelled_passages} cancelled after a refusal ("
          + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ")")
    print(f"decisions: {len(lat)} asked; " + ", ".join(f"{k} {v}" for k, v in reasons.most_common())
          + (f", 404 (unknown student or point) {decision_404}" if decision_404 else ""))
    if lat:
        print(f"decision latency (client, {args.workers} workers): p50 {percentile(lat, 50):.2f} ms, p90 {percentile(lat, 90):.2f} ms, "
              f"p99 {percentile(lat, 99):.2f} ms, max {max(lat):.2f} ms")
    print(f"events: {accepted} accepted, {duplicates} duplicates, {len(rejected)} rejected in {posts} batches of up to {args.batch}")
    for r in rejected[:5]:
        print(f"  rejected #{r['index']}: {r['message']}")
    if posts:
        print(f"rates: {sent_passages / wall:.0f} passages/s overall (decisions included); "
              f"{accepted / post_seconds:.0f} events/s while posting ({post_seconds:.2f} s in POSTs, "
              f"{post_seconds / posts * 1000:.1f} ms a batch)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
