import Audit
import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// Issue 12, item 5 and "every read of health, whereabouts or contact data is audited": who may read check-in
/// history, and the audit entry each sensitive read (and each check-in) leaves.
@Suite("Sensitive reads are limited and audited")
struct SensitiveReadAuditTests {
    typealias C = CheckInsTests

    /// Audit records of `action`, oldest first.
    static func entries(_ h: AppHarness, _ action: String) async throws -> [AuditEntry] {
        try await h.app.audit.store.search(school: .main, query: AuditQuery(action: action), limit: 1000).reversed().map(\.entry)
    }

    @Test("A room leader gets 403 on a roommate's check-in history (temperature, symptoms, health code, remark); their own is 200",
          arguments: TestEngine.available)
    func roomLeader(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(C.morning)) { h in
            try await h.importFixtureCollege()
            let counsellor = try await h.tokenFor("T001")
            #expect(try await h.post("/api/v1/checkins", token: counsellor, body: C.body("2021000002", temperature: "37.8")).status == .created)
            let leader = try await h.tokenFor("2021000001")
            let roommate = try await h.get("/api/v1/students/2021000002/checkins", token: leader)
            #expect(roommate.status == .forbidden)
            #expect(!roommate.text.contains("37.8"))
            #expect(try await h.get("/api/v1/students/2021000001/checkins", token: leader).status == .ok)
            #expect(try await Self.entries(h, "checkin.history.read").isEmpty, "a refused read and one's own read leave no read entry")
        }
    }

    @Test("A checkin:write token submits but gets 403 on a student's history; a read:all token reads it, audited",
          arguments: TestEngine.available)
    func tokens(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(C.morning)) { h in
            try await h.importFixtureCollege()
            let admin = try await h.adminToken()
            let writer = try #require(try await h.post("/api/v1/tokens", token: admin, body: #"{"name":"今日校园","scopes":["checkin:write"]}"#)
                .json()["token"] as? String)
            #expect(try await h.post("/api/v1/checkins", token: writer, body: C.body("2021000005")).status == .created)
            #expect(try await h.get("/api/v1/students/2021000005/checkins", token: writer).status == .forbidden)
            let reader = try #require(try await h.post("/api/v1/tokens", token: admin, body: #"{"name":"r","scopes":["read:all"]}"#)
                .json()["token"] as? String)
            #expect(try await h.get("/api/v1/students/2021000005/checkins", token: reader).status == .ok)
            let reads = try await Self.entries(h, "checkin.history.read")
            #expect(reads.map(\.subject) == ["2021000005"])
            #expect(reads.first?.actorName.isEmpty == false)
        }
    }

    @Test("Staff reads of a student's check-ins, a case, leaves and presence each leave one audit entry naming who and whom",
          arguments: TestEngine.available)
    func staffReads(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(C.morning)) { h in
            try await h.importFixtureCollege()
            let counsellor = try await h.tokenFor("T001")
            #expect(try await h.post("/api/v1/checkins", token: counsellor, body: C.body("2021000002", temperature: "38.2")).status == .created)
            #expect(try await h.get("/api/v1/students/2021000002/checkins", token: counsellor).status == .ok)
            let history = try await Self.entries(h, "checkin.history.read")
            #expect(history.map(\.subject) == ["2021000002"])
            #expect(history.map(\.actorName) == ["T001"])

            let cases = try await h.get("/api/v1/cases", token: counsellor).json()["items"] as? [[String: Any]] ?? []
            let id = try #require(cases.first?["id"] as? String)
            #expect(try await Self.entries(h, "case.list").count == 1)
            #expect(try await h.get("/api/v1/cases/\(id)", token: counsellor).status == .ok)
            #expect(try await Self.entries(h, "case.read").map(\.subject) == ["2021000002"])

            #expect(try await h.get("/api/v1/leaves", token: counsellor).status == .ok)
            let admin = try await h.adminToken()
            #expect(try await h.get("/api/v1/access/presence", token: admin).status == .ok)
            #expect(try await Self.entries(h, "access.presence.read").map(\.actorName) == ["admin"])
        }
    }

    @Test("Reading a testing campaign's missing list, and exporting it to Excel, each leave an audit entry", arguments: TestEngine.available)
    func testingMissing(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(C.morning)) { h in
            let admin = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: admin)
            #expect(try await h.missing(id, token: admin).isEmpty == false)
            #expect(try await Self.entries(h, "testing.missing.read").map(\.subject) == [id])
            let (cookie, _) = try await CheckInPagesTests.signIn(h, "admin")
            let export = try await PagesTests.page(h, "/testing/\(id)/missing.xlsx", cookie: cookie)
            #expect(export.status == .ok)
            let exports = try await Self.entries(h, "testing.missing.export")
            #expect(exports.map(\.subject) == [id])
            #expect(exports.first?.actorName == "admin")
        }
    }

    @Test("A check-in leaves its audit entry in its own transaction; a refused one leaves none", arguments: TestEngine.available)
    func checkInAudited(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(C.morning)) { h in
            try await h.importFixtureCollege()
            let counsellor = try await h.tokenFor("T001")
            let student = try await h.tokenFor("2021000001")
            #expect(try await h.post("/api/v1/checkins", token: counsellor, body: C.body("2021000004")).status == .unprocessableContent)
            #expect(try await h.post("/api/v1/checkins", token: student, body: C.body("2021000002")).status == .forbidden)
            #expect(try await Self.entries(h, "checkin.submit").isEmpty)
            // An ordinary one (batched), an abnormal one and one with an Idempotency-Key (each its own transaction).
            #expect(try await h.post("/api/v1/checkins", token: student, body: C.body("2021000001")).status == .created)
            #expect(try await h.post("/api/v1/checkins", token: counsellor, body: C.body("2021000002", temperature: "38.0")).status == .created)
            var headers = AppHarness.auth(counsellor)
            headers[.contentType] = "application/json"
            headers[.init("Idempotency-Key")!] = "k1"
            let keyed = try await h.client.execute(uri: "/api/v1/checkins", method: .post, headers: headers, body: .init(string: C.body("2021000003")))
            #expect(keyed.status == .created)
            let entries = try await Self.entries(h, "checkin.submit")
            #expect(entries.map(\.subject) == ["2021000001", "2021000002", "2021000003"])
            #expect(entries.map(\.actorName) == ["2021000001", "T001", "T001"])
            #expect(try await h.app.audit.verify().intact)
        }
    }

    @Test("Many students checking in at once: one entry each, one unbroken chain", arguments: TestEngine.available)
    func concurrentCheckIns(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(C.morning)) { h in
            try await h.importFixtureCollege()
            let counsellor = try await h.tokenFor("T001")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for round in 0..<10 {
                    for student in ["2021000001", "2021000002", "2021000003"] {
                        group.addTask {
                            let r = try await h.post("/api/v1/checkins", token: counsellor, body: C.body(student, temperature: round % 4 == 0 ? "37.5" : "36.5"))
                            #expect(r.status == .created)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await Self.entries(h, "checkin.submit").count == 30)
            #expect(try await h.app.audit.verify().intact)
        }
    }
}
