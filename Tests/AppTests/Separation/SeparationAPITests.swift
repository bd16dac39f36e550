import CampusKit
import Foundation
import HummingbirdTesting
import Separation
import ShouhuTestSupport
import Testing

/// Space-time separation over the API (CONTRACT.md, C10): plans kept and verified, bad problems refused naming the
/// field with nothing stored, a large problem answered within the planner's budget, and who may do what.
@Suite("Separation: plans, verification, refusals")
struct SeparationAPITests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai

    @Test("The office plans the fixture's day: 201 feasible, one visit per demand on walking routes from home; the verifier accepts the plan and names an overlap once a visit is moved onto another; the plan reads back by id",
          arguments: TestEngine.available)
    func plansAndVerifies(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            _ = try await h.importQuarantineCollege()
            let leader = try await h.tokenFor("T006")
            let plan = try await h.planned(token: leader)
            #expect(plan["feasible"] as? Bool == true)
            #expect(plan["unscheduled"] as? [Int] == [])
            #expect((plan["elapsedMs"] as? Int).map { $0 >= 0 } == true && plan["objective"] is Int)
            let visits = plan.objects("visits")
            #expect(visits.compactMap { $0["demand"] as? Int } == [0, 1, 2, 3])
            #expect(visits.compactMap { $0["facility"] as? String } == ["canteen-1", "canteen-1", "bath-1", "bath-1"])
            #expect(visits.first?["route"] as? [String] == ["1号楼", "西路口", "食堂"])
            #expect(visits.allSatisfy { (($0["start"] as? Int) ?? 1) % 5 == 0 })
            let id = try #require(plan["id"] as? String)

            let body = try AppHarness.json(AppHarness.separationProblem, extra: #""visits":\#(try Self.text(visits))"#)
            let verdict = try await h.post("/api/v1/separation/verify", token: leader, body: body)
            #expect(verdict.status == .ok, "\(verdict.text)")
            #expect(try verdict.json()["valid"] as? Bool == true)
            #expect((try verdict.json()["problems"] as? [Any])?.isEmpty == true)

            var clashing = visits
            clashing[1]["start"] = clashing[0]["start"]
            let broken = try await h.post("/api/v1/separation/verify", token: leader,
                                          body: try AppHarness.json(AppHarness.separationProblem, extra: #""visits":\#(try Self.text(clashing))"#))
            #expect(try broken.json()["valid"] as? Bool == false)
            let problems = try broken.json().objects("problems")
            #expect(problems.contains { $0["kind"] as? String == "overlap" && ($0["resource"] as? [String: Any])?["code"] as? String == "canteen-1" })
            #expect(problems.allSatisfy { ($0["message"] as? String)?.first.map { !$0.isASCII } == true }, "worded in Chinese first")

            let read = try await h.get("/api/v1/separation/plans/\(id)", token: leader)
            #expect(read.status == .ok, "\(read.text)")
            #expect(try read.json().objects("visits").compactMap { $0["start"] as? Int } == visits.compactMap { $0["start"] as? Int })
            #expect((try read.json()["problem"] as? [String: Any])?["slotMinutes"] as? Int == 5)
            #expect((try read.json()["labels"] as? [String: String])?["canteen-1"] == "一食堂")
            #expect(try await h.planIds(token: leader) == [id])
            #expect(try await h.get("/api/v1/separation/plans/nope", token: leader).status == .notFound)
        }
    }

    /// The refusals issue 16 lists, each with the field it must name.
    static let refusals: [(String, String, @Sendable (inout SeparationProblem) -> Void)] = [
        ("an unknown node in an edge", "edges[0].a", { $0.edges[0].a = "东路口" }),
        ("an unknown home", "groups[1].home", { $0.groups[1].home = "9号楼" }),
        ("a facility on an unreachable node", "facilities[0].node", { $0.nodes.append("孤岛"); $0.facilities[0].node = "孤岛" }),
        ("negative walking minutes", "edges[2].minutes", { $0.edges[2].minutes = -2 }),
        ("a negative buffer", "facilities[1].bufferMinutes", { $0.facilities[1].bufferMinutes = -5 }),
        ("negative visit minutes", "demands[1].minutes", { $0.demands[1].minutes = -15 }),
        ("a window shorter than its visit", "demands[2].window", { $0.demands[2].window = [1080, 1090] }),
        ("slotMinutes 0", "slotMinutes", { $0.slotMinutes = 0 }),
    ]

    @Test("A bad problem is 422 naming the field, worded for people, before any planning, and nothing is stored; verify refuses it alike",
          arguments: TestEngine.available)
    func refusesBadProblems(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            _ = try await h.importQuarantineCollege()
            let leader = try await h.tokenFor("T006")
            for (what, field, change) in Self.refusals {
                var problem = AppHarness.separationProblem
                change(&problem)
                let r = try await h.createPlan(problem, token: leader)
                #expect(r.status == .unprocessableContent, "\(what): \(r.status) \(r.text)")
                let errors = try r.problemErrors()
                // The field comes first; an unknown node may leave a facility unreachable as well.
                #expect(errors.first?["field"] as? String == field, "\(what): \(r.text)")
                #expect(errors.allSatisfy { ($0["message"] as? String)?.contains(" (") == true && ($0["message"] as? String)?.first?.isASCII == false },
                        "\(what): Chinese with an English tail")
                let verified = try await h.post("/api/v1/separation/verify", token: leader, body: try AppHarness.json(problem, extra: #""visits":[]"#))
                #expect(verified.status == .unprocessableContent, "\(what): \(verified.text)")
            }
            #expect(try await h.planIds(token: leader).isEmpty, "nothing stored")
            let notJSON = try await h.post("/api/v1/separation/plans", token: leader, body: #"{"name":"x"}"#)
            #expect(notJSON.status == .badRequest, "\(notJSON.text)")
        }
    }

    @Test("A 500-demand problem is answered, the planner stopping at its budget (1 s), whatever its quality",
          arguments: TestEngine.available)
    func largeProblemReturns(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            _ = try await h.importQuarantineCollege()
            let leader = try await h.tokenFor("T006")
            let problem = SeparationInstances.campus(groups: 100, demandsPerGroup: 5, seed: 16)
            #expect(problem.demands.count == 500)
            let r = try await h.createPlan(problem, token: leader)
            #expect(r.status == .created, "\(r.status) \(r.text.prefix(300))")
            // The planner stops itself at its budget (checked between moves, so one move may run past it); how fast the
            // machine is belongs in the benchmarks, not here.
            #expect(try r.json()["elapsedMs"] as? Int ?? 99_999 <= 2_500)
            let visits = try r.json().objects("visits")
            let unscheduled = try r.json()["unscheduled"] as? [Int] ?? []
            #expect(visits.count + unscheduled.count == 500)
        }
    }

    @Test("Scope: admin and leader plan and publish; other staff read; a student reads only their own published timetable and gets 403 for the rest", arguments: TestEngine.available)
    func scope(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            let leader = try await h.tokenFor("T006")
            let counsellor = try await h.tokenFor("T001")
            let student = try await h.tokenFor("2021000001")
            let id = try #require(try await h.planned(token: admin)["id"] as? String)
            #expect(try await h.createPlan(token: counsellor).status == .forbidden)
            #expect(try await h.createPlan(token: student).status == .forbidden)
            #expect(try await h.get("/api/v1/separation/plans/\(id)", token: counsellor).status == .ok)
            for path in ["/api/v1/separation/plans/\(id)", "/api/v1/separation/plans", "/api/v1/separation/plans/\(id)/adherence"] {
                #expect(try await h.get(path, token: student).status == .forbidden, "\(path)")
            }
            #expect(try await h.post("/api/v1/separation/verify", token: student, body: try AppHarness.json(AppHarness.separationProblem, extra: #""visits":[]"#)).status == .forbidden)
            #expect(try await h.post("/api/v1/separation/plans/\(id)/publish", token: student, body: #"{"date":"2026-11-27"}"#).status == .forbidden)
            #expect(try await h.post("/api/v1/separation/plans/\(id)/publish", token: counsellor, body: #"{"date":"2026-11-27"}"#).status == .forbidden)
            #expect(try await h.get("/api/v1/separation/mine", token: counsellor).status == .forbidden)

            let before = try await h.get("/api/v1/separation/mine", token: student)
            #expect(before.status == .ok, "\(before.text)")
            #expect(try before.json().objects("items").isEmpty, "nothing published yet")
            #expect(try await h.post("/api/v1/separation/plans/\(id)/publish", token: leader, body: #"{"date":"11/27"}"#).status == .unprocessableContent)
            let published = try await h.post("/api/v1/separation/plans/\(id)/publish", token: leader, body: #"{"date":"2026-11-27"}"#)
            #expect(published.status == .ok, "\(published.text)")
            #expect(try published.json()["publishedOn"] as? String == "2026-11-27")

            let mine = try await h.get("/api/v1/separation/mine", token: student).json()
            #expect(mine["date"] as? String == "2026-11-27" && mine["planId"] as? String == id)
            let items = mine.objects("items")
            #expect(items.compactMap { $0["facility"] as? String } == ["一食堂", "公共浴室"], "their building's visits, by name")
            #expect(items.first?["route"] as? [String] == ["1号楼", "西路口", "食堂"], "map points by their names")
            #expect(items.first.map { ($0["start"] as? Int ?? 0) - ($0["leave"] as? Int ?? 0) } == 5, "they leave a walk of 5 minutes before")
            let other = try await h.get("/api/v1/separation/mine", token: try await h.tokenFor("2021000005")).json().objects("items")
            #expect(other.compactMap { $0["group"] as? String } == ["6号楼", "6号楼"])
            #expect(try await h.get("/api/v1/separation/mine?date=2026-11-28", token: student).json().objects("items").isEmpty)
        }
    }

    static func text(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value), as: UTF8.self)
    }
}
