import Foundation
import Hummingbird
import HummingbirdTesting
import OpenAPIRuntime
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

    /// Records the operations the generated code registers, without serving them.
    final class OperationRecorder: ServerTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var registered: Set<String> = []
        var operations: Set<String> { lock.withLock { registered } }
        func register(_ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
                      method: HTTPRequest.Method, path: String) throws {
            _ = lock.withLock { registered.insert("\(method.rawValue) \(path)") }
        }
    }

    @Test("openapi.json documents every /api/v1 route the generated code serves, and each answers")
    func openAPIDocumentsEveryRoute() async throws {
        try await AppHarness.run(.sqlite) { h in
            let response = try await h.get("/openapi.json", token: nil)
            #expect(response.status == .ok)
            let paths = try response.json()["paths"] as? [String: [String: Any]] ?? [:]
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) /api/v1\(path)" } })
            // What the generated code serves, as it registers its handlers (not a list kept by hand).
            let recorder = OperationRecorder()
            try ShouhuAPI(services: h.app).registerHandlers(on: recorder, serverURL: try Servers.Server1.url())
            let served = recorder.operations
            #expect(served.count == APIRouteRules.table.count)
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
