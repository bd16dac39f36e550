import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Tabular
import Testing

/// The sick-leave ledger (C5): the list filtered by unit and by a day the student was on leave, exported, and each
/// sick leave's history (created, follow-ups, closed) on its page.
@Suite("Sick-leave ledger: filters, export, history")
struct SickLeaveLedgerTests {
    typealias P = CheckInPagesTests

    @Test("Filters by building, class and a day on leave (begun by it, not ended before it); the page exports them and shows each change with who and when",
          arguments: TestEngine.available)
    func ledger(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            let counsellor = try await h.tokenFor("T001")
            let today = try await h.sickLeave(token: counsellor)   // 2021000002, from the 27th
            let earlier = try await h.sickLeave(#"{"studentNo":"2021000005","symptoms":"咳嗽","onset":"2026-11-24","from":"2026-11-25","to":"2026-11-26"}"#,
                                                token: admin)
            #expect(try await h.sickLeaveIds("?building=6%E5%8F%B7%E6%A5%BC", token: admin) == [earlier])
            #expect(try await h.sickLeaveIds("?class=%E4%BF%A1%E6%81%AF2101", token: admin) == [today])
            #expect(try await h.sickLeaveIds("?floor=1%E5%8F%B7%E6%A5%BC%2F1", token: admin) == [today])
            #expect(try await h.sickLeaveIds("?date=2026-11-26", token: admin) == [earlier])
            #expect(try await h.sickLeaveIds("?date=2026-11-27", token: admin) == [today])
            #expect(try await h.sickLeaveIds("?date=2026-11-24", token: admin).isEmpty, "not yet on leave")
            #expect(try await h.followUp(today, token: counsellor).status == .created)
            #expect(try await h.closeSickLeave(today, token: counsellor).status == .ok)
            #expect(try await h.sickLeaveIds("?date=2026-11-27", token: admin) == [today], "closed today: still on leave at some moment of today")
            let bad = try await h.get("/api/v1/sick-leaves?date=tomorrow", token: admin)
            #expect(try bad.status == .unprocessableContent && bad.problemFields() == ["date"])

            let (cookie, _) = try await P.signIn(h, "admin")
            let list = try await PagesTests.page(h, "/sick-leaves?date=2026-11-26", cookie: cookie)
            #expect(list.status == .ok && list.text.contains("丙一") && !list.text.contains("甲二"))
            #expect(LedgerPageTests.strangers(list.text).isEmpty, "\(LedgerPageTests.strangers(list.text))")
            let csv = try await PagesTests.page(h, "/ledgers/export/sick-leaves?format=csv&building=1%E5%8F%B7%E6%A5%BC", cookie: cookie)
            #expect(Array(Data(buffer: csv.body).prefix(3)) == [0xEF, 0xBB, 0xBF])
            let rows = try TableReader.rows(from: Data(buffer: csv.body), as: .csv)
            #expect(rows.first?.first == "学号" && rows.dropFirst().map(\.first) == ["2021000002"])
            #expect(rows.dropFirst().first?.contains("病毒性感冒") == true)
            let xlsx = try await PagesTests.page(h, "/ledgers/export/sick-leaves", cookie: cookie)
            #expect(Set(try TableReader.rows(from: Data(buffer: xlsx.body), as: .xlsx).dropFirst().compactMap(\.first)) == ["2021000002", "2021000005"])

            let detail = try await PagesTests.page(h, "/sick-leaves/\(today)", cookie: cookie).text
            for words in ["变更记录", "登记", "随访", "结束", "病假中", "已结束", "王老师", "体温 37.8，已服药", "病毒性感冒"] {
                #expect(detail.contains(words), "the history shows \(words)")
            }
            #expect(LedgerPageTests.strangers(detail).isEmpty, "\(LedgerPageTests.strangers(detail))")
        }
    }
}
