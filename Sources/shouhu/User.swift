import App
import ArgumentParser
import Foundation
import Storage

/// `shouhu user password USERNAME`: sets a password read from standard input.
struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Account administration.", subcommands: [Password.self])

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set USERNAME's password from standard input (staff: staff number; students: student number).")
        @Argument(help: "The account: admin, a staff number or a student number.") var username: String
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("no password on standard input")
            }
            try await db.withApp { app in try await app.setPassword(username: username, password: line) }
            print("已设置 \(username) 的密码 (password set)")
        }
    }
}
