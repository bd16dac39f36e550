import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// The mass-testing routes for every kind of caller: students read only their own slot, staff follow only their
/// students, only planners plan, only samplers (or a `testing:write` token) swab, and a refused write stores nothing.
@Suite("Scope matrix over the testing routes")
struct TestingScopeMatrixTests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai
    typealias T = TestingFixtures
    typealias Caller = GateScopeMatrixTests.Caller

    /// Everyone who calls, by role; `visible` follows TestingFixtures.
    struct Cast: Sendable {
        let admin, t001, t002, buildingLeader, secretary, student: Caller
        /// testing:write, read:all and access:write tokens.
        let sampler, reader, gate: Caller

        var staff: [Caller] { [t001, t002, buildingLeader, secretary] }
        var all: [Caller] { [admin, t001, t002, buildingLeader, secretary, student, sampler, reader, gate] }
    }

    static func numbers(_ members: [T.Member]) -> Set<String> { Set(members.map(\.studentNo)) }

    static func cast(_ h: AppHarness) async throws -> Cast {
        let admin = try await h.importTestingCollege()
        return Cast(
            admin: Caller(name: "admin", token: admin, visible: T.activeNumbers),
            t001: Caller(name: "counsellor T001", token: try await h.tokenFor("T001"), visible: numbers(T.ofCounsellor("T001"))),
            t002: Caller(name: "counsellor T002", token: try await h.tokenFor("T002"), visible: numbers(T.ofCounsellor("T002"))),
            buildingLeader: Caller(name: "building leader T003", token: try await h.tokenFor("T003"), visible: numbers(T.inBuilding("1号楼"))),
            secretary: Caller(name: "secretary T004", token: try await h.tokenFor("T004"), visible: numbers(T.ofCounsellor("T002"))),
            student: Caller(name: "student 2021000005", token: try await h.tokenFor("2021000005"), visible: ["2021000005"]),
            sampler: Caller(name: "testing:write token", token: try await h.integrationToken("采样枪", scopes: ["testing:write"]), visible: []),
            reader: Caller(name: "read:all token", token: try await h.integrationToken("报表", scopes: ["read:all"]), visible: T.activeNumbers),
            gate: Caller(name: "access:write token", token: try await h.integrationToken("闸机", scopes: ["access:write"]), visible: []))
    }

    static func expect(_ status: HTTPResponse.Status, _ callers: [Caller], _ what: String,
                       sourceLocation: SourceLocation = #_sourceLocation, _ call: (Caller) async throws -> TestResponse) async throws {
        try await GateScopeMatrixTests.expect(status, callers, what, sourceLocation: sourceLocation, call)
    }

    static let campaignBody = #"{"name":"越权计划","date":"2026-11-27","kind":"full"}"#
    static let rotationBody = #"{"startDate":"2026-11-28","days":5}"#

    @Test("A student plans nothing, reads no coverage, missing list, campaign or tube (403), and reads their own slot and site at /testing/mine",
          arguments: TestEngine.available)
    func student(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let c = try await Self.cast(h)
            let id = try await h.fullCampaign(token: c.admin.token)
            try await h.fill(id, "S-1", ["2021000001"], token: c.admin.token)
            let s = c.student

            for (what, call) in [
                ("POST campaigns", { try await h.postCampaign(Self.campaignBody, token: s.token) }),
                ("POST rotations", { try await h.post("/api/v1/testing/rotations", token: s.token, body: Self.rotationBody) }),
                ("POST results", { try await h.labResults([("S-1", "negative")], token: s.token) }),
                ("POST samples", { try await h.swab(id, "S-2", "2021000005", token: s.token) }),
                ("POST exemptions", { try await h.post("/api/v1/testing/campaigns/\(id)/exemptions", token: s.token, body: #"{"studentNo":"2021000005","reason":"x"}"#) }),
                ("POST close", { try await h.post("/api/v1/testing/campaigns/\(id)/close", token: s.token, body: "") }),
                ("GET campaigns", { try await h.get("/api/v1/testing/campaigns", token: s.token) }),
                ("GET campaign", { try await h.get("/api/v1/testing/campaigns/\(id)", token: s.token) }),
                ("GET coverage", { try await h.get("/api/v1/testing/campaigns/\(id)/coverage", token: s.token) }),
                ("GET missing", { try await h.get("/api/v1/testing/campaigns/\(id)/missing", token: s.token) }),
                ("GET pools", { try await h.get("/api/v1/testing/campaigns/\(id)/pools", token: s.token) }),
                ("GET tubes", { try await h.get("/api/v1/testing/campaigns/\(id)/tubes", token: s.token) }),
                ("GET tube", { try await h.tube("S-1", token: s.token) }),
            ] as [(String, () async throws -> TestResponse)] {
                let r = try await call()
                #expect(r.status == .forbidden, "student: \(what) → \(r.status) \(r.text)")
                #expect(!r.text.contains("2021000001"), "student: \(what) leaks: \(r.text)")
            }
            let admin = c.admin.token
            #expect(try await h.get("/api/v1/testing/campaigns", token: admin).json().objects("items").count == 1, "nothing planned")
            #expect(try await h.tube("S-1", token: admin).json()["status"] as? String == "open", "no result applied")
            #expect(try await h.tube("S-2", token: admin).status == .notFound, "nothing sampled")
            #expect(try await h.coverage(id, token: admin).int("exempt") == 0)
            #expect(try await h.get("/api/v1/testing/campaigns/\(id)", token: admin).json()["status"] as? String == "open")

            // Their own slot: the site of their building, the slot of their floor.
            let plan = try await h.get("/api/v1/testing/campaigns/\(id)", token: admin).json()
            let slot = try #require(plan.objects("slots").first { $0["building"] as? String == "6号楼" && $0["floor"] as? Int == 3 })
            let site = plan.objects("sites")[try #require(slot["site"] as? Int)]
            let mine = try await h.get("/api/v1/testing/mine", token: s.token)
            #expect(mine.status == .ok, "\(mine.text)")
            let items = try mine.json().objects("items")
            #expect(items.count == 1, "\(items)")
            let item = try #require(items.first)
            #expect(item["campaignId"] as? String == id)
            #expect(item["date"] as? String == "2026-11-27")
            #expect(item["site"] as? String == site["name"] as? String)
            #expect(site["building"] as? String == "6号楼")
            #expect(item["from"] as? String == slot["from"] as? String)
            #expect(item["to"] as? String == slot["to"] as? String)
            #expect(item["status"] as? String == "due")
            #expect(!mine.text.contains("2021000001"))
            try await h.fill(id, "S-3", ["2021000005"], token: admin)
            #expect(try await h.get("/api/v1/testing/mine", token: s.token).json().objects("items").first?["status"] as? String == "sampled")
            _ = try await h.labResults([("S-3", "negative")], token: admin)
            #expect(try await h.get("/api/v1/testing/mine", token: s.token).json().objects("items").first?["status"] as? String == "negative")

            try await Self.expect(.forbidden, [c.admin, c.t002, c.sampler, c.reader], "GET mine") { caller in
                try await h.get("/api/v1/testing/mine", token: caller.token)
            }
        }
    }

    @Test("Only planners plan and post results; a testing:write token samples and posts results, without it 403; a secretary can neither plan nor sample; refused writes store nothing",
          arguments: TestEngine.available)
    func writes(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let c = try await Self.cast(h)
            let admin = c.admin.token
            let id = try await h.fullCampaign(token: admin)
            try await h.fill(id, "W-1", ["2021000001", "2021000005"], token: admin)

            try await Self.expect(.forbidden, c.staff + [c.student, c.sampler, c.reader, c.gate], "POST campaigns") { caller in
                try await h.postCampaign(Self.campaignBody, token: caller.token)
            }
            try await Self.expect(.forbidden, c.staff + [c.student, c.sampler, c.reader, c.gate], "POST rotations") { caller in
                try await h.post("/api/v1/testing/rotations", token: caller.token, body: Self.rotationBody)
            }
            try await Self.expect(.forbidden, c.staff + [c.student, c.reader, c.gate], "POST results") { caller in
                try await h.labResults([("W-1", "positive")], token: caller.token)
            }
            try await Self.expect(.forbidden, [c.secretary, c.student, c.reader, c.gate], "POST samples") { caller in
                try await h.swab(id, "W-X", "2021000006", token: caller.token)
            }
            try await Self.expect(.forbidden, c.staff + [c.student, c.sampler, c.reader, c.gate], "POST close") { caller in
                try await h.post("/api/v1/testing/campaigns/\(id)/close", token: caller.token, body: "")
            }
            let campaigns = try await h.get("/api/v1/testing/campaigns", token: admin).json().objects("items")
            #expect(campaigns.count == 1, "nothing planned: \(campaigns.count)")
            #expect(try await h.tube("W-1", token: admin).json()["status"] as? String == "open", "no result applied")
            #expect(try await h.tube("W-X", token: admin).status == .notFound, "nothing sampled")
            #expect(try await h.coverage(id, token: admin).int("sampled") == 2)
            #expect(try await h.get("/api/v1/testing/campaigns/\(id)", token: admin).json()["status"] as? String == "open")

            // The scanner's token samples any student and posts results.
            let swab = try await h.swab(id, "W-2", "2021000006", token: c.sampler.token)
            #expect(swab.status == .created, "\(swab.text)")
            let results = try await h.labResults([("W-1", "negative"), ("W-2", "negative")], token: c.sampler.token)
            #expect(results.status == .ok, "\(results.text)")
            #expect(try results.json()["applied"] as? Int == 2)
            #expect(try await h.coverage(id, token: admin).int("negative") == 3)

            // Samplers in scope: a counsellor and a building leader swab their own students.
            #expect(try await h.swab(id, "W-3", "2021000002", token: c.t001.token).status == .created)
            #expect(try await h.swab(id, "W-3", "2022000101", token: c.buildingLeader.token).status == .created)
            #expect(try await h.swab(id, "W-4", "2022000117", token: c.t002.token).status == .created)
            // Planners plan.
            #expect(try await h.postCampaign(Self.campaignBody, token: admin).status == .created)
            #expect(try await h.post("/api/v1/testing/rotations", token: admin, body: Self.rotationBody).status == .created)
        }
    }

    @Test("Coverage, missing lists and pools count only the caller's students: counsellors, the building leader and the secretary see their own numbers",
          arguments: TestEngine.available)
    func reads(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let c = try await Self.cast(h)
            let admin = c.admin.token
            let id = try await h.fullCampaign(token: admin)
            let sampled = ["2021000001", "2022000101", "2022000105", "2022000133", "2022000134", "2021000005", "2022000117", "2022000118", "2022000141"]
            try await h.fill(id, "R-1", sampled, token: admin)
            _ = try await h.labResults([("R-1", "negative")], token: admin)

            for caller in [c.admin, c.reader, c.t001, c.t002, c.buildingLeader, c.secretary] {
                let mySampled = Set(sampled).intersection(caller.visible)
                let coverage = try await h.get("/api/v1/testing/campaigns/\(id)/coverage?groupBy=building", token: caller.token)
                #expect(coverage.status == .ok, "\(caller): \(coverage.text)")
                let cov = try coverage.json()
                #expect(cov.int("expected") == caller.visible.count, "\(caller) expected")
                #expect(cov.int("sampled") == mySampled.count, "\(caller) sampled")
                #expect(cov.int("negative") == mySampled.count, "\(caller) negative")
                let buildings = Set(T.active.filter { caller.visible.contains($0.studentNo) }.map(\.building))
                #expect(Set(cov.objects("groups").compactMap { $0["key"] as? String }) == buildings, "\(caller) groups")

                let missing = try await h.missing(id, token: caller.token)
                let numbers = missing.compactMap { $0["studentNo"] as? String }
                #expect(Set(numbers) == caller.visible.subtracting(sampled), "\(caller) missing")
                #expect(numbers.count == caller.visible.count - mySampled.count, "\(caller) missing once each")

                let pools = try await h.get("/api/v1/testing/campaigns/\(id)/pools", token: caller.token)
                #expect(pools.status == .ok, "\(caller): \(pools.text)")
                let pooled = try pools.json().objects("items").flatMap { $0.strings("students") }
                #expect(Set(pooled) == caller.visible && pooled.count == caller.visible.count, "\(caller) pools")
            }
            let leader = try await h.missing(id, token: c.buildingLeader.token)
            #expect(!leader.isEmpty && leader.allSatisfy { $0["building"] as? String == "1号楼" }, "the building leader's list has only 1号楼")
            let adminCount = try await h.coverage(id, token: admin).int("expected")
            let counsellorCount = try await h.coverage(id, token: c.t001.token).int("expected")
            #expect(adminCount != counsellorCount, "a counsellor's numbers are not the school's")
            try await Self.expect(.forbidden, [c.student, c.sampler, c.gate], "GET coverage") { caller in
                try await h.get("/api/v1/testing/campaigns/\(id)/coverage", token: caller.token)
            }
            try await Self.expect(.forbidden, [c.student, c.sampler, c.gate], "GET missing") { caller in
                try await h.get("/api/v1/testing/campaigns/\(id)/missing", token: caller.token)
            }
        }
    }

    @Test("A counsellor cannot sample or exempt a student outside their scope (404, nothing stored); a building leader neither",
          arguments: TestEngine.available)
    func samplingOutOfScope(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let c = try await Self.cast(h)
            let admin = c.admin.token
            let id = try await h.fullCampaign(token: admin)
            for (caller, student) in [(c.t001, "2021000005"), (c.t002, "2021000001"), (c.buildingLeader, "2022000133"), (c.buildingLeader, "2021000006")] {
                let r = try await h.swab(id, "OUT-1", student, token: caller.token)
                #expect(r.status == .notFound, "\(caller) swabs \(student): \(r.status) \(r.text)")
                #expect(try r.problemFields() == ["studentNo"], "\(r.text)")
                let e = try await h.post("/api/v1/testing/campaigns/\(id)/exemptions", token: caller.token, body: #"{"studentNo":"\#(student)","reason":"x"}"#)
                #expect(e.status == .notFound, "\(caller) exempts \(student): \(e.status)")
            }
            #expect(try await h.tube("OUT-1", token: admin).status == .notFound, "no tube opened")
            let coverage = try await h.coverage(id, token: admin)
            #expect(coverage.int("sampled") == 0)
            #expect(coverage.int("exempt") == 0)
            let secretary = try await h.post("/api/v1/testing/campaigns/\(id)/exemptions", token: c.secretary.token,
                                             body: #"{"studentNo":"2021000005","reason":"x"}"#)
            #expect(secretary.status == .forbidden, "a secretary follows but does not exempt")
            let own = try await h.post("/api/v1/testing/campaigns/\(id)/exemptions", token: c.t002.token, body: #"{"studentNo":"2021000005","reason":"病假"}"#)
            #expect(own.status == .noContent, "\(own.text)")
            #expect(try await h.coverage(id, token: admin).int("exempt") == 1)
        }
    }

    @Test("A tube read by code shows only the caller's members, and is 404 when none is theirs", arguments: TestEngine.available)
    func tubeByCode(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let c = try await Self.cast(h)
            let admin = c.admin.token
            let id = try await h.fullCampaign(token: admin)
            try await h.fill(id, "MIX", ["2021000001", "2021000005"], token: admin)
            try await h.fill(id, "ONE", ["2021000002"], token: admin)
            #expect(try await h.tube("MIX", token: admin).json().strings("members") == ["2021000001", "2021000005"])
            #expect(try await h.tube("MIX", token: c.t001.token).json().strings("members") == ["2021000001"])
            #expect(try await h.tube("MIX", token: c.t002.token).json().strings("members") == ["2021000005"])
            let hidden = try await h.tube("ONE", token: c.t002.token)
            #expect(hidden.status == .notFound)
            #expect(!hidden.text.contains("2021000002"))
            #expect(try await h.tube("ONE", token: c.sampler.token).json().strings("members") == ["2021000002"], "the scanner sees the school")
        }
    }

    @Test("The campaign's tube list shows a sampler only members in their scope (tube by code does the same)", arguments: TestEngine.available)
    func tubeListByScope(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let c = try await Self.cast(h)
            let admin = c.admin.token
            let id = try await h.fullCampaign(token: admin)
            try await h.fill(id, "MIX", ["2021000001", "2021000005"], token: admin)
            try await h.fill(id, "ONE", ["2021000002"], token: admin)
            let all = try await h.get("/api/v1/testing/campaigns/\(id)/tubes", token: admin).json().objects("items")
            #expect(Set(all.flatMap { $0.strings("members") }) == ["2021000001", "2021000005", "2021000002"])
            let r = try await h.get("/api/v1/testing/campaigns/\(id)/tubes", token: c.t002.token)
            #expect(r.status == .ok)
            let members = try r.json().objects("items").flatMap { $0.strings("members") }
            #expect(Set(members).isSubset(of: c.t002.visible), "counsellor T002 lists other counsellors' students: \(members)")
        }
    }
}
