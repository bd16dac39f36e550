import Foundation
import SQLKit

/// Backups of a SQLite database while it serves, and the check a file must pass before it is restored. (PostgreSQL is
/// backed up with `pg_dump`; README, Operations.)
public enum Backup {
    /// Why a backup or a restore was refused, as facts; the command line words them for people.
    public enum Refused: Error, Equatable, CustomStringConvertible {
        case postgres
        case exists(String)
        case unreadable(String)
        case notShouhu(String)
        case damaged(String, String)
        case cannotRename(String, Int32)

        public var description: String {
            switch self {
            case .postgres: "backup of PostgreSQL"
            case .exists(let p): "exists: \(p)"
            case .unreadable(let p): "unreadable: \(p)"
            case .notShouhu(let p): "not a Shouhu database: \(p)"
            case .damaged(let p, let why): "integrity check failed: \(p): \(why)"
            case .cannotRename(let p, let e): "rename failed: \(p) (errno \(e))"
            }
        }
    }

    /// Writes a consistent copy of `database` (a SQLite file) to `path`, which must not exist: SQLite's `VACUUM INTO`
    /// on a reader, a snapshot of the last committed state that writers go on beside. Written to a temporary name
    /// first and renamed, so a file at `path` is always whole.
    public static func write(_ database: Database, to path: String) async throws {
        guard database.engine == .sqlite else {
            throw Refused.postgres
        }
        guard !FileManager.default.fileExists(atPath: path) else { throw Refused.exists(path) }
        let partial = path + ".partial-\(UUID().uuidString.prefix(8))"
        do {
            try await database.read { db in try await db.raw("VACUUM INTO \(bind: partial)").run() }
            guard rename(partial, path) == 0 else { throw Refused.cannotRename(path, errno) }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// What `path` holds when it is a Shouhu SQLite database this version can use: its applied migrations. Refused
    /// when it is not a SQLite file, fails SQLite's integrity check, has no Shouhu schema, or was migrated by a newer
    /// version.
    public static func check(_ path: String) async throws -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Refused.unreadable(path) }
        let header = try handle.read(upToCount: 16) ?? Data()
        try? handle.close()
        guard header == Data("SQLite format 3\0".utf8) else {
            throw Refused.notShouhu(path)
        }
        let database = try await Database.open(.sqliteFile(path: path))
        do {
            let names = try await database.read { db -> [String] in
                let check = try await db.raw("PRAGMA integrity_check").all().map { try $0.decode(column: "integrity_check", as: String.self) }
                guard check == ["ok"] else { throw Refused.damaged(path, check.prefix(3).joined(separator: "; ")) }
                let tables = try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('schema_migrations', 'schools')")
                    .all().map { try $0.decode(column: "name", as: String.self) }
                guard Set(tables) == ["schema_migrations", "schools"] else {
                    throw Refused.notShouhu(path)
                }
                return try await db.raw("SELECT name FROM schema_migrations ORDER BY name").all().map { try $0.decode(column: "name", as: String.self) }
            }
            await database.close()
            let known = Set(Migrations.all.map(\.name))
            let newer = names.filter { !known.contains($0) }
            guard newer.isEmpty else { throw MigrationError.newerDatabase(newer) }
            return names
        } catch {
            await database.close()
            throw error
        }
    }

    /// Puts the backup at `from` in place of the SQLite database at `to` (which no server may be using): checked
    /// first, copied beside the target under a temporary name, synced, then renamed over it; the target's old WAL and
    /// shared-memory files are removed so they cannot be replayed onto the restored copy.
    public static func restore(from: String, to: String) async throws {
        _ = try await check(from)
        let partial = to + ".restoring-\(UUID().uuidString.prefix(8))"
        do {
            try FileManager.default.copyItem(atPath: from, toPath: partial)
            let fd = open(partial, O_RDONLY)
            if fd >= 0 { fsync(fd); close(fd) }
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: to + suffix) }
            guard rename(partial, to) == 0 else { throw Refused.cannotRename(to, errno) }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }
}
