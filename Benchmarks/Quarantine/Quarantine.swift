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
        let inserted = try await app.database.perform { try await store.insert(placements, school: school).count }
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
