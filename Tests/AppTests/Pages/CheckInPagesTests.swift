import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

@Suite("Pages: the student's check-in, the dashboard, cases and the inbox")
struct CheckInPagesTests {
    static func post(_ h: AppHarness, _ uri: String, cookie: String, form: String) async throws -> TestResponse {
        try await h.client.execute(uri: uri, method: .post,
                                   headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"], body: .init(string: form))
    }

    static func signIn(_ h: AppHarness, _ username: String) async throws -> (cookie: String, csrf: String) {
        // Setting a password ends the account's sessions: only when "password-123" (admin: its own) does not already sign in.
        let cookie: String
        if let existing = try? await PagesTests.cookie(h, username, username == "admin" ? TestApp.adminPassword : "password-123") {
            cookie = existing
        } else {
            try await h.app.setPassword(username: username, password: "password-123")
            cookie = try await PagesTests.cookie(h, username, "password-123")
        }
        let home = try await PagesTests.page(h, "/inbox", cookie: cookie)
        return (cookie, try #require(PagesTests.csrf(in: home.text)))
    }

    @Test("A student checks in on the phone page: status first, errors next to the field keeping the typed value, then done", arguments: TestEngine.available)
    func studentCheckIn(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let (cookie, csrf) = try await Self.signIn(h, "2021000001")
            let home = try await PagesTests.page(h, "/", cookie: cookie)
            #expect(home.headers[.location] == "/checkin", "students land on their check-in")
            let empty = try await PagesTests.page(h, "/checkin", cookie: cookie)
            #expect(empty.status == .ok)
            #expect(empty.text.contains("尚未打卡，截止 10:00"))
            #expect(empty.text.contains(#"name="viewport""#))
            #expect(!empty.text.contains("与上次相同"), "no earlier answers to repeat")
            let bad = try await Self.post(h, "/checkin", cookie: cookie,
                                          form: "_csrf=\(csrf)&temperature=3x.5&onCampus=no&city=&healthCode=green&riskContact=no")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("请填写 34.0 到 43.0 之间的体温"))
            #expect(bad.text.contains(#"value="3x.5""#), "what the student typed is kept")
            let offCampus = try await Self.post(h, "/checkin", cookie: cookie,
                                                form: "_csrf=\(csrf)&temperature=36.6&onCampus=no&city=&healthCode=green&riskContact=no")
            #expect(offCampus.status == .unprocessableContent)
            #expect(offCampus.text.contains("不在校时请填写所在城市"))
            let ok = try await Self.post(h, "/checkin", cookie: cookie,
                                         form: "_csrf=\(csrf)&temperature=37.8&symptoms%5B%5D=cough&symptoms%5B%5D=fatigue&onCampus=yes&healthCode=green&riskContact=no&shownAt=\(Int(CheckInsTests.morning.timeIntervalSince1970 * 1000) - 20_000)")
            #expect(ok.status == .seeOther)
            let done = try await PagesTests.page(h, "/checkin?done=1", cookie: cookie)
            #expect(done.text.contains("今日已打卡 08:30 ✓"))
            #expect(done.text.contains("已通知辅导员"))
            #expect(done.text.contains("37.8℃ · 在校 · 绿码 · 咳嗽、乏力"))
            let forged = try await Self.post(h, "/checkin", cookie: cookie, form: "_csrf=wrong&temperature=36.5&onCampus=yes&healthCode=green&riskContact=no")
            #expect(forged.status == .forbidden)
            let history = try await h.get("/api/v1/students/2021000001/checkins", token: try await h.token("2021000001", "password-123")).json()["items"] as? [[String: Any]]
            #expect(history?.count == 1)
            #expect(history?.first?["channel"] as? String == "page")
        }
    }

    @Test("Yesterday's answers can be repeated with one deliberate tap")
    func sameAsYesterday() async throws {
        let clock = FixedClock(CheckInsTests.morning)
        try await AppHarness.run(.sqlite, clock: clock) { h in
            try await h.importFixtureCollege()
            let (cookie, csrf) = try await Self.signIn(h, "2021000005")
            _ = try await Self.post(h, "/checkin", cookie: cookie, form: "_csrf=\(csrf)&temperature=36.4&onCampus=no&city=%E6%9D%AD%E5%B7%9E&healthCode=green&riskContact=no")
            clock.advance(by: 86_400)
            let (fresh, _) = try await Self.signIn(h, "2021000005")   // yesterday's session has expired
            let page = try await PagesTests.page(h, "/checkin", cookie: fresh)
            #expect(page.text.contains("与上次相同，一键提交"))
            #expect(page.text.contains("36.4℃ · 杭州 · 绿码"))
            let same = #/<form method="post" action="/checkin" class="card same">(.*?)</form>/#.dotMatchesNewlines()
            let block = try #require(page.text.firstMatch(of: same)).1
            let fields = String(block).matches(of: #/name="([^"]+)" value="([^"]*)"/#).map { "\($0.1)=\(String($0.2).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
            let r = try await Self.post(h, "/checkin", cookie: fresh, form: fields.joined(separator: "&"))
            #expect(r.status == .seeOther)
            let status = try await PagesTests.page(h, "/checkin", cookie: fresh)
            #expect(status.text.contains("今日已打卡 08:30 ✓"))
        }
    }

    @Test("The counsellor's dashboard shows her classes' progress and who is missing; a building leader sees floors", arguments: TestEngine.available)
    func dashboard(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let student = try await h.tokenFor("2021000001")
            _ = try await h.post("/api/v1/checkins", token: student, body: CheckInsTests.body("2021000001"))
            let (cookie, _) = try await Self.signIn(h, "T001")
            #expect(try await PagesTests.page(h, "/", cookie: cookie).headers[.location] == "/dashboard")
            let page = try await PagesTests.page(h, "/dashboard", cookie: cookie)
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<strong>1 / <span data-headcount="enrolled">3</span></strong>"#), "three active students in her classes, one reported")
            #expect(page.text.contains("信息2101"))
            #expect(page.text.contains("2021000002") && page.text.contains("2021000003"), "the missing are listed")
            #expect(!page.text.contains("2021000005"), "nobody outside her classes")
            #expect(page.text.contains(#"data-live="#) && page.text.contains("/public/live.js"))
            #expect(!page.text.contains("后一天"), "today has no next day")
            #expect(page.text.contains(#"<div class="tile "><span class="label">异常</span><strong><a href="/cases?status=open&amp;source=checkin">0</a></strong>"#), "zero abnormal is not red")
            let narrowed = try await PagesTests.page(h, "/dashboard?groupBy=class&unit=%E4%BF%A1%E6%81%AF2102", cookie: cookie)
            #expect(narrowed.text.contains("2021000003") && !narrowed.text.contains(">2021000002<"))
            let (leader, _) = try await Self.signIn(h, "T003")
            let floors = try await PagesTests.page(h, "/dashboard", cookie: leader)
            #expect(floors.text.contains("1号楼 1 层") && floors.text.contains("1号楼 2 层"))
            let english = try await PagesTests.page(h, "/dashboard?lang=en", cookie: leader)
            #expect(english.text.contains("Not checked in"))
        }
    }

    @Test("Cases pages: list, detail with timeline, note and close; the alert reaches the inbox; outsiders see nothing", arguments: TestEngine.available)
    func cases(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let student = try await h.tokenFor("2021000002")
            _ = try await h.post("/api/v1/checkins", token: student, body: CheckInsTests.body("2021000002", healthCode: "\"red\""))
            let (cookie, csrf) = try await Self.signIn(h, "T001")
            let inbox = try await PagesTests.page(h, "/inbox", cookie: cookie)
            #expect(inbox.text.contains("新异常个案：甲二（2021000002）"))
            #expect(inbox.text.contains("健康码 红码"))
            let list = try await PagesTests.page(h, "/cases", cookie: cookie)
            let id = try #require(list.text.firstMatch(of: #/href="/cases/([0-9a-f-]{36})"/#)).1
            #expect(list.text.contains("处置中"))
            #expect(!list.text.contains(#"role="alert""#), "no error box without an error")
            let detail = try await PagesTests.page(h, "/cases/\(id)", cookie: cookie)
            #expect(detail.text.contains("发现") && detail.text.contains("已通知"))
            #expect(try await Self.post(h, "/cases/\(id)/notes", cookie: cookie, form: "_csrf=\(csrf)&note=%E5%B7%B2%E7%94%B5%E8%AF%9D%E8%81%94%E7%B3%BB").status == .seeOther)
            let emptyOutcome = try await Self.post(h, "/cases/\(id)/close", cookie: cookie, form: "_csrf=\(csrf)&outcome=")
            #expect(emptyOutcome.status == .unprocessableContent)
            #expect(try await Self.post(h, "/cases/\(id)/close", cookie: cookie, form: "_csrf=\(csrf)&outcome=%E5%B7%B2%E8%BD%AC%E7%BB%BF").status == .seeOther)
            let closed = try await PagesTests.page(h, "/cases/\(id)", cookie: cookie)
            #expect(closed.text.contains("已电话联系") && closed.text.contains("已结案") && closed.text.contains("已转绿"))
            // Another counsellor, and a student, cannot see it.
            let (other, _) = try await Self.signIn(h, "T002")
            #expect(try await PagesTests.page(h, "/cases/\(id)", cookie: other).status == .notFound)
            #expect(!(try await PagesTests.page(h, "/cases", cookie: other).text.contains("2021000002")))
            let (pupil, _) = try await Self.signIn(h, "2021000005")
            #expect(try await PagesTests.page(h, "/cases", cookie: pupil).status == .forbidden)
            #expect(try await PagesTests.page(h, "/cases/\(id)", cookie: pupil).status == .forbidden)
        }
    }

    @Test("A building leader attests the day on the reports page; a contradiction is shown next to the unit", arguments: TestEngine.available)
    func reportsPage(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let (cookie, csrf) = try await Self.signIn(h, "T003")
            let page = try await PagesTests.page(h, "/reports/daily", cookie: cookie)
            #expect(page.status == .ok)
            #expect(page.text.contains("我负责的单位") && page.text.contains("零报告"))
            let base = "_csrf=\(csrf)&date=2026-11-27&level=building&unit=1%E5%8F%B7%E6%A5%BC&expected=3&reported=0&abnormal=0&openCases=0"
            let forgotZero = try await Self.post(h, "/reports/daily", cookie: cookie, form: base)
            #expect(forgotZero.status == .unprocessableContent)
            #expect(forgotZero.text.contains("请明确勾选零报告"))
            #expect(try await Self.post(h, "/reports/daily", cookie: cookie, form: base + "&zero=yes").status == .seeOther)
            let done = try await PagesTests.page(h, "/reports/daily?date=2026-11-27", cookie: cookie)
            #expect(done.text.contains("已报告 · 零报告"))
        }
    }
}

@Suite("Pages: the check-in timetable")
struct TimetablePageTests {
    @Test("An administrator changes the timetable on its page; bad times are shown next to their fields and nothing changes")
    func timetable() async throws {
        try await AppHarness.run(.sqlite) { h in
            let cookie = try await PagesTests.cookie(h, "admin", TestApp.adminPassword)
            let page = try await PagesTests.page(h, "/admin/checkins", cookie: cookie)
            #expect(page.text.contains(#"value="10:00""#) && page.text.contains(#"value="08:00, 09:30""#))
            let csrf = try #require(PagesTests.csrf(in: page.text))
            let bad = try await CheckInPagesTests.post(h, "/admin/checkins", cookie: cookie,
                                                      form: "_csrf=\(csrf)&opensAt=06:00&cutoff=05:00&reminders=08:00&reportDeadline=18:00")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("截止时间应晚于开放时间"))
            #expect(bad.text.contains(#"value="05:00""#), "what was typed is kept")
            let admin = try await h.adminToken()
            #expect(try await h.get("/api/v1/checkins/policy", token: admin).json()["cutoff"] as? String == "10:00")
            let ok = try await CheckInPagesTests.post(h, "/admin/checkins", cookie: cookie,
                                                     form: "_csrf=\(csrf)&opensAt=06:30&cutoff=10:30&reminders=08:00%EF%BC%8C09:45&reportDeadline=17:30")
            #expect(ok.status == .seeOther)
            let policy = try await h.get("/api/v1/checkins/policy", token: admin).json()
            #expect(policy["cutoff"] as? String == "10:30" && policy["reminders"] as? [String] == ["08:00", "09:45"])
            try await h.importFixtureCollege()
            try await h.app.setPassword(username: "T001", password: "password-123")
            let counsellor = try await PagesTests.cookie(h, "T001", "password-123")
            #expect(try await PagesTests.page(h, "/admin/checkins", cookie: counsellor).status == .forbidden)
        }
    }
}
