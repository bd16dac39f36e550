import App
import ArgumentParser
import Foundation
import Storage

/// `shouhu purge`: the retention purge now (what the daily job does), or at the end of an emergency every class of
/// epidemic data whatever its age (`--epidemic --yes`). Audited like the daily purge; the audit trail stays.
struct Purge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete personal data past its retention now; with --epidemic --yes, all epidemic data (end of the emergency).")
    @OptionGroup var db: DatabaseOptions
    @Flag(help: "Delete every check-in, gate passage, test, closed case, investigation, notification, ended quarantine and closed sick leave, whatever its age.")
    var epidemic = false
    @Flag(help: "Confirm --epidemic.")
    var yes = false

    func run() async throws {
        if epidemic && !yes {
            throw CLIError("--epidemic 会删除全部防疫数据，确认请加 --yes (--epidemic deletes all epidemic data; add --yes to confirm)")
        }
        let gone = try await db.withApp { app in
            let days = epidemic ? Dictionary(uniqueKeysWithValues: DataClass.allCases.map { ($0, 0) }) : app.config.retention
            return try await app.purge(olderThan: days, at: Date().addingTimeInterval(epidemic ? 86_400 : 0))
        }
        for dataClass in DataClass.allCases { print("\(dataClass.rawValue): \(gone[dataClass] ?? 0)") }
        if epidemic {
            print("未结束的异常个案、隔离和病假不会被删除：请先结束它们 (open cases, running placements and open sick leaves are kept: end them first, then run this again)")
        }
    }
}
