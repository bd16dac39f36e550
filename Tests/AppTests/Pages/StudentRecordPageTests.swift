import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// One student on one page: the record, the last 14 days, cases, leave and tests, each part only for readers who may.
@Suite("Pages: the whole student on one page")
struct StudentRecordPageTests {
    typealias P = CheckInPagesTests

    @Test("The counsellor sees 14 days, the open case, the leave and a link to the trajectory, each read audited; a room leader sees the record only; another counsellor nothing",
          arguments: TestEngine.available)
    func wholeStudent(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let student = try await h.tokenFor("2021000002")
            #expect(try await h.post("/api/v1/checkins", token: student, body: CheckInsTests.body("2021000002", temperature: "38.4")).status == .created)
            let leave = try await h.post("/api/v1/leaves", token: student,
                                         body: #"{"studentNo":"2021000002","from":"2026-11-28T09:00:00+08:00","to":"2026-11-28T18:00:00+08:00","reason":"复诊","destination":"市医院"}"#)
            #expect(leave.status == .created)
            _ = try await h.fullCampaign(token: try await h.adminToken(), name: "周五全员")

            let (counsellor, _) = try await P.signIn(h, "T001")
            let page = try await PagesTests.page(h, "/students/2021000002", cookie: counsellor)
            #expect(page.status == .ok)
            let zh = try StringCatalogTests.catalog("zh-CN")
            #expect(page.text.contains(zh["student_days"]!))
            #expect(page.text.components(separatedBy: "<li class=").count - 1 == 14, "fourteen days, one a cell")
            #expect(page.text.contains(#"<li class="red"><span class="muted">11-27</span> 异常 38.4℃</li>"#), "today's abnormal check-in")
            #expect(page.text.contains(zh["case_source_checkin"]!) && page.text.contains(zh["case_status_open"]!), "the case it opened")
            #expect(page.text.contains("复诊") && page.text.contains(zh["leave_status_pending"]!), "the leave asked")
            #expect(page.text.contains("周五全员") && page.text.contains(zh["testing_mine_due"]!), "today's campaign, still to be swabbed")
            #expect(page.text.contains(#"href="/students/2021000002/trajectory""#))
            #expect(!page.text.contains("tel:"), "no call links while the numbers are masked")
            for action in ["checkin.history.read", "case.list", "leave.list", "testing.student.read"] {
                let entries = try await h.app.audit.search(.init(action: action), by: h.app.systemActor, at: Date())
                #expect(!entries.isEmpty, "\(action) is audited")
            }

            // The room leader shares the room: they see who the student is, not their health, cases or leave.
            let (roomLeader, _) = try await P.signIn(h, "2021000001")
            let roommate = try await PagesTests.page(h, "/students/2021000002", cookie: roomLeader)
            #expect(roommate.status == .ok)
            #expect(roommate.text.contains("甲二"))
            #expect(!roommate.text.contains("38.4") && !roommate.text.contains(zh["student_days"]!) && !roommate.text.contains("复诊"))

            // Another counsellor: not their student.
            let (other, _) = try await P.signIn(h, "T002")
            #expect(try await PagesTests.page(h, "/students/2021000002", cookie: other).status == .notFound)
        }
    }

    @Test("Where a student is reads the same on their page and on the gates page: a canteen swipe after the exit is 校内; out with no swipe since is 校外; the buildings table counts residents even when nobody is inside",
          arguments: TestEngine.available)
    func whereabouts(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let gate = try await h.setUpGates()
            let sent = try await h.sendEvents([
                AppHarness.event("o1", "south-gate", "2021000001", "out", "2026-11-27T07:00:00+08:00"),
                AppHarness.event("c1", "canteen-1-east", "2021000001", "in", "2026-11-27T07:40:00+08:00"),
                AppHarness.event("o2", "south-gate", "2021000002", "out", "2026-11-27T07:10:00+08:00"),
                AppHarness.event("d3", "b1-door", "2021000003", "out", "2026-11-27T07:20:00+08:00"),
            ], token: gate)
            #expect(sent.status == .ok)
            let zh = try StringCatalogTests.catalog("zh-CN")
            let (counsellor, _) = try await P.signIn(h, "T001")
            let back = try await PagesTests.page(h, "/students/2021000001", cookie: counsellor)
            #expect(back.text.contains(#"<strong class="green">\#(zh["access_on_campus"]!)</strong>"#), "the canteen saw them after the gate")
            let out = try await PagesTests.page(h, "/students/2021000002", cookie: counsellor)
            #expect(out.text.contains(#"<strong class="amber">\#(zh["access_off_campus"]!) · \#(zh["access_since"]!) 11月27日 07:10"#))
            let access = try await PagesTests.page(h, "/access", cookie: counsellor)
            #expect(access.text.contains(#"<strong>1</strong>"#), "one of T001's students off campus")
            #expect(access.text.contains("<td>1号楼</td><td class=\"num\">3</td><td class=\"num\">0</td>"),
                    "three enrolled students live in 1号楼, none is inside now — not 'no door passages'")
            #expect(!access.text.contains(zh["access_no_buildings"]!))
            let entries = try await h.app.audit.search(.init(action: "access.presence.read"), by: h.app.systemActor, at: Date())
            #expect(entries.contains { $0.entry.subject == "2021000002" }, "reading one student's whereabouts is audited")
        }
    }

    @Test("Lists that name a student link to their page: cases and investigation contacts")
    func linked() throws {
        let templates = StringCatalogTests.resources.appendingPathComponent("templates")
        for name in ["cases", "investigation", "dashboard", "grid", "access", "leaves", "testing_campaign"] {
            let text = try String(contentsOf: templates.appendingPathComponent("\(name).mustache"), encoding: .utf8)
            #expect(text.contains(#"href="/students/{{studentNo}}"#), "\(name) links its students")
        }
    }
}
