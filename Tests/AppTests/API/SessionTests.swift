import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

@Suite("Sign-in, sessions and integration tokens")
struct SessionTests {
    @Test("admin signs in with the configured password and gets a bearer token with its expiry", arguments: TestEngine.available)
    func adminSignsIn(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            let r = try await h.post("/api/v1/sessions", token: nil, body: #"{"username":"admin","password":"\#(TestApp.adminPassword)"}"#)
            #expect(r.status == .created)
            let body = try r.json()
            #expect((body["token"] as? String)?.isEmpty == false)
            #expect((body["expiresAt"] as? String).flatMap { try? Date($0, strategy: .iso8601) } != nil)
        }
    }

    @Test("A wrong password and an unknown user get the same 401, with no hint which it was", arguments: TestEngine.available)
    func noUserEnumeration(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            let wrong = try await h.post("/api/v1/sessions", token: nil, body: #"{"username":"admin","password":"nope-nope"}"#)
            let unknown = try await h.post("/api/v1/sessions", token: nil, body: #"{"username":"ghost","password":"nope-nope"}"#)
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.text == unknown.text)
        }
    }

    @Test("Without a token, or with a made-up one, the API answers 401")
    func tokenRequired() async throws {
        try await AppHarness.run(.sqlite) { h in
            for token in [nil, "shs_madeup", "sht_madeup"] {
                let r = try await h.get("/api/v1/students", token: token)
                #expect(r.status == .unauthorized)
                #expect(r.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test("Signing out revokes the token", arguments: TestEngine.available)
    func signOutRevokes(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            let token = try await h.adminToken()
            #expect(try await h.get("/api/v1/students", token: token).status == .ok)
            let out = try await h.client.execute(uri: "/api/v1/sessions/current", method: .delete, headers: AppHarness.auth(token), body: nil)
            #expect(out.status == .noContent)
            #expect(try await h.get("/api/v1/students", token: token).status == .unauthorized)
        }
    }

    @Test("A staff member on the roster signs in with their staff number once a password is set", arguments: TestEngine.available)
    func staffSignIn(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            try await h.importFixtureCollege()
            let token = try await h.tokenFor("T001")
            #expect(try await h.get("/api/v1/students", token: token).status == .ok)
        }
    }

    @Test("An admin creates an integration token limited to its scopes", arguments: TestEngine.available)
    func integrationTokens(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            let admin = try await h.adminToken()
            let created = try await h.post("/api/v1/tokens", token: admin, body: #"{"name":"教务系统","scopes":["roster:write"]}"#)
            #expect(created.status == .created)
            let rosterToken = try #require(try created.json()["token"] as? String)
            let imported = try await h.post("/api/v1/roster/staff", token: rosterToken, body: Fixtures.staffCSV, contentType: "text/csv")
            #expect(imported.status == .ok)
            // roster:write does not let it read students.
            #expect(try await h.get("/api/v1/students", token: rosterToken).studentNumbers().isEmpty)

            let gate = try await h.post("/api/v1/tokens", token: admin, body: #"{"name":"南门","scopes":["access:decide"]}"#)
            let gateToken = try #require(try gate.json()["token"] as? String)
            let refused = try await h.post("/api/v1/roster/staff", token: gateToken, body: Fixtures.staffCSV, contentType: "text/csv")
            #expect(refused.status == .forbidden)
        }
    }

    @Test("Only admins create tokens; unknown scopes and empty names are 422 naming the field")
    func tokenRules() async throws {
        try await AppHarness.run(.sqlite) { h in
            try await h.importFixtureCollege()
            let counsellor = try await h.tokenFor("T001")
            #expect(try await h.post("/api/v1/tokens", token: counsellor, body: #"{"name":"x","scopes":["read:all"]}"#).status == .forbidden)
            let admin = try await h.adminToken()
            let bad = try await h.post("/api/v1/tokens", token: admin, body: #"{"name":"","scopes":["root"]}"#)
            #expect(bad.status == .unprocessableContent)
            let fields = try bad.problemErrors().compactMap { $0["field"] as? String }
            #expect(Set(fields) == ["name", "scopes"])
            // Nothing was created: no token.create in the audit trail.
            #expect(try await h.app.audit.search(.init(action: "token.create"), by: h.app.systemActor, at: Date()).isEmpty)
        }
    }
}
