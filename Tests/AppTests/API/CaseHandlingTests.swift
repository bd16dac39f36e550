import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// Cases as a state machine with a response deadline and escalation (issue 15, C9 异常学生应急处置).
@Suite("Case handling: stages, the response deadline and escalation")
struct CaseHandlingTests {
    /// 2026-11-27 08:30 in Shanghai.
    static let morning = CheckInsTests.morning

    /// Opens a check-in case for `studentNo` with a fever; returns its id.
    static func feverCase(_ h: AppHarness, _ studentNo: String) async throws -> String {
        let student = try await h.tokenFor(studentNo)
        let r = try await h.post("/api/v1/checkins", token: student, body: CheckInsTests.body(studentNo, temperature: "38.4"))
        #expect(r.status == .created)
        let admin = try await h.adminToken()
        let items = try await h.get("/api/v1/cases?studentNo=\(studentNo)&status=open", token: admin).json()["items"] as? [[String: Any]] ?? []
        return try #require(items.first?["id"] as? String)
    }

    static func detail(_ h: AppHarness, _ id: String, token: String) async throws -> (case: [String: Any], kinds: [String]) {
        let d = try await h.get("/api/v1/cases/\(id)", token: token).json()
        let timeline = d["timeline"] as? [[String: Any]] ?? []
        return (d["case"] as? [String: Any] ?? [:], timeline.compactMap { $0["kind"] as? String })
    }

    @Test("A case opens in stage open, due within 30 minutes; steps follow the chain, each on the timeline with who took it; a step off the chain is refused naming stage and changes nothing",
          arguments: TestEngine.available)
    func stagesFollowTheChain(engine: TestEngine) async throws {
        let clock = FixedClock(Self.morning)
        try await AppHarness.run(engine, clock: clock) { h in
            try await h.importFixtureCollege()
            let id = try await Self.feverCase(h, "2021000002")
            let counsellor = try await h.tokenFor("T001")
            var (c, kinds) = try await Self.detail(h, id, token: counsellor)
            #expect(c["stage"] as? String == "open")
            #expect(c["status"] as? String == "open")
            #expect((c["respondBy"] as? String)?.hasPrefix("2026-11-27T01:00:00") == true, "08:30 + 30 minutes, in UTC: \(c)")
            #expect((c["respondedAt"] as? String) == nil)
            #expect(c["overdue"] as? Bool == false)

            // Straight to a result is not a step the chain allows; nothing changes.
            let skip = try await h.post("/api/v1/cases/\(id)/stage", token: counsellor, body: #"{"stage":"cleared"}"#)
            #expect(skip.status == .unprocessableContent)
            #expect(try skip.problemErrors().first?["field"] as? String == "stage")
            let unknown = try await h.post("/api/v1/cases/\(id)/stage", token: counsellor, body: #"{"stage":"vanished"}"#)
            #expect(unknown.status.code / 100 == 4)
            (c, kinds) = try await Self.detail(h, id, token: counsellor)
            #expect(c["stage"] as? String == "open" && (c["respondedAt"] as? String) == nil)
            #expect(!kinds.contains("cleared"))

            clock.advance(by: 600)
            let observed = try await h.post("/api/v1/cases/\(id)/stage", token: counsellor, body: #"{"stage":"observing","note":"宿舍观察"}"#)
            #expect(observed.status == .ok)
            #expect(try observed.json()["stage"] as? String == "observing")
            #expect((try observed.json()["respondedAt"] as? String)?.hasPrefix("2026-11-27T00:40:00") == true, "the first step is the first response")
            for step in ["tested", "quarantined"] {
                clock.advance(by: 60)
                #expect(try await h.post("/api/v1/cases/\(id)/stage", token: counsellor, body: #"{"stage":"\#(step)"}"#).status == .ok)
            }
            // From a result there is no further step, only the close.
            #expect(try await h.post("/api/v1/cases/\(id)/stage", token: counsellor, body: #"{"stage":"observing"}"#).status == .unprocessableContent)
            let detail = try await h.get("/api/v1/cases/\(id)", token: counsellor).json()
            let timeline = detail["timeline"] as? [[String: Any]] ?? []
            let steps = timeline.filter { ["observing", "tested", "quarantined"].contains($0["kind"] as? String ?? "") }
            #expect(steps.map { $0["kind"] as? String } == ["observing", "tested", "quarantined"])
            #expect(steps.allSatisfy { $0["by"] as? String == "T001" })
            #expect(steps.first?["detail"] as? String == "宿舍观察")
            #expect((detail["case"] as? [String: Any])?["respondedAt"] as? String == (try observed.json()["respondedAt"] as? String),
                    "later steps keep the first response's time")

            let closed = try await h.post("/api/v1/cases/\(id)/close", token: counsellor, body: #"{"outcome":"隔离期满解除"}"#)
            #expect(try closed.json()["stage"] as? String == "closed")
            #expect(try await h.post("/api/v1/cases/\(id)/stage", token: counsellor, body: #"{"stage":"observing"}"#).status == .conflict)
            #expect(try await h.get("/api/v1/cases?stage=closed", token: counsellor).studentNumbers() == ["2021000002"])
        }
    }

    @Test("Someone outside the student's scope cannot move a case (404) and it stays where it was; a student cannot (403)", arguments: TestEngine.available)
    func stepsAreScoped(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            try await h.importFixtureCollege()
            let id = try await Self.feverCase(h, "2021000002")
            let other = try await h.tokenFor("T002")
            #expect(try await h.post("/api/v1/cases/\(id)/stage", token: other, body: #"{"stage":"observing"}"#).status == .notFound)
            let student = try await h.tokenFor("2021000002")
            #expect(try await h.post("/api/v1/cases/\(id)/stage", token: student, body: #"{"stage":"observing"}"#).status == .forbidden)
            let (c, kinds) = try await Self.detail(h, id, token: try await h.tokenFor("T001"))
            #expect(c["stage"] as? String == "open" && (c["respondedAt"] as? String) == nil)
            #expect(kinds == ["opened", "notified"])
        }
    }

    @Test("A case nobody answers goes up a level each deadline — the college's secretary, then the school's leaders — once each; an answered case never does",
          arguments: TestEngine.available)
    func unansweredCasesEscalate(engine: TestEngine) async throws {
        let clock = FixedClock(Self.morning)
        try await AppHarness.run(engine, clock: clock) { h in
            _ = try await h.importQuarantineCollege()
            let unanswered = try await Self.feverCase(h, "2021000005")   // 机电工程学院: secretary T004
            let answered = try await Self.feverCase(h, "2021000006")
            let noSecretary = try await Self.feverCase(h, "2021000002")  // 信息工程学院 has no secretary: straight to the leaders
            let counsellor = try await h.tokenFor("T002")
            clock.advance(by: 20 * 60)
            #expect(try await h.post("/api/v1/cases/\(answered)/notes", token: counsellor, body: #"{"note":"已电话联系"}"#).status == .noContent)
            #expect(!(try await h.app.runDueJobs()).contains { $0.hasPrefix("case.escalate") }, "nothing is due before the deadline")

            clock.advance(by: 11 * 60)                                     // 09:01: past the 09:00 deadline
            #expect(try await h.app.runDueJobs().contains("case.escalate 2"))
            #expect(try await h.app.runDueJobs().allSatisfy { !$0.hasPrefix("case.escalate") }, "each step is taken once")
            let secretary = try await h.tokenFor("T004"), leader = try await h.tokenFor("T006")
            var (c, kinds) = try await Self.detail(h, unanswered, token: secretary)
            #expect(c["escalationLevel"] as? Int == 1 && c["overdue"] as? Bool == true, "still unanswered: \(c)")
            #expect((c["respondBy"] as? String)?.hasPrefix("2026-11-27T01:31:00") == true, "the secretary has as long again from 09:01: \(c)")
            #expect(kinds.last == "escalated")
            let told = try await h.get("/api/v1/notifications", token: secretary).json()["items"] as? [[String: Any]] ?? []
            #expect(told.contains { ($0["subject"] as? String)?.contains("超时未响应") == true && ($0["link"] as? String) == "/cases/\(unanswered)" })
            (c, _) = try await Self.detail(h, noSecretary, token: leader)
            #expect(c["escalationLevel"] as? Int == 2, "a level with nobody on it is passed over")
            (c, kinds) = try await Self.detail(h, answered, token: counsellor)
            #expect(c["escalationLevel"] as? Int == 0 && !kinds.contains("escalated"))

            clock.advance(by: 31 * 60)
            #expect(try await h.app.runDueJobs().contains("case.escalate 1"))
            (c, _) = try await Self.detail(h, unanswered, token: leader)
            #expect(c["escalationLevel"] as? Int == 2)
            let leaderInbox = try await h.get("/api/v1/notifications", token: leader).json()["items"] as? [[String: Any]] ?? []
            #expect(leaderInbox.filter { ($0["subject"] as? String)?.contains("超时未响应") == true }.count == 2)
            clock.advance(by: 31 * 60)
            #expect(try await h.app.runDueJobs().allSatisfy { !$0.hasPrefix("case.escalate") }, "past the leaders nobody further is told")
        }
    }

    @Test("The response time is the school's: leaders change it, a counsellor cannot, 0 is refused naming responseMinutes and nothing changes; new cases use it",
          arguments: TestEngine.available)
    func responseTimeIsConfigurable(engine: TestEngine) async throws {
        let clock = FixedClock(Self.morning)
        try await AppHarness.run(engine, clock: clock) { h in
            let admin = try await h.importQuarantineCollege()
            let leader = try await h.tokenFor("T006"), counsellor = try await h.tokenFor("T001")
            #expect(try await h.get("/api/v1/case-policy", token: counsellor).json()["responseMinutes"] as? Int == 30)
            #expect(try await h.put("/api/v1/case-policy", token: counsellor, body: #"{"responseMinutes":60}"#).status == .forbidden)
            let refused = try await h.put("/api/v1/case-policy", token: leader, body: #"{"responseMinutes":0}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.problemErrors().first?["field"] as? String == "responseMinutes")
            #expect(try await h.get("/api/v1/case-policy", token: admin).json()["responseMinutes"] as? Int == 30)
            #expect(try await h.put("/api/v1/case-policy", token: leader, body: #"{"responseMinutes":45}"#).status == .ok)
            let id = try await Self.feverCase(h, "2021000001")
            let (c, _) = try await Self.detail(h, id, token: counsellor)
            #expect((c["respondBy"] as? String)?.hasPrefix("2026-11-27T01:15:00") == true, "08:30 + 45 minutes: \(c)")
            let audit = try await h.get("/api/v1/audit?action=case.policy", token: admin).json()["items"] as? [[String: Any]] ?? []
            #expect(audit.count == 1)
        }
    }

    @Test("A case a member of staff reports is answered as it opens and is never escalated", arguments: TestEngine.available)
    func staffReportsAreAnswered(engine: TestEngine) async throws {
        let clock = FixedClock(Self.morning)
        try await AppHarness.run(engine, clock: clock) { h in
            try await h.importFixtureCollege()
            let counsellor = try await h.tokenFor("T001")
            let r = try await h.post("/api/v1/cases", token: counsellor, body: #"{"studentNo":"2021000001","summary":"咳嗽两天"}"#)
            #expect(r.status == .created)
            #expect((try r.json()["respondedAt"] as? String)?.hasPrefix("2026-11-27T00:30:00") == true)
            clock.advance(by: 2 * 3600)
            #expect(try await h.app.runDueJobs().allSatisfy { !$0.hasPrefix("case.escalate") })
        }
    }
}

