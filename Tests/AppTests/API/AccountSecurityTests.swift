import Accounts
import App
import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

@Suite("Password change, rotation and two-factor sign-in")
struct AccountSecurityTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    static func changePassword(_ h: AppHarness, token: String, current: String, new: String) async throws -> TestResponse {
        try await h.post("/api/v1/account/password", token: token, body: #"{"currentPassword":"\#(current)","newPassword":"\#(new)"}"#)
    }

    @Test("A password change needs the current password and a new one the policy accepts and that was not used lately", arguments: TestEngine.available)
    func changePassword(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            let token = try await h.adminToken()
            let wrongCurrent = try await Self.changePassword(h, token: token, current: "nope", new: "Kx7#river-bend")
            #expect(wrongCurrent.status == .unprocessableContent)
            #expect(try wrongCurrent.problemErrors().first?["field"] as? String == "currentPassword")
            let weak = try await Self.changePassword(h, token: token, current: TestApp.adminPassword, new: "Password123!")
            #expect(weak.status == .unprocessableContent)
            #expect(try weak.problemErrors().allSatisfy { $0["field"] as? String == "newPassword" })
            let reused = try await Self.changePassword(h, token: token, current: TestApp.adminPassword, new: TestApp.adminPassword)
            #expect(reused.status == .unprocessableContent)
            #expect(try await Self.changePassword(h, token: token, current: TestApp.adminPassword, new: "Kx7#river-bend").status == .noContent)
            let fresh = try await h.token("admin", "Kx7#river-bend")
            #expect(!fresh.isEmpty)
            let old = try await h.post("/api/v1/sessions", token: nil, body: #"{"username":"admin","password":"\#(TestApp.adminPassword)"}"#)
            #expect(old.status == .unauthorized)
            let actions = try await h.app.audit.search(.init(action: "account.password.change"), by: h.app.systemActor, at: Date())
            #expect(actions.count == 1)
        }
    }

    @Test("After 90 days (mlps3) the password must be changed before anything else; asvs never rotates")
    func rotation() async throws {
        let clock = FixedClock(Self.start)
        try await AppHarness.run(.sqlite, clock: clock) { h in
            clock.advance(by: 91 * 86400)
            let token = try await h.adminToken()
            let blocked = try await h.get("/api/v1/students", token: token)
            #expect(blocked.status == .forbidden)
            let account = try await h.get("/api/v1/account", token: token).json()
            #expect(account["restrictions"] as? [String] == ["must_change_password"])
            #expect(try await Self.changePassword(h, token: token, current: TestApp.adminPassword, new: "Kx7#river-bend").status == .noContent)
            #expect(try await h.get("/api/v1/students", token: token).status == .ok)
        }
        let asvs = TestApp.config { $0.passwordProfile = .asvs }
        let later = FixedClock(Self.start)
        try await AppHarness.run(.sqlite, config: asvs, clock: later) { h in
            later.advance(by: 400 * 86400)
            let token = try await h.adminToken()
            #expect(try await h.get("/api/v1/students", token: token).status == .ok)
        }
    }

    @Test("An administrator must enrol two-factor sign-in first; then sign-in needs a fresh code or a recovery code", arguments: TestEngine.available)
    func twoFactor(engine: TestEngine) async throws {
        let config = TestApp.config { $0.requireTwoFactor = true }
        let clock = FixedClock(Self.start)
        try await AppHarness.run(engine, config: config, clock: clock) { h in
            let token = try await h.adminToken()
            #expect(try await h.get("/api/v1/students", token: token).status == .forbidden)
            let account = try await h.get("/api/v1/account", token: token).json()
            #expect(account["restrictions"] as? [String] == ["must_enrol_two_factor"])

            let begun = try await h.post("/api/v1/account/two-factor", token: token, body: "{}")
            #expect(begun.status == .created)
            let secretText = try #require(try begun.json()["secret"] as? String)
            let secret = try #require(Base32.decode(secretText))
            let totp = TOTP(secret: secret)
            let wrong = try await h.post("/api/v1/account/two-factor/confirm", token: token, body: #"{"code":"000000"}"#)
            #expect(wrong.status == .unprocessableContent || totp.code(at: clock.now()) == "000000")
            let confirmed = try await h.post("/api/v1/account/two-factor/confirm", token: token, body: #"{"code":"\#(totp.code(at: clock.now()))"}"#)
            let codes = try #require(try confirmed.json()["recoveryCodes"] as? [String])
            #expect(codes.count == 10)
            #expect(try await h.get("/api/v1/students", token: token).status == .ok)

            func signIn(_ code: String?) async throws -> TestResponse {
                let field = code.map { #","totp":"\#($0)""# } ?? ""
                return try await h.post("/api/v1/sessions", token: nil, body: #"{"username":"admin","password":"\#(TestApp.adminPassword)"\#(field)}"#)
            }
            let missing = try await signIn(nil)
            #expect(missing.status == .unauthorized)
            #expect(try missing.problemErrors().first?["field"] as? String == "totp")
            // The code used to confirm cannot be replayed in the same 30 seconds.
            #expect(try await signIn(totp.code(at: clock.now())).status == .unauthorized)
            clock.advance(by: 30)
            #expect(try await signIn(totp.code(at: clock.now())).status == .created)
            #expect(try await signIn(codes[0]).status == .created)
            #expect(try await signIn(codes[0]).status == .unauthorized)
            #expect(try await signIn(codes[1].uppercased()).status == .created)
        }
    }

    @Test("Pages send a restricted person to their account page, which changes the password with the CSRF token")
    func restrictedPages() async throws {
        let clock = FixedClock(Self.start)
        try await AppHarness.run(.sqlite, clock: clock) { h in
            clock.advance(by: 91 * 86400)
            let cookie = try await PagesTests.cookie(h, "admin", TestApp.adminPassword)
            let grid = try await PagesTests.page(h, "/grid", cookie: cookie)
            #expect(grid.status == .seeOther)
            #expect(grid.headers[.location] == "/account")
            let account = try await PagesTests.page(h, "/account", cookie: cookie)
            #expect(account.status == .ok)
            #expect(account.text.contains("请先修改密码"))
            let csrf = try #require(PagesTests.csrf(in: account.text))
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let mismatch = try await h.client.execute(uri: "/account/password", method: .post, headers: headers,
                body: .init(string: "_csrf=\(csrf)&currentPassword=\(TestApp.adminPassword)&newPassword=Kx7%23river-bend&confirmPassword=other"))
            #expect(mismatch.status == .unprocessableContent)
            let changed = try await h.client.execute(uri: "/account/password", method: .post, headers: headers,
                body: .init(string: "_csrf=\(csrf)&currentPassword=\(TestApp.adminPassword)&newPassword=Kx7%23river-bend&confirmPassword=Kx7%23river-bend"))
            #expect(changed.status == .seeOther)
            #expect(try await PagesTests.page(h, "/grid", cookie: cookie).status == .ok)
        }
    }
}
