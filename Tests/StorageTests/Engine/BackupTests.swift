import App
import Audit
import CampusKit
import Foundation
import Notifications
import ShouhuTestSupport
import SQLKit
import Storage
import Tabular
import Testing

/// `shouhu backup` and `shouhu restore` on SQLite: a copy taken while writes go on holds every write acknowledged
/// before it began, restores whole, and its audit chain verifies; what is not a Shouhu database is refused.
@Suite("Backup and restore (SQLite)", .serialized)
struct BackupTests {
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shouhu-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Sends `count` inbox messages one after another and, once 100 are acknowledged, runs `copy` once; returns the
    /// ids acknowledged before the copy began (every one must be in the copy).
    static func copyDuringWrites(_ store: SQLNotificationStore, count: Int,
                                 copy: @escaping @Sendable () async throws -> Void) async throws -> Set<String> {
        let acknowledged = Acknowledged()
        return try await withThrowingTaskGroup(of: Set<String>?.self) { group in
            group.addTask {
                for i in 0..<count {
                    let id = "n\(i)"
                    try await store.send([InboxMessage(id: id, recipient: "T001", kind: .caseAlert, subject: "s\(i)", body: "b", link: nil, createdAt: Date())],
                                         school: .main)
                    _ = acknowledged.add(id)
                }
                return nil
            }
            group.addTask {
                while acknowledged.ids.count < 100 { try await Task.sleep(for: .milliseconds(1)) }
                let seen = acknowledged.ids
                try await copy()
                return seen
            }
            var seen: Set<String> = []
            for try await result in group { if let result { seen = result } }
            return seen
        }
    }

    @Test("A backup taken during a stream of writes holds every write acknowledged before it began; restored beside the keys, its audit chain verifies")
    func duringWrites() async throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("shouhu.sqlite").path
        let database = try await Database.open(.sqliteFile(path: path))
        let (app, _) = try await ShouhuApp.start(config: TestApp.config { $0.database = .sqliteFile(path: path) }, database: database,
                                                  hasher: BcryptHasher(cost: 4), initialHasher: BcryptHasher(cost: 4))
        _ = try await app.roster.importStaff(try CSVReader.rows(from: Data("工号,姓名,角色,手机号,范围\nT001,王老师,辅导员,13800000001,信息2101\n".utf8)),
                                             dryRun: false, by: app.systemActor)
        let store = SQLNotificationStore(database: database)
        let backup = dir.appendingPathComponent("backup.sqlite").path
        let before = try await Self.copyDuringWrites(store, count: 400) { try await Backup.write(database, to: backup) }
        await database.close()
        #expect(before.count >= 100)

        let restoredPath = dir.appendingPathComponent("restored.sqlite").path
        try await Backup.restore(from: backup, to: restoredPath)
        #expect(try await Backup.check(restoredPath).contains("M014_Webhooks"))
        let restored = try await Database.open(.sqliteFile(path: restoredPath))
        let stored = try await restored.read { db in
            Set(try await db.raw("SELECT id FROM notifications").all().map { try $0.decode(column: "id", as: String.self) })
        }
        #expect(before.isSubset(of: stored), "\(before.subtracting(stored).count) acknowledged writes are missing from the backup")
        let verification = try await AuditService(store: SQLAuditStore(database: restored, key: TestApp.auditKey)).verify()
        #expect(verification.intact && verification.checked > 0, "the restored audit chain verifies: \(verification.problems)")
        await restored.close()
    }

    @Test("A file that is not a Shouhu database — text, an empty SQLite database, one from a newer version — is refused and the target is left alone; an existing backup is never overwritten")
    func refusals() async throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("live.sqlite").path
        try Data("live".utf8).write(to: URL(fileURLWithPath: target))

        let text = dir.appendingPathComponent("notes.txt").path
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: text))
        await #expect(throws: Backup.Refused.self) { try await Backup.restore(from: text, to: target) }

        let empty = dir.appendingPathComponent("empty.sqlite").path
        let other = try await Database.open(.sqliteFile(path: empty))
        try await other.write { db in try await db.raw("CREATE TABLE t (x INTEGER)").run() }
        await other.close()
        await #expect(throws: Backup.Refused.self) { try await Backup.restore(from: empty, to: target) }

        let newer = dir.appendingPathComponent("newer.sqlite").path
        let future = try await Database.open(.sqliteFile(path: newer))
        try await Migrator(database: future).migrate()
        try await future.write { db in try await db.raw("INSERT INTO schema_migrations (name, applied_at) VALUES ('M999_FromTheFuture', 'x')").run() }
        await #expect(throws: Backup.Refused.self) { try await Backup.write(future, to: text) }
        await future.close()
        await #expect(throws: MigrationError.self) { try await Backup.restore(from: newer, to: target) }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "live", "the target is untouched")
    }
}

/// Ids acknowledged so far, shared by tasks.
final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var set: Set<String> = []
    func add(_ id: String) -> Int { lock.withLock { set.insert(id); return set.count } }
    var ids: Set<String> { lock.withLock { set } }
}
