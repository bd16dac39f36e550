// What the quarantine benchmarks stand on (Quarantine.swift): the app's router on a loopback port, the demo college on
// one engine, psql for setup and teardown, and the errors a run throws.
import App
import AsyncHTTPClient
import BenchShared
import Benchmark
import CampusKit
import ContactTracing
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import Quarantine
import Roster
import SQLKit
import Storage
import Web

// MARK: - The app's router on a loopback port

/// `Routes.build(services:)` served by Hummingbird in this process, and a client for it that follows no redirects.
final class LocalServer: Sendable {
    let base: String
    private let task: Task<Void, any Error>
    private let client: HTTPClient

    private init(base: String, task: Task<Void, any Error>, client: HTTPClient) {
        self.base = base
        self.task = task
        self.client = client
    }

    static func start(_ app: ShouhuApp) async throws -> LocalServer {
        let router = try await Routes.build(services: app)
        let port = PortBox()
        var logger = Logger(label: "bench.http")
        logger.logLevel = .warning
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "shouhu"),
                                      onServerRunning: { channel in port.set(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await application.runService(gracefulShutdownSignals: []) }
        for _ in 0..<400 where port.value == 0 { try await Task.sleep(for: .milliseconds(25)) }
        guard port.value > 0 else {
            task.cancel()
            throw BenchError("the server did not start")
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        return LocalServer(base: "http://127.0.0.1:\(port.value)", task: task, client: client)
    }

    func stop() async {
        try? await client.shutdown()
        task.cancel()
        _ = try? await task.value
    }

    /// The page sign-in as a browser does it: the form (its pre-session cookie and token), then the post; the session cookie.
    func signIn(username: String, password: String) async throws -> String {
        let form = try await send(HTTPClientRequest(url: base + "/signin"))
        guard let pre = Self.cookie(form.headers, "shouhu_signin"), let range = form.text.range(of: #"name="_csrf" value=""#) else {
            throw BenchError("the sign-in page gave no form token (\(form.status))")
        }
        let token = String(form.text[range.upperBound...].prefix { $0 != "\"" })
        var post = HTTPClientRequest(url: base + "/signin")
        post.method = .POST
        post.headers.add(name: "content-type", value: "application/x-www-form-urlencoded")
        post.headers.add(name: "cookie", value: pre)
        let encoded = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password
        post.body = .bytes(ByteBuffer(string: "username=\(username)&password=\(encoded)&next=%2Fquarantine%2Fledger&_csrf=\(token)"))
        let signedIn = try await send(post)
        guard signedIn.status == 303, let session = Self.cookie(signedIn.headers, "shouhu_session") else {
            throw BenchError("form sign-in failed: \(signedIn.status)")
        }
        return session
    }

    /// GET `path` with the session cookie; the whole body, after checking for 200.
    func get(_ path: String, cookie: String) async throws -> [UInt8] {
        var request = HTTPClientRequest(url: base + path)
        request.headers.add(name: "cookie", value: cookie)
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 256 << 20)
        guard response.status.code == 200 else { throw BenchError("GET \(path): \(response.status.code)") }
        return Array(body.readableBytesView)
    }

    private func send(_ request: HTTPClientRequest) async throws -> (status: UInt, headers: HTTPHeaders, text: String) {
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 16 << 20)
        return (response.status.code, response.headers, String(buffer: body))
    }

    private static func cookie(_ headers: HTTPHeaders, _ name: String) -> String? {
        headers["set-cookie"].lazy.compactMap { $0.split(separator: ";").first.map(String.init) }.first { $0.hasPrefix(name + "=") }
    }
}

final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var port = 0
    var value: Int { lock.withLock { port } }
    func set(_ value: Int) { lock.withLock { port = value } }
}

// MARK: - The demo college on one engine

/// One engine's database holding the demo college, from setup to teardown, and the two scenarios made on it.
final class DemoDatabase: @unchecked Sendable {
    static let adminPassword = "bench-admin-password"
    let engine: BenchEngine
    private let lock = NSLock()
    private var loaded: ShouhuApp?
    private var cleanup: (() -> Void)?
    private var contactsScenario: ContactsScenario?
    private var ledgerScenario: LedgerScenario?

    init(engine: BenchEngine) { self.engine = engine }

    func app() throws -> ShouhuApp {
        guard let app = lock.withLock({ loaded }) else { throw BenchError("setup did not load the demo college") }
        return app
    }

    func contacts() throws -> ContactsScenario {
        guard let s = lock.withLock({ contactsScenario }) else { throw BenchError("setup did not prepare the investigation") }
        return s
    }

    func ledger() throws -> LedgerScenario {
        guard let s = lock.withLock({ ledgerScenario }) else { throw BenchError("setup did not prepare the ledger") }
        return s
    }

    /// Clears the ledger's placements first, if made: their students would be skipped as already in quarantine.
    func prepareContacts() async throws {
        await clearLedger()
        if lock.withLock({ contactsScenario != nil }) { return }
        let made = try await ContactsScenario.make(try app())
        lock.withLock { contactsScenario = made }
    }

    func prepareLedger() async throws {
        if lock.withLock({ ledgerScenario != nil }) { return }
        let made = try await LedgerScenario.make(try app(), password: Self.adminPassword)
        lock.withLock { ledgerScenario = made }
    }

    /// Undoes `prepareLedger` (the next benchmark that needs it makes it again).
    func clearLedger() async {
        let (app, scenario) = lock.withLock { (loaded, ledgerScenario) }
        guard let app else { return }
        await LedgerScenario.clear(app, scenario)
        lock.withLock { ledgerScenario = nil }
    }

    func loadIfNeeded() async throws {
        if lock.withLock({ loaded != nil }) { return }
        let name = "shouhu_bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let url: String
        let remove: () -> Void
        switch engine {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sqlite").path
            url = "sqlite:\(path)"
            remove = { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        case .postgres(let adminURL):
            try PSQL.run(adminURL, "CREATE DATABASE \(name)")
            guard var components = URLComponents(string: adminURL) else { throw BenchError("bad SHOUHU_BENCH_POSTGRES_URL") }
            components.path = "/\(name)"
            url = components.string ?? adminURL
            remove = { try? PSQL.run(adminURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        }
        lock.withLock { cleanup = remove }
        // No second factor for `admin`: the ledger is read through the sign-in form, not through two-factor set-up.
        let config = try AppConfig.fromEnvironment(["SHOUHU_DATABASE_URL": url, "SHOUHU_ADMIN_PASSWORD": Self.adminPassword,
                                                    "SHOUHU_REQUIRE_TOTP": "false"])
        // Cheap password hashes: the demo accounts' passwords are set while loading, and hashing is not what is measured.
        let app = try await ShouhuApp.start(config: config, database: .open(config.database), hasher: BcryptHasher(cost: 4),
                                            initialHasher: BcryptHasher(cost: 4)).app
        let accounts = try await app.loadDemoIfEmpty()
        guard !accounts.isEmpty else { throw BenchError("the new database already held a roster") }
        lock.withLock { loaded = app }
    }

    func remove() async {
        let (app, cleanup, ledger) = lock.withLock { (loaded, self.cleanup, ledgerScenario) }
        await ledger?.server.stop()
        if let app { await app.database.close() }
        cleanup?()
        lock.withLock {
            loaded = nil
            ledgerScenario = nil
            contactsScenario = nil
        }
    }
}
