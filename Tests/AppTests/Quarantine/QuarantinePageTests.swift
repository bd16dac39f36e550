import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// The quarantine pages: the room grid and placement form, a placement's page with its criteria in words, the
/// student's phone page and record form, release with a second approver, the ledger and its export, scope.
@Suite("Quarantine: pages")
struct QuarantinePageTests {
    typealias P = CheckInPagesTests
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai

    @Test("Office and student through the pages: place by form (a wrong number is said in Chinese, nothing stored), the grid counts the room, the student records on the phone, criteria are worded, the ledger exports; a counsellor outside scope gets 404",
          arguments: TestEngine.available)
    func throughThePages(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            try await h.createSite(token: admin)
            let (cookie, csrf) = try await P.signIn(h, "admin")
            let empty = try await PagesTests.page(h, "/quarantine", cookie: cookie)
            #expect(empty.status == .ok)
            #expect(empty.text.contains("隔离点Q1"))
            let wrong = try await P.post(h, "/quarantine/placements", cookie: cookie, form: "_csrf=\(csrf)&studentNo=2099999999&reason=close_contact&site=Q1&room=")
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("没有学号为 2099999999 的学生"), "\(wrong.text.prefix(300))")
            #expect(!wrong.text.contains("no such student"), "Chinese only on a Chinese page")
            #expect(try await h.ledger(token: admin).isEmpty)

            let placed = try await P.post(h, "/quarantine/placements", cookie: cookie, form: "_csrf=\(csrf)&studentNo=2021000001&reason=close_contact&site=Q1&room=")
            #expect(placed.status == .seeOther)
            let location = try #require(placed.headers[.location])
            #expect(location.hasPrefix("/quarantine/placements/"))
            let grid = try await PagesTests.page(h, "/quarantine", cookie: cookie).text
            #expect(grid.contains("房间 A101</span><strong>1</strong>"), "the grid counts the room")
            let detail = try await PagesTests.page(h, location, cookie: cookie).text
            #expect(detail.contains("隔离天数未满") && detail.contains("缺少检测日的阴性结果"), "unmet criteria in words")
            #expect(detail.contains("第 1 天 / 共 7 天"))

            let (student, studentCSRF) = try await P.signIn(h, "2021000001")
            let mine = try await PagesTests.page(h, "/quarantine/mine", cookie: student)
            #expect(mine.headers[.location] == String(location.prefix { $0 != "?" }))
            let id = String(location.dropFirst("/quarantine/placements/".count).prefix { $0 != "?" })
            let bad = try await P.post(h, "/quarantine/placements/\(id)/records", cookie: student, form: "_csrf=\(studentCSRF)&temperature=3x")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("体温应在 34.0 到 43.0 之间"))
            let ok = try await P.post(h, "/quarantine/placements/\(id)/records", cookie: student,
                                      form: "_csrf=\(studentCSRF)&temperature=36.6&symptoms%5B%5D=cough")
            #expect(ok.status == .seeOther)
            let after = try await PagesTests.page(h, "/quarantine/placements/\(id)", cookie: student).text
            #expect(after.contains("36.6℃") && after.contains("咳嗽"))
            #expect(after.contains("24 小时内有异常健康记录"), "a cough is abnormal")
            #expect(!after.contains("/release"), "a student has no release form")

            let asked = try await P.post(h, "/quarantine/placements/\(id)/release", cookie: cookie, form: "_csrf=\(csrf)&early=1&reason=%E5%AE%B6%E9%95%BF%E6%8E%A5%E5%9B%9E")
            #expect(asked.status == .seeOther)
            let again = try await P.post(h, "/quarantine/placements/\(id)/release", cookie: cookie, form: "_csrf=\(csrf)&early=1&reason=ok")
            #expect(again.status == .unprocessableContent)
            #expect(again.text.contains("提前解除须由另一人"))

            let csv = try await PagesTests.page(h, "/quarantine/ledger/export?format=csv&status=active", cookie: cookie)
            #expect(csv.status == .ok)
            #expect(csv.text.contains("甲一") && csv.text.contains("密切接触者"), "\(csv.text.prefix(300))")
            let xlsx = try await PagesTests.page(h, "/quarantine/ledger/export?status=active", cookie: cookie)
            #expect(xlsx.headers[.contentType]?.contains("spreadsheetml") == true)
            let ledger = try await PagesTests.page(h, "/quarantine/ledger?status=active", cookie: cookie).text
            #expect(ledger.contains("甲一") && ledger.contains("提前解除待批准"))

            let (other, _) = try await P.signIn(h, "T002")
            #expect(try await PagesTests.page(h, "/quarantine/placements/\(id)", cookie: other).status == .notFound)
            #expect(!(try await PagesTests.page(h, "/quarantine/ledger", cookie: other).text.contains("甲一")))
            let (counsellor, counsellorCSRF) = try await P.signIn(h, "T001")
            #expect(try await P.post(h, "/quarantine/placements", cookie: counsellor,
                                     form: "_csrf=\(counsellorCSRF)&studentNo=2021000002&reason=other&site=Q1").status == .forbidden)
        }
    }
}
