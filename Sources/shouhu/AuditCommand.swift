import CampusKit
import App
import ArgumentParser
import Audit
import Foundation
import Storage

/// `shouhu audit verify` walks every school's audit chain (exit status 0 only when it is intact);
/// `shouhu audit head` prints each school's head as JSON, to keep outside the system as an anchor.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit trail.", subcommands: [Verify.self, Head.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit trail's keyed hash chain and its sealed head; exits 1 if any record was changed or removed.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "A head printed earlier by `shouhu audit head`: fail unless the chain still reaches it with that hash.")
        var anchor: String?

        func run() async throws {
            var anchors: [AuditHead] = []
            if let anchor {
                do {
                    anchors = try AuditHeadJSON.decode(Data(contentsOf: URL(fileURLWithPath: anchor)))
                } catch {
                    print("无法读取锚定文件 \(anchor) (cannot read the anchor file): \(error)")
                    throw ExitCode(1)
                }
            }
            let result = try await db.withDatabase { config, database in
                try await Migrator(database: database).migrate()
                return try await AuditService(store: SQLAuditStore(database: database, key: try config.resolvedAuditKey()))
                    .verify(anchors: anchors)
            }
            if result.intact {
                print("审计链完整 (audit chain intact): \(result.checked) records" + (anchors.isEmpty ? "" : ", \(anchors.count) anchors reached"))
            } else {
                for (school, seq) in result.broken.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    print("审计链在第 \(seq) 条断开 (audit chain broken at record \(seq)) — school \(school)")
                }
                for problem in result.problems { print(problem) }
                throw ExitCode(1)
            }
        }
    }

    struct Head: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print each school's audit head {school, seq, hash, at} as JSON, to store outside the system (an anchor for `audit verify --anchor`).")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let heads = try await db.withDatabase { config, database in
                try await Migrator(database: database).migrate()
                return try await AuditService(store: SQLAuditStore(database: database, key: try config.resolvedAuditKey())).heads()
            }
            print(String(decoding: try AuditHeadJSON.encode(heads), as: UTF8.self))
        }
    }
}
