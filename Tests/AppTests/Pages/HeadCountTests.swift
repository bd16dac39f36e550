import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// One definition of a head count: the enrolled students in the reader's scope, the same number on every page.
@Suite("Head counts agree across pages")
struct HeadCountTests {
    typealias P = CheckInPagesTests

    /// The numbers a page marks as the enrolled head count.
    static func headCounts(_ html: String) -> [Int] {
        html.components(separatedBy: #"data-headcount="enrolled">"#).dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
    }

    @Test("The grid, the dashboard, the gates page, the daily report and (for the administrator) the overview show the same enrolled count for a counsellor, a building leader and the administrator; a suspended student is not in it",
          arguments: ["T001", "T003", "admin"])
    func agree(username: String) async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let (cookie, _) = try await P.signIn(h, username)
            var seen: [String: [Int]] = [:]
            // Counsellors do not read the daily report; the others read it too. Only the administrator reads the overview.
            for path in ["/grid", "/dashboard", "/access"] + (username == "T001" ? [] : ["/reports/daily"]) + (username == "admin" ? ["/overview"] : []) {
                let page = try await PagesTests.page(h, path, cookie: cookie)
                #expect(page.status == .ok)
                seen[path] = Self.headCounts(page.text)
            }
            let all = seen.values.flatMap { $0 }
            #expect(seen.values.allSatisfy { !$0.isEmpty }, "each page shows the count: \(seen)")
            #expect(Set(all).count == 1, "\(username) reads one head count everywhere: \(seen)")
            if username == "T001" { #expect(all.first == 3, "信息2101 and 信息2102 without 乙二, who is suspended") }
        }
    }
}
