import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Tabular
import Testing

/// Desensitised exports (issue 19, PIPL: 脱敏导出 for tables that leave the school): `?desensitised=1` on any page
/// export masks student numbers and students' names, says so in the file name, and is audited as such.
@Suite("Exports: desensitised for reports that leave the school")
struct DesensitisedExportTests {
    typealias P = CheckInPagesTests

    @Test("The quarantine ledger exported desensitised shows 2021****01 and 甲* instead of the number and the name, in CSV and XLSX; the plain export still shows them; the audit trail says which",
          arguments: TestEngine.available)
    func quarantineLedger(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            try await h.createSite(token: admin)
            _ = try await h.placed("2021000001", token: admin)
            let (cookie, _) = try await P.signIn(h, "admin")

            let ledger = try await PagesTests.page(h, "/quarantine/ledger", cookie: cookie).text
            #expect(ledger.contains("desensitised=1") && ledger.contains("脱敏导出"), "the ledger offers the desensitised export")

            let plain = try await PagesTests.page(h, "/quarantine/ledger/export?format=csv", cookie: cookie)
            #expect(plain.text.contains("2021000001") && plain.text.contains("甲一"))
            let masked = try await PagesTests.page(h, "/quarantine/ledger/export?format=csv&desensitised=1", cookie: cookie)
            #expect(masked.status == .ok)
            #expect(!masked.text.contains("2021000001") && !masked.text.contains("甲一"), "\(masked.text.prefix(300))")
            #expect(masked.text.contains("2021****01") && masked.text.contains("甲*"))
            #expect(masked.text.contains("隔离点") || masked.text.contains("Q1"), "the rest of the row stays")
            let disposition = masked.headers[.contentDisposition] ?? ""
            #expect(disposition.contains("desensitised") && disposition.contains("%E8%84%B1%E6%95%8F"), "\(disposition)")

            let xlsx = try await PagesTests.page(h, "/quarantine/ledger/export?desensitised=1", cookie: cookie)
            #expect(xlsx.headers[.contentType]?.contains("spreadsheetml") == true)
            let cells = try XLSXReader.rows(from: Data(buffer: xlsx.body)).flatMap { $0 }
            #expect(cells.contains("2021****01") && cells.contains("甲*") && !cells.contains("2021000001") && !cells.contains("甲一"))

            let audit = try await h.get("/api/v1/audit?action=quarantine.ledger.export", token: admin).json().objects("items")
            let details = audit.compactMap { $0["detail"] as? String }
            #expect(details.count == 3)
            #expect(details.filter { $0.contains("desensitised") }.count == 2, "\(details)")
        }
    }
}
