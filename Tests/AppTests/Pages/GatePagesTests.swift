import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Tabular
import Testing

@Suite("Pages: leave, gates and presence, trajectories, investigations")
struct GatePagesTests {
    typealias P = CheckInPagesTests

    @Test("A student asks leave on the phone page (errors kept by field), the counsellor approves it on theirs, the student sees it approved", arguments: TestEngine.available)
    func leavePages(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let (student, csrf) = try await P.signIn(h, "2021000001")
            let page = try await PagesTests.page(h, "/leave", cookie: student)
            #expect(page.status == .ok)
            #expect(page.text.contains("申请请假") && page.text.contains(#"type="datetime-local""#))
            let bad = try await P.post(h, "/leave", cookie: student, form: "_csrf=\(csrf)&from=2026-11-27T18:00&to=2026-11-27T09:00&reason=%E7%9C%8B%E7%89%99&destination=")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("返校时间应晚于离校时间") && bad.text.contains("请填写去向"))
            #expect(bad.text.contains(#"value="看牙""#), "what was typed is kept")
            let ok = try await P.post(h, "/leave", cookie: student,
                                      form: "_csrf=\(csrf)&from=2026-11-27T09:00&to=2026-11-27T18:00&reason=%E7%9C%8B%E7%89%99&destination=%E5%8F%A3%E8%85%94%E5%8C%BB%E9%99%A2")
            #expect(ok.status == .seeOther)
            #expect(try await PagesTests.page(h, "/leave", cookie: student).text.contains("待审批"))

            let (outsider, _) = try await P.signIn(h, "T002")
            #expect(!(try await PagesTests.page(h, "/leaves", cookie: outsider).text.contains("口腔医院")), "another counsellor does not see it")
            let (counsellor, staffCSRF) = try await P.signIn(h, "T001")
            let list = try await PagesTests.page(h, "/leaves", cookie: counsellor)
            #expect(list.text.contains("口腔医院"))
            let id = try #require(list.text.firstMatch(of: /action="\/leaves\/([0-9a-f-]+)\/approve"/)?.1)
            let approved = try await P.post(h, "/leaves/\(id)/approve", cookie: counsellor, form: "_csrf=\(staffCSRF)")
            #expect(approved.status == .seeOther)
            let again = try await P.post(h, "/leaves/\(id)/refuse", cookie: counsellor, form: "_csrf=\(staffCSRF)&note=x")
            #expect(again.status == .conflict)
            #expect(try await PagesTests.page(h, "/leave", cookie: student).text.contains("已批准"))
        }
    }

    @Test("The gates page shows presence and alerts of one's own students; the trajectory page is scoped and says it is audited", arguments: TestEngine.available)
    func accessPages(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let gate = try await h.setUpGates()
            _ = try await h.sendEvents([
                AppHarness.event("d1", "b6-door", "2021000005", "in", "2026-11-27T08:10:00+08:00", granted: false),
                AppHarness.event("g1", "south-gate", "2021000006", "out", "2026-11-27T08:15:00+08:00"),
                AppHarness.event("l1", "library", "2021000001", "in", "2026-11-27T07:00:00+08:00"),
                AppHarness.event("l2", "library", "2021000001", "out", "2026-11-27T08:00:00+08:00"),
            ], token: gate)
            let (counsellor, _) = try await P.signIn(h, "T002")
            let access = try await PagesTests.page(h, "/access", cookie: counsellor)
            #expect(access.status == .ok)
            #expect(access.text.contains("刷卡被拒") && access.text.contains("2021000005"))
            #expect(access.text.contains("2021000006"), "off campus")
            #expect(!access.text.contains("2021000001"), "not their student")
            let (other, _) = try await P.signIn(h, "T001")
            let own = try await PagesTests.page(h, "/students/2021000001/trajectory?date=2026-11-27", cookie: other)
            #expect(own.status == .ok)
            #expect(own.text.contains("审计") && own.text.contains("图书馆") && own.text.contains("60"))
            #expect(!own.text.contains(">library<") && !own.text.contains("canteen-1"), "places and points by their names, not their codes")
            #expect(try await PagesTests.page(h, "/students/2021000001/trajectory", cookie: counsellor).status == .notFound)
            let (student, studentCSRF) = try await P.signIn(h, "2021000001")
            #expect(try await PagesTests.page(h, "/access", cookie: student).status == .forbidden)

            // An administrator switches the gates to closed management from the page; decisions follow at once.
            #expect(!access.text.contains(#"action="/access/policy""#), "counsellors do not change the policy")
            #expect(try await P.post(h, "/access/policy", cookie: student, form: "_csrf=\(studentCSRF)&preset=lockdown&curfew=21:30").status == .forbidden)
            let (admin, adminCSRF) = try await P.signIn(h, "admin")
            let switched = try await P.post(h, "/access/policy", cookie: admin, form: "_csrf=\(adminCSRF)&preset=lockdown&curfew=21:30")
            #expect(switched.status == .seeOther)
            let decision = try await h.get("/api/v1/access/decision?studentNo=2021000001&accessPoint=south-gate&direction=out", token: gate).json()
            #expect(decision["reason"] as? String == "leave_required")
            #expect(try await h.get("/api/v1/access/policy", token: gate).json()["curfew"] as? String == "21:30")
            let bad = try await P.post(h, "/access/policy", cookie: admin, form: "_csrf=\(adminCSRF)&preset=lockdown&curfew=25:00")
            #expect(bad.status == .unprocessableContent)
        }
    }

    @Test("An investigation runs from the page, shows contacts with evidence, marks follow-ups and exports a table Excel reads", arguments: TestEngine.available)
    func investigationPages(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            _ = try await InvestigationTests.seed(h)
            let (counsellor, csrf) = try await P.signIn(h, "T001")
            let form = try await PagesTests.page(h, "/investigations", cookie: counsellor)
            #expect(form.text.contains("开始流调"))
            let bad = try await P.post(h, "/investigations", cookie: counsellor,
                                       form: "_csrf=\(csrf)&indexStudentNo=2021000005&from=2026-11-26T00:00&to=2026-11-27T08:00&minOverlapMinutes=15")
            #expect(bad.status == .unprocessableContent, "2021000005 is not T001's student")
            #expect(bad.text.contains(#"value="2021000005""#))
            let run = try await P.post(h, "/investigations", cookie: counsellor,
                                       form: "_csrf=\(csrf)&indexStudentNo=2021000001&from=2026-11-26T00:00&to=2026-11-27T08:00&minOverlapMinutes=15")
            #expect(run.status == .seeOther)
            let location = try #require(run.headers[.location])
            let detail = try await PagesTests.page(h, location, cookie: counsellor)
            #expect(detail.text.contains("同时空 · 图书馆") && detail.text.contains("30′"))
            #expect(detail.text.contains("同寝室 · 1号楼/101"))
            #expect(detail.text.contains("经由 丙一（2021000005）"), "degree 2 names the path by name")
            let marked = try await P.post(h, location + "/follow-ups", cookie: counsellor,
                                          form: "_csrf=\(csrf)&studentNo%5B%5D=2021000002&action=mark&back=%3Fdegree%3D1")
            #expect(marked.status == .seeOther)
            #expect(marked.headers[.location] == location + "?degree=1", "back to the same filtered view")
            let odd = try await P.post(h, location + "/follow-ups", cookie: counsellor,
                                       form: "_csrf=\(csrf)&studentNo%5B%5D=2021000002&action=mark&back=%2F%2Fevil.example%2F%3Fdegree%3D7%26x%3D1")
            #expect(odd.headers[.location] == location, "a strange back address is not followed; unknown values are dropped")
            let onlyFirst = try await PagesTests.page(h, location + "?degree=1", cookie: counsellor)
            #expect(onlyFirst.text.contains("2021000002") && !onlyFirst.text.contains(#"value="2021000006""#), "degree 1 only")
            let unmarked = try await PagesTests.page(h, location + "?show=unmarked", cookie: counsellor)
            #expect(!unmarked.text.contains(#"name="studentNo[]" value="2021000002""#), "the marked contact is filtered out")
            let found = try await PagesTests.page(h, location + "?q=%E4%B8%99", cookie: counsellor)
            #expect(found.text.contains(#"name="shown[]" value="2021000005""#) && !found.text.contains(#"name="shown[]" value="2021000002""#), "a name filter")
            let csv = try await PagesTests.page(h, location + "/export?format=csv", cookie: counsellor)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let table = try TableReader.rows(from: Data(buffer: csv.body), as: .csv)
            #expect(table.first?.first == "学号")
            #expect(table.contains { $0.first == "2021000002" && $0.last == "是" }, "the mark is exported")
            let xlsx = try await PagesTests.page(h, location + "/export", cookie: counsellor)
            let sheet = try TableReader.rows(from: Data(buffer: xlsx.body), as: .xlsx)
            #expect(sheet.count == table.count)
            #expect(sheet.contains { $0.contains("次密接") })

            // The contacts tested at once: planners get the button, which makes a targeted campaign of one tube each.
            #expect(!detail.text.contains(#"action="/testing/campaigns""#), "a counsellor does not plan testing")
            let (admin, adminCSRF) = try await P.signIn(h, "admin")
            let seen = try await PagesTests.page(h, location, cookie: admin)
            let students = try #require(seen.text.range(of: #"name="students" value=""#).map { String(seen.text[$0.upperBound...].prefix { $0 != "\"" }) })
            #expect(students.split(separator: ",").contains("2021000002") && students.split(separator: ",").contains("2021000005"))
            let planned = try await P.post(h, "/testing/campaigns", cookie: admin,
                                           form: "_csrf=\(adminCSRF)&kind=targeted&name=contacts&date=2026-11-27&poolSize=1&startTime=09:00&capacityPerHour=60&students=\(students)")
            #expect(planned.status == .seeOther)
            let campaignID = try #require(planned.headers[.location]?.split(separator: "/").last.map(String.init))
            let token = try await h.adminToken()
            let campaign = try await h.get("/api/v1/testing/campaigns/\(campaignID)", token: token).json()
            #expect(campaign["poolSize"] as? Int == 1 && campaign["expected"] as? Int == students.split(separator: ",").count)
        }
    }
}
