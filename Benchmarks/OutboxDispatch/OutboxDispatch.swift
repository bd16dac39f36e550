// The outbox's e-mail dispatch to a real SMTP server on this machine (docs/PERFORMANCE.md, section 7; the issue's
// target is at least 500 e-mails a second, in batches).
//
//   cd Benchmarks && swift package --disable-sandbox benchmark --target OutboxDispatch
//
// Set-up, once: a new SQLite file (WAL, synchronous=FULL, as the server runs) migrated by `ShouhuApp.start`, 1,000
// staff accounts' notification settings with an address each, and the test suite's SMTP sink
// (`Tests/Support/Resources/smtp_sink.py`, Python aiosmtpd, `--discard`: it accepts every message and stores none)
// on a free loopback port. `pip install aiosmtpd` first.
//
// Each iteration, outside the measurement: 1,000 urgent messages are written through `SQLNotificationStore.send`,
// i.e. 1,000 in-app rows and 1,000 pending e-mail rows. Measured: `Dispatcher.runOnce` (batches of 200: lease,
// one SMTP connection a batch — EHLO, MAIL/RCPT/DATA per message, QUIT — and the outcomes recorded in one
// transaction) until all 1,000 are delivered. E-mails per second = 1,000 / the wall-clock time.
//
// SHOUHU_BENCH_OUTBOX_ITERATIONS (default 10) sets how many iterations are measured, after 1 warm-up.
import App
import Audit
import BenchShared
import Benchmark
import CampusKit
import Foundation
import Notifications
import Storage

let benchmarks: @Sendable () -> Void = {
    let iterations = ProcessInfo.processInfo.environment["SHOUHU_BENCH_OUTBOX_ITERATIONS"].flatMap(Int.init) ?? 10
    // The sink is stopped when the target's benchmarks are done: left running, it held the benchmark's output pipe
    // open and `swift package benchmark` waited for ever after printing half its table.
    Benchmark.teardown = { await Bench.stopSink() }
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
                                           warmupIterations: 1, maxDuration: .seconds(300), maxIterations: iterations)

    Benchmark("E-mail dispatch, 1,000 messages to a local SMTP sink, SQLite") { benchmark in
        let bench = try await Bench.shared()
        let messages = (0..<1000).map { i in
            InboxMessage(id: UUID().uuidString.lowercased(), recipient: "u\(i)", kind: .caseAlert, subject: "新异常个案：学生\(i)",
                         body: "体温 38.\(i % 9)℃，咳嗽", link: "/cases/c\(i)", createdAt: Date())
        }
        try await bench.store.send(messages, school: .main)
        benchmark.startMeasurement()
        var delivered = 0
        while delivered < 1000 {
            let round = try await bench.dispatcher.runOnce(school: .main, worker: "bench")
            if round.isEmpty { break }
            delivered += round.delivered
        }
        benchmark.stopMeasurement()
        guard delivered == 1000 else { throw BenchError("delivered \(delivered) of 1000") }
    }
}

/// The database, the store and the dispatcher with the SMTP sink, made once for all iterations.
actor Bench {
    let store: SQLNotificationStore
    let dispatcher: Dispatcher
    let sink: Process

    private init(store: SQLNotificationStore, dispatcher: Dispatcher, sink: Process) {
        self.store = store
        self.dispatcher = dispatcher
        self.sink = sink
    }

    private static let made = Made()

    static func shared() async throws -> Bench {
        if let bench = await made.bench { return bench }
        let bench = try await make()
        await made.set(bench)
        return bench
    }

    actor Made {
        var bench: Bench?
        func set(_ b: Bench) { bench = b }
    }

    /// Stops the SMTP sink, if one was started.
    static func stopSink() async {
        guard let bench = await made.bench, bench.sink.isRunning else { return }
        bench.sink.terminate()
        bench.sink.waitUntilExit()
    }

    static func make() async throws -> Bench {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("Tests/Support/Resources/smtp_sink.py").path
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let portFile = dir.appendingPathComponent("port").path
        let sink = Process()
        sink.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sink.arguments = ["python3", script, "--port-file", portFile, "--maildir", dir.appendingPathComponent("maildir").path, "--discard"]
        sink.standardOutput = FileHandle.nullDevice
        sink.standardError = FileHandle.nullDevice
        try sink.run()
        var port = 0
        for _ in 0..<400 where port == 0 {
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
            if port == 0 { try await Task.sleep(for: .milliseconds(25)) }
        }
        guard port > 0 else { throw BenchError("the SMTP sink did not start (pip install aiosmtpd)") }

        var config = AppConfig(database: .sqliteFile(path: dir.appendingPathComponent("outbox.sqlite").path), adminPassword: "bench-password-1")
        config.smtpURL = "smtp://127.0.0.1:\(port)?starttls=never"
        config.requireTwoFactor = false
        config.auditKey = AuditKey(bytes: Data(repeating: 7, count: 32))
        let database = try await Database.open(config.database)
        _ = try await ShouhuApp.start(config: config, database: database)
        let store = SQLNotificationStore(database: database, timeZone: config.timeZone)
        for i in 0..<1000 {
            try await store.save(NotificationSettings(username: "u\(i)", email: "u\(i)@example.edu"), school: .main, at: Date())
        }
        let dispatcher = Dispatcher(store: store, couriers: try ShouhuApp.couriers(config).filter { $0.channel == .email }, clock: SystemClock())
        return Bench(store: store, dispatcher: dispatcher, sink: sink)
    }
}
