import App
import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import ShouhuTestSupport
import Web

/// The whole app in-process on a fresh database, with helpers for the calls every test makes.
struct AppHarness {
    let app: ShouhuApp
    let client: any TestClientProtocol

    static func run(_ engine: TestEngine, config: AppConfig = TestApp.config(), clock: any Clock = SystemClock(),
                    _ body: @escaping @Sendable (AppHarness) async throws -> Void) async throws {
        try await TestApp.with(engine, config: config, clock: clock) { app in
            let router = try await Routes.build(services: app)
            let application = Application(router: router)
            try await application.test(.router) { client in
                try await body(AppHarness(app: app, client: client))
            }
        }
    }

    /// Signs in over the API and returns the bearer token.
    func token(_ username: String, _ password: String) async throws -> String {
        let response = try await client.execute(uri: "/api/v1/sessions", method: .post, headers: [.contentType: "application/json"],
                                                body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#))
        guard response.status == .created, let token = try response.json()["token"] as? String else {
            throw HarnessError("sign-in of \(username) failed: \(response.status) \(String(buffer: response.body))")
        }
        return token
    }

    func adminToken() async throws -> String { try await token("admin", TestApp.adminPassword) }

    /// Gives a roster person an account with `password` and returns their token. Setting a password ends the
    /// account's sessions, so it is set only when `password` does not already sign in.
    func tokenFor(_ username: String, password: String = "password-123") async throws -> String {
        if let token = try? await token(username, password) { return token }
        try await app.setPassword(username: username, password: password)
        return try await token(username, password)
    }

    func get(_ uri: String, token: String?) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: Self.auth(token), body: nil)
    }

    func post(_ uri: String, token: String?, body: String, contentType: String = "application/json") async throws -> TestResponse {
        var headers = Self.auth(token)
        headers[.contentType] = contentType
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func post(_ uri: String, token: String?, data: Data, contentType: String) async throws -> TestResponse {
        var headers = Self.auth(token)
        headers[.contentType] = contentType
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: data))
    }

    /// Imports the fixture college (staff, then students) as admin.
    func importFixtureCollege() async throws {
        let admin = try await adminToken()
        for (path, csv) in [("staff", Fixtures.staffCSV), ("students", Fixtures.studentsCSV)] {
            let r = try await post("/api/v1/roster/\(path)", token: admin, body: csv, contentType: "text/csv")
            guard r.status == .ok else { throw HarnessError("fixture import of \(path) failed: \(String(buffer: r.body))") }
        }
    }

    static func auth(_ token: String?) -> HTTPFields {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return headers
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension TestResponse {
    /// The body as a JSON object.
    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(String(buffer: body).utf8))
        guard let dictionary = object as? [String: Any] else { throw HarnessError("not a JSON object: \(String(buffer: body))") }
        return dictionary
    }

    var text: String { String(buffer: body) }

    /// The student numbers of a `{items: [...]}` answer.
    func studentNumbers() throws -> [String] {
        (try json()["items"] as? [[String: Any]] ?? []).compactMap { $0["studentNo"] as? String }
    }

    /// The `errors` of a problem answer as (row, column) or (field) pairs.
    func problemErrors() throws -> [[String: Any]] {
        try json()["errors"] as? [[String: Any]] ?? []
    }
}

extension ShouhuApp {
    /// True when `staffNo` is on the staff roster (a refused import must not have added it).
    func setPasswordIfStaffExists(_ staffNo: String) async throws -> Bool {
        do {
            try await setPassword(username: staffNo, password: "some-password-1")
            return true
        } catch {
            return false
        }
    }
}
