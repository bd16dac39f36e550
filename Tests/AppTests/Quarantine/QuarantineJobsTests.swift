import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// Quarantine's scheduled work: test days become targeted campaigns of pool size 1 per site (each student once a
/// day), and a missing health record at 10:00 reminds the student, at 10:30 the clinic.
@Suite("Quarantine: scheduled tests and record reminders")
struct QuarantineJobsTests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai

    static func quarantineSlots(_ ran: [String]) -> [String] { ran.filter { $0.hasPrefix("quarantine.") } }

    @Test("Today's test day makes one targeted campaign (pool size 1) of the site's students; another tick makes none; a student placed later gets one at the next tick",
          arguments: TestEngine.available)
    func testDays(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            try await h.createSite(rooms: [("R1", 4)], token: admin)
            _ = try await h.placed("2021000001", token: admin)
            _ = try await h.placed("2021000002", reason: "secondary_contact", token: admin)
            #expect(Self.quarantineSlots(try await h.app.runDueJobs()) == ["quarantine.test 2026-11-27 Q1 2"])
            #expect(Self.quarantineSlots(try await h.app.runDueJobs()).isEmpty, "each student once a day")
            let campaigns = try await h.get("/api/v1/testing/campaigns", token: admin).json().objects("items")
            let campaign = try #require(campaigns.first, "\(campaigns)")
            #expect(campaigns.count == 1)
            #expect(campaign["poolSize"] as? Int == 1, "\(campaign)")
            #expect(campaign["kind"] as? String == "targeted")
            let id = try #require(campaign["id"] as? String)
            let missing = Set(try await h.missing(id, token: admin).compactMap { $0["studentNo"] as? String })
            #expect(missing == ["2021000001", "2021000002"])
            _ = try await h.placed("2021000003", reason: "inbound", token: admin)
            #expect(Self.quarantineSlots(try await h.app.runDueJobs()) == ["quarantine.test 2026-11-27 Q1 1"])
        }
    }

    @Test("At 10:00 a student without a record since midnight is reminded (one who recorded is not); at 10:30 the clinic hears who; each once",
          arguments: TestEngine.available)
    func reminders(engine: TestEngine) async throws {
        let clock = FixedClock(Self.morning.addingTimeInterval(-3 * 3600))   // 05:30, before the day's tests are planned
        try await AppHarness.run(engine, clock: clock) { h in
            let admin = try await h.importQuarantineCollege()
            try await h.createSite(rooms: [("R1", 4)], token: admin)
            let a = try await h.placed("2021000001", token: admin)["id"] as! String
            _ = try await h.placed("2021000002", token: admin)
            clock.advance(by: 3 * 3600)   // 08:30
            let student = try await h.tokenFor("2021000001")
            #expect(try await h.post("/api/v1/quarantine/placements/\(a)/health-records", token: student, body: #"{"temperature":36.5}"#).status == .created)
            clock.advance(by: 91 * 60)   // 10:01
            let ran = Self.quarantineSlots(try await h.app.runDueJobs())
            #expect(ran.contains("quarantine.remind 2026-11-27 10:00 1"), "\(ran)")
            #expect(!ran.contains { $0.hasPrefix("quarantine.missing") }, "the clinic hears only half an hour later")
            let other = try await h.tokenFor("2021000002")
            let inbox = try await h.get("/api/v1/notifications", token: other).json().objects("items")
            #expect(inbox.contains { ($0["subject"] as? String)?.contains("隔离健康记录") == true }, "\(inbox)")
            let first = try await h.get("/api/v1/notifications", token: try await h.tokenFor("2021000001")).json().objects("items")
            #expect(!first.contains { ($0["subject"] as? String)?.contains("隔离健康记录") == true }, "who recorded is not reminded")
            clock.advance(by: 30 * 60)   // 10:31
            #expect(Self.quarantineSlots(try await h.app.runDueJobs()) == ["quarantine.missing 2026-11-27 10:00 1"])
            #expect(Self.quarantineSlots(try await h.app.runDueJobs()).isEmpty)
            let clinic = try await h.get("/api/v1/notifications", token: try await h.tokenFor("T005")).json().objects("items")
            #expect(clinic.contains { ($0["body"] as? String)?.contains("甲二") == true }, "\(clinic)")
        }
    }
}
