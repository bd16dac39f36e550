import Accounts
import Foundation
import App
import ArgumentParser
import Storage

/// `shouhu token create --name NAME --scopes a,b`: prints a new integration token.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Integration tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an integration token and print it (shown once).")
        @Option(help: "A name for the device or system.") var name: String
        @Option(help: "Comma-separated scopes: roster:write, checkin:write, access:write, access:decide, testing:write, read:all.")
        var scopes: String
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let config = try db.config()
            let database = try await Database.open(config.database)
            let token: String
            do {
                let (app, _) = try await ShouhuApp.start(config: config, database: database)
                token = try await app.accounts.createIntegrationToken(
                    name: name, scopes: scopes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }, by: nil)
            } catch {
                await database.close()
                throw CLIError(error)
            }
            await database.close()
            print(token)
        }
    }
}
