import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// Access points, event batches and trajectories (CONTRACT.md, Gate and door events).
@Suite("Gate events")
struct GateEventsTests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai

    @Test("A batch keeps its good events, rejects each bad one by index, and a resent event is a duplicate", arguments: TestEngine.available)
    func batchIngest(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            try await h.importFixtureCollege()
            let gate = try await h.setUpGates()
            let r = try await h.sendEvents([
                AppHarness.event("e1", "canteen-1-east", "2021000001", "in", "2026-11-27T07:00:00+08:00"),
                AppHarness.event("e2", "nowhere", "2021000001", "in", "2026-11-27T07:01:00+08:00"),
                AppHarness.event("e3", "canteen-1-east", "2099999999", "in", "2026-11-27T07:02:00+08:00"),
                AppHarness.event("e4", "canteen-1-east", "2021000001", "sideways", "2026-11-27T07:03:00+08:00"),
                AppHarness.event("e5", "canteen-1-east", "2021000001", "out", "2026-11-29T07:00:00+08:00"),
                AppHarness.event("e6", "canteen-1-west", "2021000001", "out", "2026-11-27T07:25:00.250+08:00"),
                AppHarness.event("e7", "canteen-1-east", "2021000002", "in", "not a time"),
            ], token: gate)
            #expect(r.status == .ok, "\(r.text)")
            let body = try r.json()
            #expect(body["accepted"] as? Int == 2)
            #expect(body["duplicates"] as? Int == 0)
            let rejected = body["rejected"] as? [[String: Any]] ?? []
            #expect(rejected.compactMap { $0["index"] as? Int } == [1, 2, 3, 4, 6])
            let messages = rejected.compactMap { $0["message"] as? String }
            #expect(messages[0].contains("accessPoint") && messages[1].contains("studentNo") && messages[2].contains("direction"))
            #expect(messages[3].contains("24"), "the future event names the 24 h limit: \(messages[3])")
            #expect(messages[4].hasPrefix("at"))

            let again = try await h.sendEvents([AppHarness.event("e1", "canteen-1-east", "2021000001", "in", "2026-11-27T07:00:00+08:00"),
                                                AppHarness.event("e1", "canteen-1-west", "2021000001", "in", "2026-11-27T07:30:00+08:00")], token: gate)
            #expect(try again.json()["duplicates"] as? Int == 1, "the same id at another point is another event")
            #expect(try again.json()["accepted"] as? Int == 1)

            let admin = try await h.adminToken()
            let t = try await h.get("/api/v1/students/2021000001/trajectory?from=2026-11-27T00:00:00%2B08:00&to=2026-11-27T23:59:59%2B08:00", token: admin).json()
            #expect((t["events"] as? [[String: Any]])?.count == 3)
            let stays = t["stays"] as? [[String: Any]] ?? []
            #expect(stays.count == 2, "\(stays)")
            #expect(stays.first?["place"] as? String == "canteen-1")
            #expect(stays.first?["kind"] as? String == "canteen")
            #expect((stays.first?["to"] as? String)?.hasPrefix("2026-11-26T23:25:00") == true, "closed by the out at the other door: \(stays)")
            #expect((stays.last?["to"] as? String)?.hasPrefix("2026-11-27T03:30:00") == true, "no later event: capped at 4 h: \(stays)")
        }
    }

    @Test("An event that arrives late, in a later batch, closes the stay it falls into", arguments: TestEngine.available)
    func lateEventRederives(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            try await h.importFixtureCollege()
            let gate = try await h.setUpGates()
            _ = try await h.sendEvents([AppHarness.event("a", "library", "2021000003", "in", "2026-11-27T06:00:00+08:00"),
                                        AppHarness.event("c", "canteen-1-east", "2021000003", "in", "2026-11-27T08:00:00+08:00")], token: gate)
            _ = try await h.sendEvents([AppHarness.event("b", "library", "2021000003", "out", "2026-11-27T06:40:00+08:00")], token: gate)
            let admin = try await h.adminToken()
            let stays = try await h.get("/api/v1/students/2021000003/trajectory?from=2026-11-27T00:00:00%2B08:00&to=2026-11-27T12:00:00%2B08:00",
                                        token: admin).json()["stays"] as? [[String: Any]] ?? []
            #expect(stays.map { $0["place"] as? String } == ["library", "canteen-1"])
            #expect((stays.first?["to"] as? String)?.hasPrefix("2026-11-26T22:40:00") == true, "\(stays)")
        }
    }

    @Test("A batch over 1,000 events is 413 and stores nothing; a token without access:write is 403", arguments: TestEngine.available)
    func batchLimits(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            try await h.importFixtureCollege()
            let gate = try await h.setUpGates()
            let many = (0...1000).map { AppHarness.event("x\($0)", "library", "2021000001", $0 % 2 == 0 ? "in" : "out", "2026-11-27T07:00:00+08:00") }
            let big = try await h.sendEvents(many, token: gate)
            #expect(big.status == .contentTooLarge)
            #expect(big.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let decideOnly = try await h.setUpGates(scopes: ["access:decide"])
            let refused = try await h.sendEvents([AppHarness.event("y", "library", "2021000001", "in", "2026-11-27T07:00:00+08:00")], token: decideOnly)
            #expect(refused.status == .forbidden)
            let admin = try await h.adminToken()
            let t = try await h.get("/api/v1/students/2021000001/trajectory?from=2026-11-27T00:00:00%2B08:00&to=2026-11-27T23:00:00%2B08:00", token: admin).json()
            #expect((t["events"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test("Points: a point of another kind for an existing place is 422; bad fields are named", arguments: TestEngine.available)
    func pointRules(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            try await h.importFixtureCollege()
            _ = try await h.setUpGates()
            let admin = try await h.adminToken()
            let clash = try await h.post("/api/v1/access/points", token: admin, body: #"{"code":"canteen-1-north","name":"北门","kind":"library","place":"canteen-1"}"#)
            #expect(clash.status == .unprocessableContent)
            #expect(try clash.problemErrors().first?["field"] as? String == "kind")
            let bad = try await h.post("/api/v1/access/points", token: admin, body: #"{"code":"a b","name":"","kind":"shop"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(try bad.problemErrors().compactMap { $0["field"] as? String }) == ["code", "name", "kind"])
            let points = try await h.get("/api/v1/access/points", token: admin).json()["items"] as? [[String: Any]] ?? []
            #expect(points.count == AppHarness.gatePoints.count, "nothing was added")
            let counsellor = try await h.tokenFor("T001")
            let denied = try await h.post("/api/v1/access/points", token: counsellor, body: #"{"code":"x","name":"x","kind":"venue"}"#)
            #expect(denied.status == .forbidden)
        }
    }

    @Test("Trajectories are scoped and audited: a counsellor sees their student's, not another's", arguments: TestEngine.available)
    func trajectoryScope(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            try await h.importFixtureCollege()
            let gate = try await h.setUpGates()
            _ = try await h.sendEvents([AppHarness.event("a", "library", "2021000005", "in", "2026-11-27T07:00:00+08:00")], token: gate)
            let own = try await h.tokenFor("T002")
            let other = try await h.tokenFor("T001")
            #expect(try await h.get("/api/v1/students/2021000005/trajectory", token: own).status == .ok)
            #expect(try await h.get("/api/v1/students/2021000005/trajectory", token: other).status == .notFound)
            let bad = try await h.get("/api/v1/students/2021000005/trajectory?from=yesterday", token: own)
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.problemErrors().first?["field"] as? String == "from")
            let admin = try await h.adminToken()
            let audit = try await h.get("/api/v1/audit?action=access.trajectory.read", token: admin).json()["items"] as? [[String: Any]] ?? []
            #expect(audit.count == 1)
            #expect(audit.first?["subject"] as? String == "2021000005")
        }
    }
}
