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
            let token = try await db.withApp { app in
                try await app.accounts.createIntegrationToken(
                    name: name, scopes: scopes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }, by: nil)
            }
            print(token)
        }
    }
}
