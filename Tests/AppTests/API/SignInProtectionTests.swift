import App
import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

@Suite("Sign-in protection, session expiry, unmasking and the audit trail")
struct SignInProtectionTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    static func signIn(_ h: AppHarness, _ user: String, _ password: String) async throws -> TestResponse {
        try await h.post("/api/v1/sessions", token: nil, body: #"{"username":"\#(user)","password":"\#(password)"}"#)
    }

    @Test("Five wrong passwords in 15 minutes lock the account for 15 minutes, with the same answer as a wrong password", arguments: TestEngine.available)
    func lockout(engine: TestEngine) async throws {
        let clock = FixedClock(Self.start)
        try await AppHarness.run(engine, clock: clock) { h in
            let wrong = try await Self.signIn(h, "admin", "wrong-password")
            for _ in 0..<4 { _ = try await Self.signIn(h, "admin", "wrong-password") }
            let locked = try await Self.signIn(h, "admin", TestApp.adminPassword)
            #expect(locked.status == .unauthorized)
            #expect(locked.text == wrong.text)
            clock.advance(by: 14 * 60)
            #expect(try await Self.signIn(h, "admin", TestApp.adminPassword).status == .unauthorized)
            clock.advance(by: 61)
            #expect(try await Self.signIn(h, "admin", TestApp.adminPassword).status == .created)
            let actions = try await h.app.audit.search(.init(subject: "admin"), by: h.app.systemActor, at: clock.now())
                .map(\.entry.action).filter { $0 != "audit.search" }
            #expect(actions.filter { $0 == "auth.signin.failure" }.count == 5)
            #expect(actions.contains("auth.lock"))
            #expect(actions.contains("auth.signin.locked"))
            #expect(actions.first == "auth.signin")
        }
    }

    @Test("Failures spread over more than 15 minutes do not lock")
    func failuresOutsideWindow() async throws {
        let clock = FixedClock(Self.start)
        try await AppHarness.run(.sqlite, clock: clock) { h in
            for _ in 0..<4 { _ = try await Self.signIn(h, "admin", "wrong-password") }
            clock.advance(by: 16 * 60)
            for _ in 0..<4 { _ = try await Self.signIn(h, "admin", "wrong-password") }
            #expect(try await Self.signIn(h, "admin", TestApp.adminPassword).status == .created)
        }
    }

    @Test("Setting a password from the command line unlocks the account")
    func passwordUnlocks() async throws {
        try await AppHarness.run(.sqlite) { h in
            for _ in 0..<5 { _ = try await Self.signIn(h, "admin", "wrong-password") }
            try await h.app.setPassword(username: "admin", password: "new-password-9")
            #expect(try await Self.signIn(h, "admin", "new-password-9").status == .created)
        }
    }

    @Test("Past the per-address limit, sign-in answers 429 with Retry-After; other calls are not throttled; a minute later it answers again",
          arguments: TestEngine.available)
    func rateLimit(engine: TestEngine) async throws {
        let config = TestApp.config { $0.signInAttemptsPerMinute = 3 }
        let clock = FixedClock(Self.start)
        try await AppHarness.run(engine, config: config, clock: clock) { h in
            let token = try await h.adminToken()
            _ = try await Self.signIn(h, "ghost", "x-password")
            _ = try await Self.signIn(h, "ghost", "x-password")
            let limited = try await Self.signIn(h, "admin", TestApp.adminPassword)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] == "60", "the window began with the first attempt, on this frozen clock just now")
            #expect(limited.headers[.contentType] == "application/problem+json")
            for _ in 0..<10 { #expect(try await h.get("/api/v1/students", token: token).status == .ok) }
            clock.advance(by: 61)
            #expect(try await Self.signIn(h, "admin", TestApp.adminPassword).status == .created)
        }
    }

    @Test("A page session ends after 30 idle minutes and after 12 hours in any case; a bearer token after 12 hours")
    func sessionExpiry() async throws {
        let clock = FixedClock(Self.start)
        try await AppHarness.run(.sqlite, clock: clock) { h in
            let cookie = try await PagesTests.cookie(h, "admin", TestApp.adminPassword)
            let token = try await h.adminToken()
            clock.advance(by: 29 * 60)
            #expect(try await PagesTests.page(h, "/grid", cookie: cookie).status == .ok)
            clock.advance(by: 29 * 60)
            #expect(try await PagesTests.page(h, "/grid", cookie: cookie).status == .ok)
            clock.advance(by: 31 * 60)
            #expect(try await PagesTests.page(h, "/grid", cookie: cookie).status == .seeOther)
            #expect(try await h.get("/api/v1/students", token: token).status == .ok)

            let busy = try await PagesTests.cookie(h, "admin", TestApp.adminPassword)
            for _ in 0..<30 {
                clock.advance(by: 25 * 60)
                if try await PagesTests.page(h, "/grid", cookie: busy).status != .ok { break }
            }
            // 30 × 25 min > 12 h: the busy session ended at its absolute lifetime, as did the bearer token.
            #expect(try await PagesTests.page(h, "/grid", cookie: busy).status == .seeOther)
            #expect(try await h.get("/api/v1/students", token: token).status == .unauthorized)
        }
    }

    @Test("Unmasking shows full numbers to allowed roles within scope and is audited; others get 403 or 404", arguments: TestEngine.available)
    func unmask(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            try await h.importFixtureCollege()
            let counsellor = try await h.tokenFor("T001")
            let full = try await h.get("/api/v1/students/2021000001?unmask=true", token: counsellor).json()
            #expect(full["phone"] as? String == "13812345678")
            #expect(full["idNumber"] as? String == "11010519491231002X")
            #expect(full["masked"] as? Bool == false)
            #expect(try await h.get("/api/v1/students/2021000005?unmask=true", token: counsellor).status == .notFound)
            let buildingLeader = try await h.tokenFor("T003")
            let refused = try await h.get("/api/v1/students/2021000001?unmask=true", token: buildingLeader)
            #expect(refused.status == .forbidden)
            #expect(!refused.text.contains("13812345678"))
            let records = try await h.app.audit.search(.init(action: "student.unmask"), by: h.app.systemActor, at: Date())
            #expect(records.map(\.entry.subject) == ["2021000001"])
            #expect(records.first?.entry.actorName == "T001")
        }
    }

    @Test("Administrators search the audit trail over the API; nobody else can; the chain verifies", arguments: TestEngine.available)
    func auditSearch(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            try await h.importFixtureCollege()
            let admin = try await h.adminToken()
            let imports = try await h.get("/api/v1/audit?action=roster.import", token: admin).json()["items"] as? [[String: Any]] ?? []
            #expect(imports.map { $0["action"] as? String } == ["roster.import.students", "roster.import.staff"])
            #expect((imports.first?["detail"] as? String)?.contains("7 rows") == true)
            #expect((imports.last?["detail"] as? String)?.contains("T003:building_leader") == true)
            let counsellor = try await h.tokenFor("T001")
            #expect(try await h.get("/api/v1/audit", token: counsellor).status == .forbidden)
            #expect(try await h.app.audit.verify().intact)
        }
    }
}
