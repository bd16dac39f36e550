import App
import ArgumentParser
import Storage

/// `shouhu migrate`: brings the schema up to date and says what it ran.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let ran = try await db.withDatabase { _, database in try await Migrator(database: database).migrate() }
        print(ran.isEmpty ? "数据库已是最新 (nothing to migrate)" : "已执行迁移 (migrated): " + ran.joined(separator: ", "))
    }
}
