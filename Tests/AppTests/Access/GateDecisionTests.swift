import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// `GET /api/v1/access/decision` by the policy in force, and leave as the gate sees it.
@Suite("Gate decisions and leave")
struct GateDecisionTests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai

    static func decide(_ h: AppHarness, _ student: String, _ point: String, _ direction: String, token: String) async throws -> [String: Any] {
        let r = try await h.get("/api/v1/access/decision?studentNo=\(student)&accessPoint=\(point)&direction=\(direction)", token: token)
        guard r.status == .ok else { throw HarnessError("decision: \(r.status) \(r.text)") }
        return try r.json()
    }

    @Test("Under the normal policy everyone passes; under lockdown each denial carries its reason and a changed policy applies at once", arguments: TestEngine.available)
    func policyDecides(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            try await h.importFixtureCollege()
            let gate = try await h.setUpGates()
            let normal = try await Self.decide(h, "2021000001", "south-gate", "out", token: gate)
            #expect(normal["allow"] as? Bool == true)
            #expect(normal["reason"] as? String == "allowed")
            #expect(normal["policyVersion"] as? Int == 0)

            let admin = try await h.adminToken()
            let set = try await h.put("/api/v1/access/policy", token: admin, body: AppHarness.lockdownPolicy)
            #expect(set.status == .ok, "\(set.text)")
            #expect(try set.json()["version"] as? Int == 1)
            let out = try await Self.decide(h, "2021000001", "south-gate", "out", token: gate)
            #expect(out["allow"] as? Bool == false)
            #expect(out["reason"] as? String == "leave_required")
            #expect(out["policyVersion"] as? Int == 1)
            let door = try await Self.decide(h, "2021000001", "b1-door", "in", token: gate)
            #expect(door["reason"] as? String == "checkin_missing")
            #expect(try await Self.decide(h, "2021000001", "b1-door", "out", token: gate)["allow"] as? Bool == true, "leaving the building is free")

            let student = try await h.tokenFor("2021000001")
            _ = try await h.post("/api/v1/checkins", token: student, body: CheckInsTests.body("2021000001"))
            #expect(try await Self.decide(h, "2021000001", "b1-door", "in", token: gate)["allow"] as? Bool == true)
            _ = try await h.post("/api/v1/checkins", token: student, body: CheckInsTests.body("2021000001", temperature: "38.0"))
            #expect(try await Self.decide(h, "2021000001", "b1-door", "in", token: gate)["reason"] as? String == "open_case")
        }
    }

    @Test("Unknown students and points are 404 problems; a token without access:decide is 403", arguments: TestEngine.available)
    func decisionErrors(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            try await h.importFixtureCollege()
            let gate = try await h.setUpGates()
            let student = try await h.get("/api/v1/access/decision?studentNo=2099999999&accessPoint=south-gate&direction=out", token: gate)
            #expect(student.status == .notFound)
            #expect(student.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(try student.problemErrors().first?["field"] as? String == "studentNo")
            let point = try await h.get("/api/v1/access/decision?studentNo=2021000001&accessPoint=moon-gate&direction=out", token: gate)
            #expect(point.status == .notFound)
            #expect(try point.problemErrors().first?["field"] as? String == "accessPoint")
            let writer = try await h.setUpGates(scopes: ["access:write"])
            #expect(try await h.get("/api/v1/access/decision?studentNo=2021000001&accessPoint=south-gate&direction=out", token: writer).status == .forbidden)
            let bad = try await h.put("/api/v1/access/policy", token: try await h.adminToken(),
                                      body: #"{"name":"x","curfew":"25:00","rules":[{"kinds":["shop"],"require":[]}]}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(try bad.problemErrors().compactMap { $0["field"] as? String }) == ["curfew", "rules[0].kinds"])
            #expect(try await h.get("/api/v1/access/policy", token: gate).json()["version"] as? Int == 0, "nothing stored")
        }
    }

    @Test("Leave: the student asks, their counsellor approves, the gate lets them out, records the departure and the return", arguments: TestEngine.available)
    func leaveFlow(engine: TestEngine) async throws {
        let clock = FixedClock(Self.morning)
        try await AppHarness.run(engine, clock: clock) { h in
            try await h.importFixtureCollege()
            let gate = try await h.setUpGates()
            let admin = try await h.adminToken()
            _ = try await h.put("/api/v1/access/policy", token: admin, body: AppHarness.lockdownPolicy)
            let student = try await h.tokenFor("2021000001")
            let asked = try await h.post("/api/v1/leaves", token: student, body: """
                {"studentNo":"2021000001","from":"2026-11-27T09:00:00+08:00","to":"2026-11-27T18:00:00+08:00","reason":"看牙医","destination":"市口腔医院"}
                """)
            #expect(asked.status == .created, "\(asked.text)")
            let id = try #require(try asked.json()["id"] as? String)
            #expect(try asked.json()["status"] as? String == "pending")
            #expect(try asked.json()["needsSecondApproval"] as? Bool == false)

            let outsider = try await h.tokenFor("T002")
            #expect(try await h.post("/api/v1/leaves/\(id)/approve", token: outsider, body: "{}").status == .notFound)
            #expect(try await h.get("/api/v1/leaves/\(id)", token: outsider).status == .notFound)
            let counsellor = try await h.tokenFor("T001")
            let told = try await h.get("/api/v1/notifications", token: counsellor).json()["items"] as? [[String: Any]] ?? []
            #expect(told.first?["kind"] as? String == "leave_request", "the counsellor hears of the request: \(told)")
            #expect(try await h.get("/api/v1/notifications", token: outsider).json()["unread"] as? Int == 0)
            let approved = try await h.post("/api/v1/leaves/\(id)/approve", token: counsellor, body: #"{"note":"注意安全"}"#)
            #expect(try approved.json()["status"] as? String == "approved")
            let heard = try await h.get("/api/v1/notifications", token: student).json()["items"] as? [[String: Any]] ?? []
            #expect(heard.first?["kind"] as? String == "leave_decision")
            #expect((heard.first?["subject"] as? String)?.contains("已批准") == true)
            #expect(try await h.post("/api/v1/leaves/\(id)/refuse", token: counsellor, body: #"{"note":"x"}"#).status == .conflict)

            #expect(try await Self.decide(h, "2021000001", "south-gate", "out", token: gate)["reason"] as? String == "leave_required", "not yet: it starts at 09:00")
            clock.advance(by: 3600)   // 09:30
            #expect(try await Self.decide(h, "2021000001", "south-gate", "out", token: gate)["allow"] as? Bool == true)
            _ = try await h.sendEvents([AppHarness.event("g1", "south-gate", "2021000001", "out", "2026-11-27T09:31:00+08:00")], token: gate)
            let left = try await h.get("/api/v1/leaves/\(id)", token: student).json()
            #expect((left["departedAt"] as? String)?.hasPrefix("2026-11-27T01:31:00") == true, "\(left)")
            _ = try await h.sendEvents([AppHarness.event("g2", "south-gate", "2021000001", "in", "2026-11-27T17:00:00+08:00")], token: gate)
            let back = try await h.get("/api/v1/leaves/\(id)", token: student).json()
            #expect((back["returnedAt"] as? String)?.hasPrefix("2026-11-27T09:00:00") == true, "\(back)")
            let mine = try await h.get("/api/v1/leaves", token: student).json()["items"] as? [[String: Any]] ?? []
            #expect(mine.count == 1)
        }
    }

    @Test("A long leave needs a second approver who is someone else; bad requests name their fields and store nothing", arguments: TestEngine.available)
    func longLeave(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            try await h.importFixtureCollege()
            let student = try await h.tokenFor("2021000005")
            let asked = try await h.post("/api/v1/leaves", token: student, body: """
                {"studentNo":"2021000005","from":"2026-11-28T08:00:00+08:00","to":"2026-12-03T20:00:00+08:00","reason":"回家","destination":"杭州"}
                """)
            let id = try #require(try asked.json()["id"] as? String)
            #expect(try asked.json()["needsSecondApproval"] as? Bool == true)
            let counsellor = try await h.tokenFor("T002")
            let first = try await h.post("/api/v1/leaves/\(id)/approve", token: counsellor, body: "{}").json()
            #expect(first["status"] as? String == "pending")
            #expect(first["firstApprovedBy"] as? String == "T002")
            #expect(try await h.post("/api/v1/leaves/\(id)/approve", token: counsellor, body: "{}").status == .forbidden)
            let secretary = try await h.tokenFor("T004")
            #expect(try await h.post("/api/v1/leaves/\(id)/approve", token: secretary, body: "{}").json()["status"] as? String == "approved")

            for (body, field) in [
                (#"{"studentNo":"2021000005","from":"2026-11-28T08:00:00+08:00","to":"2026-11-28T07:00:00+08:00","reason":"x","destination":"y"}"#, "to"),
                (#"{"studentNo":"2021000005","from":"2026-11-28T08:00:00+08:00","to":"2027-01-28T07:00:00+08:00","reason":"x","destination":"y"}"#, "to"),
                (#"{"studentNo":"2021000005","from":"tomorrow","to":"2026-11-28T09:00:00+08:00","reason":"x","destination":"y"}"#, "from"),
                (#"{"studentNo":"2021000005","from":"2026-11-28T08:00:00+08:00","to":"2026-11-28T09:00:00+08:00","reason":" ","destination":"y"}"#, "reason"),
            ] {
                let r = try await h.post("/api/v1/leaves", token: student, body: body)
                #expect(r.status == .unprocessableContent)
                #expect(try r.problemErrors().compactMap { $0["field"] as? String }.contains(field), "\(r.text)")
            }
            #expect(try await h.post("/api/v1/leaves", token: student, body: """
                {"studentNo":"2021000006","from":"2026-11-28T08:00:00+08:00","to":"2026-11-28T09:00:00+08:00","reason":"x","destination":"y"}
                """).status == .forbidden)
            let all = try await h.get("/api/v1/leaves", token: counsellor).json()["items"] as? [[String: Any]] ?? []
            #expect(all.count == 1, "only the good request was stored")
        }
    }

    @Test("Alerts: a denied attempt, an exit without leave under lockdown, an overdue leave and the curfew, each once, scoped", arguments: TestEngine.available)
    func alerts(engine: TestEngine) async throws {
        let clock = FixedClock(Self.morning)
        try await AppHarness.run(engine, clock: clock) { h in
            try await h.importFixtureCollege()
            let gate = try await h.setUpGates()
            _ = try await h.put("/api/v1/access/policy", token: try await h.adminToken(), body: AppHarness.lockdownPolicy)
            let student = try await h.tokenFor("2021000002")
            let asked = try await h.post("/api/v1/leaves", token: student, body: """
                {"studentNo":"2021000002","from":"2026-11-27T08:00:00+08:00","to":"2026-11-27T12:00:00+08:00","reason":"取快递","destination":"校外驿站"}
                """)
            let id = try #require(try asked.json()["id"] as? String)
            _ = try await h.post("/api/v1/leaves/\(id)/approve", token: try await h.tokenFor("T001"), body: "{}")
            let events = [
                AppHarness.event("d1", "b1-door", "2021000001", "in", "2026-11-27T08:10:00+08:00", granted: false),
                AppHarness.event("x1", "south-gate", "2021000003", "out", "2026-11-27T08:15:00+08:00"),
                AppHarness.event("l1", "south-gate", "2021000002", "out", "2026-11-27T08:20:00+08:00"),
                AppHarness.event("n1", "south-gate", "2021000005", "out", "2026-11-27T08:25:00+08:00"),
            ]
            _ = try await h.sendEvents(events, token: gate)
            _ = try await h.sendEvents(events, token: gate)   // resent: no second alert
            clock.advance(by: 14 * 3600)   // 22:30, after the curfew and the leave's end
            _ = try await h.app.runDueJobs()
            _ = try await h.app.runDueJobs()
            let admin = try await h.adminToken()   // the morning's session has expired
            let all = try await h.get("/api/v1/access/alerts", token: admin).json()["items"] as? [[String: Any]] ?? []
            let kinds = all.map { "\($0["kind"] as? String ?? "")/\($0["studentNo"] as? String ?? "")" }.sorted()
            #expect(kinds == ["curfew/2021000002", "curfew/2021000003", "curfew/2021000005", "denied/2021000001",
                              "exit_without_leave/2021000003", "exit_without_leave/2021000005", "leave_overdue/2021000002"], "\(kinds)")
            let counsellor = try await h.tokenFor("T002")
            let theirs = try await h.get("/api/v1/access/alerts", token: counsellor).json()["items"] as? [[String: Any]] ?? []
            #expect(Set(theirs.compactMap { $0["studentNo"] as? String }) == ["2021000005"])
            let told = (try await h.get("/api/v1/notifications", token: counsellor).json()["items"] as? [[String: Any]] ?? [])
                .filter { $0["kind"] as? String == "access_alert" }
            #expect(told.map { $0["subject"] as? String ?? "" } == ["1 名学生查寝时间后仍在校外且未请假"], "\(told)")
            #expect((told.first?["body"] as? String)?.contains("2021000005") == true)
            let first = try await h.get("/api/v1/notifications", token: try await h.tokenFor("T001", password: "pw-T001-again")).json()["items"] as? [[String: Any]] ?? []
            let subjects = first.compactMap { $0["subject"] as? String }
            #expect(subjects.contains("1 名学生请假逾期未返校") && subjects.contains("2 名学生查寝时间后仍在校外且未请假"), "\(subjects)")
            let presence = try await h.get("/api/v1/access/presence", token: admin).json()
            #expect(presence["offCampus"] as? Int == 3)
            #expect(try await h.get("/api/v1/access/alerts?days=40", token: admin).status == .unprocessableContent)
        }
    }
}

extension GateDecisionTests {
    @Test("Back early and out again within the same approved leave: no alert, the first departure and return are kept", arguments: TestEngine.available)
    func outTwiceWithinLeave(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            try await h.importFixtureCollege()
            let gate = try await h.setUpGates()
            _ = try await h.put("/api/v1/access/policy", token: try await h.adminToken(), body: AppHarness.lockdownPolicy)
            let student = try await h.tokenFor("2021000003")
            let asked = try await h.post("/api/v1/leaves", token: student, body: """
                {"studentNo":"2021000003","from":"2026-11-27T09:00:00+08:00","to":"2026-11-27T20:00:00+08:00","reason":"实习","destination":"园区"}
                """)
            let id = try #require(try asked.json()["id"] as? String)
            _ = try await h.post("/api/v1/leaves/\(id)/approve", token: try await h.tokenFor("T001"), body: "{}")
            _ = try await h.sendEvents([AppHarness.event("o1", "south-gate", "2021000003", "out", "2026-11-27T09:10:00+08:00"),
                                        AppHarness.event("i1", "south-gate", "2021000003", "in", "2026-11-27T12:00:00+08:00")], token: gate)
            _ = try await h.sendEvents([AppHarness.event("o2", "south-gate", "2021000003", "out", "2026-11-27T13:00:00+08:00")], token: gate)
            let alerts = try await h.get("/api/v1/access/alerts", token: try await h.adminToken()).json()["items"] as? [[String: Any]] ?? []
            #expect(alerts.isEmpty, "\(alerts)")
            let leave = try await h.get("/api/v1/leaves/\(id)", token: student).json()
            #expect((leave["departedAt"] as? String)?.hasPrefix("2026-11-27T01:10:00") == true)
            #expect((leave["returnedAt"] as? String)?.hasPrefix("2026-11-27T04:00:00") == true)
        }
    }
}
