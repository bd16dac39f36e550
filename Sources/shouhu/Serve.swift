import Foundation
import App
import ArgumentParser
import Hummingbird

/// `shouhu serve [--demo]`: runs the server until SIGINT or SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (default: SQLite shouhu.sqlite on 127.0.0.1:8080).")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "Address to listen on (env SHOUHU_HOST).") var host: String?
    @Option(help: "Port to listen on (env SHOUHU_PORT).") var port: Int?
    @Flag(help: "Fill an empty database with the demo college and print the demo accounts.") var demo = false

    func run() async throws {
        var config = try db.config()
        if let host { config.host = host }
        if let port { config.port = port }
        config.demo = demo
        if demo, !config.requireTwoFactorExplicit {
            // A newcomer's first look should not start with an authenticator app; production keeps the default.
            config.requireTwoFactor = false
            print("演示模式：未强制两步验证（设置 SHOUHU_REQUIRE_TOTP=true 可开启）(demo: two-factor sign-in not enforced)")
        }
        // Written straight to the file descriptor: into a pipe or a log file the one-time admin password shows at once.
        let app: any ApplicationProtocol
        do {
            app = try await buildApplication(config: config, announce: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) })
        } catch let error where CLIError.sentence(for: error) != nil {
            throw CLIError(error)
        }
        try await app.runService()
    }
}
