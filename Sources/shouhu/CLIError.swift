import ArgumentParser
import CampusKit
import Foundation
import Storage

/// Shows a domain error's message, not its debug dump, and exits non-zero; storage's refusals are worded here for
/// the person at the terminal.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ error: any Error) {
        description = (error as? DomainError)?.message ?? Self.sentence(for: error) ?? String(describing: error)
    }

    /// What the operator reads for a refusal of the storage layer, in Chinese with the English after it.
    static func sentence(for error: any Error) -> String? {
        switch error {
        case MigrationError.newerDatabase(let names):
            let list = names.joined(separator: ", ")
            return "数据库已由更新版本的守护升级（\(list)），本程序不能使用它；请升级程序或恢复升级前的备份 "
                + "(the database was migrated by a newer version of Shouhu (\(list)); this binary does not know its schema "
                + "and will not touch it: upgrade the binary, or restore a backup from before the upgrade)"
        case let refused as Backup.Refused:
            switch refused {
            case .postgres: return "PostgreSQL 用 pg_dump 备份 (back PostgreSQL up with pg_dump -Fc; see the README)"
            case .exists(let p): return "\(p) 已存在，不会覆盖 (\(p) exists; it is not overwritten)"
            case .unreadable(let p): return "\(p) 无法读取 (cannot be read)"
            case .notShouhu(let p): return "\(p) 不是守护的数据库备份 (is not a Shouhu database)"
            case .damaged(let p, let why): return "\(p) 已损坏 (fails SQLite's integrity check: \(why))"
            case .cannotRename(let p, let e): return "无法写入 \(p) (cannot rename into \(p), errno \(e))"
            }
        default:
            return nil
        }
    }
}

extension CLIError {
    init(_ text: String) { description = text }
}
