import CampusKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// Every `/api/v1` route, for every kind of caller, with a subject inside and one outside their scope:
/// out-of-scope reads never return the subject's data, and writes by those without the right never change it.
@Suite("Scope matrix over every API route")
struct ScopeMatrixTests {
    /// Callers of the fixture college, by role: who they are and which students they may see.
    struct Caller: Sendable, CustomStringConvertible {
        let name: String
        let username: String
        let visible: Set<String>
        let mayImport: Bool
        let mayReadAudit: Bool
        var description: String { name }
    }

    static let callers: [Caller] = [
        Caller(name: "admin", username: "admin", visible: Set(Fixtures.allStudents), mayImport: true, mayReadAudit: true),
        Caller(name: "counsellor", username: "T001", visible: ["2021000001", "2021000002", "2021000003", "2021000004"], mayImport: false, mayReadAudit: false),
        Caller(name: "building leader", username: "T003", visible: ["2021000001", "2021000002", "2021000003", "2021000004"], mayImport: false, mayReadAudit: false),
        Caller(name: "secretary", username: "T004", visible: ["2021000005", "2021000006", "2021000007"], mayImport: false, mayReadAudit: false),
        Caller(name: "floor leader", username: "2021000003", visible: ["2021000003", "2021000004"], mayImport: false, mayReadAudit: false),
        Caller(name: "room leader", username: "2021000001", visible: ["2021000001", "2021000002"], mayImport: false, mayReadAudit: false),
        Caller(name: "student", username: "2021000005", visible: ["2021000005"], mayImport: false, mayReadAudit: false),
    ]

    static func token(for caller: Caller, _ h: AppHarness) async throws -> String {
        caller.username == "admin" ? try await h.adminToken() : try await h.tokenFor(caller.username)
    }

    @Test("Reads: list, detail, grid and audit show exactly the caller's scope", arguments: TestEngine.available)
    func reads(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            try await h.importFixtureCollege()
            for caller in Self.callers {
                let token = try await Self.token(for: caller, h)
                let listed = try await h.get("/api/v1/students?limit=1000", token: token).studentNumbers()
                #expect(Set(listed) == caller.visible, "\(caller) list")
                for number in Fixtures.allStudents {
                    let detail = try await h.get("/api/v1/students/\(number)", token: token)
                    if caller.visible.contains(number) {
                        #expect(detail.status == .ok, "\(caller) detail \(number)")
                    } else {
                        #expect(detail.status == .notFound, "\(caller) detail \(number)")
                        #expect(!detail.text.contains("\"name\""), "\(caller) detail \(number) leaked")
                    }
                }
                let grid = try await h.get("/api/v1/grid", token: token).json()
                #expect(grid["students"] as? Int == caller.visible.count, "\(caller) grid")
                let audit = try await h.get("/api/v1/audit", token: token)
                #expect(audit.status == (caller.mayReadAudit ? .ok : .forbidden), "\(caller) audit")
            }
        }
    }

    @Test("Writes: only those with the right import or create tokens, and a refused write changes nothing", arguments: TestEngine.available)
    func writes(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            try await h.importFixtureCollege()
            let admin = try await h.adminToken()
            let before = try await h.get("/api/v1/students?limit=1000", token: admin).text
            let renamed = Fixtures.studentsCSV.replacingOccurrences(of: "甲一", with: "被改名")
            let newStaff = Fixtures.staffCSV + "T099,外来者,学工处,,\n"
            for caller in Self.callers where !caller.mayImport {
                let token = try await Self.token(for: caller, h)
                #expect(try await h.post("/api/v1/roster/students", token: token, body: renamed, contentType: "text/csv").status == .forbidden)
                #expect(try await h.post("/api/v1/roster/staff", token: token, body: newStaff, contentType: "text/csv").status == .forbidden)
                #expect(try await h.post("/api/v1/tokens", token: token, body: #"{"name":"x","scopes":["read:all"]}"#).status == .forbidden)
                // Unmasking outside the scope is 403 for roles that may never unmask, 404 for the others; neither shows data.
                let outside = Fixtures.allStudents.first { !caller.visible.contains($0) }!
                let unmasked = try await h.get("/api/v1/students/\(outside)?unmask=true", token: token)
                #expect([.forbidden, .notFound].contains(unmasked.status), "\(caller) unmask")
                #expect(!unmasked.text.contains("\"name\""))
            }
            #expect(try await h.get("/api/v1/students?limit=1000", token: admin).text == before)
            #expect(try await h.app.setPasswordIfStaffExists("T099") == false)
        }
    }

    @Test("Without a token every API route answers 401, and an integration token sees only its scopes")
    func anonymousAndIntegration() async throws {
        try await AppHarness.run(.sqlite) { h in
            try await h.importFixtureCollege()
            let routes: [(String, String, String)] = [
                ("GET", "/api/v1/students", "application/json"), ("GET", "/api/v1/students/2021000001", "application/json"),
                ("GET", "/api/v1/grid", "application/json"), ("GET", "/api/v1/audit", "application/json"),
                ("POST", "/api/v1/roster/students", "text/csv"), ("POST", "/api/v1/roster/staff", "text/csv"),
                ("POST", "/api/v1/tokens", "application/json"), ("DELETE", "/api/v1/sessions/current", "application/json"),
            ]
            for (method, uri, type) in routes {
                let body = type == "text/csv" ? Fixtures.staffCSV : #"{"name":"x","scopes":["read:all"]}"#
                let r = try await h.client.execute(uri: uri, method: .init(rawValue: method)!, headers: [.contentType: type], body: .init(string: body))
                #expect(r.status == .unauthorized, "\(method) \(uri)")
            }
            let admin = try await h.adminToken()
            let reader = try #require(try await h.post("/api/v1/tokens", token: admin, body: #"{"name":"报表","scopes":["read:all"]}"#).json()["token"] as? String)
            #expect(Set(try await h.get("/api/v1/students", token: reader).studentNumbers()) == Set(Fixtures.allStudents))
            #expect(try await h.get("/api/v1/audit", token: reader).status == .forbidden)
            #expect(try await h.post("/api/v1/roster/staff", token: reader, body: Fixtures.staffCSV, contentType: "text/csv").status == .forbidden)
        }
    }
}

@Suite("Scope matrix over the check-in, case and report routes")
struct CheckInScopeMatrixTests {
    /// Active fixture students (2021000004 is suspended, 2021000007 off campus).
    static let active: Set<String> = ["2021000001", "2021000002", "2021000003", "2021000005", "2021000006"]

    @Test("Completeness, missing lists, histories and cases show exactly the caller's scope", arguments: TestEngine.available)
    func reads(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            // Everyone active reports abnormal, so every one of them has an open case.
            for number in Self.active.sorted() {
                let token = try await h.tokenFor(number, password: "pw-\(number)-x")
                _ = try await h.post("/api/v1/checkins", token: token, body: CheckInsTests.body(number, riskContact: true))
            }
            for caller in ScopeMatrixTests.callers {
                let token = try await ScopeMatrixTests.token(for: caller, h)
                let visibleActive = caller.visible.intersection(Self.active)
                let completeness = try await h.get("/api/v1/checkins/completeness?groupBy=class", token: token).json()
                #expect(completeness["expected"] as? Int == visibleActive.count, "\(caller) completeness")
                #expect(completeness["abnormal"] as? Int == visibleActive.count, "\(caller) abnormal")
                let missing = try await h.get("/api/v1/checkins/missing", token: token).studentNumbers()
                #expect(missing.isEmpty, "\(caller) missing")
                for number in Fixtures.allStudents {
                    let history = try await h.get("/api/v1/students/\(number)/checkins", token: token)
                    // Staff outside their scope cannot tell the student exists (404); a student, room leader or not,
                    // reads only their own health declarations (403 for anyone else's).
                    let staff = caller.username.hasPrefix("T") || caller.username == "admin"
                    let expected: HTTPResponse.Status = staff ? (caller.visible.contains(number) ? .ok : .notFound)
                                                              : (number == caller.username ? .ok : .forbidden)
                    #expect(history.status == expected, "\(caller) history of \(number)")
                }
                let cases = try await h.get("/api/v1/cases?limit=1000", token: token)
                if caller.username.hasPrefix("T") || caller.username == "admin" {
                    #expect(Set(try cases.studentNumbers()) == visibleActive, "\(caller) cases")
                } else {
                    #expect(cases.status == .forbidden, "\(caller) is not a case follower")
                }
            }
            // A case of a student outside the scope is unknown, and cannot be closed or noted.
            let admin = try await h.adminToken()
            let all = try await h.get("/api/v1/cases?limit=1000", token: admin).json()["items"] as? [[String: Any]] ?? []
            let outside = try #require(all.first { $0["studentNo"] as? String == "2021000005" }?["id"] as? String)
            let counsellor = try await h.tokenFor("T001")
            #expect(try await h.get("/api/v1/cases/\(outside)", token: counsellor).status == .notFound)
            #expect(try await h.post("/api/v1/cases/\(outside)/close", token: counsellor, body: #"{"outcome":"x"}"#).status == .notFound)
            #expect(try await h.post("/api/v1/cases/\(outside)/notes", token: counsellor, body: #"{"note":"x"}"#).status == .notFound)
            #expect(try await h.post("/api/v1/cases", token: counsellor, body: #"{"studentNo":"2021000005","summary":"x"}"#).status == .notFound)
            let detail = try await h.get("/api/v1/cases/\(outside)", token: admin).json()
            #expect((detail["case"] as? [String: Any])?["status"] as? String == "open", "nothing changed")
            #expect((detail["timeline"] as? [Any])?.count == 2, "no note was added")
        }
    }
}
