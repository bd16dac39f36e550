import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

@Suite("API: GET /api/v1/overview")
struct OverviewAPITests {
    /// The whole numbers under `keys` of a JSON object, -1 for a missing one.
    static func ints(_ object: [String: Any], _ keys: [String]) -> [Int] { keys.map { object[$0] as? Int ?? -1 } }

    @Test("Without data the overview is zeros over 14 days, 0 % of five; a date that is not YYYY-MM-DD or is after today is a problem naming date")
    func dates() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let admin = try await h.adminToken()
            let today = try await h.get("/api/v1/overview", token: admin)
            #expect(today.status == .ok)
            let json = try today.json()
            #expect(Self.ints(json, ["expected", "reported", "percent", "abnormal", "openCases"]) == [5, 0, 0, 0, 0])
            #expect(json["testing"] == nil, "no campaign yet: the field is absent")
            let trend = json["trend"] as? [[String: Any]] ?? []
            #expect(trend.map { $0["date"] as? String ?? "" } == (0..<14).map { CampusDay("2026-11-14")!.adding(days: $0).description })
            #expect(trend.allSatisfy { Self.ints($0, ["expected", "reported", "percent", "samples"]) == [5, 0, 0, 0] })
            #expect((json["colleges"] as? [[String: Any]])?.map { $0["unit"] as? String ?? "" } == ["信息工程学院", "机电工程学院"],
                    "0 of 3 and 0 of 2: the most missing first")
            for bad in ["2026-13-01", "yesterday", "2026-11-28"] {
                let r = try await h.get("/api/v1/overview?date=\(bad)", token: admin)
                #expect(r.status == .unprocessableContent, "\(bad): \(r.status)")
                #expect(try r.problemErrors().compactMap { $0["field"] as? String } == ["date"], "\(bad)")
            }
            #expect(try await h.get("/api/v1/overview?date=2026-11-20", token: admin).json()["date"] as? String == "2026-11-20")
        }
    }
}
