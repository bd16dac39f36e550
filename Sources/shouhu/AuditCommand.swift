import CampusKit
import App
import ArgumentParser
import Audit
import Storage

/// `shouhu audit verify`: walks every school's audit chain; exit status 0 only when it is intact.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the audit trail's hash chain; exits 1 if any record was changed or removed.")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let result = try await db.withDatabase { _, database in
                try await Migrator(database: database).migrate()
                return try await AuditService(store: SQLAuditStore(database: database)).verify()
            }
            if result.intact {
                print("审计链完整 (audit chain intact): \(result.checked) records")
            } else {
                for (school, seq) in result.broken.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    print("审计链在第 \(seq) 条断开 (audit chain broken at record \(seq)) — school \(school)")
                }
                throw ExitCode(1)
            }
        }
    }
}
