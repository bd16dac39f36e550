#!/usr/bin/env python3
"""Replays the eight requests of security issue 12 against a running Shouhu demo server.

Each request the outside review found accepted must now be refused; every check prints one line,
`ok   [N] what` or `FAIL [N] what -- status S: body excerpt`, and the script exits 1 when any check fails.

  1. Staff import cannot grant `admin` (a leader session and a roster:write token both get 422 naming column
     `role`), and the leader cannot list accounts (403).
  2. A 45 KB XLSX with 4,000 cells at column XFD: a student is refused (403) as text/csv and as XLSX, the
     testing results CSV is refused to a student without row errors, an administrator gets 400 (the column
     limit), and the server's resident memory grows by less than 100 MB throughout.
  3. An administrator who must still change a reset password reaches GET /account but no account administration.
  4. No second spelling of the sign-in route signs in (404); 20 concurrent wrong passwords lock the account; a
     100 KB username is not stored whole in the audit trail. With --throttle-url (a second, empty server at the
     default 30 sign-ins a minute): past the limit every spelling of sign-in, and a made-up X-Forwarded-For, is
     refused (429/404).
  5. A room leader and a checkin:write token cannot read a roommate's check-ins (403).
  6. A password change ends the other sessions; two-factor cannot be re-enrolled without proof; the session
     cookie is Secure except on a loopback address.
  7. `next` after sign-in never leaves the site; the sign-in form needs its CSRF token.
  8. `//api/...` is not routed (404) and a cookie-authenticated API write needs X-CSRF-Token (403; with the
     page's token the same approval goes through, as a control).

It changes the demo data (a few staff, passwords, a two-factor enrolment of admin, a leave): run it against a
throwaway database, which is what scripts/security-replay.sh does:

    swift build -c release --scratch-path .build-release && scripts/security-replay.sh

By hand, against a server started with `SHOUHU_SIGNIN_RATE=1000 SHOUHU_ADMIN_PASSWORD=... shouhu serve --demo
--database sqlite:/tmp/x.sqlite --port 8081`:

    scripts/security-replay.py --url http://127.0.0.1:8081 --bin .build-release/release/shouhu \
        --database sqlite:/tmp/x.sqlite --admin-password ... --pid SERVER_PID [--throttle-url URL] [--only 1,4]

Python 3 standard library only.
"""

import argparse
import base64
import concurrent.futures
import datetime
import hashlib
import hmac
import html
import http.client
import io
import json
import os
import re
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
import zipfile

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEMO_COUNSELLOR = ("T0009", "demo-counsellor-1")
DEMO_STUDENT = ("2021010101", "demo-student-1")


class SetupError(Exception):
    """A step a check depends on did not work; the rest of that item is skipped (and counted as failed)."""


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value), repeated names kept (Set-Cookie)
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def set_cookies(self):
        return [v for k, v in self.headers if k.lower() == "set-cookie"]

    def cookie(self, name):
        """The full Set-Cookie line for `name` (attributes included), or None."""
        for line in self.set_cookies():
            if line.split("=", 1)[0].strip() == name:
                return line
        return None

    def cookie_value(self, name):
        line = self.cookie(name)
        return None if line is None else line.split("=", 1)[1].split(";", 1)[0]

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None

    def text(self):
        return self.body.decode("utf-8", "replace")

    def excerpt(self, n=240):
        t = " ".join(self.text().split())
        return t if len(t) <= n else t[:n] + "…"

    def __str__(self):
        return f"status {self.status}: {self.excerpt()}"


class Replay:
    def __init__(self, args):
        u = urllib.parse.urlsplit(args.url)
        self.host, self.port = u.hostname, u.port or 80
        self.bin, self.database, self.pid = args.bin, args.database, args.pid
        t = urllib.parse.urlsplit(args.throttle_url) if args.throttle_url else None
        self.throttled = (t.hostname, t.port or 80) if t else None
        self.passwords = {"admin": args.admin_password, DEMO_COUNSELLOR[0]: DEMO_COUNSELLOR[1],
                          DEMO_STUDENT[0]: DEMO_STUDENT[1]}
        self.totp_secrets = {}
        self.failures = 0
        self.checks = 0
        self._admin = None

    # ---- output -------------------------------------------------------------------------------------------

    def check(self, item, what, passed, detail=""):
        self.checks += 1
        if passed:
            print(f"ok   [{item}] {what}", flush=True)
        else:
            self.failures += 1
            print(f"FAIL [{item}] {what} -- {detail}", flush=True)
        return passed

    def expect(self, item, what, resp, statuses, extra=None):
        """A check that `resp` has one of `statuses` and, when given, that `extra(resp)` returns None (else a reason)."""
        statuses = (statuses,) if isinstance(statuses, int) else statuses
        reason = None
        if resp.status not in statuses:
            reason = f"expected {status_names(statuses)}, got {resp}"
        elif extra is not None:
            why = extra(resp)
            if why:
                reason = f"{why}; {resp}"
        return self.check(item, what, reason is None, reason or "")

    # ---- HTTP ---------------------------------------------------------------------------------------------

    def http(self, method, path, body=None, ctype=None, token=None, cookie=None, host=None, headers=None, server=None):
        """One request with the path sent exactly as given (no normalisation of `//` or trailing slashes).
        `server` is (host, port) of another server than the main one."""
        address = server or (self.host, self.port)
        if isinstance(body, (dict, list)):
            body, ctype = json.dumps(body).encode(), ctype or "application/json"
        elif isinstance(body, str):
            body = body.encode("utf-8")
        conn = http.client.HTTPConnection(*address, timeout=300)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", host or f"{address[0]}:{address[1]}")
            conn.putheader("Accept", "application/json, text/html;q=0.9, */*;q=0.1")
            if ctype:
                conn.putheader("Content-Type", ctype)
            if token:
                conn.putheader("Authorization", f"Bearer {token}")
            if cookie:
                conn.putheader("Cookie", cookie)
            for k, v in (headers or {}).items():
                conn.putheader(k, v)
            conn.putheader("Content-Length", str(len(body or b"")))
            conn.endheaders(body)
            r = conn.getresponse()
            return Response(r.status, r.getheaders(), r.read())
        finally:
            conn.close()

    def sign_in_response(self, username, password, path="/api/v1/sessions"):
        body = {"username": username, "password": password}
        if username in self.totp_secrets:
            body["totp"] = totp(self.totp_secrets[username])
        return self.http("POST", path, body)

    def sign_in(self, username, password=None):
        password = password if password is not None else self.passwords[username]
        r = self.sign_in_response(username, password)
        if r.status == 401 and username in self.totp_secrets:
            # A code is accepted once per time step: wait for the next one.
            time.sleep(31 - time.time() % 30)
            r = self.sign_in_response(username, password)
        token = (r.json() or {}).get("token") if r.status == 201 else None
        if not token:
            raise SetupError(f"cannot sign in as {username}: {r}")
        return token

    def admin(self):
        if self._admin is None:
            self._admin = self.sign_in("admin")
        return self._admin

    def setup(self, what, resp, statuses):
        statuses = (statuses,) if isinstance(statuses, int) else tuple(statuses)
        if resp.status not in statuses:
            raise SetupError(f"{what}: expected {status_names(statuses)}, got {resp}")
        return resp

    def cli_password(self, username, password):
        """`shouhu user password USERNAME` against the server's own database (SQLite allows it while serving)."""
        if not self.bin or not self.database:
            raise SetupError("--bin and --database are needed to set passwords with the CLI")
        p = subprocess.run([self.bin, "user", "password", username, "--database", self.database],
                           input=password + "\n", capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            raise SetupError(f"shouhu user password {username} failed ({p.returncode}): {(p.stderr or p.stdout).strip()[-300:]}")
        self.passwords[username] = password

    def page_sign_in(self, username, password, next_path="/", host=None):
        """The sign-in page as a browser does it: GET /signin for the pre-session cookie and the form token, then
        POST the form. Returns the POST's response."""
        page = self.setup("GET /signin", self.http("GET", "/signin", host=host), 200)
        pre = page.cookie_value("shouhu_signin")
        csrf = hidden_field(page.text(), "_csrf")
        if not pre or csrf is None:
            raise SetupError(f"GET /signin gave no shouhu_signin cookie or _csrf field: {page}")
        form = urllib.parse.urlencode({"username": username, "password": password, "next": next_path, "_csrf": csrf})
        return self.http("POST", "/signin", form, "application/x-www-form-urlencoded",
                         cookie=f"shouhu_signin={pre}", host=host)

    def page_session(self, username):
        r = self.page_sign_in(username, self.passwords[username])
        cookie = r.cookie_value("shouhu_session")
        if r.status != 303 or not cookie:
            raise SetupError(f"page sign-in as {username}: expected 303 with shouhu_session, got {r}")
        return cookie

    def import_staff(self, csv_text, token):
        return self.http("POST", "/api/v1/roster/staff", csv_text, "text/csv; charset=utf-8", token=token)

    def integration_token(self, name, scopes):
        r = self.setup(f"POST /api/v1/tokens {scopes}",
                       self.http("POST", "/api/v1/tokens", {"name": name, "scopes": scopes}, token=self.admin()), 201)
        return r.json()["token"]

    def student(self, number):
        return self.setup(f"GET /api/v1/students/{number}",
                          self.http("GET", f"/api/v1/students/{number}", token=self.admin()), 200).json()

    def rss_kb(self):
        if not self.pid:
            return None
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def with_peak_rss(self, fn):
        """Runs fn() while sampling the server's VmRSS every 10 ms; returns (fn's result, peak kB or None)."""
        peak = [self.rss_kb()]
        done = threading.Event()

        def sample():
            while not done.is_set():
                v = self.rss_kb()
                if v is not None and (peak[0] is None or v > peak[0]):
                    peak[0] = v
                time.sleep(0.01)

        t = threading.Thread(target=sample, daemon=True)
        t.start()
        try:
            result = fn()
        finally:
            time.sleep(0.2)
            done.set()
            t.join()
        v = self.rss_kb()
        if v is not None and (peak[0] is None or v > peak[0]):
            peak[0] = v
        return result, peak[0]

    # ---- the eight items ----------------------------------------------------------------------------------

    def item1(self):
        admin = self.admin()
        self.setup("import staff T9000 as leader",
                   self.import_staff("staff_no,name,role\nT9000,Leader Wang,leader\n", admin), 200)
        self.cli_password("T9000", "Leader-Wang-9000")
        leader = self.sign_in("T9000")
        escalate = "staff_no,name,role\nT9001,Leader Li,leader;admin\n"
        self.expect(1, "a leader importing staff with role leader;admin gets 422 naming column role",
                    self.import_staff(escalate, leader), 422, names_column("role"))
        self.expect(1, "the leader gets 403 on GET /api/v1/accounts",
                    self.http("GET", "/api/v1/accounts", token=leader), 403)
        roster = self.integration_token("replay-roster", ["roster:write"])
        self.expect(1, "a roster:write token importing staff with role leader;admin gets 422 naming column role",
                    self.import_staff(escalate, roster), 422, names_column("role"))

    def item2(self):
        book = xlsx_bomb(rows=4000)
        student = self.sign_in(DEMO_STUDENT[0])
        base = self.rss_kb()
        limit_kb = 100 * 1024

        def grown(peak):
            return "no /proc/PID/status (pass --pid)" if peak is None or base is None else \
                f"VmRSS {base // 1024} MB -> peak {peak // 1024} MB (+{(peak - base) // 1024} MB)"

        for ctype in ("text/csv", XLSX_TYPE):
            kind = "text/csv" if ctype == "text/csv" else "XLSX"
            r, peak = self.with_peak_rss(lambda: self.http("POST", "/api/v1/roster/students", book, ctype, token=student))
            self.expect(2, f"a student posting the {len(book) // 1024} KB XLSX bomb as {kind} gets 403",
                        r, 403)
            if base is not None and peak is not None:
                self.check(2, f"memory bounded after the student's {kind} upload: {grown(peak)}",
                           peak - base < limit_kb, grown(peak))
        lines = "T1,maybe\n" * 2000
        self.expect(2, "a student posting 2,000 lab result lines gets 403 without row errors",
                    self.http("POST", "/api/v1/testing/results", lines, "text/csv", token=student), 403,
                    lambda r: "the answer lists errors" if (r.json() or {}).get("errors") else None)
        r, peak = self.with_peak_rss(
            lambda: self.http("POST", "/api/v1/roster/students", book, XLSX_TYPE, token=self.admin()))
        self.expect(2, "an administrator posting the XLSX bomb gets 400 (column limit)", r, 400)
        if base is not None and peak is not None:
            self.check(2, f"memory bounded after the administrator's upload: {grown(peak)}",
                       peak - base < limit_kb, grown(peak))
        elif base is None:
            self.check(2, "server memory measured", False, "no /proc/PID/status (pass --pid)")

    def item3(self):
        admin = self.admin()
        mine = self.student(DEMO_STUDENT[0])["class"]
        # A class other than the demo student's, so a wrongly accepted activation-code request spares the demo student.
        page = self.setup("GET /api/v1/students", self.http("GET", "/api/v1/students?limit=300", token=admin), 200).json()
        klass = next((s["class"] for s in page["items"] if s.get("class") and s["class"] != mine), mine)
        self.setup("import staff T9002 as counsellor of one class",
                   self.import_staff(f"staff_no,name,role,scope\nT9002,Admin Two,counsellor,{klass}\n", admin), 200)
        self.cli_password("T9002", "Admin-Two-9002")  # an account exists once it has a password
        self.setup("PUT /api/v1/accounts/T9002/roles [admin]",
                   self.http("PUT", "/api/v1/accounts/T9002/roles", {"roles": ["admin"]}, token=admin), 204)
        code = self.setup("POST /api/v1/accounts/T9002/reset",
                          self.http("POST", "/api/v1/accounts/T9002/reset", token=admin), 201).json()["code"]
        restricted = self.sign_in("T9002", code)
        r = self.http("GET", "/api/v1/account", token=restricted)
        self.expect(3, "the restricted administrator reads GET /api/v1/account (must_change_password)", r, 200,
                    lambda r: None if "must_change_password" in (r.json() or {}).get("restrictions", [])
                    else "no must_change_password restriction")
        attempts = [
            ("GET", "/api/v1/accounts", None),
            ("POST", "/api/v1/accounts/admin/reset", None),
            ("PUT", "/api/v1/accounts/T9000/roles", {"roles": ["admin"]}),
            ("POST", "/api/v1/accounts/activation-codes", {"class": klass}),
            ("POST", "/api/v1/accounts/T9000/unlock", None),
        ]
        for method, path, body in attempts:
            r = self.http(method, path, body, token=restricted)
            self.expect(3, f"the restricted administrator gets 403 on {method} {path}", r, 403)
            if path == "/api/v1/accounts/admin/reset" and r.status == 201:
                # The hole is open and admin's password is gone: put it back so the other items can go on.
                self.cli_password("admin", self.passwords["admin"])
                self._admin = None
            if path == "/api/v1/accounts/T9000/roles" and r.status == 204:
                self.http("PUT", path, {"roles": []}, token=self.admin())

    def item4(self):
        user, right = DEMO_COUNSELLOR[0], self.passwords[DEMO_COUNSELLOR[0]]
        for path in ("/api/v1/sessions/", "//api/v1/sessions", "/api/v1//sessions"):
            self.expect(4, f"the right password posted to {path} gets 404", self.sign_in_response(user, right, path), 404)
        page = self.setup("GET /signin", self.http("GET", "/signin"), 200)
        form = urllib.parse.urlencode({"username": user, "password": right, "next": "/",
                                       "_csrf": hidden_field(page.text(), "_csrf") or ""})
        r = self.http("POST", "/signin/", form, "application/x-www-form-urlencoded",
                      cookie=f"shouhu_signin={page.cookie_value('shouhu_signin') or ''}")
        self.expect(4, "the sign-in form posted to /signin/ gets 404", r, 404)

        with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
            answers = list(pool.map(lambda i: self.sign_in_response(user, f"wrong-password-{i}").status, range(20)))
        self.check(4, f"20 concurrent wrong passwords for {user} are refused", all(s in (401, 429) for s in answers),
                   f"statuses {sorted(answers)}")
        self.expect(4, f"{user} is locked afterwards: the right password gets 401", self.sign_in_response(user, right), 401)
        r = self.http("GET", "/api/v1/accounts", token=self.admin())
        locked = next((a.get("locked") for a in (r.json() or {}).get("items", []) if a.get("username") == user), None)
        self.check(4, f"GET /api/v1/accounts shows {user} locked", locked is True, f"locked is {locked!r}; {r}")
        r = self.http("POST", f"/api/v1/accounts/{user}/unlock", token=self.admin())
        self.expect(4, f"an administrator unlocks {user} (204)", r, 204)
        if self.sign_in_response(user, right).status != 201:
            self.cli_password(user, right)  # sets the same password again and lifts the lock

        self.throttle()

        long_name = "u" * 102400
        self.expect(4, "a failed sign-in with a 100 KB username gets 401",
                    self.http("POST", "/api/v1/sessions", {"username": long_name, "password": "not-it-1A"}), 401)
        r = self.http("GET", "/api/v1/audit?action=auth.signin.failure&limit=1000", token=self.admin())
        if self.expect(4, "an administrator searches the audit trail for failed sign-ins", r, 200):
            items = (r.json() or {}).get("items", [])
            longest = max((len(str(it.get(k) or "")) for it in items for k in ("actor", "actorName", "subject")), default=0)
            self.check(4, f"no failed sign-in stores more than 100 characters of the username (longest {longest})",
                       items and longest <= 100, f"{len(items)} records, longest actor/subject {longest} characters")

    def throttle(self):
        """On the second server (30 sign-in answers a minute): past the limit, every spelling of sign-in is refused."""
        srv = self.throttled
        if srv is None:
            print("note [4] the sign-in throttle itself is not checked (no --throttle-url)", flush=True)
            return
        right = {"username": "admin", "password": self.passwords["admin"]}
        self.setup("GET /readyz on the throttle server", self.http("GET", "/readyz", server=srv), 200)
        with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
            answers = list(pool.map(lambda i: self.http("POST", "/api/v1/sessions", {"username": f"nobody-{i}",
                                                                                     "password": "wrong-1A"},
                                                        server=srv).status, range(30)))
        self.check(4, "throttle server: 30 sign-ins with unknown usernames are answered 401", answers == [401] * 30,
                   f"statuses {sorted(answers)}")
        self.expect(4, "throttle server: the 31st sign-in within a minute, with the right password, gets 429",
                    self.http("POST", "/api/v1/sessions", right, server=srv), 429)
        for path in ("/api/v1/sessions/", "//api/v1/sessions", "/api/v1//sessions"):
            self.expect(4, f"throttle server: the right password on {path} is not signed in (404/429)",
                        self.http("POST", path, right, server=srv), (404, 429))
        form = urllib.parse.urlencode({"username": "admin", "password": self.passwords["admin"], "next": "/"})
        for path, statuses in (("/signin", (429,)), ("/signin/", (404, 429))):
            self.expect(4, f"throttle server: the sign-in form on {path} is refused ({status_names(statuses)})",
                        self.http("POST", path, form, "application/x-www-form-urlencoded", server=srv), statuses)
        self.expect(4, "throttle server: a made-up X-Forwarded-For does not escape the throttle (429)",
                    self.http("POST", "/api/v1/sessions", right, headers={"X-Forwarded-For": "203.0.113.7"},
                              server=srv), 429)

    def item5(self):
        me = self.student(DEMO_STUDENT[0])
        room = f"{me['building']}/{me['room']}"
        mates = self.setup(f"GET /api/v1/students?room={room}",
                           self.http("GET", "/api/v1/students?" + urllib.parse.urlencode({"room": room}),
                                     token=self.admin()), 200).json()["items"]
        details = [me if s["studentNo"] == me["studentNo"] else self.student(s["studentNo"]) for s in mates]
        leader = next((d for d in details if d.get("gridRole") == "room_leader"), None)
        if leader is None:
            raise SetupError(f"no room leader in room {room}")
        roommate = next(d["studentNo"] for d in details if d["studentNo"] != leader["studentNo"])
        self.cli_password(leader["studentNo"], "Room-Leader-2024")
        token = self.sign_in(leader["studentNo"])
        path = f"/api/v1/students/{roommate}/checkins"
        self.expect(5, f"room leader {leader['studentNo']} gets 403 on GET {path}", self.http("GET", path, token=token), 403)
        checkin = self.integration_token("replay-checkin", ["checkin:write"])
        self.expect(5, f"a checkin:write token gets 403 on GET {path}", self.http("GET", path, token=checkin), 403)

    def item6(self):
        user = DEMO_COUNSELLOR[0]
        first, second = self.sign_in(user), self.sign_in(user)
        new = "Replay-Counsellor-6"
        r = self.http("POST", "/api/v1/account/password",
                      {"currentPassword": self.passwords[user], "newPassword": new}, token=first)
        self.setup("POST /api/v1/account/password", r, 204)
        self.passwords[user] = new
        self.expect(6, "after a password change the other session gets 401 on GET /api/v1/account",
                    self.http("GET", "/api/v1/account", token=second), 401)

        student, pw = DEMO_STUDENT[0], self.passwords[DEMO_STUDENT[0]]
        r = self.page_sign_in(student, pw, host="shouhu.example.edu.cn")
        line = r.cookie("shouhu_session") or ""
        self.check(6, "the session cookie carries Secure for Host: shouhu.example.edu.cn",
                   r.status == 303 and has_attribute(line, "secure"), f"status {r.status}, Set-Cookie: {line or '(none)'}")
        r = self.page_sign_in(student, pw, host=f"127.0.0.1:{self.port}")
        line = r.cookie("shouhu_session") or ""
        self.check(6, "the session cookie has no Secure for Host: 127.0.0.1",
                   r.status == 303 and line and not has_attribute(line, "secure"),
                   f"status {r.status}, Set-Cookie: {line or '(none)'}")

        # Two-factor: enrol admin (unless already enrolled), then ask to enrol again with neither password nor code.
        self._admin = None
        admin = self.admin()
        account = self.setup("GET /api/v1/account", self.http("GET", "/api/v1/account", token=admin), 200).json()
        if not account.get("twoFactor"):
            begun = self.setup("POST /api/v1/account/two-factor", self.http("POST", "/api/v1/account/two-factor", {},
                                                                           token=admin), 201).json()
            secret = begun["secret"]
            self.setup("POST /api/v1/account/two-factor/confirm",
                       self.http("POST", "/api/v1/account/two-factor/confirm", {"code": totp(secret)}, token=admin), 200)
            self.totp_secrets["admin"] = secret
        elif "admin" not in self.totp_secrets:
            raise SetupError("admin already has two-factor sign-in with a secret this script does not know")
        for body, label in (({}, "an empty JSON body"), (None, "no body")):
            r = self.http("POST", "/api/v1/account/two-factor", body, token=admin)
            self.expect(6, f"re-enrolling two-factor with {label} (no password or code) is refused (4xx)",
                        r, range(400, 500))
        r = self.http("POST", "/api/v1/account/two-factor", {"password": "not-the-password-1A"}, token=admin)
        self.expect(6, "re-enrolling two-factor with a wrong password is refused (4xx)", r, range(400, 500))

    def item7(self):
        for raw in ("/%5Cevil.example", "/%09/evil.example"):
            r = self.http("GET", f"/signin?next={raw}")
            self.expect(7, f"GET /signin?next={raw} keeps next=/ in the form", r, 200,
                        lambda r: None if hidden_field(r.text(), "next") == "/"
                        else f"hidden next is {hidden_field(r.text(), 'next')!r}")
        student, pw = DEMO_STUDENT[0], self.passwords[DEMO_STUDENT[0]]
        r = self.page_sign_in(student, pw, next_path="/\\evil.example")
        self.expect(7, "a page sign-in with next=/\\evil.example redirects to /", r, 303,
                    lambda r: None if r.header("Location") == "/" else f"Location: {r.header('Location')}")
        form = urllib.parse.urlencode({"username": student, "password": pw, "next": "/"})
        r = self.http("POST", "/signin", form, "application/x-www-form-urlencoded")
        self.expect(7, "a sign-in form without _csrf and cookie gets 403 and no session cookie", r, 403,
                    lambda r: "a shouhu_session cookie was set" if r.cookie_value("shouhu_session") else None)

    def item8(self):
        student = self.sign_in(DEMO_STUDENT[0])
        leave = None
        for start in (2, 5, 9, 13):
            day = datetime.date.today() + datetime.timedelta(days=start)
            body = {"studentNo": DEMO_STUDENT[0], "from": f"{day.isoformat()}T09:00:00+08:00",
                    "to": f"{day.isoformat()}T18:00:00+08:00", "reason": "安全复测 (security replay)",
                    "destination": "市区 (town)"}
            r = self.http("POST", "/api/v1/leaves", body, token=student)
            if r.status == 201:
                leave = r.json()
                break
        if leave is None:
            raise SetupError(f"POST /api/v1/leaves: {r}")
        cookie = "shouhu_session=" + self.page_session(DEMO_COUNSELLOR[0])
        lid = leave["id"]
        self.expect(8, "the counsellor's cookie on POST //api/v1/leaves/{id}/approve without X-CSRF-Token gets 404",
                    self.http("POST", f"//api/v1/leaves/{lid}/approve", {}, cookie=cookie), 404)
        self.expect(8, "the counsellor's cookie on POST /api/v1/leaves/{id}/approve without X-CSRF-Token gets 403",
                    self.http("POST", f"/api/v1/leaves/{lid}/approve", {}, cookie=cookie), 403)
        self.expect(8, "the leave is still pending", self.http("GET", f"/api/v1/leaves/{lid}", token=student), 200,
                    lambda r: None if (r.json() or {}).get("status") == "pending"
                    else f"status is {(r.json() or {}).get('status')!r}")
        # Control: the same request with the page's CSRF token is accepted, so the 403 above was the CSRF check.
        home = self.http("GET", "/account", cookie=cookie)
        if 300 <= home.status < 400 and (home.header("Location") or "").startswith("/"):
            home = self.http("GET", home.header("Location"), cookie=cookie)
        csrf = hidden_field(home.text(), "_csrf") if home.status == 200 else None
        what = "control: the same approval with the page's X-CSRF-Token is accepted (200)"
        if not csrf:
            self.check(8, what, False, f"no _csrf field on GET /account: {home}")
        else:
            self.expect(8, what, self.http("POST", f"/api/v1/leaves/{lid}/approve", {}, cookie=cookie,
                                           headers={"X-CSRF-Token": csrf}), 200)

    def run(self, only):
        for n in range(1, 9):
            if only and n not in only:
                continue
            try:
                getattr(self, f"item{n}")()
            except SetupError as e:
                self.check(n, "setup", False, str(e))
            except Exception as e:  # a crash in one item must not hide the others
                self.check(n, "unexpected error", False, f"{type(e).__name__}: {e}")
        print(f"{self.checks - self.failures} of {self.checks} checks ok", flush=True)
        return 1 if self.failures else 0


# ---- helpers ------------------------------------------------------------------------------------------------

def status_names(statuses):
    if isinstance(statuses, range):
        return f"{statuses.start // 100}xx" if len(statuses) == 100 and statuses.start % 100 == 0 else str(statuses)
    return "/".join(map(str, statuses))


def names_column(column):
    def why(r):
        errors = (r.json() or {}).get("errors") or []
        return None if any(e.get("column") == column for e in errors if isinstance(e, dict)) \
            else f"no problem error names column {column!r}"
    return why


def hidden_field(html, name):
    for tag in re.findall(r"<input\b[^>]*>", html):
        if re.search(rf'\bname="{re.escape(name)}"', tag):
            m = re.search(r'\bvalue="([^"]*)"', tag)
            return html_unescape(m.group(1)) if m else ""
    return None


def html_unescape(s):
    return html.unescape(s)


def has_attribute(set_cookie, attribute):
    return any(part.strip().lower() == attribute for part in set_cookie.split(";")[1:])


def totp(secret, at=None, digits=6, period=30):
    """RFC 6238 with HMAC-SHA1 (what the server's otpauth URI names)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // period)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = (struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 10 ** digits
    return str(value).zfill(digits)


def xlsx_bomb(rows=4000):
    """A workbook whose only part is xl/worksheets/sheet1.xml: `rows` rows, each one inline-string cell at XFD
    (column 16,384). Padded to its highest column, each row would be 16,384 cells."""
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for i in range(1, rows + 1):
        text = hashlib.sha1(str(i).encode()).hexdigest()[:7]  # varied, so the file is ~45 KB, not a few KB
        out.append(f'<row r="{i}"><c r="XFD{i}" t="inlineStr"><is><t>{text}</t></is></c></row>')
    out.append("</sheetData></worksheet>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", "".join(out))
    return buf.getvalue()


def main():
    p = argparse.ArgumentParser(description="Replay the requests of security issue 12 against a running server.")
    p.add_argument("--url", default=os.environ.get("SHOUHU_URL", "http://127.0.0.1:8080"))
    p.add_argument("--bin", default=os.environ.get("SHOUHU_BIN"), help="the shouhu binary (for `user password`)")
    p.add_argument("--database", default=os.environ.get("SHOUHU_DATABASE_URL"), help="the server's database URL")
    p.add_argument("--admin-password", default=os.environ.get("SHOUHU_ADMIN_PASSWORD"))
    p.add_argument("--pid", type=int, default=int(os.environ.get("SHOUHU_PID") or 0) or None,
                   help="the server's process id (its VmRSS is watched)")
    p.add_argument("--throttle-url", default=os.environ.get("SHOUHU_THROTTLE_URL"),
                   help="a second, empty server with the default sign-in rate (30 a minute) and the same admin "
                        "password, to check the throttle itself")
    p.add_argument("--only", default="", help="comma-separated item numbers, e.g. 1,4")
    args = p.parse_args()
    if not args.admin_password:
        p.error("--admin-password (or SHOUHU_ADMIN_PASSWORD) is required")
    only = {int(x) for x in args.only.split(",") if x.strip()}
    sys.exit(Replay(args).run(only))


if __name__ == "__main__":
    main()
