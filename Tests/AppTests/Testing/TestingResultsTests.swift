import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// `POST /api/v1/testing/results` as JSON and CSV: negative closes a tube, positive flags its members for an
/// individual retest with a case each and stops them at building doors, invalid sends them back to be sampled
/// (CONTRACT.md, Testing C8).
@Suite("Testing results")
struct TestingResultsTests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai
    typealias T = TestingFixtures

    /// Lockdown at building doors with the retest requirement (as the lockdown preset has it).
    static let retestPolicy = """
    {"name":"封闭管理","curfew":"22:00","secondApprovalHours":24,"rules":[
      {"kinds":["building_door"],"direction":"in","require":["checked_in_today","no_open_case","no_pending_retest"]}]}
    """

    static func decide(_ h: AppHarness, _ student: String, at point: String, token: String) async throws -> [String: Any] {
        try await GateDecisionTests.decide(h, student, point, "in", token: token)
    }

    @Test("A negative tube closes (its students count negative); unknown tube codes are listed while the rest are applied",
          arguments: TestEngine.available)
    func negativeAndUnknown(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: admin)
            let students = T.active.map(\.studentNo)
            try await h.fill(id, "N-1", Array(students[0..<10]), token: admin)
            try await h.fill(id, "N-2", Array(students[10..<13]), token: admin)
            let r = try await h.labResults([("N-1", "negative"), ("NOPE-9", "negative")], token: admin)
            #expect(r.status == .ok, "\(r.text)")
            let body = try r.json()
            #expect(body["applied"] as? Int == 1)
            #expect(body.strings("unknown") == ["NOPE-9"])
            #expect(body.strings("flagged").isEmpty)
            #expect(try await h.tube("N-1", token: admin).json()["status"] as? String == "negative")
            #expect(try await h.tube("N-2", token: admin).json()["status"] as? String == "open")
            let c = try await h.coverage(id, token: admin)
            #expect(c.int("sampled") == 13)
            #expect(c.int("negative") == 10)
            #expect(c.int("pending") == 3)
            #expect(c.int("positive") == 0)
            let late = try await h.swab(id, "N-1", students[13], token: admin)
            #expect(late.status == .conflict, "a tube with its result takes no more swabs: \(late.text)")
            #expect(try late.problemFields() == ["tubeCode"])
            let again = try await h.labResults([("N-1", "negative")], token: admin)
            #expect(try again.json()["applied"] as? Int == 1, "the same result again is applied (a no-op)")
            #expect(try await h.coverage(id, token: admin).int("negative") == 10)
            let conflict = try await h.labResults([("N-1", "positive")], token: admin)
            #expect(try conflict.json().strings("conflicts") == ["N-1"], "\(conflict.text)")
            #expect(try await h.tube("N-1", token: admin).json()["status"] as? String == "negative", "a tube's result is not overwritten")
        }
    }

    @Test("A positive pooled tube: members flagged, one retest campaign (pool size 1) of exactly them, a testing case each; the door says retest_pending until an individual negative clears it; resending changes nothing",
          arguments: TestEngine.available)
    func positiveFlow(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let gate = try await h.setUpGates()
            #expect(try await h.put("/api/v1/access/policy", token: admin, body: Self.retestPolicy).status == .ok)
            let id = try await h.fullCampaign(token: admin)
            let members = ["2021000001", "2021000002", "2021000003", "2022000101"]
            try await h.fill(id, "P-1", members, token: admin)
            try await h.fill(id, "P-2", ["2022000102", "2022000103"], token: admin)

            let r = try await h.labResults([("P-1", "positive"), ("P-2", "negative")], token: admin)
            #expect(r.status == .ok, "\(r.text)")
            let outcome = try r.json()
            #expect(outcome["applied"] as? Int == 2)
            #expect(Set(outcome.strings("flagged")) == Set(members))
            #expect(outcome.strings("flagged").count == members.count)
            let retests = outcome.strings("retestCampaigns")
            #expect(retests.count == 1)
            let retest = try #require(retests.first)
            let plan = try await h.get("/api/v1/testing/campaigns/\(retest)", token: admin).json()
            #expect(plan["poolSize"] as? Int == 1)
            #expect(plan["purpose"] as? String == "retest")
            #expect(plan["kind"] as? String == "targeted")
            #expect(plan["expected"] as? Int == members.count)
            #expect(Set(try await h.missing(retest, token: admin).compactMap { $0["studentNo"] as? String }) == Set(members),
                    "the retest expects exactly the tube's members")
            #expect(try await h.coverage(id, token: admin).int("positive") == members.count)

            let cases = try await h.get("/api/v1/cases?source=testing&limit=1000", token: admin).json().objects("items")
            #expect(cases.compactMap { $0["studentNo"] as? String }.sorted() == members.sorted(), "a case for each member: \(cases)")
            #expect(cases.allSatisfy { $0["source"] as? String == "testing" && $0["status"] as? String == "open" })

            // Each member checks in; the open case stops them first. With the case closed, the retest flag still does.
            let decider = gate
            for student in ["2021000001", "2021000002"] {
                let token = try await h.tokenFor(student)
                #expect(try await h.post("/api/v1/checkins", token: token, body: CheckInsTests.body(student)).status == .created)
                #expect(try await Self.decide(h, student, at: "b1-door", token: decider)["reason"] as? String == "open_case")
                let caseID = try #require(cases.first { $0["studentNo"] as? String == student }?["id"] as? String)
                let closed = try await h.post("/api/v1/cases/\(caseID)/close", token: admin, body: #"{"outcome":"已隔离观察，待复检"}"#)
                #expect(closed.status == .ok, "\(closed.text)")
                let d = try await Self.decide(h, student, at: "b1-door", token: decider)
                #expect(d["allow"] as? Bool == false)
                #expect(d["reason"] as? String == "retest_pending", "\(d)")
            }
            #expect(try await Self.decide(h, "2022000102", at: "b1-door", token: decider)["reason"] as? String == "checkin_missing",
                    "a negative tube's member is not flagged")

            // The individual retest of 001 is negative: cleared, and the door lets them in. 002 is still waiting.
            let swab = try await h.swab(retest, "R-1", "2021000001", token: admin)
            #expect(swab.status == .created, "\(swab.text)")
            #expect(try swab.json()["tubeFull"] as? Bool == true, "one swab fills an individual tube")
            let cleared = try await h.labResults([("R-1", "negative")], token: admin)
            #expect(cleared.status == .ok, "\(cleared.text)")
            #expect(try cleared.json().strings("cleared") == ["2021000001"])
            #expect(try cleared.json().strings("confirmed").isEmpty)
            let d1 = try await Self.decide(h, "2021000001", at: "b1-door", token: decider)
            #expect(d1["reason"] as? String != "retest_pending")
            #expect(d1["allow"] as? Bool == true, "\(d1)")
            #expect(try await Self.decide(h, "2021000002", at: "b1-door", token: decider)["reason"] as? String == "retest_pending")

            // The lab sends the pooled result again: no second retest campaign, no new flag, no second case.
            let before = try await h.get("/api/v1/cases?source=testing&limit=1000", token: admin).json().objects("items")
            let timeline = try await h.get("/api/v1/cases/\(try #require(before.first?["id"] as? String))", token: admin).text
            let resent = try await h.labResults([("P-1", "positive")], token: admin)
            #expect(resent.status == .ok)
            #expect(try resent.json()["applied"] as? Int == 1)
            #expect(try resent.json().strings("retestCampaigns").isEmpty, "\(resent.text)")
            #expect(try resent.json().strings("flagged").isEmpty, "\(resent.text)")
            let campaigns = try await h.get("/api/v1/testing/campaigns", token: admin).json().objects("items")
            #expect(campaigns.filter { $0["purpose"] as? String == "retest" }.count == 1)
            #expect(try await h.get("/api/v1/cases?source=testing&limit=1000", token: admin).json().objects("items").count == before.count)
            #expect(try await h.get("/api/v1/cases/\(try #require(before.first?["id"] as? String))", token: admin).text == timeline)
            #expect(try await Self.decide(h, "2021000001", at: "b1-door", token: decider)["allow"] as? Bool == true,
                    "the cleared member is not flagged again")
        }
    }

    @Test("An individual positive retest is confirmed; its student is no longer pending a retest but keeps an open testing case",
          arguments: TestEngine.available)
    func confirmedPositive(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: admin)
            try await h.fill(id, "CP-1", ["2021000005", "2021000006"], token: admin)
            let retest = try #require(try await h.labResults([("CP-1", "positive")], token: admin).json().strings("retestCampaigns").first)
            try await h.fill(retest, "CP-R5", ["2021000005"], token: admin)
            let r = try await h.labResults([("CP-R5", "positive")], token: admin).json()
            #expect(r.strings("confirmed") == ["2021000005"], "\(r)")
            #expect(r.strings("cleared").isEmpty)
            let open = try await h.get("/api/v1/cases?source=testing&status=open&studentNo=2021000005", token: admin).json().objects("items")
            #expect(open.count == 1, "the confirmation goes on the member's open case")
        }
    }

    @Test("An invalid tube: its members are to be sampled again, show as missing with reason resample, and are swabbed into a new tube",
          arguments: TestEngine.available)
    func invalidTube(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: admin)
            let members = ["2022000121", "2022000122", "2022000123", "2022000124"]
            try await h.fill(id, "I-1", members, token: admin)
            try await h.fill(id, "I-9", ["2021000001"], token: admin)
            #expect(try await h.coverage(id, token: admin).int("sampled") == 5)
            let r = try await h.labResults([("I-1", "invalid")], token: admin)
            #expect(r.status == .ok, "\(r.text)")
            #expect(Set(try r.json().strings("resample")) == Set(members))
            #expect(try r.json().strings("flagged").isEmpty)
            #expect(try await h.tube("I-1", token: admin).json()["status"] as? String == "invalid")
            let c = try await h.coverage(id, token: admin)
            #expect(c.int("sampled") == 1, "the voided swabs do not count: \(c)")
            #expect(c.int("expected") == T.active.count)
            let reasons = try await h.missingReasons(id, token: admin)
            for m in members { #expect(reasons[m] == "resample", "\(m): \(reasons[m] ?? "not missing")") }
            #expect(reasons["2022000125"] == "", "others missing have no reason")
            let mine = try await h.get("/api/v1/testing/mine", token: try await h.tokenFor(members[0])).json().objects("items")
            #expect(mine.first { $0["campaignId"] as? String == id }?["status"] as? String == "resample")

            for (i, m) in members.enumerated() {
                let again = try await h.swab(id, "I-2", m, token: admin)
                #expect(again.status == .created, "\(m): \(again.text)")
                #expect(try again.json()["position"] as? Int == i + 1)
            }
            #expect(try await h.coverage(id, token: admin).int("sampled") == 5)
            let after = try await h.missingReasons(id, token: admin)
            for m in members { #expect(after[m] == nil, "\(m) sampled again") }
            let resent = try await h.labResults([("I-1", "invalid"), ("I-2", "negative")], token: admin)
            #expect(try resent.json()["applied"] as? Int == 2)
            #expect(try await h.coverage(id, token: admin).int("negative") == 4, "resending the invalid result voids nothing new")
        }
    }

    @Test("A bad result word is 422 naming results[i].result and nothing is applied", arguments: TestEngine.available)
    func badWord(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: admin)
            try await h.fill(id, "W-1", ["2021000001", "2021000002"], token: admin)
            try await h.fill(id, "W-2", ["2021000003"], token: admin)
            let r = try await h.labResults([("W-1", "negative"), ("W-2", "maybe"), ("W-1", "negative")], token: admin)
            #expect(r.status == .unprocessableContent, "\(r.text)")
            #expect(r.isProblem)
            #expect(try r.problemFields() == ["results[1].result"])
            #expect(try await h.tube("W-1", token: admin).json()["status"] as? String == "open", "nothing applied")
            #expect(try await h.coverage(id, token: admin).int("negative") == 0)

            for body in [#"{"results":[]}"#, #"{"results":[{"tubeCode":"W-1"}]}"#, #"{"results":"W-1"}"#, "nonsense",
                         #"{"results":[{"tubeCode":"坏 管","result":"negative"}]}"#,
                         #"{"results":[{"tubeCode":"W-1","result":"negative"},{"tubeCode":"W-1","result":"positive"}]}"#] {
                let bad = try await h.post("/api/v1/testing/results", token: admin, body: body)
                #expect((400..<500).contains(bad.status.code), "\(body) → \(bad.status) \(bad.text)")
                #expect(bad.isProblem, "\(body)")
            }
            #expect(try await h.tube("W-1", token: admin).json()["status"] as? String == "open", "nothing applied")
        }
    }

    @Test("A tube listed twice in one JSON report (same result) is applied once: one retest campaign, each member flagged once, one case entry",
          arguments: TestEngine.available)
    func duplicateLine(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: admin)
            let members = ["2021000005", "2021000006"]
            try await h.fill(id, "D-1", members, token: admin)
            try await h.fill(id, "D-2", ["2022000121", "2022000122"], token: admin)
            let r = try await h.labResults([("D-1", "positive"), ("D-2", "invalid"), ("D-1", "positive"), ("D-2", "invalid")], token: admin)
            #expect(r.status == .ok, "\(r.text)")
            let body = try r.json()
            #expect(body["applied"] as? Int == 2, "two tubes: \(r.text)")
            #expect(body.strings("flagged").sorted() == members, "each member once: \(r.text)")
            #expect(body.strings("retestCampaigns").count == 1, "\(r.text)")
            #expect(body.strings("resample").sorted() == ["2022000121", "2022000122"], "\(r.text)")
            let cases = try await h.get("/api/v1/cases?source=testing&studentNo=2021000005", token: admin).json().objects("items")
            let caseID = try #require(cases.first?["id"] as? String)
            let timeline = try await h.get("/api/v1/cases/\(caseID)", token: admin).json().objects("timeline")
            let positives = timeline.filter { ($0["detail"] as? String ?? "").contains("D-1") }
            #expect(positives.count == 1, "the positive tube is on the case once: \(timeline.map { $0["detail"] as? String ?? "" })")
        }
    }

    @Test("The same positive result sent by several lab clients at once: one retest campaign, the members flagged in one answer only, one case entry each",
          arguments: TestEngine.available)
    func concurrentResend(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: admin)
            for round in 0..<3 {
                let members = Array(T.inBuilding("6号楼").map(\.studentNo)[(round * 4)..<(round * 4 + 4)])
                let tube = "CC-\(round)"
                try await h.fill(id, tube, members, token: admin)
                let answers = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                    for _ in 0..<6 { group.addTask { try await h.labResults([(tube, "positive")], token: admin) } }
                    var all: [TestResponse] = []
                    for try await r in group { all.append(r) }
                    return all
                }
                #expect(answers.allSatisfy { $0.status == .ok }, "\(answers.map(\.status.code))")
                let flagged = try answers.map { try $0.json().strings("flagged") }
                #expect(flagged.filter { !$0.isEmpty }.count == 1, "round \(round): members flagged in \(flagged.filter { !$0.isEmpty }.count) answers")
                let retests = Set(try answers.flatMap { try $0.json().strings("retestCampaigns") })
                #expect(retests.count == 1, "round \(round): \(retests)")
                var entries: [String: Int] = [:]
                for m in members {
                    let cases = try await h.get("/api/v1/cases?source=testing&studentNo=\(m)", token: admin).json().objects("items")
                    #expect(cases.count == 1, "\(m)")
                    let caseID = try #require(cases.first?["id"] as? String)
                    let timeline = try await h.get("/api/v1/cases/\(caseID)", token: admin).json().objects("timeline")
                    entries[m] = timeline.filter { $0["kind"] as? String != "notified" && ($0["detail"] as? String ?? "").contains(tube) }.count
                }
                #expect(entries.values.allSatisfy { $0 == 1 }, "round \(round): times the positive tube is on each member's case: \(entries)")
            }
            let campaigns = try await h.get("/api/v1/testing/campaigns", token: admin).json().objects("items")
            #expect(campaigns.filter { $0["purpose"] as? String == "retest" }.count == 3)
        }
    }

    @Test("CSV with a header and Chinese words is applied; malformed rows are 422 listing each row and nothing is applied",
          arguments: TestEngine.available)
    func csvUpload(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: admin)
            try await h.fill(id, "C-1", ["2021000001", "2021000002"], token: admin)
            try await h.fill(id, "C-2", ["2021000005", "2021000006"], token: admin)
            try await h.fill(id, "C-3", ["2021000003"], token: admin)

            let bad = try await h.post("/api/v1/testing/results", token: admin,
                                       body: "tubeCode,result\nC-3,阴性\nC-1,也许\n坏 管,阴性\nC-2\n", contentType: "text/csv")
            #expect(bad.status == .unprocessableContent, "\(bad.text)")
            #expect(bad.isProblem)
            let rows = try bad.problemErrors().compactMap { $0["row"] as? Int }
            #expect(rows == [3, 4, 5], "\(bad.text)")
            for code in ["C-1", "C-2", "C-3"] {
                #expect(try await h.tube(code, token: admin).json()["status"] as? String == "open", "\(code): nothing applied")
            }

            let good = try await h.post("/api/v1/testing/results", token: admin,
                                        body: "tubeCode,result\nC-1,阴性\nC-2,阳性\nC-404,阴性\n", contentType: "text/csv; charset=utf-8")
            #expect(good.status == .ok, "\(good.text)")
            let body = try good.json()
            #expect(body["applied"] as? Int == 2)
            #expect(body.strings("unknown") == ["C-404"])
            #expect(Set(body.strings("flagged")) == ["2021000005", "2021000006"])
            #expect(body.strings("retestCampaigns").count == 1)
            #expect(try await h.tube("C-1", token: admin).json()["status"] as? String == "negative")
            #expect(try await h.tube("C-2", token: admin).json()["status"] as? String == "positive")
            #expect(try await h.tube("C-3", token: admin).json()["status"] as? String == "open")
        }
    }
}
