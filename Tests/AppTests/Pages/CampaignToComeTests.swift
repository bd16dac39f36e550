import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

@Suite("Pages: a campaign before its day")
struct CampaignToComeTests {
    typealias P = CheckInPagesTests

    @Test("Tomorrow's campaign lists its students as 待检, not 未检; today's campaign calls the same students 未检")
    func toCome() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let admin = try await h.adminToken()
            let tomorrow = try await h.createCampaign(#"{"name":"明日全员","date":"2026-11-28","kind":"full","poolSize":10}"#, token: admin)
            let today = try await h.fullCampaign(token: admin)
            let (cookie, _) = try await P.signIn(h, "admin")
            let zh = try StringCatalogTests.catalog("zh-CN")
            let ahead = try await PagesTests.page(h, "/testing/\(try #require(tomorrow["id"] as? String))", cookie: cookie).text
            #expect(ahead.contains(zh["testing_to_come"]!) && ahead.contains(zh["testing_to_come_list"]!))
            #expect(!ahead.contains(">\(zh["testing_missing"]!)<") && !ahead.contains(zh["testing_missing_list"]!))
            let due = try await PagesTests.page(h, "/testing/\(today)", cookie: cookie).text
            #expect(due.contains(">\(zh["testing_missing"]!)<") && due.contains(zh["testing_missing_list"]!))
        }
    }
}
