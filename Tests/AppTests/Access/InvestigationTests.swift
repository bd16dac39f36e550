import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// `POST /api/v1/investigations` by the contract's rules, saved, audited, scoped and marked for follow-up.
@Suite("Contact investigation")
struct InvestigationTests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai
    static let window = #""from":"2026-11-26T00:00:00+08:00","to":"2026-11-27T08:00:00+08:00""#

    /// Student 1 (index) and 5 share 30 minutes in the library; 5 and 6 are roommates (301); 3 shares 10 minutes with 1 at
    /// the canteen (too short), and 6 shares 20 minutes of the canteen with 5 later.
    static func seed(_ h: AppHarness) async throws -> String {
        let gate = try await h.setUpGates()
        let r = try await h.sendEvents([
            AppHarness.event("1a", "library", "2021000001", "in", "2026-11-26T14:00:00+08:00"),
            AppHarness.event("1b", "library", "2021000001", "out", "2026-11-26T15:00:00+08:00"),
            AppHarness.event("5a", "library", "2021000005", "in", "2026-11-26T14:30:00+08:00"),
            AppHarness.event("5b", "library", "2021000005", "out", "2026-11-26T16:00:00+08:00"),
            AppHarness.event("1c", "canteen-1-east", "2021000001", "in", "2026-11-26T18:00:00+08:00"),
            AppHarness.event("1d", "canteen-1-west", "2021000001", "out", "2026-11-26T18:10:00+08:00"),
            AppHarness.event("3a", "canteen-1-east", "2021000003", "in", "2026-11-26T18:00:00+08:00"),
            AppHarness.event("3b", "canteen-1-east", "2021000003", "out", "2026-11-26T18:30:00+08:00"),
            AppHarness.event("5c", "canteen-1-east", "2021000005", "in", "2026-11-26T19:00:00+08:00"),
            AppHarness.event("5d", "canteen-1-east", "2021000005", "out", "2026-11-26T19:30:00+08:00"),
            AppHarness.event("6a", "canteen-1-west", "2021000006", "in", "2026-11-26T19:10:00+08:00"),
            AppHarness.event("6b", "canteen-1-west", "2021000006", "out", "2026-11-26T19:40:00+08:00"),
        ], token: gate)
        guard try r.json()["accepted"] as? Int == 12 else { throw HarnessError("seed: \(r.text)") }
        return gate
    }

    static func contacts(_ body: [String: Any]) -> [String: [String: Any]] {
        Dictionary(uniqueKeysWithValues: (body["contacts"] as? [[String: Any]] ?? []).compactMap { c in (c["studentNo"] as? String).map { ($0, c) } })
    }

    @Test("Degree 1 by co-presence and roommates, degree 2 through each with `via`, evidence with the overlap's times", arguments: TestEngine.available)
    func rules(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            try await h.importFixtureCollege()
            _ = try await Self.seed(h)
            let admin = try await h.adminToken()
            let r = try await h.post("/api/v1/investigations", token: admin, body: #"{"indexStudentNo":"2021000001",\#(Self.window)}"#)
            #expect(r.status == .created, "\(r.text)")
            let found = Self.contacts(try r.json())
            #expect(Set(found.keys) == ["2021000002", "2021000005", "2021000006"], "\(found.keys)")
            let roommate = try #require(found["2021000002"])
            #expect(roommate["degree"] as? Int == 1)
            #expect((roommate["evidence"] as? [[String: Any]])?.first?["rule"] as? String == "roommate")
            #expect((roommate["evidence"] as? [[String: Any]])?.first?["place"] as? String == "1号楼/101")
            let library = try #require((found["2021000005"]?["evidence"] as? [[String: Any]])?.first)
            #expect(found["2021000005"]?["degree"] as? Int == 1)
            #expect(library["rule"] as? String == "co_presence")
            #expect(library["place"] as? String == "library")
            #expect(library["minutes"] as? Int == 30)
            #expect((library["from"] as? String)?.hasPrefix("2026-11-26T06:30:00") == true)
            #expect((library["to"] as? String)?.hasPrefix("2026-11-26T07:00:00") == true)
            #expect(library["via"] == nil)
            let second = try #require(found["2021000006"])
            #expect(second["degree"] as? Int == 2)
            let paths = (second["evidence"] as? [[String: Any]] ?? []).map { "\($0["rule"] as? String ?? "")/\($0["via"] as? String ?? "")" }.sorted()
            #expect(paths == ["co_presence/2021000005", "roommate/2021000005"], "\(paths)")

            let shallow = try await h.post("/api/v1/investigations", token: admin, body: #"{"indexStudentNo":"2021000001",\#(Self.window),"depth":1}"#)
            #expect(Set(Self.contacts(try shallow.json()).keys) == ["2021000002", "2021000005"])
            let shorter = try await h.post("/api/v1/investigations", token: admin, body: #"{"indexStudentNo":"2021000001",\#(Self.window),"minOverlapMinutes":5,"depth":1}"#)
            #expect(Set(Self.contacts(try shorter.json()).keys) == ["2021000002", "2021000003", "2021000005"], "10 minutes at the canteen count at 5")
            let floor = try await h.post("/api/v1/investigations", token: admin, body: #"{"indexStudentNo":"2021000003",\#(Self.window),"includeFloor":true,"depth":1,"minOverlapMinutes":60}"#)
            let floormates = Self.contacts(try floor.json())
            #expect(Set(floormates.keys) == ["2021000004"], "same building and floor in the roster, whatever the status")
            #expect((floormates["2021000004"]?["evidence"] as? [[String: Any]])?.first?["place"] as? String == "1号楼/2")
            let alone = try await h.post("/api/v1/investigations", token: admin, body: #"{"indexStudentNo":"2021000003",\#(Self.window),"depth":1,"minOverlapMinutes":60}"#)
            #expect(Self.contacts(try alone.json()).isEmpty, "without includeFloor a single room has no contacts")
        }
    }

    @Test("Bad windows and unknown or out-of-scope index students are 422 naming the field, and nothing is saved", arguments: TestEngine.available)
    func badInput(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            try await h.importFixtureCollege()
            _ = try await Self.seed(h)
            let counsellor = try await h.tokenFor("T002")
            for (body, field) in [
                (#"{"indexStudentNo":"2021000005","from":"2026-11-27T00:00:00+08:00","to":"2026-11-26T00:00:00+08:00"}"#, "from"),
                (#"{"indexStudentNo":"2021000005","from":"2026-10-01T00:00:00+08:00","to":"2026-11-26T00:00:00+08:00"}"#, "to"),
                (#"{"indexStudentNo":"2099999999",\#(Self.window)}"#, "indexStudentNo"),
                (#"{"indexStudentNo":"2021000001",\#(Self.window)}"#, "indexStudentNo"),
                (#"{"indexStudentNo":"2021000005",\#(Self.window),"depth":3}"#, "depth"),
            ] {
                let r = try await h.post("/api/v1/investigations", token: counsellor, body: body)
                #expect(r.status == .unprocessableContent, "\(body)")
                #expect(try r.problemErrors().compactMap { $0["field"] as? String }.contains(field), "\(r.text)")
            }
            let student = try await h.tokenFor("2021000005")
            #expect(try await h.post("/api/v1/investigations", token: student, body: #"{"indexStudentNo":"2021000005",\#(Self.window)}"#).status == .forbidden)
            let admin = try await h.adminToken()
            #expect((try await h.get("/api/v1/investigations", token: admin).json()["items"] as? [[String: Any]])?.isEmpty == true, "nothing saved")
        }
    }

    @Test("An investigation is saved and audited; its contacts are marked for follow-up; another counsellor cannot read it", arguments: TestEngine.available)
    func savedAndMarked(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            try await h.importFixtureCollege()
            _ = try await Self.seed(h)
            let counsellor = try await h.tokenFor("T002")
            let r = try await h.post("/api/v1/investigations", token: counsellor, body: #"{"indexStudentNo":"2021000005",\#(Self.window)}"#)
            #expect(r.status == .created, "\(r.text)")
            let id = try #require(try r.json()["id"] as? String)
            let marked = try await h.post("/api/v1/investigations/\(id)/follow-ups", token: counsellor, body: #"{"studentNos":["2021000001","2021000006"]}"#)
            #expect(try marked.json()["followUps"] as? [String] == ["2021000001", "2021000006"])
            let stranger = try await h.post("/api/v1/investigations/\(id)/follow-ups", token: counsellor, body: #"{"studentNos":["2021000007"]}"#)
            #expect(stranger.status == .unprocessableContent)
            let read = try await h.get("/api/v1/investigations/\(id)", token: counsellor).json()
            #expect(read["followUps"] as? [String] == ["2021000001", "2021000006"])
            #expect(try await h.get("/api/v1/investigations/\(id)", token: try await h.tokenFor("T001")).status == .notFound)
            let admin = try await h.adminToken()
            let audit = try await h.get("/api/v1/audit?action=investigation.", token: admin).json()["items"] as? [[String: Any]] ?? []
            #expect(Set(audit.compactMap { $0["action"] as? String }) == ["investigation.create", "investigation.followup", "investigation.read"])
        }
    }
}
