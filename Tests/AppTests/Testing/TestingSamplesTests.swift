import CampusKit
import Foundation
import HummingbirdTesting
import NIOCore
import ShouhuTestSupport
import Testing

/// `POST /api/v1/testing/samples`: a tube holds at most its pool size, a student is sampled once per campaign, and
/// every refusal names its field and stores nothing (CONTRACT.md, Testing C8).
@Suite("Testing samples")
struct TestingSamplesTests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai
    typealias T = TestingFixtures

    /// Students of the fixture in a stable order.
    static let students = T.active.map(\.studentNo)

    @Test("Ten swabs fill a 10-in-1 tube (tubeFull at the tenth); the eleventh is 409 naming tubeCode and is not stored",
          arguments: TestEngine.available)
    func tubeFills(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: admin)
            for (i, student) in Self.students.prefix(10).enumerated() {
                let r = try await h.swab(id, "TUBE-A", student, token: admin)
                #expect(r.status == .created, "\(student): \(r.text)")
                let body = try r.json()
                #expect(body["tubeCode"] as? String == "TUBE-A")
                #expect(body["position"] as? Int == i + 1)
                #expect(body["tubeFull"] as? Bool == (i == 9), "full only at the tenth: \(body)")
            }
            let eleventh = Self.students[10]
            let over = try await h.swab(id, "TUBE-A", eleventh, token: admin)
            #expect(over.status == .conflict, "\(over.text)")
            #expect(over.isProblem)
            #expect(try over.problemFields() == ["tubeCode"], "\(over.text)")
            #expect(over.text.contains("TUBE-A"), "the problem names the tube")

            let coverage = try await h.coverage(id, token: admin)
            #expect(coverage.int("sampled") == 10, "the refused swab is not counted")
            #expect(coverage.int("pending") == 10)
            #expect(try await h.missingReasons(id, token: admin)[eleventh] != nil, "the eleventh student is still missing")
            let tube = try await h.tube("TUBE-A", token: admin).json()
            #expect(tube["filled"] as? Int == 10)
            #expect(tube.strings("members") == Array(Self.students.prefix(10)), "members in swab order")
            #expect(tube["status"] as? String == "open")
            // The eleventh goes into a new tube.
            let next = try await h.swab(id, "TUBE-B", eleventh, token: admin)
            #expect(next.status == .created)
            #expect(try next.json()["position"] as? Int == 1)
        }
    }

    @Test("A student sampled twice in one campaign is 409 naming studentNo; the second tube is not opened",
          arguments: TestEngine.available)
    func sampledTwice(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: admin)
            #expect(try await h.swab(id, "TW-1", "2021000001", token: admin).status == .created)
            for tube in ["TW-1", "TW-2"] {
                let again = try await h.swab(id, tube, "2021000001", token: admin)
                #expect(again.status == .conflict, "\(tube): \(again.text)")
                #expect(try again.problemFields() == ["studentNo"], "\(again.text)")
                #expect(again.text.contains("2021000001"))
            }
            #expect(try await h.tube("TW-1", token: admin).json()["filled"] as? Int == 1)
            #expect(try await h.tube("TW-2", token: admin).status == .notFound, "the refused swab opened no tube")
            #expect(try await h.coverage(id, token: admin).int("sampled") == 1)
            // In another campaign the same student is sampled again.
            let other = try await h.fullCampaign(token: admin, name: "第二轮")
            #expect(try await h.swab(other, "TW-3", "2021000001", token: admin).status == .created)
        }
    }

    @Test("Unknown campaign 404 naming campaignId; a student not in the campaign 422 naming studentNo; a tube of another campaign 409; a closed campaign 409",
          arguments: TestEngine.available)
    func refusals(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let full = try await h.fullCampaign(token: admin)
            let targeted = try await h.targetedCampaign(["2021000001", "2021000002"], token: admin)
            #expect(try await h.swab(full, "TUBE-F", "2021000003", token: admin).status == .created)

            let unknown = try await h.swab("no-such-campaign", "TUBE-U", "2021000001", token: admin)
            #expect(unknown.status == .notFound, "\(unknown.text)")
            #expect(try unknown.problemFields() == ["campaignId"])
            #expect(unknown.isProblem)

            let stranger = try await h.swab(targeted, "TUBE-T", "2021000005", token: admin)
            #expect(stranger.status == .unprocessableContent, "\(stranger.text)")
            #expect(try stranger.problemFields() == ["studentNo"])
            let nobody = try await h.swab(targeted, "TUBE-T", "2099999999", token: admin)
            #expect(nobody.status == .unprocessableContent, "\(nobody.text)")
            #expect(try nobody.problemFields() == ["studentNo"])

            let borrowed = try await h.swab(targeted, "TUBE-F", "2021000001", token: admin)
            #expect(borrowed.status == .conflict, "\(borrowed.text)")
            #expect(try borrowed.problemFields() == ["tubeCode"])
            #expect(try await h.tube("TUBE-F", token: admin).json()["filled"] as? Int == 1, "the other campaign's tube is untouched")
            #expect(try await h.coverage(targeted, token: admin).int("sampled") == 0)

            #expect(try await h.post("/api/v1/testing/campaigns/\(targeted)/close", token: admin, body: "").status == .noContent)
            let closed = try await h.swab(targeted, "TUBE-T", "2021000001", token: admin)
            #expect(closed.status == .conflict, "\(closed.text)")
            #expect(try closed.problemFields() == ["campaignId"])
            #expect(try await h.tube("TUBE-T", token: admin).status == .notFound)
            #expect(try await h.coverage(targeted, token: admin).int("sampled") == 0)
            #expect(try await h.post("/api/v1/testing/campaigns/\(targeted)/close", token: admin, body: "").status == .conflict, "closed once")
            #expect(try await h.get("/api/v1/testing/campaigns/\(targeted)", token: admin).json()["status"] as? String == "closed")
        }
    }

    @Test("Missing or garbage fields are 4xx problem+json (never 500) and store nothing", arguments: TestEngine.available)
    func badBodies(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: admin)
            let bodies: [(String, String, String?)] = [   // body, content type, the field a 422 names
                ("{}", "application/json", nil),
                (#"{"campaignId":"\#(id)","tubeCode":"G-1"}"#, "application/json", nil),
                ("not json", "application/json", nil),
                ("", "application/json", nil),
                ("[1,2,3]", "application/json", nil),
                (#"{"campaignId":7,"tubeCode":"G-1","studentNo":"2021000001"}"#, "application/json", nil),
                (#"{"campaignId":"\#(id)","tubeCode":null,"studentNo":"2021000001"}"#, "application/json", nil),
                (#"{"campaignId":"\#(id)","tubeCode":"G-1","studentNo":"2021000001"}"#, "text/plain", nil),
                (#"{"campaignId":"\#(id)","tubeCode":"坏 管","studentNo":"2021000001"}"#, "application/json", "tubeCode"),
                (#"{"campaignId":"\#(id)","tubeCode":"","studentNo":"2021000001"}"#, "application/json", "tubeCode"),
                (#"{"campaignId":"\#(id)","tubeCode":"\#(String(repeating: "A", count: 41))","studentNo":"2021000001"}"#, "application/json", "tubeCode"),
                (#"{"campaignId":"\#(id)","tubeCode":"G-1","studentNo":"  "}"#, "application/json", "studentNo"),
                (#"{"campaignId":"","tubeCode":"G-1","studentNo":"2021000001"}"#, "application/json", "campaignId"),
            ]
            for (body, type, field) in bodies {
                let r = try await h.post("/api/v1/testing/samples", token: admin, body: body, contentType: type)
                #expect((400..<500).contains(r.status.code), "\(type) \(body) → \(r.status) \(r.text)")
                #expect(r.isProblem, "\(type) \(body) → \(r.headers[.contentType] ?? "none")")
                if let field {
                    #expect(r.status == .unprocessableContent, "\(body)")
                    #expect(try r.problemFields().contains(field), "\(body) names \(field): \(r.text)")
                }
            }
            #expect(try await h.coverage(id, token: admin).int("sampled") == 0, "nothing stored")
            #expect(try await h.get("/api/v1/testing/campaigns/\(id)/tubes", token: admin).json().objects("items").isEmpty)
        }
    }

    /// Sends every swab at once and returns the answers in the order given.
    static func concurrently(_ h: AppHarness, _ swabs: [(campaign: String, tube: String, student: String)], token: String) async throws -> [TestResponse] {
        try await withThrowingTaskGroup(of: (Int, TestResponse).self) { group in
            for (i, s) in swabs.enumerated() {
                group.addTask { (i, try await h.swab(s.campaign, s.tube, s.student, token: token)) }
            }
            var answers: [TestResponse?] = Array(repeating: nil, count: swabs.count)
            for try await (i, r) in group { answers[i] = r }
            return answers.map { $0! }
        }
    }

    @Test("15 students swabbed at once into one new 10-in-1 tube: exactly 10 are stored at positions 1–10, 5 get 409",
          arguments: TestEngine.available)
    func concurrentTube(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: admin)
            var sampled = 0
            for round in 0..<3 {
                let students = Array(Self.students[(round * 15)..<(round * 15 + 15)])
                let tube = "RACE-\(round)"
                let answers = try await Self.concurrently(h, students.map { (id, tube, $0) }, token: admin)
                let won = zip(students, answers).filter { $0.1.status == .created }
                #expect(won.count == 10, "round \(round): \(answers.map(\.status.code))")
                #expect(answers.filter { $0.status == .conflict }.count == 5, "round \(round): \(answers.map(\.status.code))")
                for r in answers where r.status == .conflict { #expect(try r.problemFields() == ["tubeCode"], "\(r.text)") }
                let positions = try won.map { try $0.1.json()["position"] as? Int ?? 0 }
                #expect(Set(positions) == Set(1...10), "round \(round): \(positions)")
                #expect(try won.filter { try $0.1.json()["tubeFull"] as? Bool == true }.count == 1)
                let stored = try await h.tube(tube, token: admin).json()
                #expect(stored["filled"] as? Int == 10)
                #expect(Set(stored.strings("members")) == Set(won.map(\.0)), "round \(round)")
                sampled += 10
                #expect(try await h.coverage(id, token: admin).int("sampled") == sampled)
            }
        }
    }

    @Test("One student swabbed at once into 8 different tubes: exactly one 201, the others 409 naming studentNo, and only one tube opened",
          arguments: TestEngine.available)
    func concurrentStudent(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: admin)
            for (round, student) in ["2021000001", "2022000110", "2021000005"].enumerated() {
                let tubes = (0..<8).map { "SAME-\(round)-\($0)" }
                let answers = try await Self.concurrently(h, tubes.map { (id, $0, student) }, token: admin)
                #expect(answers.filter { $0.status == .created }.count == 1, "\(student): \(answers.map(\.status.code))")
                #expect(answers.filter { $0.status == .conflict }.count == 7, "\(student): \(answers.map(\.status.code))")
                for r in answers where r.status == .conflict { #expect(try r.problemFields() == ["studentNo"], "\(r.text)") }
                let winner = try #require(zip(tubes, answers).first { $0.1.status == .created }?.0)
                for tube in tubes where tube != winner {
                    #expect(try await h.tube(tube, token: admin).status == .notFound, "\(tube) was rolled back")
                }
                #expect(try await h.tube(winner, token: admin).json().strings("members") == [student])
            }
            #expect(try await h.coverage(id, token: admin).int("sampled") == 3)
            #expect(try await h.get("/api/v1/testing/campaigns/\(id)/tubes", token: admin).json().objects("items").count == 3)
        }
    }
}
