import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// What a counsellor does with the missing list at 07:55: export it, and remind everyone on it in one press.
@Suite("Pages: reminding and exporting who has not checked in")
struct DashboardActionsTests {
    typealias P = CheckInPagesTests

    static func reminders(_ h: AppHarness, _ student: String) async throws -> [[String: Any]] {
        let token = try await h.tokenFor(student)
        let items = try await h.get("/api/v1/notifications", token: token).json()["items"] as? [[String: Any]] ?? []
        return items.filter { ($0["kind"] as? String) == "checkin_reminder" }
    }

    @Test("A counsellor reminds every missing student of her classes in one press, nobody else; a room leader may not; each press is audited",
          arguments: TestEngine.available)
    func remindAll(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let done = try await h.tokenFor("2021000001")
            #expect(try await h.post("/api/v1/checkins", token: done, body: CheckInsTests.body("2021000001")).status == .created)
            let (counsellor, csrf) = try await P.signIn(h, "T001")
            let dashboard = try await PagesTests.page(h, "/dashboard", cookie: counsellor)
            let zh = try StringCatalogTests.catalog("zh-CN")
            #expect(dashboard.text.contains(zh["dashboard_remind"]!) && dashboard.text.contains(zh["dashboard_export_missing"]!))
            #expect(dashboard.text.contains(##"<a href="#missing">"##) && dashboard.text.contains(#"id="missing""#), "the missing tile leads to the list")
            #expect(try await PagesTests.page(h, "/cases?status=open&source=checkin", cookie: counsellor).status == .ok, "the abnormal tile's link opens")

            let pressed = try await P.post(h, "/dashboard/remind", cookie: counsellor, form: "_csrf=\(csrf)")
            #expect(pressed.status == .seeOther)
            let location = try #require(pressed.headers[.location])
            #expect(location.hasPrefix("/dashboard?reminded="))
            let after = try await PagesTests.page(h, location, cookie: counsellor)
            let count = try #require(Int(location.split(separator: "=").last ?? ""))
            #expect(after.text.contains(zh["dashboard_reminded"]!.replacingOccurrences(of: "{n}", with: String(count))))

            #expect(try await Self.reminders(h, "2021000002").count == 1, "a missing student of her classes is reminded")
            #expect(try await Self.reminders(h, "2021000003").count == 1)
            #expect(try await Self.reminders(h, "2021000001").isEmpty, "a student who checked in is not")
            #expect(try await Self.reminders(h, "2021000005").isEmpty, "another counsellor's student is not")
            let audited = try await h.app.audit.search(.init(action: "checkin.remind"), by: h.app.systemActor, at: Date())
            #expect(audited.count == 1 && audited.first?.entry.detail.hasPrefix("\(count) ") == true)

            // A second press within the quarter hour reminds nobody again and says why.
            let again = try await P.post(h, "/dashboard/remind", cookie: counsellor, form: "_csrf=\(csrf)")
            #expect(again.headers[.location] == "/dashboard?reminded=wait")
            #expect(try await PagesTests.page(h, "/dashboard?reminded=wait", cookie: counsellor).text.contains(zh["dashboard_remind_wait"]!))
            #expect(try await Self.reminders(h, "2021000002").count == 1, "not reminded twice")

            let (roomLeader, leaderCSRF) = try await P.signIn(h, "2021000001")
            let refused = try await P.post(h, "/dashboard/remind", cookie: roomLeader, form: "_csrf=\(leaderCSRF)")
            #expect(refused.status == .forbidden && refused.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(try await h.app.audit.search(.init(action: "checkin.remind"), by: h.app.systemActor, at: Date()).count == 1)
        }
    }

    @Test("The missing list exports to Excel and CSV with the catalog's headers, only the reader's students, audited once a download")
    func export() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let (counsellor, _) = try await P.signIn(h, "T001")
            let xlsx = try await PagesTests.page(h, "/dashboard/missing.xlsx", cookie: counsellor)
            #expect(xlsx.status == .ok)
            #expect(xlsx.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(xlsx.headers[.contentDisposition]?.contains("filename*=UTF-8''") == true)
            let csv = try await PagesTests.page(h, "/dashboard/missing.xlsx?format=csv", cookie: counsellor)
            let text = csv.text
            #expect(text.contains("学号,姓名,班级") && text.contains("2021000002") && !text.contains("2021000005"))
            #expect(try await h.app.audit.search(.init(action: "checkin.missing.export"), by: h.app.systemActor, at: Date()).count == 2)
            let (roomLeader, _) = try await P.signIn(h, "2021000001")
            #expect(try await PagesTests.page(h, "/dashboard/missing.xlsx", cookie: roomLeader).status == .forbidden)
        }
    }
}
