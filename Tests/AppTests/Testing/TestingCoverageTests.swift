import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// `GET …/coverage?groupBy=building|floor|class` and `GET …/missing` with reasons (CONTRACT.md, Testing C8).
@Suite("Testing coverage and missing lists")
struct TestingCoverageTests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai
    typealias T = TestingFixtures

    /// `groups` as key → (expected, sampled).
    static func groups(_ coverage: [String: Any]) -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        for g in coverage.objects("groups") {
            if let key = g["key"] as? String { result[key] = [g["expected"] as? Int ?? -1, g["sampled"] as? Int ?? -1] }
        }
        return result
    }

    /// What the groups should be: for each key of `members`, how many are expected and how many of them in `sampled`.
    static func expectedGroups(_ key: (T.Member) -> String, sampled: Set<String>, members: [T.Member] = T.active) -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        for m in members {
            result[key(m), default: [0, 0]][0] += 1
            if sampled.contains(m.studentNo) { result[key(m), default: [0, 0]][1] += 1 }
        }
        return result
    }

    @Test("Coverage counts students by building, floor and class, consistent with what was sampled and the results",
          arguments: TestEngine.available)
    func grouped(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: admin)
            let b1 = T.inBuilding("1号楼").map(\.studentNo)
            let b6 = T.inBuilding("6号楼").map(\.studentNo)
            let b9 = T.inBuilding("9号楼").map(\.studentNo)
            let negative = Array(b1.prefix(10))
            let positive = Array(b6.prefix(3))
            let pending = Array(b6.suffix(2)) + Array(b9.prefix(4))
            try await h.fill(id, "G-1", negative, token: admin)
            try await h.fill(id, "G-2", positive, token: admin)
            try await h.fill(id, "G-3", pending, token: admin)
            _ = try await h.labResults([("G-1", "negative"), ("G-2", "positive")], token: admin)
            let sampled = Set(negative + positive + pending)

            for groupBy in ["building", "floor", "class"] {
                let c = try await h.coverage(id, groupBy: groupBy, token: admin)
                #expect(c.int("expected") == T.active.count, "\(groupBy)")
                #expect(c.int("sampled") == sampled.count, "\(groupBy)")
                #expect(c.int("negative") == negative.count, "\(groupBy)")
                #expect(c.int("positive") == positive.count, "\(groupBy)")
                #expect(c.int("pending") == pending.count, "\(groupBy)")
                let groups = Self.groups(c)
                let key: (T.Member) -> String = switch groupBy {
                case "building": { $0.building }
                case "floor": { $0.floorKey }
                default: { $0.className }
                }
                #expect(groups == Self.expectedGroups(key, sampled: sampled), "\(groupBy): \(groups)")
                #expect(groups.values.map { $0[0] }.reduce(0, +) == c.int("expected"), "\(groupBy): the groups add up")
                #expect(groups.values.map { $0[1] }.reduce(0, +) == c.int("sampled"), "\(groupBy): the groups add up")
            }
            let byBuilding = try await h.coverage(id, groupBy: "building", token: admin).objects("groups")
            #expect(byBuilding.compactMap { $0["key"] as? String } == ["1号楼", "6号楼", "9号楼"], "in order")
            let six = try #require(byBuilding.first { $0["key"] as? String == "6号楼" })
            #expect(six["positive"] as? Int == 3)
            #expect(six["pending"] as? Int == 2)
            let missing = try await h.missing(id, token: admin).compactMap { $0["studentNo"] as? String }
            #expect(Set(missing) == T.activeNumbers.subtracting(sampled))
            #expect(missing.count == T.active.count - sampled.count)

            let bad = try await h.get("/api/v1/testing/campaigns/\(id)/coverage?groupBy=room", token: admin)
            #expect((400..<500).contains(bad.status.code), "\(bad.status)")
            let unknown = try await h.get("/api/v1/testing/campaigns/nope/coverage", token: admin)
            #expect(unknown.status == .notFound)
            #expect(try unknown.problemFields() == ["campaignId"])
            #expect(try await h.get("/api/v1/testing/campaigns/nope/missing", token: admin).status == .notFound)
        }
    }

    @Test("An exemption drops the student from expected and lists them with reason exempt; swabbed anyway, the exemption goes",
          arguments: TestEngine.available)
    func exemption(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: admin)
            let r = try await h.post("/api/v1/testing/campaigns/\(id)/exemptions", token: admin, body: #"{"studentNo":"2021000003","reason":"住院治疗"}"#)
            #expect(r.status == .noContent, "\(r.text)")
            let c = try await h.coverage(id, token: admin)
            #expect(c.int("expected") == T.active.count - 1)
            #expect(c.int("exempt") == 1)
            #expect(Self.groups(c)["1号楼"]?[0] == T.inBuilding("1号楼").count - 1)
            let item = try #require(try await h.missing(id, token: admin).first { $0["studentNo"] as? String == "2021000003" })
            #expect(item["reason"] as? String == "exempt")
            #expect(item["note"] as? String == "住院治疗")
            let mine = try await h.get("/api/v1/testing/mine", token: try await h.tokenFor("2021000003")).json().objects("items")
            #expect(mine.first?["status"] as? String == "exempt")

            for (body, status) in [(#"{"studentNo":"2021000003","reason":"  "}"#, HTTPResponse.Status.unprocessableContent),
                                   (#"{"studentNo":"2099999999","reason":"x"}"#, .notFound)] {
                #expect(try await h.post("/api/v1/testing/campaigns/\(id)/exemptions", token: admin, body: body).status == status, "\(body)")
            }
            #expect(try await h.post("/api/v1/testing/campaigns/nope/exemptions", token: admin, body: #"{"studentNo":"2021000003","reason":"x"}"#).status == .notFound)

            // Came anyway: the swab counts and the exemption is gone.
            #expect(try await h.swab(id, "E-1", "2021000003", token: admin).status == .created)
            let after = try await h.coverage(id, token: admin)
            #expect(after.int("expected") == T.active.count)
            #expect(after.int("exempt") == 0)
            #expect(after.int("sampled") == 1)
            // A sampled student cannot be exempted.
            let late = try await h.post("/api/v1/testing/campaigns/\(id)/exemptions", token: admin, body: #"{"studentNo":"2021000003","reason":"x"}"#)
            #expect(late.status == .conflict, "\(late.text)")
            #expect(try await h.coverage(id, token: admin).int("expected") == T.active.count)
            // Their tube comes back invalid: they are to be sampled again, not exempt.
            _ = try await h.labResults([("E-1", "invalid")], token: admin)
            #expect(try await h.missingReasons(id, token: admin)["2021000003"] == "resample")
            let voided = try await h.coverage(id, token: admin)
            #expect(voided.int("expected") == T.active.count, "the old exemption does not come back: \(voided)")
            #expect(voided.int("exempt") == 0)
        }
    }

    @Test("Missing reasons: an approved leave covering the day is on_leave (a pending one is not), an off-campus student off_campus, an open case open_case",
          arguments: TestEngine.available)
    func reasons(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let student = try await h.tokenFor("2021000002")
            let asked = try await h.post("/api/v1/leaves", token: student, body: """
                {"studentNo":"2021000002","from":"2026-11-27T09:00:00+08:00","to":"2026-11-27T18:00:00+08:00","reason":"看牙医","destination":"市口腔医院"}
                """)
            #expect(asked.status == .created, "\(asked.text)")
            let leave = try #require(try asked.json()["id"] as? String)
            let fever = try await h.tokenFor("2021000005")
            #expect(try await h.post("/api/v1/checkins", token: fever, body: CheckInsTests.body("2021000005", temperature: "38.4")).status == .created)

            let id = try await h.targetedCampaign(["2021000001", "2021000002", "2021000005", "2021000007"], token: admin)
            let before = try await h.missingReasons(id, token: admin)
            #expect(before["2021000002"] == "", "a pending leave is no reason: \(before)")
            #expect(before["2021000001"] == "")
            #expect(before["2021000007"] == "off_campus", "\(before)")
            #expect(before["2021000005"] == "open_case", "\(before)")

            let approved = try await h.post("/api/v1/leaves/\(leave)/approve", token: try await h.tokenFor("T001"), body: "{}")
            #expect(try approved.json()["status"] as? String == "approved", "\(approved.text)")
            let after = try await h.missingReasons(id, token: admin)
            #expect(after["2021000002"] == "on_leave", "\(after)")
            #expect(after.count == 4)

            // A leave on another day is no reason on this one.
            let next = try await h.createCampaign(#"{"name":"次日","date":"2026-11-28","kind":"targeted","students":["2021000002"]}"#, token: admin)
            let nextID = try #require(next["id"] as? String)
            #expect(try await h.missingReasons(nextID, token: admin)["2021000002"] == "", "the leave does not cover 11-28")
        }
    }
}
