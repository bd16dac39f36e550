// Roster import of the 7,600-student demo college (staff table, then student table), on SQLite and PostgreSQL.
//
//   cd Benchmarks && swift package --disable-sandbox benchmark
//   SHOUHU_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:56432/postgres swift package --disable-sandbox benchmark
//
// What is measured (between `startMeasurement()` and `stopMeasurement()`): `RosterService.importStaff` then
// `importStudents` with the rows of the demo CSVs, on a database that is fresh for every iteration (a new SQLite
// file, or a new PostgreSQL database created with `psql` on the server named by SHOUHU_BENCH_POSTGRES_URL).
// Opening, migrating, creating `admin` (one bcrypt hash) and, for the re-import, the first import are setup and
// are not measured. Reading and splitting the CSV files is done once, before any iteration.
//
// The CSVs are the ones `shouhu demo generate --students 7600 --buildings 10 --seed 42 --out DIR` writes. Set
// SHOUHU_BENCH_DEMO_DIR to such a folder, or leave it unset: the benchmark then writes them to
// Benchmarks/.build/demo-csv with the first shouhu binary it finds (SHOUHU_BIN, ../.build-release/release/shouhu,
// ../.build/release/shouhu, ../.build/debug/shouhu).
//
// Only the root's `App` product is used (the root exports no other library). `Database.open` is reached as the
// implicit member `.open(_:)` of `ShouhuApp.start`'s `database:` parameter, which Swift resolves without
// `import Storage` as long as this package does not enable the MemberImportVisibility upcoming feature.
import App
import BenchShared
import Benchmark
import Foundation

let benchmarks: @Sendable () -> Void = {
    let environment = ProcessInfo.processInfo.environment
    let iterations = environment["SHOUHU_BENCH_ITERATIONS"].flatMap(Int.init) ?? 5
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .mallocBytesCount, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(600),
        maxIterations: iterations
    )

    var engines: [BenchEngine] = [.sqlite]
    if let url = environment["SHOUHU_BENCH_POSTGRES_URL"], !url.isEmpty { engines.append(.postgres(adminURL: url)) }

    for engine in engines {
        // A first import into an empty roster: every staff member and every student is created.
        Benchmark("Import demo college, empty roster (\(engine.name))") { benchmark in
            let tables = try demoTables.get()
            try await engine.withFreshApp { app in
                benchmark.startMeasurement()
                let staff = try await app.roster.importStaff(tables.staff, dryRun: false, by: app.systemActor)
                let students = try await app.roster.importStudents(tables.students, dryRun: false, by: app.systemActor)
                benchmark.stopMeasurement()
                try expect(staff.created == tables.staffCount && students.created == tables.studentCount,
                           "first import: staff \(staff), students \(students); expected \(tables.staffCount) and \(tables.studentCount) created")
            }
        }

        // The same files again: nothing changes, every row is compared and left alone.
        Benchmark("Re-import demo college, all unchanged (\(engine.name))") { benchmark in
            let tables = try demoTables.get()
            try await engine.withFreshApp { app in
                _ = try await app.roster.importStaff(tables.staff, dryRun: false, by: app.systemActor)
                _ = try await app.roster.importStudents(tables.students, dryRun: false, by: app.systemActor)
                benchmark.startMeasurement()
                let staff = try await app.roster.importStaff(tables.staff, dryRun: false, by: app.systemActor)
                let students = try await app.roster.importStudents(tables.students, dryRun: false, by: app.systemActor)
                benchmark.stopMeasurement()
                try expect(staff.unchanged == tables.staffCount && students.unchanged == tables.studentCount,
                           "re-import: staff \(staff), students \(students); expected everything unchanged")
            }
        }
    }
}

// MARK: - Engines

extension BenchEngine {
    /// Starts the app (migrations, school, admin) on a new, empty database, runs `body`, then closes and removes it.
    func withFreshApp(_ body: (ShouhuApp) async throws -> Void) async throws {
        let name = "shouhu_bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            try await Self.run(databaseURL: "sqlite:\(path)", body)
        case .postgres(let adminURL):
            try PSQL.run(adminURL, "CREATE DATABASE \(name)")
            defer { try? PSQL.run(adminURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
            guard var components = URLComponents(string: adminURL) else { throw BenchError("bad SHOUHU_BENCH_POSTGRES_URL") }
            components.path = "/\(name)"
            try await Self.run(databaseURL: components.string ?? adminURL, body)
        }
    }

    private static func run(databaseURL: String, _ body: (ShouhuApp) async throws -> Void) async throws {
        let config = try AppConfig.fromEnvironment([
            "SHOUHU_DATABASE_URL": databaseURL,
            "SHOUHU_ADMIN_PASSWORD": "bench-admin-password",
        ])
        let app = try await ShouhuApp.start(config: config, database: .open(config.database)).app
        do {
            try await body(app)
        } catch {
            await app.database.close()
            throw error
        }
        await app.database.close()
    }
}

// MARK: - The demo CSVs

/// The rows of the demo college's staff.csv and students.csv, row 0 being the header.
struct DemoTables: Sendable {
    var staff: [[String]]
    var students: [[String]]
    var staffCount: Int { staff.count - 1 }
    var studentCount: Int { students.count - 1 }
}

/// Read once, before the first iteration.
let demoTables: Result<DemoTables, any Error> = Result { try DemoCSV.load() }

enum DemoCSV {
    /// Benchmarks/ (this file is Benchmarks/RosterImport/RosterImport.swift).
    static let benchmarksFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    static func load() throws -> DemoTables {
        let environment = ProcessInfo.processInfo.environment
        let folder: URL
        if let dir = environment["SHOUHU_BENCH_DEMO_DIR"], !dir.isEmpty {
            folder = URL(fileURLWithPath: dir, isDirectory: true)
        } else {
            folder = benchmarksFolder.appendingPathComponent(".build/demo-csv", isDirectory: true)
            if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("students.csv").path) {
                try generate(into: folder)
            }
        }
        let staff = try CSV.rows(Data(contentsOf: folder.appendingPathComponent("staff.csv")))
        let students = try CSV.rows(Data(contentsOf: folder.appendingPathComponent("students.csv")))
        guard staff.count > 1, students.count > 1 else { throw BenchError("empty demo CSVs in \(folder.path)") }
        return DemoTables(staff: staff, students: students)
    }

    /// Runs `shouhu demo generate` (the default 7,600 students, 10 buildings, seed 42) into `folder`.
    static func generate(into folder: URL) throws {
        let root = benchmarksFolder.deletingLastPathComponent()
        var candidates = [".build-release/release/shouhu", ".build/release/shouhu", ".build/debug/shouhu"]
            .map { root.appendingPathComponent($0).path }
        if let bin = ProcessInfo.processInfo.environment["SHOUHU_BIN"], !bin.isEmpty { candidates.insert(bin, at: 0) }
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BenchError("""
                no demo CSVs: set SHOUHU_BENCH_DEMO_DIR to the output of \
                `shouhu demo generate --students 7600 --buildings 10 --seed 42 --out DIR`, or build shouhu first \
                (looked for \(candidates.joined(separator: ", ")))
                """)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["demo", "generate", "--students", "7600", "--buildings", "10", "--seed", "42", "--out", folder.path]
        process.standardOutput = FileHandle.standardError
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("\(binary) demo generate failed") }
    }
}

/// RFC 4180 CSV as `shouhu demo generate` writes it: UTF-8 with a byte-order mark, quoted fields with `""`,
/// CRLF or LF line ends. (The root's CSV reader lives in the Tabular target, which is not a product.)
enum CSV {
    static func rows(_ data: Data) throws -> [[String]] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var index = 0
        func endField() {
            row.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRow() {
            endField()
            rows.append(row)
            row = []
        }
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): quoted = true
                case UInt8(ascii: ","): endField()
                case UInt8(ascii: "\r"):
                    endRow()
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
                case UInt8(ascii: "\n"): endRow()
                default: field.append(byte)
                }
            }
            index += 1
        }
        if quoted { throw BenchError("unterminated quoted field in CSV") }
        if !field.isEmpty || !row.isEmpty { endRow() }
        return rows
    }
}
