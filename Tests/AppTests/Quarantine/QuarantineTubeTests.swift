import CampusKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// A positive tube's members placed in quarantine in one action (issue 15: "a positive tube's members (C8) offered for
/// placement; a placement records where it came from").
@Suite("Quarantine: placing a positive tube's members")
struct QuarantineTubeTests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai, the testing fixtures' day

    /// A campaign with pooled tube P1 (students 1, 2, 3) reported positive and N1 (student 5) negative.
    @discardableResult
    static func positiveTube(_ h: AppHarness, admin: String) async throws -> String {
        let campaign = try await h.targetedCampaign(["2021000001", "2021000002", "2021000003", "2021000005"], token: admin, poolSize: 10)
        try await h.fill(campaign, "P1", ["2021000001", "2021000002", "2021000003"], token: admin)
        try await h.fill(campaign, "N1", ["2021000005"], token: admin)
        let r = try await h.labResults([("P1", "positive"), ("N1", "negative")], token: admin)
        guard r.status == .ok else { throw HarnessError("results: \(r.text)") }
        return campaign
    }

    @Test("All of a positive tube's members are placed as positive in one request, each placement naming the tube; already placed ones are skipped and named",
          arguments: TestEngine.available)
    func placesTheMembers(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            try await h.createSite(rooms: [("A101", 2), ("A102", 2)], token: admin)
            try await Self.positiveTube(h, admin: admin)
            _ = try await h.placed("2021000003", reason: "symptoms", token: admin)
            let r = try await h.post("/api/v1/testing/tubes/P1/placements", token: admin, body: #"{"site":"Q1"}"#)
            #expect(r.status == .created, "\(r.text)")
            let placed = try r.json().objects("placed")
            #expect(placed.compactMap { $0["studentNo"] as? String }.sorted() == ["2021000001", "2021000002"])
            #expect(placed.allSatisfy { $0["reason"] as? String == "positive" && $0["origin"] as? String == "testing" && $0["tube"] as? String == "P1" })
            #expect(try r.json().objects("skipped").compactMap { $0["studentNo"] as? String } == ["2021000003"])
            let id = try #require(placed.first?["id"] as? String)
            let one = try await h.get("/api/v1/quarantine/placements/\(id)", token: admin).json()
            #expect((one["placement"] as? [String: Any])?["tube"] as? String == "P1", "the placement records where it came from: \(one)")
        }
    }

    @Test("Refusals name their field and place nobody: unknown tube (404 tube), a negative tube (422 tube), a student not in the tube (422 studentNos[1]), a full site (409 site); a counsellor may not (403)",
          arguments: TestEngine.available)
    func refusals(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            try await h.createSite(rooms: [("A101", 2)], token: admin)
            try await Self.positiveTube(h, admin: admin)
            func refused(_ uri: String, _ body: String, _ status: HTTPResponse.Status, _ field: String) async throws {
                let r = try await h.post(uri, token: admin, body: body)
                #expect(r.status == status, "\(uri) \(body): \(r.text)")
                #expect(try r.problemErrors().first?["field"] as? String == field, "\(r.text)")
            }
            try await refused("/api/v1/testing/tubes/NOPE/placements", #"{"site":"Q1"}"#, .notFound, "tube")
            try await refused("/api/v1/testing/tubes/N1/placements", #"{"site":"Q1"}"#, .unprocessableContent, "tube")
            try await refused("/api/v1/testing/tubes/P1/placements", #"{"site":"Q1","studentNos":["2021000001","2021000005"]}"#, .unprocessableContent, "studentNos[1]")
            try await refused("/api/v1/testing/tubes/P1/placements", #"{"site":"Q1"}"#, .conflict, "site")
            let counsellor = try await h.tokenFor("T001")
            #expect(try await h.post("/api/v1/testing/tubes/P1/placements", token: counsellor, body: #"{"site":"Q1"}"#).status == .forbidden)
            #expect(try await h.ledger(token: admin).isEmpty, "nothing was placed by any refused request")
            let chosen = try await h.post("/api/v1/testing/tubes/P1/placements", token: admin, body: #"{"site":"Q1","studentNos":["2021000002"]}"#)
            #expect(chosen.status == .created)
            #expect(try await h.ledger(token: admin) == ["2021000002"])
        }
    }

    @Test("Through the pages: the campaign page offers the positive tube to the office, the tube page places the ticked members and the placement page names the tube",
          arguments: TestEngine.available)
    func throughThePages(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            try await h.createSite(rooms: [("A101", 2), ("A102", 2)], token: admin)
            let campaign = try await Self.positiveTube(h, admin: admin)
            let (cookie, csrf) = try await CheckInPagesTests.signIn(h, "admin")
            let page = try await PagesTests.page(h, "/testing/\(campaign)", cookie: cookie).text
            #expect(page.contains("阳性试管") && page.contains("/quarantine/tube?code=P1"))
            #expect(!page.contains("/quarantine/tube?code=N1"))
            let tube = try await PagesTests.page(h, "/quarantine/tube?code=P1", cookie: cookie).text
            #expect(tube.contains("甲一") && tube.contains("乙一"))
            let none = try await CheckInPagesTests.post(h, "/quarantine/tube", cookie: cookie, form: "_csrf=\(csrf)&tube=P1&site=Q1")
            #expect(none.status == .unprocessableContent && none.text.contains("请至少勾选一名学生"))
            let done = try await CheckInPagesTests.post(h, "/quarantine/tube", cookie: cookie,
                                                        form: "_csrf=\(csrf)&tube=P1&site=Q1&students%5B%5D=2021000001&students%5B%5D=2021000003")
            #expect(done.status == .seeOther)
            #expect(try await h.ledger(token: admin).sorted() == ["2021000001", "2021000003"])
            let again = try await PagesTests.page(h, "/quarantine/tube?code=P1", cookie: cookie).text
            #expect(!again.contains(#"value="2021000001""#) && !again.contains(#"value="2021000003""#) && again.contains(#"value="2021000002""#),
                    "only the member not yet placed can be ticked")
            let id = try #require(try await h.get("/api/v1/quarantine/placements?studentNo=2021000001", token: admin).json().objects("items").first?["id"] as? String)
            let detail = try await PagesTests.page(h, "/quarantine/placements/\(id)", cookie: cookie).text
            #expect(detail.contains("阳性试管 P1"), "the source in words")
            #expect(!detail.contains(" positive<") && detail.contains("Q1/A101 阳性"), "the history's reason in words")
        }
    }
}
