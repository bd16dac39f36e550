import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// The quarantine ledger filtered by grid and teaching unit, like the other ledgers (C5): in the API, on the page and in
/// its export, always within the reader's scope.
@Suite("Quarantine: the ledger by grid unit")
struct QuarantineLedgerUnitTests {
    @Test("building, floor, class and college each narrow the ledger; two filters narrow both ways; a unit never widens a reader's scope",
          arguments: TestEngine.available)
    func byUnit(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            try await h.createSite(rooms: [("A101", 2), ("A102", 2)], token: admin)
            for student in ["2021000001", "2021000003", "2021000005"] { _ = try await h.placed(student, token: admin) }
            func ledger(_ query: String, token: String? = nil) async throws -> [String] {
                try await h.ledger("?" + query, token: token ?? admin).sorted()
            }
            #expect(try await ledger("building=1%E5%8F%B7%E6%A5%BC") == ["2021000001", "2021000003"])        // 1号楼
            #expect(try await ledger("floor=1%E5%8F%B7%E6%A5%BC/2") == ["2021000003"])                      // 1号楼/2
            #expect(try await ledger("class=%E6%9C%BA%E7%94%B52101") == ["2021000005"])                     // 机电2101
            #expect(try await ledger("college=%E4%BF%A1%E6%81%AF%E5%B7%A5%E7%A8%8B%E5%AD%A6%E9%99%A2") == ["2021000001", "2021000003"])
            #expect(try await ledger("building=1%E5%8F%B7%E6%A5%BC&class=%E6%9C%BA%E7%94%B52101").isEmpty, "both filters hold")
            #expect(try await ledger("floor=nonsense").isEmpty, "an unreadable floor admits nobody")
            let other = try await h.tokenFor("T002")   // 机电2101's counsellor
            #expect(try await ledger("building=1%E5%8F%B7%E6%A5%BC", token: other).isEmpty, "a unit outside the scope shows nothing")
            #expect(try await ledger("", token: other) == ["2021000005"])

            let (cookie, _) = try await CheckInPagesTests.signIn(h, "admin")
            let page = try await PagesTests.page(h, "/quarantine/ledger?building=6%E5%8F%B7%E6%A5%BC", cookie: cookie).text
            #expect(page.contains("2021000005") && !page.contains("2021000001"))
            #expect(page.contains(#"name="floor""#) && page.contains(#"name="class""#), "the shared unit filters")
            let csv = try await PagesTests.page(h, "/quarantine/ledger/export?format=csv&building=6%E5%8F%B7%E6%A5%BC", cookie: cookie).text
            #expect(csv.contains("2021000005") && !csv.contains("2021000003"), "the export keeps the unit filter")
        }
    }
}
