import Accounts
import App
import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import SQLKit
import Testing

/// Issue 12: the lockout counts concurrent failures, sessions end with the password, two-factor re-enrolment needs
/// proof, initial credentials expire, two-factor secrets are sealed at rest.
@Suite("Account hardening: atomic lockout, sessions, re-enrolment, expiry, sealed secrets")
struct AccountHardeningTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    static func signIn(_ h: AppHarness, _ user: String, _ password: String, totp: String? = nil) async throws -> TestResponse {
        let field = totp.map { #","totp":"\#($0)""# } ?? ""
        return try await h.post("/api/v1/sessions", token: nil, body: #"{"username":"\#(user)","password":"\#(password)"\#(field)}"#)
    }

    @Test("Twenty concurrent wrong passwords each count and lock the account; the right password is then refused until the lock ends",
          arguments: TestEngine.available)
    func concurrentFailuresLock(engine: TestEngine) async throws {
        let clock = FixedClock(Self.start)
        try await AppHarness.run(engine, clock: clock) { h in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<20 { group.addTask { try await Self.signIn(h, "admin", "wrong-password").status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .unauthorized })
            #expect(try await Self.signIn(h, "admin", TestApp.adminPassword).status == .unauthorized)
            let audit = try await h.app.audit.search(.init(subject: "admin"), by: h.app.systemActor, at: clock.now())
            #expect(audit.contains { $0.entry.action == "auth.lock" })
            #expect(audit.contains { $0.entry.action == "auth.signin.locked" })
            clock.advance(by: 15 * 60 + 1)
            #expect(try await Self.signIn(h, "admin", TestApp.adminPassword).status == .created)
        }
    }

    @Test("The audit trail keeps at most 64 characters of a typed username, marked as cut")
    func longUsernameTruncated() async throws {
        try await AppHarness.run(.sqlite) { h in
            let typed = String(repeating: "x", count: 100_000)
            #expect(try await Self.signIn(h, typed, "whatever").status == .unauthorized)
            let failures = try await h.app.audit.search(.init(action: "auth.signin.failure"), by: h.app.systemActor, at: Date())
            let entry = try #require(failures.first?.entry)
            #expect(entry.subject.count < 100)
            #expect(entry.actorName.count < 100)
            #expect(entry.subject.hasPrefix(String(repeating: "x", count: 64)))
            #expect(entry.subject.contains("100000"))
        }
    }

    @Test("A password change ends the account's other sessions but not the one that made it", arguments: TestEngine.available)
    func changeEndsOtherSessions(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            let first = try await h.adminToken()
            let second = try await h.adminToken()
            let changed = try await h.post("/api/v1/account/password", token: first,
                                           body: #"{"currentPassword":"\#(TestApp.adminPassword)","newPassword":"Kx7#river-bend"}"#)
            #expect(changed.status == .noContent)
            #expect(try await h.get("/api/v1/account", token: second).status == .unauthorized)
            #expect(try await h.get("/api/v1/account", token: first).status == .ok)
        }
    }

    @Test("An administrator's reset and the command line's password end every session of the account", arguments: TestEngine.available)
    func resetEndsAllSessions(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            try await h.importFixtureCollege()
            let one = try await h.tokenFor("T001")
            let two = try await h.token("T001", "password-123")
            let admin = try await h.adminToken()
            #expect(try await h.post("/api/v1/accounts/T001/reset", token: admin, body: "").status == .created)
            #expect(try await h.get("/api/v1/account", token: one).status == .unauthorized)
            #expect(try await h.get("/api/v1/account", token: two).status == .unauthorized)
            let remaining = try await h.app.database.read { db in
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("sessions")
                    .join("accounts", on: SQLColumn("account_id", table: "sessions"), .equal, SQLColumn("id", table: "accounts"))
                    .where(SQLColumn("username", table: "accounts"), .equal, SQLBind("T001"))
                    .first(decodingColumn: "n", as: Int.self) ?? -1
            }
            #expect(remaining == 0)

            let three = try await h.tokenFor("T002")
            try await h.app.setPassword(username: "T002", password: "another-pass-9")
            #expect(try await h.get("/api/v1/account", token: three).status == .unauthorized)
            #expect(try await h.get("/api/v1/account", token: admin).status == .ok)
        }
    }

    @Test("Setting two-factor up again needs the current password or a current code; without, 422 names the field",
          arguments: TestEngine.available)
    func reenrolmentNeedsProof(engine: TestEngine) async throws {
        let clock = FixedClock(Self.start)
        try await AppHarness.run(engine, clock: clock) { h in
            let token = try await h.adminToken()
            // First enrolment: no proof needed; the body of earlier clients (`{}`) still works.
            let begun = try await h.post("/api/v1/account/two-factor", token: token, body: "{}")
            #expect(begun.status == .created)
            let firstSecret = try #require(try begun.json()["secret"] as? String)
            let totp = TOTP(secret: try #require(Base32.decode(firstSecret)))
            let confirmed = try await h.post("/api/v1/account/two-factor/confirm", token: token, body: #"{"code":"\#(totp.code(at: clock.now()))"}"#)
            #expect(confirmed.status == .ok)

            let bare = try await h.post("/api/v1/account/two-factor", token: token, body: "{}")
            #expect(bare.status == .unprocessableContent)
            #expect(try bare.problemErrors().contains { $0["field"] as? String == "password" })
            let wrong = try await h.post("/api/v1/account/two-factor", token: token, body: #"{"password":"not-it"}"#)
            #expect(wrong.status == .unprocessableContent)
            #expect(try await h.get("/api/v1/account", token: token).status == .ok)

            clock.advance(by: 30)
            let withCode = try await h.post("/api/v1/account/two-factor", token: token, body: #"{"code":"\#(totp.code(at: clock.now()))"}"#)
            #expect(withCode.status == .created)
            let nextSecret = try #require(try withCode.json()["secret"] as? String)
            let next = TOTP(secret: try #require(Base32.decode(nextSecret)))
            let unproven = try await h.post("/api/v1/account/two-factor/confirm", token: token, body: #"{"code":"\#(next.code(at: clock.now()))"}"#)
            #expect(unproven.status == .unprocessableContent)
            let proven = try await h.post("/api/v1/account/two-factor/confirm", token: token,
                                          body: #"{"code":"\#(next.code(at: clock.now()))","password":"\#(TestApp.adminPassword)"}"#)
            #expect(proven.status == .ok)
            clock.advance(by: 30)
            #expect(try await Self.signIn(h, "admin", TestApp.adminPassword, totp: totp.code(at: clock.now())).status == .unauthorized)
            #expect(try await Self.signIn(h, "admin", TestApp.adminPassword, totp: next.code(at: clock.now())).status == .created)
        }
    }

    @Test("The two-factor secret is stored sealed, never in plain text, and sign-in with a code still works", arguments: TestEngine.available)
    func secretSealedAtRest(engine: TestEngine) async throws {
        let clock = FixedClock(Self.start)
        try await AppHarness.run(engine, clock: clock) { h in
            let token = try await h.adminToken()
            let begun = try await h.post("/api/v1/account/two-factor", token: token, body: "{}")
            let secretText = try #require(try begun.json()["secret"] as? String)
            func stored() async throws -> (secret: String?, pending: String?) {
                try await h.app.database.read { db in
                    let row = try await db.select().columns("totp_secret", "totp_pending").from("accounts")
                        .where("username", .equal, "admin").first()
                    return (try row?.decodeNil(column: "totp_secret") == false ? try row?.decode(column: "totp_secret", as: String.self) : nil,
                            try row?.decodeNil(column: "totp_pending") == false ? try row?.decode(column: "totp_pending", as: String.self) : nil)
                }
            }
            let pending = try await stored().pending
            #expect(pending?.hasPrefix("v1:") == true)
            #expect(pending?.contains(secretText) == false)
            let totp = TOTP(secret: try #require(Base32.decode(secretText)))
            _ = try await h.post("/api/v1/account/two-factor/confirm", token: token, body: #"{"code":"\#(totp.code(at: clock.now()))"}"#)
            let secret = try #require(try await stored().secret)
            #expect(secret.hasPrefix("v1:"))
            #expect(!secret.contains(secretText))
            clock.advance(by: 30)
            #expect(try await Self.signIn(h, "admin", TestApp.adminPassword, totp: totp.code(at: clock.now())).status == .created)
        }
    }

    @Test("An activation code unused for longer than SHOUHU_ACTIVATION_DAYS is refused like a wrong password, and the reason audited",
          arguments: TestEngine.available)
    func activationCodesExpire(engine: TestEngine) async throws {
        let clock = FixedClock(Self.start)
        let config = TestApp.config { $0.access.activationLifetime = 3 * 86400 }
        try await AppHarness.run(engine, config: config, clock: clock) { h in
            try await h.importFixtureCollege()
            let admin = try await h.adminToken()
            let issued = try await h.post("/api/v1/accounts/activation-codes", token: admin, body: #"{"class":"信息2101"}"#)
            #expect(issued.status == .created)
            let items = try #require(try issued.json()["items"] as? [[String: Any]])
            let first = try #require(items.first)
            let student = try #require(first["username"] as? String)
            let code = try #require(first["code"] as? String)
            let second = try #require(items.dropFirst().first)
            let other = try #require(second["username"] as? String)
            let otherCode = try #require(second["code"] as? String)
            clock.advance(by: 2 * 86400)
            #expect(try await Self.signIn(h, student, code).status == .created)
            clock.advance(by: 86400 + 60)
            let expired = try await Self.signIn(h, other, otherCode)
            let wrong = try await Self.signIn(h, other, "wrong-code")
            #expect(expired.status == .unauthorized)
            #expect(expired.text == wrong.text)
            let reasons = try await h.app.audit.search(.init(subject: other), by: h.app.systemActor, at: clock.now()).map(\.entry.detail)
            #expect(reasons.contains { $0.contains("expired") })
        }
    }

    @Test("SHOUHU_ACTIVATION_DAYS and SHOUHU_SECRET_KEY are read and checked")
    func configuration() throws {
        let key = Data(repeating: 7, count: 32).base64EncodedString()
        let config = try AppConfig.fromEnvironment(["SHOUHU_ACTIVATION_DAYS": "3", "SHOUHU_SECRET_KEY": key])
        #expect(config.access.activationLifetime == 3 * 86400)
        #expect(config.secretKey == Data(repeating: 7, count: 32))
        #expect(try AppConfig.fromEnvironment([:]).access.activationLifetime == 7 * 86400)
        #expect(throws: ConfigError.self) { try AppConfig.fromEnvironment(["SHOUHU_SECRET_KEY": "c2hvcnQ="]) }
    }
}
