import App
import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// Reminders before the cutoff, escalation after it, overdue reports after the deadline; each slot once.
@Suite("Scheduled reminders and escalation")
struct JobsTests {
    static func inbox(_ h: AppHarness, _ username: String) async throws -> [[String: Any]] {
        let token = try await h.tokenFor(username, password: "pw-\(username)-1")
        return try await h.get("/api/v1/notifications", token: token).json()["items"] as? [[String: Any]] ?? []
    }

    /// The slots the check-in and report jobs ran on this tick (the daily retention purge, which also runs after
    /// 03:00, has tests of its own).
    static func checkInJobs(_ h: AppHarness) async throws -> [String] {
        try await h.app.runDueJobs().filter { !$0.hasPrefix("retention.") }
    }

    @Test("Before the cutoff the missing students and their room leaders are reminded, once however many servers tick", arguments: TestEngine.available)
    func reminders(engine: TestEngine) async throws {
        let clock = FixedClock(CheckInsTests.morning)   // 08:30, after the 08:00 reminder
        try await AppHarness.run(engine, clock: clock) { h in
            try await h.importFixtureCollege()
            _ = try await h.post("/api/v1/checkins", token: try await h.tokenFor("2021000005"), body: CheckInsTests.body("2021000005"))
            let ran = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<6 { group.addTask { try await Self.checkInJobs(h) } }
                var all: [String] = []
                for try await slots in group { all += slots }
                return all
            }
            #expect(ran == ["checkin.reminder 2026-11-27 08:00"], "six ticks at once ran the slot once")
            #expect(try await Self.checkInJobs(h).isEmpty)
            let missing = try await Self.inbox(h, "2021000002")
            #expect(missing.count == 1)
            #expect(missing.first?["subject"] as? String == "今日尚未健康打卡，请在 10:00 前完成")
            #expect(try await Self.inbox(h, "2021000005").isEmpty, "a student who checked in is not reminded")
            let roomLeader = try await Self.inbox(h, "2021000001")
            #expect(roomLeader.map { $0["subject"] as? String }.contains("本寝室 1 人尚未打卡"))
            #expect(roomLeader.contains { ($0["body"] as? String)?.hasPrefix("甲二") == true })
            clock.advance(by: 3600)   // 09:30: the second reminder
            #expect(try await Self.checkInJobs(h) == ["checkin.reminder 2026-11-27 09:30"])
        }
    }

    @Test("After the cutoff the floor leader, building leader and counsellor get who is still missing; after the deadline the overdue units are told", arguments: TestEngine.available)
    func escalation(engine: TestEngine) async throws {
        let clock = FixedClock(CheckInsTests.morning.addingTimeInterval(2 * 3600))   // 10:30
        try await AppHarness.run(engine, clock: clock) { h in
            try await h.importFixtureCollege()
            _ = try await h.post("/api/v1/checkins", token: try await h.tokenFor("2021000001"), body: CheckInsTests.body("2021000001"))
            #expect(try await Self.checkInJobs(h) == ["checkin.escalation 2026-11-27"], "no reminder after the cutoff")
            let counsellor = try await Self.inbox(h, "T001")
            #expect(counsellor.first?["subject"] as? String == "已过打卡截止时间，仍有 2 人未打卡")
            #expect((counsellor.first?["body"] as? String)?.contains("甲二（1号楼 101）") == true)
            #expect(try await Self.inbox(h, "T003").first?["subject"] as? String == "已过打卡截止时间，仍有 2 人未打卡")
            #expect(try await Self.inbox(h, "2021000003").first?["body"] as? String == "乙一（1号楼 201）", "the floor leader hears of his floor only")
            #expect(try await Self.inbox(h, "T002").first?["subject"] as? String == "已过打卡截止时间，仍有 2 人未打卡")
            clock.advance(by: 8 * 3600)   // 18:30
            #expect(try await Self.checkInJobs(h) == ["report.overdue 2026-11-27"])
            let secretary = try await Self.inbox(h, "T004")
            #expect(secretary.first?["subject"] as? String == "机电工程学院 2026-11-27 日报逾期未报")
            #expect(try await Self.inbox(h, "T003").contains { $0["subject"] as? String == "1号楼 2026-11-27 日报逾期未报" })
            #expect(try await Self.checkInJobs(h).isEmpty)
        }
    }
}
