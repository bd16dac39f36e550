import Accounts
import App
import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

@Suite("Integration tokens are listed and revoked by administrators")
struct IntegrationTokenTests {
    static func create(_ h: AppHarness, admin: String, name: String) async throws -> String {
        let r = try await h.post("/api/v1/tokens", token: admin, body: #"{"name":"\#(name)","scopes":["access:decide","read:all"]}"#)
        return try #require(try r.json()["token"] as? String)
    }

    static func delete(_ h: AppHarness, _ uri: String, token: String) async throws -> TestResponse {
        try await h.client.execute(uri: uri, method: .delete, headers: AppHarness.auth(token), body: nil)
    }

    @Test("An administrator lists tokens without their secrets and revokes one, which answers 401 at once; both are audited",
          arguments: TestEngine.available)
    func listAndRevoke(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            let admin = try await h.adminToken()
            let gate = try await Self.create(h, admin: admin, name: "南门闸机")
            let lab = try await Self.create(h, admin: admin, name: "检测实验室")
            #expect(try await h.get("/api/v1/access/policy", token: gate).status == .ok)

            let listed = try await h.get("/api/v1/tokens", token: admin)
            #expect(listed.status == .ok)
            #expect(!listed.text.contains(gate) && !listed.text.contains(String(gate.dropFirst(4))))
            let items = try #require(try listed.json()["items"] as? [[String: Any]])
            #expect(Set(items.compactMap { $0["name"] as? String }) == ["南门闸机", "检测实验室"])
            let entry = try #require(items.first { $0["name"] as? String == "南门闸机" })
            #expect(entry["scopes"] as? [String] == ["access:decide", "read:all"])
            #expect(entry["createdBy"] as? String == "admin")
            #expect(entry["createdAt"] is String)
            #expect(entry["revokedAt"] == nil)
            #expect(Set(entry.keys).isSubset(of: ["id", "name", "scopes", "createdAt", "createdBy", "revokedAt"]))
            let id = try #require(entry["id"] as? String)

            #expect(try await Self.delete(h, "/api/v1/tokens/\(id)", token: admin).status == .noContent)
            #expect(try await h.get("/api/v1/access/policy", token: gate).status == .unauthorized)
            #expect(try await h.get("/api/v1/access/policy", token: lab).status == .ok)
            #expect(try await Self.delete(h, "/api/v1/tokens/no-such-token", token: admin).status == .notFound)
            let after = try #require(try await h.get("/api/v1/tokens", token: admin).json()["items"] as? [[String: Any]])
            #expect(after.first { $0["id"] as? String == id }?["revokedAt"] is String)
            let actions = try await h.app.audit.search(.init(), by: h.app.systemActor, at: Date()).map(\.entry.action)
            #expect(actions.contains("token.revoke") && actions.contains("token.list"))
        }
    }

    @Test("A leader, a student and an integration token get 403 on the token list and revocation, and nothing changes",
          arguments: TestEngine.available)
    func othersForbidden(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            try await h.importFixtureCollege()
            let admin = try await h.adminToken()
            let gate = try await Self.create(h, admin: admin, name: "南门闸机")
            let id = try #require((try await h.get("/api/v1/tokens", token: admin).json()["items"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await h.tokenFor("T002")
            try await h.app.accounts.grantRoles([.leader], to: "T002", by: h.app.systemActor)
            let leader = try await h.token("T002", "password-123")
            let student = try await h.tokenFor("2021000001")
            for caller in [leader, student, gate] {
                #expect(try await h.get("/api/v1/tokens", token: caller).status == .forbidden)
                #expect(try await Self.delete(h, "/api/v1/tokens/\(id)", token: caller).status == .forbidden)
            }
            #expect(try await h.get("/api/v1/access/policy", token: gate).status == .ok)
            let items = try #require(try await h.get("/api/v1/tokens", token: admin).json()["items"] as? [[String: Any]])
            #expect(items.allSatisfy { $0["revokedAt"] == nil })
        }
    }

    @Test("The administration page creates a token (its secret shown once, not cached) and revokes it with the CSRF token")
    func page() async throws {
        try await AppHarness.run(.sqlite) { h in
            let cookie = try await PagesTests.cookie(h, "admin", TestApp.adminPassword)
            let list = try await PagesTests.page(h, "/admin/tokens", cookie: cookie)
            #expect(list.status == .ok)
            let csrf = try #require(PagesTests.csrf(in: list.text))
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let refused = try await h.client.execute(uri: "/admin/tokens", method: .post, headers: headers,
                                                     body: .init(string: "name=gate&scopes[]=read:all"))
            #expect(refused.status == .forbidden)
            let created = try await h.client.execute(uri: "/admin/tokens", method: .post, headers: headers,
                                                     body: .init(string: "_csrf=\(csrf)&name=gate&scopes[]=access:decide&scopes[]=read:all"))
            #expect(created.status == .ok)
            #expect(created.headers[.cacheControl] == "no-store")
            let secret = try #require(created.text.firstRange(of: #/sht_[A-Za-z0-9_-]+/#).map { String(created.text[$0]) })
            #expect(try await h.get("/api/v1/access/policy", token: secret).status == .ok)
            let again = try await PagesTests.page(h, "/admin/tokens", cookie: cookie)
            #expect(!again.text.contains(secret))
            let id = try #require((try await h.get("/api/v1/tokens", token: try await h.adminToken()).json()["items"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(again.text.contains("/admin/tokens/\(id)/revoke"))
            let revoked = try await h.client.execute(uri: "/admin/tokens/\(id)/revoke", method: .post, headers: headers,
                                                     body: .init(string: "_csrf=\(csrf)"))
            #expect(revoked.status == .seeOther)
            #expect(try await h.get("/api/v1/access/policy", token: secret).status == .unauthorized)

            try await h.importFixtureCollege()
            let counsellor = try await { () async throws -> String in
                try await h.app.setPassword(username: "T001", password: "password-123")
                return try await PagesTests.cookie(h, "T001", "password-123")
            }()
            #expect(try await PagesTests.page(h, "/admin/tokens", cookie: counsellor).status == .forbidden)
        }
    }
}
