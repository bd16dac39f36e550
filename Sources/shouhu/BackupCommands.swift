import App
import ArgumentParser
import Foundation
import Storage

/// `shouhu backup --out FILE`: a consistent copy of the SQLite database, taken while the server serves.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the SQLite database while it serves (PostgreSQL: pg_dump -Fc, see the README).")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Where the copy goes; it must not exist.")
    var out: String

    func run() async throws {
        try await db.withDatabase { _, database in try await Backup.write(database, to: out) }
        print("已备份到 \(out) (backed up to \(out)). 密钥文件不在备份中，请另行保管 (the key files shouhu-audit.key and shouhu.key beside the database are not in the backup: keep them apart)")
    }
}

/// `shouhu restore --from FILE`: puts a backup in place of the SQLite database (stop the server first).
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the SQLite database with a backup made by `shouhu backup` (stop the server first).")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "The backup file.")
    var from: String
    @Flag(help: "Replace an existing database.")
    var force = false

    func run() async throws {
        let config = try db.config()
        guard case .sqliteFile(let path) = config.database else {
            throw CLIError("只能恢复到 SQLite 文件；PostgreSQL 用 pg_restore (restore works on a SQLite file; for PostgreSQL use pg_restore, see the README)")
        }
        if FileManager.default.fileExists(atPath: path) && !force {
            throw CLIError("\(path) 已存在；确认替换请加 --force (\(path) exists; add --force to replace it)")
        }
        do {
            try await Backup.restore(from: from, to: path)
        } catch {
            throw CLIError(error)
        }
        print("已恢复 \(path) (restored \(path) from \(from)); 请用 shouhu audit verify 核对审计链 (check it with shouhu audit verify)")
    }
}
