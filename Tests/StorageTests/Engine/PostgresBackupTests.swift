import App
import Audit
import CampusKit
import Foundation
import Notifications
import ShouhuTestSupport
import SQLKit
import Storage
import Testing

/// The README's PostgreSQL backup (`pg_dump -Fc` while serving, `pg_restore --clean --if-exists` into a database)
/// on Shouhu's schema: the dump taken during a stream of writes holds every write acknowledged before it began, and
/// the restored audit chain verifies (issue 19).
@Suite("Backup and restore (PostgreSQL, pg_dump)", .serialized)
struct PostgresBackupTests {
    /// pg_dump and pg_restore of the server's major version: on `PATH`, else Debian's folder for them.
    static let tools: (dump: String, restore: String)? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin" }
        for folder in folders {
            let dump = folder + "/pg_dump", restore = folder + "/pg_restore"
            if FileManager.default.isExecutableFile(atPath: dump), FileManager.default.isExecutableFile(atPath: restore) { return (dump, restore) }
        }
        return nil
    }()

    static func run(_ tool: String, _ arguments: [String]) async throws {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let said = try await offTaskThreads {
            let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return said
        }
        guard process.terminationStatus == 0 else { throw HarnessFailure("\(tool) exited \(process.terminationStatus): \(said.suffix(500))") }
    }

    @Test("A pg_dump taken during a stream of writes holds every write acknowledged before it began; pg_restore into an empty database gives a database whose audit chain verifies",
          .enabled(if: TestEngine.available.contains(.postgres) && tools != nil, "needs PostgreSQL and pg_dump"))
    func duringWrites() async throws {
        guard let admin = ProcessInfo.processInfo.environment["SHOUHU_TEST_POSTGRES_URL"], let tools = Self.tools, var url = URLComponents(string: admin) else { return }
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let (live, copy) = ("shouhu_dump_\(suffix)", "shouhu_restored_\(suffix)")
        let adminDB = try await Database.open(try DatabaseURL(admin), maximumConnections: 1)
        for name in [live, copy] {
            let sql: SQLQueryString = "CREATE DATABASE \(unsafeRaw: name)"
            try await adminDB.read { db in try await db.raw(sql).run() }
        }
        func address(_ name: String) -> String {
            url.path = "/" + name
            return url.string ?? ""
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shouhu-pgdump-\(suffix)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("shouhu.dump").path
        do {
            let database = try await Database.open(try DatabaseURL(address(live)))
            let (app, _) = try await ShouhuApp.start(config: TestApp.config { $0.database = try! DatabaseURL(address(live)) }, database: database,
                                                      hasher: BcryptHasher(cost: 4), initialHasher: BcryptHasher(cost: 4))
            try await app.audit.record(AuditEntry(app.systemActor, at: Date(), action: "test.before_dump", subject: "dump", detail: ""))
            let store = SQLNotificationStore(database: database)
            let liveAddress = address(live)
            let before = try await BackupTests.copyDuringWrites(store, count: 300) {
                try await Self.run(tools.dump, ["-Fc", "-f", file, "--dbname=\(liveAddress)"])
            }
            await database.close()
            #expect(before.count >= 100)

            try await Self.run(tools.restore, ["--clean", "--if-exists", "--no-owner", "--dbname=\(address(copy))", file])
            let restored = try await Database.open(try DatabaseURL(address(copy)))
            let stored = try await restored.read { db in
                Set(try await db.raw("SELECT id FROM notifications").all().map { try $0.decode(column: "id", as: String.self) })
            }
            #expect(before.isSubset(of: stored), "\(before.subtracting(stored).count) acknowledged writes are missing from the dump")
            let verification = try await AuditService(store: SQLAuditStore(database: restored, key: TestApp.auditKey)).verify()
            #expect(verification.intact && verification.checked > 0, "the restored audit chain verifies: \(verification.problems)")
            await restored.close()
        } catch {
            Issue.record(error)
        }
        try? FileManager.default.removeItem(at: dir)
        for name in [live, copy] {
            let sql: SQLQueryString = "DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)"
            try? await adminDB.read { db in try await db.raw(sql).run() }
        }
        await adminDB.close()
    }
}

struct HarnessFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
