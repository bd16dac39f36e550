import CampusKit
import Foundation
import Accounts
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

@Suite("Pages: sign-in, grid browser, import")
struct PagesTests {
    /// Signs in through the form and returns the session cookie (`name=value`).
    static func cookie(_ h: AppHarness, _ username: String, _ password: String) async throws -> String {
        let r = try await signInForm(h, "username=\(username)&password=\(password)&next=%2Fgrid")
        guard r.status == .seeOther, let pair = setCookie(r, "shouhu_session") else {
            throw HarnessError("form sign-in failed: \(r.status)")
        }
        return pair
    }

    /// Posts the sign-in form as a browser does: the page first (its pre-session cookie and form token), then `form`.
    static func signInForm(_ h: AppHarness, _ form: String, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        let page = try await h.client.execute(uri: "/signin", method: .get, headers: extra, body: nil)
        guard let preSession = setCookie(page, "shouhu_signin"), let token = csrf(in: page.text) else {
            throw HarnessError("the sign-in page gave no form token")
        }
        var headers = extra
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers[.cookie] = preSession
        return try await h.client.execute(uri: "/signin", method: .post, headers: headers, body: .init(string: form + "&_csrf=\(token)"))
    }

    /// The `name=value` pair of the cookie `name` that `response` sets, if any.
    static func setCookie(_ response: TestResponse, _ name: String) -> String? {
        response.headers[values: .setCookie].lazy.compactMap { $0.split(separator: ";").first.map(String.init) }
            .first { $0.hasPrefix(name + "=") }
    }

    static func page(_ h: AppHarness, _ uri: String, cookie: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        return try await h.client.execute(uri: uri, method: .get, headers: headers, body: nil)
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test("The sign-in page is Chinese by default and English on request")
    func signInLanguages() async throws {
        try await AppHarness.run(.sqlite) { h in
            let zh = try await Self.page(h, "/signin", cookie: nil)
            #expect(zh.status == .ok)
            #expect(zh.text.contains(#"<html lang="zh-CN">"#))
            #expect(zh.text.contains("工号 / 学号"))
            let en = try await Self.page(h, "/signin?lang=en", cookie: nil)
            #expect(en.text.contains(#"<html lang="en">"#))
            #expect(en.text.contains("Staff or student number"))
            #expect(en.headers[.setCookie]?.contains("shouhu_lang=en") == true)
        }
    }

    @Test("Pages ask a signed-out visitor to sign in and bring them back")
    func signedOutRedirect() async throws {
        try await AppHarness.run(.sqlite) { h in
            let r = try await Self.page(h, "/grid", cookie: nil)
            #expect(r.status == .seeOther)
            #expect(r.headers[.location]?.hasPrefix("/signin?next=") == true)
        }
    }

    @Test("A wrong password shows the error on the form, keeps the username, and answers 401")
    func wrongPasswordForm() async throws {
        try await AppHarness.run(.sqlite) { h in
            let r = try await Self.signInForm(h, "username=admin&password=wrong")
            #expect(r.status == .unauthorized)
            #expect(r.text.contains("用户名或密码错误"))
            #expect(r.text.contains(#"value="admin""#))
            #expect(r.headers[.setCookie] == nil)
        }
    }

    @Test("After signing in, the grid shows head counts from campus down to a room's students, with phones masked", arguments: TestEngine.available)
    func gridBrowser(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            try await h.importFixtureCollege()
            let cookie = try await Self.cookie(h, "admin", TestApp.adminPassword)
            let top = try await Self.page(h, "/grid", cookie: cookie)
            #expect(top.status == .ok)
            #expect(top.text.contains("<strong>7</strong>"))
            #expect(top.text.contains("南校区") && top.text.contains("北校区"))
            let path = "南校区|1号楼|1|101".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let room = try await Self.page(h, "/grid?path=\(path)", cookie: cookie)
            #expect(room.text.contains("2021000001") && room.text.contains("2021000002"))
            #expect(!room.text.contains("2021000003"))
            #expect(room.text.contains("138****5678"))
            #expect(!room.text.contains("13812345678"))
        }
    }

    @Test("A counsellor's grid counts only their own students")
    func scopedGrid() async throws {
        try await AppHarness.run(.sqlite) { h in
            try await h.importFixtureCollege()
            try await h.app.setPassword(username: "T002", password: "password-123")
            let cookie = try await Self.cookie(h, "T002", "password-123")
            let page = try await Self.page(h, "/grid", cookie: cookie)
            #expect(page.text.contains("<strong>3</strong>"))
            #expect(!page.text.contains("南校区"))
        }
    }

    @Test("The import page is for administrators; others get 403")
    func importPage() async throws {
        try await AppHarness.run(.sqlite) { h in
            try await h.importFixtureCollege()
            let admin = try await Self.cookie(h, "admin", TestApp.adminPassword)
            let ok = try await Self.page(h, "/roster/import", cookie: admin)
            #expect(ok.status == .ok)
            #expect(ok.text.contains(#"id="import-form""#))
            try await h.app.setPassword(username: "T001", password: "password-123")
            let counsellor = try await Self.cookie(h, "T001", "password-123")
            #expect(try await Self.page(h, "/roster/import", cookie: counsellor).status == .forbidden)
        }
    }

    @Test("Cookie sessions need the CSRF token: an API write or a sign-out without it is refused")
    func csrf() async throws {
        try await AppHarness.run(.sqlite) { h in
            let cookie = try await Self.cookie(h, "admin", TestApp.adminPassword)
            let grid = try await Self.page(h, "/grid", cookie: cookie)
            let token = try #require(Self.csrf(in: grid.text))

            let forged = try await h.client.execute(uri: "/api/v1/roster/staff", method: .post,
                                                    headers: [.cookie: cookie, .contentType: "text/csv"], body: .init(string: Fixtures.staffCSV))
            #expect(forged.status == .forbidden)
            let allowed = try await h.client.execute(uri: "/api/v1/roster/staff", method: .post,
                                                     headers: [.cookie: cookie, .contentType: "text/csv", .init("X-CSRF-Token")!: token],
                                                     body: .init(string: Fixtures.staffCSV))
            #expect(allowed.status == .ok)

            let noToken = try await h.client.execute(uri: "/signout", method: .post,
                                                     headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"], body: .init(string: ""))
            #expect(noToken.status == .forbidden)
            let out = try await h.client.execute(uri: "/signout", method: .post,
                                                 headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                                 body: .init(string: "_csrf=\(token)"))
            #expect(out.status == .seeOther)
            #expect(try await Self.page(h, "/grid", cookie: cookie).status == .seeOther)
        }
    }

    @Test("The stylesheet and the import script are served without a CDN")
    func assets() async throws {
        try await AppHarness.run(.sqlite) { h in
            let css = try await Self.page(h, "/public/app.css", cookie: nil)
            #expect(css.status == .ok)
            #expect(css.text.contains("Noto Sans CJK SC"))
            #expect(try await Self.page(h, "/public/import.js", cookie: nil).status == .ok)
            let signin = try await Self.page(h, "/signin", cookie: nil)
            #expect(!signin.text.contains("https://"))
        }
    }
}

@Suite("Pages: audit trail")
struct AuditPageTests {
    @Test("Administrators see the audit trail with filters; a counsellor gets 403")
    func auditPage() async throws {
        try await AppHarness.run(.sqlite) { h in
            try await h.importFixtureCollege()
            _ = try await h.post("/api/v1/sessions", token: nil, body: #"{"username":"admin","password":"wrong-one"}"#)
            let admin = try await PagesTests.cookie(h, "admin", TestApp.adminPassword)
            let page = try await PagesTests.page(h, "/admin/audit?action=auth.signin.failure", cookie: admin)
            #expect(page.status == .ok)
            #expect(page.text.contains("<td>登录失败</td>"), "the action is named, not keyed")
            #expect(!page.text.contains("<td>导入学生名册</td>") && !page.text.contains("<td>auth.signin.failure</td>"))
            #expect(page.text.contains(#"<option value="auth.signin.failure" selected>登录失败</option>"#), "the filter keeps its choice")
            try await h.app.setPassword(username: "T001", password: "password-123")
            let counsellor = try await PagesTests.cookie(h, "T001", "password-123")
            #expect(try await PagesTests.page(h, "/admin/audit", cookie: counsellor).status == .forbidden)
        }
    }
}

@Suite("Pages: a student's detail")
struct StudentPageTests {
    @Test("A student's page masks the numbers; revealing them needs the right role and the CSRF token, and is audited")
    func reveal() async throws {
        try await AppHarness.run(.sqlite) { h in
            try await h.importFixtureCollege()
            try await h.app.setPassword(username: "T001", password: "password-123")
            let counsellor = try await PagesTests.cookie(h, "T001", "password-123")
            let page = try await PagesTests.page(h, "/students/2021000001", cookie: counsellor)
            #expect(page.status == .ok)
            #expect(page.text.contains("138****5678") && !page.text.contains("13812345678"))
            let csrf = try #require(PagesTests.csrf(in: page.text))
            let headers: HTTPFields = [.cookie: counsellor, .contentType: "application/x-www-form-urlencoded"]
            let forged = try await h.client.execute(uri: "/students/2021000001/reveal", method: .post, headers: headers, body: .init(string: ""))
            #expect(forged.status == .forbidden)
            let revealed = try await h.client.execute(uri: "/students/2021000001/reveal", method: .post, headers: headers,
                                                      body: .init(string: "_csrf=\(csrf)"))
            #expect(revealed.text.contains("13812345678") && revealed.text.contains("11010519491231002X"))
            #expect(try await h.app.audit.search(.init(action: "student.unmask"), by: h.app.systemActor, at: Date()).count == 1)
            #expect(try await PagesTests.page(h, "/students/2021000005", cookie: counsellor).status == .notFound)

            try await h.app.setPassword(username: "T003", password: "password-123")
            let buildingLeader = try await PagesTests.cookie(h, "T003", "password-123")
            let leaderPage = try await PagesTests.page(h, "/students/2021000001", cookie: buildingLeader)
            #expect(!leaderPage.text.contains("/reveal"))
        }
    }

    @Test("Signing in on the page with two-factor asks for the code and accepts a valid one")
    func pageTwoFactor() async throws {
        // The service's clock, not the machine's: on a busy machine a minute can pass between the two codes.
        let clock = FixedClock(CheckInsTests.morning)
        try await AppHarness.run(.sqlite, clock: clock) { h in
            let token = try await h.adminToken()
            let begun = try await h.post("/api/v1/account/two-factor", token: token, body: "{}")
            let secretText = try #require(try begun.json()["secret"] as? String)
            let secret = try #require(Base32.decode(secretText))
            let totp = TOTP(secret: secret)
            let now = clock.now()
            _ = try await h.post("/api/v1/account/two-factor/confirm", token: token, body: #"{"code":"\#(totp.code(at: now))"}"#)
            let missing = try await PagesTests.signInForm(h, "username=admin&password=\(TestApp.adminPassword)")
            #expect(missing.status == .unauthorized)
            #expect(missing.text.contains("两步验证"))
            #expect(missing.text.contains(#"<details class="totp" open>"#), "the server asked: the code field is shown open")
            // The next step's code: the confirming code of this step was spent.
            clock.advance(by: 30)
            let next = totp.code(at: clock.now())
            let withCode = try await PagesTests.signInForm(h, "username=admin&password=\(TestApp.adminPassword)&totp=\(next)")
            #expect(withCode.status == .seeOther)
        }
    }
}
