import Storage
import App
import ArgumentParser
import Foundation

/// `shouhu`: the server and the commands that provision it (CONTRACT.md, Running).
@main
struct Shouhu: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shouhu",
        abstract: "守护 Shouhu — epidemic prevention and student care for a whole campus.",
        subcommands: [Serve.self, Migrate.self, Demo.self, User.self, Token.self, AuditCommand.self, BackupCommand.self, RestoreCommand.self, Purge.self])
}

/// Options every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "sqlite:PATH, sqlite::memory: or postgres://user:pass@host:port/db (env SHOUHU_DATABASE_URL; default sqlite:shouhu.sqlite)")
    var database: String?

    func config() throws -> AppConfig {
        var config = try AppConfig.fromEnvironment()
        if let database { config.database = try .init(database) }
        return config
    }

    /// Opens the database, runs `body`, and closes the database whatever happens; domain errors are shown
    /// as their message.
    func withDatabase<T: Sendable>(_ body: (AppConfig, Database) async throws -> T) async throws -> T {
        let config = try config()
        let database = try await Database.open(config.database)
        do {
            let value = try await body(config, database)
            await database.close()
            return value
        } catch {
            await database.close()
            throw error is ExitCode ? error : CLIError(error)
        }
    }

    /// As `withDatabase`, with the app started (migrated, school and admin present).
    func withApp<T: Sendable>(_ body: (ShouhuApp) async throws -> T) async throws -> T {
        try await withDatabase { config, database in
            try await body(try await ShouhuApp.start(config: config, database: database).app)
        }
    }
}
