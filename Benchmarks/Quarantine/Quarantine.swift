// The two figures issue 15 (quarantine, C9) asks for, on SQLite and PostgreSQL (docs/PERFORMANCE.md, section 8):
// placing 500 contacts of one investigation in one request (target < 500 ms on both engines), and the ledger export
// of the demo college (7,600 students, target < 1 s).
//
//   cd Benchmarks && swift package --disable-sandbox benchmark --target QuarantineBench
//   SHOUHU_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:54329/postgres swift package --disable-sandbox benchmark --target QuarantineBench
//
// Setup, once per engine (not measured), as in `Benchmarks/Overview`: `ShouhuApp.start` on a new database (a SQLite
// file in the temporary folder, or a PostgreSQL database created with `psql`), then `loadDemoIfEmpty()`, exactly what
// `shouhu serve --demo` loads: 7,600 students (7,482 active), 14 days of check-ins, gate events, the testing rounds and
// the demo's own quarantine site QN with its 18 active placements. ordo-one runs the global `Benchmark.teardown` after
// every benchmark, not once at the end, so each benchmark loads its own demo college and its database is removed after it.
//
// Placing 500 contacts: a REAL investigation, not a stand-in. Setup runs `InvestigationService.investigate` (depth 2,
// the 3 days before yesterday 19:00, as the demo's own investigation) for demo students in turn until one has at
// least 500 contacts not already in quarantine, and creates site BENCH of 300 rooms of 2. Measured: one
// `QuarantineService.placeContacts(of:studentNos:site:by:)` of those 500 students (degree 1 before degree 2, then by
// student number) as the system administrator — exactly what `POST /api/v1/investigations/{id}/placements` calls after
// decoding its body (HTTP and JSON are not measured). It reads the stored investigation through the app's
// `InvestigationContactList`, the students and their names, the protocols, then in one unit of work locks the site,
// reads its occupants, chooses a room for each and writes each placement with its history row, and audits once.
// Before each iteration, outside the measurement, the site's rows are deleted with SQL (placements and their history),
// so every iteration places the same 500 into an empty site; each iteration checks that all 500 were placed.
//
// Ledger export: setup places every active demo student not already in quarantine (the QN placements stay) in sites
// L1–L4 of 1,000 rooms of 2, written through `SQLQuarantineStore.insert` (the store call `placeContacts` makes, one
// placement and its history row each) in one unit of work — not through the service, whose 2,000-a-request limit and
// room choice are not what is measured here. Measured: `GET /quarantine/ledger/export` (XLSX) and
// `GET /quarantine/ledger/export?format=csv` through the app's own router (`Routes.build(services:)`) served by
// Hummingbird on a loopback port in this process, signed in as `admin` through the sign-in form in setup; the client
// reads the whole body. That is the page's handler as it runs: the ledger read in pages of 1,000 through
// `QuarantineService.ledger` (each page audited), the rows formatted, the XLSX or CSV written with `Tabular`, the
// download audited, plus HTTP on loopback. A third benchmark measures the ledger read alone (the same pages through
// `QuarantineService.ledger`, in process) to tell the read from the writing. Each iteration checks the row count.
// The placing benchmark's setup deletes the ledger's placements first if they exist (their students would otherwise be
// skipped as already placed), so the two parts do not depend on the order they run in or on how the demo is shared.
//
// SHOUHU_BENCH_QUARANTINE_ITERATIONS (default 20) sets how many iterations are measured, after 2 warm-ups.
import App
import AsyncHTTPClient
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

let benchmarks: @Sendable () -> Void = {
    let environment = ProcessInfo.processInfo.environment
    let iterations = environment["SHOUHU_BENCH_QUARANTINE_ITERATIONS"].flatMap(Int.init) ?? 20
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 2,
        maxDuration: .seconds(300),
        maxIterations: iterations
    )

    var engines: [BenchEngine] = [.sqlite]
    if let url = environment["SHOUHU_BENCH_POSTGRES_URL"], !url.isEmpty { engines.append(.postgres(adminURL: url)) }

    let demos = engines.map(DemoDatabase.init(engine:))
    Benchmark.teardown = { for demo in demos { await demo.remove() } }
    for demo in demos {
        let engine = demo.engine.name

        Benchmark("Place 500 contacts of one investigation (\(engine))", closure: { benchmark in
            let app = try demo.app()
            let contacts = try demo.contacts()
            try await contacts.clearSite(app)
            benchmark.startMeasurement()
            let result = try await app.quarantine.placeContacts(of: contacts.investigation, studentNos: contacts.students,
                                                                site: ContactsScenario.site, by: app.systemActor)
            benchmark.stopMeasurement()
            try expect(result.placed.count == 500 && result.skipped.isEmpty,
                       "placed \(result.placed.count), skipped \(result.skipped.count) of 500")
        }, setup: {
            try await demo.loadIfNeeded()
            try await demo.prepareContacts()
        }, teardown: {
            if let app = try? demo.app(), let contacts = try? demo.contacts() { try await contacts.clearSite(app) }
        })

        for format in ["xlsx", "csv"] {
            Benchmark("Ledger export, \(format.uppercased()), every active student placed (\(engine))", closure: { benchmark in
                let ledger = try demo.ledger()
                benchmark.startMeasurement()
                let body = try await ledger.server.get("/quarantine/ledger/export" + (format == "csv" ? "?format=csv" : ""), cookie: ledger.cookie)
                benchmark.stopMeasurement()
                if format == "csv" {
                    // BOM, header, one line a placement (no cell of these rows holds a line break).
                    let lines = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).count
                    try expect(lines == ledger.rows + 1, "CSV of \(lines - 1) rows, expected \(ledger.rows)")
                } else {
                    try expect(body.count > 100_000 && body.starts(with: [0x50, 0x4B]), "XLSX of \(body.count) bytes")
                }
            }, setup: {
                try await demo.loadIfNeeded()
                try await demo.prepareLedger()
            })
        }

        Benchmark("Ledger read alone, pages of 1,000 through QuarantineService.ledger (\(engine))", closure: { benchmark in
            let app = try demo.app()
            let ledger = try demo.ledger()
            benchmark.startMeasurement()
            var count = 0, after: String?
            repeat {
                let page = try await app.quarantine.ledger(PlacementFilter(), page: PageRequest(limit: 1000, after: after), by: app.systemActor)
                count += page.items.count
                after = page.next
            } while after != nil
            benchmark.stopMeasurement()
            try expect(count == ledger.rows, "read \(count) rows, expected \(ledger.rows)")
        }, setup: {
            try await demo.loadIfNeeded()
            try await demo.prepareLedger()
        })
    }
}

// MARK: - Placing an investigation's contacts

/// A real investigation of the demo with 500 contacts not yet in quarantine, and the site they go to.
struct ContactsScenario: Sendable {
    static let site = "BENCH"
    let investigation: String
    let students: [String]

    /// Deletes the site's placements and their history: the next iteration places into an empty site.
    func clearSite(_ app: ShouhuApp) async throws {
        let school = app.school.rawValue, site = Self.site
        try await app.database.write { db in
            try await db.raw("""
                DELETE FROM quarantine_changes WHERE school_id = \(bind: school) AND placement_id IN
                  (SELECT id FROM quarantine_placements WHERE school_id = \(bind: school) AND site = \(bind: site))
                """).run()
            try await db.raw("DELETE FROM quarantine_placements WHERE school_id = \(bind: school) AND site = \(bind: site)").run()
        }
    }

    static func make(_ app: ShouhuApp) async throws -> ContactsScenario {
        let actor = app.systemActor, tz = app.config.timeZone
        let rooms = (1...300).map { QuarantineSite.Room(code: "\(1000 + $0)", capacity: 2) }
        _ = try await app.quarantine.createSite(QuarantineSite(code: site, name: "基准测试隔离点", rooms: rooms), by: actor)
        let placed = try await activelyPlaced(app)
        let active = try await activeStudents(app)
        let evening = CampusDay(app.clock.now(), in: tz).adding(days: -1).instant(minutes: 19 * 60, in: tz)
        // Index students spread over the college, the first with enough contacts wins.
        for step in 1..<40 {
            let index = active[(active.count * step / 41) % active.count]
            let found = try await app.investigations.investigate(
                InvestigationRequest(indexStudentNo: index.studentNo, from: evening.addingTimeInterval(-3 * 86_400), to: evening), by: actor)
            let chosen = found.contacts.filter { !placed.contains($0.studentNo) }
                .sorted { ($0.degree, $0.studentNo) < ($1.degree, $1.studentNo) }.prefix(500)
            guard chosen.count == 500 else { continue }
            let first = chosen.filter { $0.degree <= 1 }.count
            note("investigation \(found.id) of \(index.studentNo): \(found.contacts.count) contacts; placing \(first) of degree 1 and \(500 - first) of degree 2")
            return ContactsScenario(investigation: found.id, students: chosen.map(\.studentNo))
        }
        throw BenchError("no demo investigation found 500 contacts")
    }
}

// MARK: - The ledger

/// Every active student placed, the app served on loopback and an administrator's page session.
struct LedgerScenario: Sendable {
    static let sites = ["L1", "L2", "L3", "L4"]
    let server: LocalServer
    let cookie: String
    /// Placements in the ledger: the demo's own and those placed by setup.
    let rows: Int

    static func make(_ app: ShouhuApp, password: String) async throws -> LedgerScenario {
        let actor = app.systemActor, tz = app.config.timeZone
        for code in sites {
            let rooms = (1...1000).map { QuarantineSite.Room(code: "\(code)-\(1000 + $0)", capacity: 2) }
            _ = try await app.quarantine.createSite(QuarantineSite(code: code, name: "台账隔离点 \(code)", rooms: rooms), by: actor)
        }
        let placed = try await activelyPlaced(app)
        let students = try await activeStudents(app).filter { !placed.contains($0.studentNo) }
        let rules = Dictionary(try await app.quarantine.protocols(by: actor).map { ($0.reason, $0) }, uniquingKeysWith: { a, _ in a })
        let reasons: [Placement.Reason] = [.closeContact, .secondaryContact, .inbound, .symptoms]
        let store = SQLQuarantineStore(database: app.database, timeZone: tz)
        let now = app.clock.now(), school = app.school
        let placements = students.enumerated().map { i, s -> Placement in
            let reason = reasons[i % reasons.count]
            let rule = rules[reason] ?? QuarantineProtocol(reason: reason, days: 3, testDays: [1])
            let site = sites[i / 2000], room = "\(site)-\(1001 + (i % 2000) / 2)"
            let start = now.addingTimeInterval(-Double(i % 600) * 60)
            return Placement(id: UUID().uuidString.lowercased(), studentNo: s.studentNo, studentName: s.name, reason: reason, site: site, room: room,
                             start: start, plannedEnd: rule.days.map { CampusDay(start, in: tz).adding(days: $0 - 1) }, status: .active,
                             protocolRule: rule, origin: .manual, placedBy: "admin")
        }
        let inserted = try await app.database.perform {
            var count = 0
            for p in placements where try await store.insert(p, school: school) { count += 1 }
            return count
        }
        try expect(inserted == placements.count, "inserted \(inserted) of \(placements.count) placements")
        let total = try await app.database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM quarantine_placements WHERE school_id = \(bind: school.rawValue)")
                .first(decoding: CountRow.self)?.n ?? 0
        }
        note("ledger: \(students.count) active students placed in \(sites.joined(separator: ", ")), \(placed.count) already in quarantine; \(total) placements in the ledger")

        let server = try await LocalServer.start(app)
        let cookie = try await server.signIn(username: "admin", password: password)
        return LedgerScenario(server: server, cookie: cookie, rows: total)
    }

    /// Deletes the ledger sites' placements and their history, and stops the server.
    static func clear(_ app: ShouhuApp, _ scenario: LedgerScenario?) async {
        await scenario?.server.stop()
        let school = app.school.rawValue
        for site in sites {
            _ = try? await app.database.write { db in
                try await db.raw("""
                    DELETE FROM quarantine_changes WHERE school_id = \(bind: school) AND placement_id IN
                      (SELECT id FROM quarantine_placements WHERE school_id = \(bind: school) AND site = \(bind: site))
                    """).run()
                try await db.raw("DELETE FROM quarantine_placements WHERE school_id = \(bind: school) AND site = \(bind: site)").run()
            }
        }
    }
}

struct CountRow: Decodable { var n: Int }

func activeStudents(_ app: ShouhuApp) async throws -> [Student] {
    var all: [Student] = [], after: String?
    repeat {
        let page = try await app.roster.students(matching: StudentFilter(status: .active), page: PageRequest(limit: 1000, after: after), by: app.systemActor)
        all += page.items
        after = page.next
    } while after != nil
    return all
}

func activelyPlaced(_ app: ShouhuApp) async throws -> Set<String> {
    var numbers: Set<String> = [], after: String?
    repeat {
        let page = try await app.quarantine.ledger(PlacementFilter(status: .active), page: PageRequest(limit: 1000, after: after), by: app.systemActor)
        numbers.formUnion(page.items.map(\.studentNo))
        after = page.next
    } while after != nil
    return numbers
}

func note(_ text: String) {
    FileHandle.standardError.write(Data("[Quarantine benchmark] \(text)\n".utf8))
}

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

/// Where the demo college's database lives.
enum BenchEngine: Sendable {
    case sqlite
    case postgres(adminURL: String)

    var name: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }
}

/// Runs one statement with `psql` against the PostgreSQL admin URL (setup and teardown only, never measured).
enum PSQL {
    static func run(_ url: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("psql \(sql): \(String(decoding: message, as: UTF8.self))")
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw BenchError(message()) }
}
