// The leadership dashboard's read (`GET /api/v1/overview`, the `/overview` page) for the demo college, on SQLite and
// PostgreSQL (docs/PERFORMANCE.md, section 6). Target: < 100 ms server time.
//
//   cd Benchmarks && swift package --disable-sandbox benchmark --target Overview
//   SHOUHU_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:54329/postgres swift package --disable-sandbox benchmark --target Overview
//
// What is measured (between `startMeasurement()` and `stopMeasurement()`): `OverviewService.overview(on:by:)` for
// today and for yesterday, as the administrator: every query the page and the API run (units of three levels, 14 days
// of check-ins, cases opened, swabs, leaves, the latest campaign's coverage) and the figures compiled from them. Not
// measured: JSON encoding or the page's rendering and SVG drawing (in-memory work on 14 days and ~200 units).
//
// Setup, once per engine, by the first benchmark that needs it (not measured): `ShouhuApp.start` on a new database (a
// SQLite file in the temporary folder, or a PostgreSQL database created with `psql` on the server named by
// SHOUHU_BENCH_POSTGRES_URL), then `loadDemoIfEmpty()`, exactly what `shouhu serve --demo` loads: 7,600 students (7,482 active) in 10 buildings,
// 14 days and today of check-ins with their cases and daily reports, gate events and leaves, and the testing rounds.
// After the last benchmark, the databases are closed and removed.
//
// SHOUHU_BENCH_OVERVIEW_ITERATIONS (default 30) sets how many iterations are measured, after 3 warm-ups.
import App
import BenchShared
import Benchmark
import Foundation

let benchmarks: @Sendable () -> Void = {
    let environment = ProcessInfo.processInfo.environment
    let iterations = environment["SHOUHU_BENCH_OVERVIEW_ITERATIONS"].flatMap(Int.init) ?? 30
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 3,
        maxDuration: .seconds(120),
        maxIterations: iterations
    )

    var engines: [BenchEngine] = [.sqlite]
    if let url = environment["SHOUHU_BENCH_POSTGRES_URL"], !url.isEmpty { engines.append(.postgres(adminURL: url)) }

    let demos = engines.map(DemoDatabase.init(engine:))
    // Each engine's demo is loaded by the first benchmark that needs it and removed after the last one has run.
    Benchmark.teardown = { for demo in demos { await demo.remove() } }
    for demo in demos {
        // Today as the page opens by default (before the check-in window opens, today has no check-in yet), and
        // yesterday, a whole day: its units count about 7,300 check-ins more.
        for (label, daysBack) in [("today", 0), ("yesterday", 1)] {
            Benchmark("Overview of \(label), demo college (\(demo.engine.name))", closure: { benchmark in
                let app = try demo.app()
                let day = app.checkIns.today.adding(days: -daysBack)
                benchmark.startMeasurement()
                let overview = try await app.overview.overview(on: day, by: app.systemActor)
                benchmark.stopMeasurement()
                // The 13 days before today all have check-ins; today may have none yet.
                let past = overview.trend.filter { $0.day < app.checkIns.today }
                try expect(overview.glance.expected > 7_000 && overview.trend.count == 14 && overview.buildings.count >= 10
                           && overview.colleges.count > 1 && past.allSatisfy { $0.reported > 0 },
                           "overview of \(day): \(overview.glance.expected) expected, \(overview.trend.map(\.reported)) reported, "
                               + "\(overview.buildings.count) buildings")
            }, setup: {
                try await demo.loadIfNeeded()
            })
        }
    }
}

// MARK: - The demo college on one engine

/// One engine's database holding the demo college, from setup to teardown.
final class DemoDatabase: @unchecked Sendable {
    let engine: BenchEngine
    private let lock = NSLock()
    private var loaded: ShouhuApp?
    private var cleanup: (() -> Void)?

    init(engine: BenchEngine) { self.engine = engine }

    func app() throws -> ShouhuApp {
        guard let app = lock.withLock({ loaded }) else { throw BenchError("setup did not load the demo college") }
        return app
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
        let config = try AppConfig.fromEnvironment(["SHOUHU_DATABASE_URL": url, "SHOUHU_ADMIN_PASSWORD": "bench-admin-password"])
        // Cheap password hashes: the demo accounts' passwords are set while loading, and hashing is not what is measured.
        let app = try await ShouhuApp.start(config: config, database: .open(config.database), hasher: BcryptHasher(cost: 4),
                                            initialHasher: BcryptHasher(cost: 4)).app
        let accounts = try await app.loadDemoIfEmpty()
        guard !accounts.isEmpty else { throw BenchError("the new database already held a roster") }
        lock.withLock { loaded = app }
    }

    func remove() async {
        let (app, cleanup) = lock.withLock { (loaded, self.cleanup) }
        if let app { await app.database.close() }
        cleanup?()
        lock.withLock { loaded = nil }
    }
}
