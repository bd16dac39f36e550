import Accounts
import Foundation
import Storage

/// Where the key that seals secrets at rest (`SecretBox`) comes from when `SHOUHU_SECRET_KEY` is not set: a file
/// `shouhu.key` (32 random bytes, mode 0600) beside the SQLite database, or in the working directory for
/// PostgreSQL, created on first start. An in-memory database gets a key that lives as long as it does.
enum SecretKeyFile {
    static let name = "shouhu.key"

    /// The key for `database`: read from its key file, or created there.
    static func key(for database: DatabaseURL) throws -> Data {
        switch database {
        case .sqliteMemory:
            return SecretBox.generateKey()
        case .sqliteFile(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            return try loadOrCreate(directory.appendingPathComponent(name).path)
        case .postgres:
            return try loadOrCreate(FileManager.default.currentDirectoryPath + "/" + name)
        }
    }

    /// Reads the key at `path`, or writes a new one there. The new file is written whole under a temporary name
    /// and linked into place, so a server starting at the same moment reads either nothing or the whole key.
    static func loadOrCreate(_ path: String) throws -> Data {
        if let existing = FileManager.default.contents(atPath: path) { return try check(existing, path) }
        let temporary = path + ".\(UUID().uuidString).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: SecretBox.generateKey(),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw ConfigError("cannot create the secret key file \(path); set SHOUHU_SECRET_KEY instead")
        }
        defer { unlink(temporary) }
        if link(temporary, path) != 0, errno != EEXIST {
            throw ConfigError("cannot create the secret key file \(path) (\(String(cString: strerror(errno)))); set SHOUHU_SECRET_KEY instead")
        }
        guard let written = FileManager.default.contents(atPath: path) else { throw ConfigError("cannot read the secret key file \(path)") }
        return try check(written, path)
    }

    private static func check(_ key: Data, _ path: String) throws -> Data {
        guard key.count == 32 else { throw ConfigError("the secret key file \(path) must hold 32 bytes, not \(key.count)") }
        return key
    }
}
