import Audit
import Foundation
import Storage

/// Where the audit key comes from when `SHOUHU_AUDIT_KEY` is unset: a file that is not in the database, read on
/// every start and created (random, mode 0600) on the first.
enum AuditKeyFile {
    static let name = "shouhu-audit.key"

    /// The key file for a database: beside a SQLite file, in the working directory for PostgreSQL; none for an
    /// in-memory database, whose records die with the process (a new random key each start).
    static func path(for url: DatabaseURL) -> String? {
        switch url {
        case .sqliteFile(let path):
            return URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(name).path
        case .sqliteMemory:
            return nil
        case .postgres:
            return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(name).path
        }
    }

    /// The key in `path`, creating the file with a new key (mode 0600, never overwriting) when it does not exist.
    static func loadOrCreate(at path: String) throws -> AuditKey {
        if !FileManager.default.fileExists(atPath: path) {
            let key = AuditKey.generate()
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if fd >= 0 {
                let text = key.base64 + "\n"
                let written = text.withCString { write(fd, $0, strlen($0)) }
                fsync(fd)
                close(fd)
                guard written == text.utf8.count else { throw ConfigError("could not write the audit key file \(path)") }
                return key
            }
            guard errno == EEXIST else { throw ConfigError("could not create the audit key file \(path) (errno \(errno))") }
            // Another process created it first: use theirs.
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), let key = AuditKey(base64: text) else {
            throw ConfigError("the audit key file \(path) does not hold a base64 key of at least \(AuditKey.minimumBytes) bytes")
        }
        return key
    }
}

extension AppConfig {
    /// `auditKey`, or the key file's (see `AuditKeyFile`), or a new key for an in-memory database.
    public func resolvedAuditKey() throws -> AuditKey {
        if let auditKey { return auditKey }
        guard let path = AuditKeyFile.path(for: database) else { return AuditKey.generate() }
        return try AuditKeyFile.loadOrCreate(at: path)
    }
}
