import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing
@testable import Web

@Suite("System endpoints and error answers")
struct SystemTests {
    @Test("healthz and readyz answer 200 while the database answers", arguments: TestEngine.available)
    func health(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            let health = try await h.get("/healthz", token: nil)
            let ready = try await h.get("/readyz", token: nil)
            #expect(health.status == .ok)
            #expect(ready.status == .ok)
        }
    }

    @Test("Every documented operation has exactly the route rule that admits its callers, and no rule names an undocumented one")
    func everyOperationHasARule() async throws {
        try await AppHarness.run(.sqlite) { h in
            let paths = try await h.get("/openapi.json", token: nil).json()["paths"] as? [String: [String: Any]] ?? [:]
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            #expect(documented == Set(APIRouteRules.table.keys))
        }
    }

    @Test("openapi.json documents every /api/v1 route the server answers")
    func openAPIDocumentsEveryRoute() async throws {
        try await AppHarness.run(.sqlite) { h in
            let response = try await h.get("/openapi.json", token: nil)
            #expect(response.status == .ok)
            let paths = try response.json()["paths"] as? [String: [String: Any]] ?? [:]
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) /api/v1\(path)" } })
            let served: Set<String> = [
                "POST /api/v1/sessions", "DELETE /api/v1/sessions/current", "POST /api/v1/tokens", "GET /api/v1/tokens", "DELETE /api/v1/tokens/{id}",
                "POST /api/v1/roster/students", "POST /api/v1/roster/staff",
                "GET /api/v1/students", "GET /api/v1/students/{studentNo}", "GET /api/v1/grid", "GET /api/v1/audit", "GET /api/v1/audit/head",
                "GET /api/v1/account", "POST /api/v1/account/password", "POST /api/v1/account/two-factor",
                "POST /api/v1/account/two-factor/confirm", "GET /api/v1/accounts", "POST /api/v1/accounts/{username}/unlock",
                "POST /api/v1/accounts/{username}/reset", "PUT /api/v1/accounts/{username}/roles", "POST /api/v1/accounts/activation-codes",
                "POST /api/v1/checkins", "GET /api/v1/checkins/completeness", "GET /api/v1/checkins/missing",
                "GET /api/v1/checkins/policy", "PUT /api/v1/checkins/policy", "GET /api/v1/students/{studentNo}/checkins",
                "GET /api/v1/cases", "POST /api/v1/cases", "GET /api/v1/cases/{id}", "POST /api/v1/cases/{id}/close",
                "POST /api/v1/cases/{id}/notes", "GET /api/v1/notifications", "POST /api/v1/notifications/{id}/read",
                "GET /api/v1/reports/daily", "POST /api/v1/reports/daily", "GET /api/v1/checkins/signals",
                "GET /api/v1/access/points", "POST /api/v1/access/points", "POST /api/v1/access/events", "GET /api/v1/access/decision",
                "GET /api/v1/access/policy", "PUT /api/v1/access/policy", "GET /api/v1/access/presence", "GET /api/v1/access/alerts",
                "GET /api/v1/students/{studentNo}/trajectory", "GET /api/v1/leaves", "POST /api/v1/leaves", "GET /api/v1/leaves/{id}",
                "POST /api/v1/leaves/{id}/{decision}", "GET /api/v1/investigations", "POST /api/v1/investigations",
                "GET /api/v1/investigations/{id}", "POST /api/v1/investigations/{id}/follow-ups",
                "GET /api/v1/testing/campaigns", "POST /api/v1/testing/campaigns", "GET /api/v1/testing/campaigns/{id}",
                "GET /api/v1/testing/campaigns/{id}/coverage", "GET /api/v1/testing/campaigns/{id}/missing",
                "GET /api/v1/testing/campaigns/{id}/pools", "GET /api/v1/testing/campaigns/{id}/tubes",
                "POST /api/v1/testing/campaigns/{id}/exemptions", "POST /api/v1/testing/campaigns/{id}/close",
                "POST /api/v1/testing/rotations", "POST /api/v1/testing/samples", "POST /api/v1/testing/results",
                "GET /api/v1/testing/tubes/{code}", "GET /api/v1/testing/schedules", "POST /api/v1/testing/schedules",
                "GET /api/v1/testing/mine",
            ]
            #expect(documented == served)
            // Each documented route exists: it does not answer 404 for a signed-out caller.
            for route in served {
                let parts = route.split(separator: " ")
                let uri = String(parts[1]).replacingOccurrences(of: "{studentNo}", with: "2021000001")
                    .replacingOccurrences(of: "{username}", with: "admin").replacingOccurrences(of: "{id}", with: "x").replacingOccurrences(of: "{decision}", with: "approve")
                let r = try await h.client.execute(uri: uri, method: .init(rawValue: String(parts[0]))!, headers: [:], body: nil)
                #expect(r.status != .notFound, "\(route) answered 404")
            }
        }
    }

    @Test("An unknown route answers 404 as problem+json")
    func unknownRoute() async throws {
        try await AppHarness.run(.sqlite) { h in
            let response = try await h.get("/api/v1/no-such-thing", token: nil)
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType] == "application/problem+json")
            let problem = try response.json()
            #expect(problem["status"] as? Int == 404)
            #expect(problem["type"] as? String == "about:blank")
            #expect(problem["title"] as? String == "Not Found")
            #expect((problem["detail"] as? String)?.isEmpty == false)
        }
    }

    @Test("Malformed JSON answers 400 problem+json, never 500")
    func malformedJSON() async throws {
        try await AppHarness.run(.sqlite) { h in
            for body in [#"{"username":"#, "[]", #"{"username": 5, "password": "x"}"#, #"{"password":"x"}"#] {
                let response = try await h.post("/api/v1/sessions", token: nil, body: body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test("A body over the limit answers 413 problem+json and stores nothing")
    func oversizedBody() async throws {
        try await AppHarness.run(.sqlite) { h in
            let admin = try await h.adminToken()
            let huge = String(repeating: "x", count: 33 << 20)
            let response = try await h.post("/api/v1/roster/students", token: admin, body: huge, contentType: "text/csv")
            #expect(response.status == .contentTooLarge)
            #expect(response.headers[.contentType] == "application/problem+json")
            let bigJSON = "{\"username\":\"" + String(repeating: "a", count: 2 << 20) + "\",\"password\":\"x\"}"
            #expect(try await h.post("/api/v1/sessions", token: nil, body: bigJSON).status == .contentTooLarge)
            #expect(try await h.get("/api/v1/students", token: admin).studentNumbers().isEmpty)
        }
    }
}
