import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Tabular
import Testing

/// The ledger pages in Chinese: the index, key students (filters, the flag form with errors in Chinese next to their
/// fields, one student's history with the change and clear forms, exports) and the on-campus ledger with its export.
@Suite("Ledger pages")
struct LedgerPageTests {
    typealias P = CheckInPagesTests

    /// Keys and English words in the visible text of a Chinese page.
    static func strangers(_ html: String) -> [String] { PageWordsTests.strangers(PageWordsTests.visibleText(html)) }

    @Test("Key students through the pages: a refused flag says why in Chinese next to its field and stores nothing; flag, change, clear; the history names who, when, before and after; exports open; another counsellor gets 404",
          arguments: TestEngine.available)
    func keyStudents(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            let (cookie, csrf) = try await P.signIn(h, "T001")
            let index = try await PagesTests.page(h, "/ledgers", cookie: cookie)
            #expect(index.status == .ok)
            for link in ["/ledgers/on-campus", "/quarantine/ledger", "/sick-leaves", "/ledgers/key-students"] {
                #expect(index.text.contains(#"href="\#(link)""#), "the index links \(link)")
            }
            #expect(Self.strangers(index.text).isEmpty, "\(Self.strangers(index.text))")

            let empty = try await PagesTests.page(h, "/ledgers/key-students", cookie: cookie)
            #expect(empty.status == .ok && empty.text.contains("当前筛选下没有重点学生"))
            #expect(Self.strangers(empty.text).isEmpty, "\(Self.strangers(empty.text))")

            let bad = try await P.post(h, "/ledgers/key-students", cookie: cookie, form: "_csrf=\(csrf)&studentNo=2021000002&category=psychological&reason=")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("请填写原因"), "the reason's error, in Chinese")
            #expect(!bad.text.contains("is required"), "no English tail on a Chinese page")
            #expect(bad.text.contains(#"value="2021000002""#) && bad.text.contains(#"<option value="psychological" selected>"#), "what was typed is kept")
            #expect(try await h.keyStudents(token: admin).isEmpty, "nothing stored")

            let flagged = try await P.post(h, "/ledgers/key-students", cookie: cookie,
                                           form: "_csrf=\(csrf)&studentNo=2021000002&category=psychological&reason=%E6%83%85%E7%BB%AA%E4%BD%8E%E8%90%BD")
            #expect(flagged.status == .seeOther && flagged.headers[.location] == "/ledgers/key-students/2021000002")
            let list = try await PagesTests.page(h, "/ledgers/key-students?class=%E4%BF%A1%E6%81%AF2101&date=2026-11-27", cookie: cookie).text
            #expect(list.contains("甲二") && list.contains("心理关注") && list.contains("情绪低落") && list.contains("王老师"))
            #expect(list.contains(#"href="/ledgers/key-students/2021000002""#))
            #expect(Self.strangers(list).isEmpty, "\(Self.strangers(list))")
            #expect(!(try await PagesTests.page(h, "/ledgers/key-students?building=6%E5%8F%B7%E6%A5%BC", cookie: cookie).text.contains("甲二")))

            let noChange = try await P.post(h, "/ledgers/key-students/2021000002", cookie: cookie, form: "_csrf=\(csrf)&category=sad&reason=x")
            #expect(noChange.status == .unprocessableContent && noChange.text.contains("请从列表中选择类别"))
            #expect(try await P.post(h, "/ledgers/key-students/2021000002", cookie: cookie,
                                     form: "_csrf=\(csrf)&category=family&reason=%E5%AE%B6%E5%BA%AD%E5%9B%B0%E9%9A%BE").status == .seeOther)
            let noReason = try await P.post(h, "/ledgers/key-students/2021000002/clear", cookie: cookie, form: "_csrf=\(csrf)&clearReason=")
            #expect(noReason.status == .unprocessableContent && noReason.text.contains("请填写原因"))
            #expect(try await h.keyStudents(token: admin) == ["2021000002"], "the refused clear changed nothing")
            #expect(try await P.post(h, "/ledgers/key-students/2021000002/clear", cookie: cookie,
                                     form: "_csrf=\(csrf)&clearReason=%E5%B7%B2%E5%A5%BD%E8%BD%AC").status == .seeOther)
            let history = try await PagesTests.page(h, "/ledgers/key-students/2021000002", cookie: cookie).text
            #expect(history.contains("该学生目前不是重点学生"))
            for words in ["标记", "修改", "取消", "心理关注：情绪低落", "家庭困难：家庭困难", "已好转", "王老师", "11月27日 08:30"] {
                #expect(history.contains(words), "the history shows \(words)")
            }
            #expect(Self.strangers(history).isEmpty, "\(Self.strangers(history))")

            #expect(try await P.post(h, "/ledgers/key-students", cookie: cookie, form: "_csrf=\(csrf)&studentNo=2021000003&reason=%E5%85%B3%E6%B3%A8").status == .seeOther)
            let csv = try await PagesTests.page(h, "/ledgers/export/key-students?format=csv", cookie: cookie)
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(Array(Data(buffer: csv.body).prefix(3)) == [0xEF, 0xBB, 0xBF], "CSV starts with the byte-order mark")
            let csvRows = try TableReader.rows(from: Data(buffer: csv.body), as: .csv)
            #expect(csvRows.first?.first == "学号" && csvRows.dropFirst().map(\.first) == ["2021000003"])
            let xlsx = try await PagesTests.page(h, "/ledgers/export/key-students?date=2026-11-27", cookie: cookie)
            #expect(xlsx.headers[.contentType]?.contains("spreadsheetml") == true)
            #expect(Array(Data(buffer: xlsx.body).prefix(2)) == [0x50, 0x4B], "an XLSX is a zip")
            let rows = try TableReader.rows(from: Data(buffer: xlsx.body), as: .xlsx)
            #expect(rows.dropFirst().compactMap(\.first) == ["2021000002", "2021000003"], "flagged at some moment of the 27th: \(rows)")
            #expect(rows.dropFirst().first?.contains("家庭困难") == true)

            let (other, otherCSRF) = try await P.signIn(h, "T002")
            #expect(try await PagesTests.page(h, "/ledgers/key-students/2021000003", cookie: other).status == .notFound)
            #expect(!(try await PagesTests.page(h, "/ledgers/key-students", cookie: other).text.contains("乙一")))
            #expect(try await P.post(h, "/ledgers/key-students/2021000003/clear", cookie: other, form: "_csrf=\(otherCSRF)&clearReason=x").status == .notFound)
            #expect(try await h.keyStudents(token: admin) == ["2021000003"])
            let (student, _) = try await P.signIn(h, "2021000001")
            #expect(try await PagesTests.page(h, "/ledgers/key-students", cookie: student).status == .forbidden)
        }
    }

    @Test("The on-campus page in Chinese: statuses in words, the last gate by name, the filters; its export opens; a student is refused",
          arguments: TestEngine.available)
    func onCampus(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            _ = try await h.importQuarantineCollege()
            let gate = try await h.setUpGates()
            #expect(try await h.sendEvents(OnCampusLedgerTests.events, token: gate).status == .ok)
            let (cookie, _) = try await P.signIn(h, "T001")
            let today = try await PagesTests.page(h, "/ledgers/on-campus", cookie: cookie)
            #expect(today.status == .ok)
            #expect(today.text.contains("乙一") && today.text.contains("离校") && today.text.contains("南门") && today.text.contains("在校"))
            #expect(!today.text.contains("丙一"), "another counsellor's students are not listed")
            #expect(today.text.contains(#"href="/students/2021000003/trajectory?date=2026-11-27""#), "the day's trajectory is one click away")
            #expect(Self.strangers(today.text).isEmpty, "\(Self.strangers(today.text))")
            let yesterday = try await PagesTests.page(h, "/ledgers/on-campus?date=2026-11-26&status=off", cookie: cookie).text
            #expect(yesterday.contains("甲二") && !yesterday.contains("乙一") && yesterday.contains("11月26日"))
            let later = try await PagesTests.page(h, "/ledgers/on-campus?date=2026-12-30", cookie: cookie)
            #expect(later.status == .ok && later.text.contains("日期不能晚于今天"))

            let csv = try await PagesTests.page(h, "/ledgers/export/on-campus?format=csv&date=2026-11-26", cookie: cookie)
            #expect(Array(Data(buffer: csv.body).prefix(3)) == [0xEF, 0xBB, 0xBF])
            let rows = try TableReader.rows(from: Data(buffer: csv.body), as: .csv)
            #expect(rows.first?.first == "学号")
            #expect(rows.first { $0.first == "2021000002" }?.contains("离校") == true, "\(rows)")
            let xlsx = try await PagesTests.page(h, "/ledgers/export/on-campus?status=off", cookie: cookie)
            #expect(try TableReader.rows(from: Data(buffer: xlsx.body), as: .xlsx).dropFirst().compactMap(\.first) == ["2021000003"])

            let (student, _) = try await P.signIn(h, "2021000001")
            #expect(try await PagesTests.page(h, "/ledgers/on-campus", cookie: student).status == .forbidden)
            #expect(try await PagesTests.page(h, "/ledgers", cookie: student).status == .forbidden)
        }
    }
}
