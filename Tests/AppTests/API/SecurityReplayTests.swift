import CampusKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing
@testable import Web
import ZIPFoundation

/// The requests of the security review (issue 12), replayed: each failed as it should not before the fix.
@Suite("Security review: the replayed requests are refused")
struct SecurityReplayTests {
    // MARK: 1. Admin escalation through the staff import

    @Test("A leader or a roster:write token importing a staff row with the admin role gets 422 naming role, and nobody becomes administrator",
          arguments: TestEngine.available)
    func staffImportCannotGrantAdmin(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            let admin = try await h.adminToken()
            let seed = "staff_no,name,role\nT9000,Leader Wang,leader\n"
            #expect(try await h.post("/api/v1/roster/staff", token: admin, body: seed, contentType: "text/csv").status == .ok)
            let leader = try await h.tokenFor("T9000")
            let rosterToken = try #require(try await h.post("/api/v1/tokens", token: admin, body: #"{"name":"sis","scopes":["roster:write"]}"#)
                .json()["token"] as? String)
            for (caller, row) in [(leader, "T9001,Leader Li,leader;admin"), (rosterToken, "T9002,Someone,管理员"), (leader, "T9000,Leader Wang,leader;admin")] {
                let r = try await h.post("/api/v1/roster/staff", token: caller, body: "staff_no,name,role\n\(row)\n", contentType: "text/csv")
                #expect(r.status == .unprocessableContent, "\(row): \(r.text)")
                #expect(try r.problemErrors().contains { $0["column"] as? String == "role" && $0["row"] as? Int == 2 })
            }
            #expect(try await h.get("/api/v1/accounts", token: leader).status == .forbidden)
            #expect(try await h.post("/api/v1/tokens", token: leader, body: #"{"name":"x","scopes":["read:all"]}"#).status == .forbidden)
            #expect(try await h.get("/api/v1/audit", token: leader).status == .forbidden)
            #expect(try await h.app.setPasswordIfStaffExists("T9001") == false, "the refused file stored nothing")
            // The import that was stored is audited with the roles it gave; the refused ones left no entry.
            let imports = try await h.get("/api/v1/audit?action=roster.import.staff", token: admin).json()["items"] as? [[String: Any]] ?? []
            #expect(imports.count == 1)
            #expect((imports.first?["detail"] as? String)?.contains("T9000:leader") == true)
        }
    }

    // MARK: 2. Uploads are authorised before their body is read, and parsed within limits

    /// A 4,000-row workbook with one cell at column XFD in each row (the review's 45 KB file).
    static func wideWorkbook() throws -> Data {
        let archive = try Archive(accessMode: .create)
        let main = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
        let rows = (1...4_000).map { "<row r=\"\($0)\"><c r=\"XFD\($0)\" t=\"inlineStr\"><is><t>x</t></is></c></row>" }.joined()
        let bytes = Data("<worksheet \(main)><sheetData>\(rows)</sheetData></worksheet>".utf8)
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) {
            bytes.subdata(in: Int($0)..<Int($0) + $1)
        }
        return try #require(archive.data)
    }

    @Test("A student posting a workbook or a lab report is refused 403 before anything is read; the wide workbook is refused by its column limit")
    func uploadsAuthorisedFirst() async throws {
        try await AppHarness.run(.sqlite) { h in
            try await h.importFixtureCollege()
            let student = try await h.tokenFor("2021000005")
            let bomb = try Self.wideWorkbook()
            for type in ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] {
                let r = try await h.post("/api/v1/roster/students", token: student, data: bomb, contentType: type)
                #expect(r.status == .forbidden, "\(type): \(r.text)")
            }
            // Unparseable for anyone who may post it (before: 422 with a row error per line, to a student).
            let report = String(repeating: "T1,maybe\n", count: 2_000)
            let refused = try await h.post("/api/v1/testing/results", token: student, body: report, contentType: "text/csv")
            #expect(refused.status == .forbidden)
            #expect(try refused.problemErrors().isEmpty)
            // Not signed in at all: 401, also for a body over the limit.
            let anonymous = try await h.post("/api/v1/roster/staff", token: nil, data: Data(count: 2 << 20), contentType: "text/csv")
            #expect(anonymous.status == .unauthorized)

            let admin = try await h.adminToken()
            let wide = try await h.post("/api/v1/roster/students", token: admin, data: bomb,
                                        contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(wide.status == .badRequest)
            #expect(wide.text.contains("64"))
            // A workbook declared as CSV is not sniffed into a workbook.
            let mislabelled = try await h.post("/api/v1/roster/students", token: admin, data: bomb, contentType: "text/csv")
            #expect(mislabelled.status == .badRequest)
            #expect(mislabelled.text.contains("CSV"))
        }
    }

    // MARK: 3. A restricted administrator administers nothing

    @Test("An administrator who must first enrol two-factor is refused every account-administration call but reaches their own account")
    func restrictedAdministrator() async throws {
        try await AppHarness.run(.sqlite, config: TestApp.config { $0.requireTwoFactor = true }) { h in
            let admin = try await h.adminToken()
            #expect(try await h.get("/api/v1/account", token: admin).status == .ok)
            #expect(try await h.get("/api/v1/accounts", token: admin).status == .forbidden)
            #expect(try await h.post("/api/v1/accounts/admin/reset", token: admin, body: "").status == .forbidden)
            #expect(try await h.post("/api/v1/accounts/admin/unlock", token: admin, body: "").status == .forbidden)
            #expect(try await h.post("/api/v1/accounts/activation-codes", token: admin, body: #"{"class":"信息2101"}"#).status == .forbidden)
            var put = AppHarness.auth(admin)
            put[.contentType] = "application/json"
            let roles = try await h.client.execute(uri: "/api/v1/accounts/admin/roles", method: .put, headers: put,
                                                   body: .init(string: #"{"roles":["admin"]}"#))
            #expect(roles.status == .forbidden)
            #expect(try await h.post("/api/v1/tokens", token: admin, body: #"{"name":"x","scopes":["read:all"]}"#).status == .forbidden)
        }
    }

    // MARK: 4 and 8. One spelling per route

    @Test("Other spellings of the sign-in and API paths are not routed: no unthrottled sign-in, no CSRF-free write")
    func pathSpellings() async throws {
        // On the service clock, held still: three sign-ins on a busy machine could otherwise straddle the minute the
        // throttle counts in.
        try await AppHarness.run(.sqlite, config: TestApp.config { $0.signInAttemptsPerMinute = 2 }, clock: FixedClock(CheckInsTests.morning)) { h in
            let json: HTTPFields = [.contentType: "application/json"]
            let body = #"{"username":"admin","password":"\#(TestApp.adminPassword)"}"#
            for path in ["/api/v1/sessions/", "//api/v1/sessions", "/api/v1//sessions", "/api/v1/./sessions", "/api/v1/%2e/sessions"] {
                let r = try await h.client.execute(uri: path, method: .post, headers: json, body: .init(string: body))
                #expect(r.status == .notFound, "\(path) → \(r.status)")
            }
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let slash = try await h.client.execute(uri: "/signin/", method: .post, headers: form, body: .init(string: "username=admin&password=x"))
            #expect(slash.status == .notFound)
            let page = try await h.client.execute(uri: "/signin/?next=/grid", method: .get, headers: [:], body: nil)
            #expect(page.status == .permanentRedirect)
            #expect(page.headers[.location] == "/signin?next=/grid")
            // The throttle counts the one spelling that signs in.
            for _ in 0..<2 { _ = try await h.client.execute(uri: "/api/v1/sessions", method: .post, headers: json, body: .init(string: body)) }
            let third = try await h.client.execute(uri: "/api/v1/sessions", method: .post, headers: json, body: .init(string: body))
            #expect(third.status == .tooManyRequests)
        }
    }

    @Test("A cookie-authenticated API write needs the CSRF header under every spelling of its path", arguments: TestEngine.available)
    func csrfOnEverySpelling(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(GateScopeMatrixTests.morning)) { h in
            let cast = try await GateScopeMatrixTests.cast(h)
            let id = try await GateScopeMatrixTests.askLeave(h, cast.student, "2021000005")
            try await h.app.setPassword(username: "T002", password: "password-123")
            let cookie = try await PagesTests.cookie(h, "T002", "password-123")
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/json"]
            for path in ["//api/v1/leaves/\(id)/approve", "/api//v1/leaves/\(id)/approve", "/api/v1/leaves/\(id)/approve/"] {
                let r = try await h.client.execute(uri: path, method: .post, headers: headers, body: .init(string: "{}"))
                #expect(r.status == .notFound, "\(path) → \(r.status)")
            }
            let bare = try await h.client.execute(uri: "/api/v1/leaves/\(id)/approve", method: .post, headers: headers, body: .init(string: "{}"))
            #expect(bare.status == .forbidden)
            let leave = try await h.get("/api/v1/leaves/\(id)", token: cast.admin.token).json()
            #expect(leave["status"] as? String == "pending")
        }
    }

    // MARK: 6 and 7. Cookies, redirects and the sign-in form

    @Test("After sign-in only local paths are followed: backslashes, tabs and other sites go to the home page")
    func openRedirect() async throws {
        try await AppHarness.run(.sqlite) { h in
            for next in ["/%5Cevil.example", "/%09/evil.example", "//evil.example", "https://evil.example", "/%5C%5Cevil.example", "/\\evil.example"] {
                let page = try await h.client.execute(uri: "/signin?next=\(next)", method: .get, headers: [:], body: nil)
                #expect(page.text.contains(#"name="next" value="/""#), "\(next)")
                let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let r = try await PagesTests.signInForm(h, "username=admin&password=\(TestApp.adminPassword)&next=\(encoded)")
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/", "\(next) → \(r.headers[.location] ?? "")")
            }
            let local = try await PagesTests.signInForm(h, "username=admin&password=\(TestApp.adminPassword)&next=%2Fgrid%3Fbuilding%3D1")
            #expect(local.headers[.location] == "/grid?building=1")
        }
    }

    @Test("The sign-in form without the token its page gave (login CSRF) is refused and signs nobody in")
    func loginCSRF() async throws {
        try await AppHarness.run(.sqlite) { h in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let forged = try await h.client.execute(uri: "/signin", method: .post, headers: form,
                                                    body: .init(string: "username=admin&password=\(TestApp.adminPassword)"))
            #expect(forged.status == .forbidden)
            #expect(PagesTests.setCookie(forged, "shouhu_session") == nil)
            #expect(forged.text.contains("已过期"))
            var withOtherCookie = form
            withOtherCookie[.cookie] = "shouhu_signin=" + String(repeating: "a", count: 64)
            let page = try await h.client.execute(uri: "/signin", method: .get, headers: [:], body: nil)
            let token = try #require(PagesTests.csrf(in: page.text))
            let mismatched = try await h.client.execute(uri: "/signin", method: .post, headers: withOtherCookie,
                                                        body: .init(string: "username=admin&password=\(TestApp.adminPassword)&_csrf=\(token)"))
            #expect(mismatched.status == .forbidden)
        }
    }

    @Test("The session cookie is Secure except on a loopback address, and signed-in answers are not cached")
    func cookieFlagsAndCaching() async throws {
        try await AppHarness.run(.sqlite) { h in
            let remote: HTTPFields = [HTTPField.Name("Host")!: "shouhu.example.edu.cn"]
            let r = try await PagesTests.signInForm(h, "username=admin&password=\(TestApp.adminPassword)", headers: remote)
            let session = try #require(r.headers[values: .setCookie].first { $0.hasPrefix("shouhu_session=") })
            #expect(session.contains("Secure"))
            #expect(session.contains("HttpOnly"))
            let local = try await PagesTests.signInForm(h, "username=admin&password=\(TestApp.adminPassword)", headers: [HTTPField.Name("Host")!: "127.0.0.1:8080"])
            let plain = try #require(local.headers[values: .setCookie].first { $0.hasPrefix("shouhu_session=") })
            #expect(!plain.contains("Secure"))

            let cookie = try await PagesTests.cookie(h, "admin", TestApp.adminPassword)
            let grid = try await PagesTests.page(h, "/grid", cookie: cookie)
            #expect(grid.headers[.cacheControl] == "no-store")
            let csp = try #require(grid.headers[.contentSecurityPolicy])
            #expect(csp.contains("form-action 'self'") && csp.contains("base-uri 'none'"))
            #expect(try await h.get("/api/v1/students", token: try await h.adminToken()).headers[.cacheControl] == "no-store")
        }
    }

    @Test("Behind a trusted proxy the client is the hop the proxy appended, not the leftmost entry the client wrote")
    func forwardedFor() {
        #expect(AuthMiddleware.clientIP(forwardedFor: "6.6.6.6, 203.0.113.9", peer: "127.0.0.1") == "203.0.113.9")
        #expect(AuthMiddleware.clientIP(forwardedFor: "203.0.113.9", peer: "127.0.0.1") == "203.0.113.9")
        #expect(AuthMiddleware.clientIP(forwardedFor: nil, peer: "127.0.0.1") == "127.0.0.1")
        #expect(AuthMiddleware.clientIP(forwardedFor: " , ", peer: "127.0.0.1") == "127.0.0.1")
    }

    @Test("An operation whose body is optional may be called with none at all (first two-factor set-up with an empty POST)")
    func optionalBodyMayBeEmpty() async throws {
        try await AppHarness.run(.sqlite) { h in
            let admin = try await h.adminToken()
            let r = try await h.client.execute(uri: "/api/v1/account/two-factor", method: .post, headers: AppHarness.auth(admin), body: nil)
            #expect(r.status == .created, "\(r.text)")
            #expect(try r.json()["secret"] as? String != nil)
        }
    }
}
