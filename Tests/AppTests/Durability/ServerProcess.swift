import App
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ShouhuTestSupport
import Storage
import Tabular

/// The real `shouhu` binary run as a process, for the tests that kill it, copy it or take its database away.
enum ServerProcess {
    /// Starts `shouhu serve` on `database` and `port` with the tests' audit key (the one the roster was written with:
    /// with another, the sealed head would not verify and every audited write would be refused) and `environment`.
    static func start(database: String, port: Int, environment: [String: String] = [:], executable: String? = nil,
                      directory: URL? = nil, standardError: Any = FileHandle.nullDevice) throws -> ChildProcess {
        let server = ChildProcess()
        server.executableURL = URL(fileURLWithPath: executable ?? DurabilityTests.binary!)
        if let directory { server.currentDirectoryURL = directory }
        server.arguments = ["serve", "--database", database, "--port", "\(port)"]
        server.environment = ProcessInfo.processInfo.environment
            .merging(["SHOUHU_ADMIN_PASSWORD": "unused-password-1", "SHOUHU_AUDIT_KEY": TestApp.auditKey.base64]) { _, new in new }
            .merging(environment) { _, new in new }
        server.standardOutput = FileHandle.nullDevice
        server.standardError = standardError
        try server.run()
        return server
    }

    /// Waits up to `seconds` (30) for `/readyz` to answer 200.
    static func ready(_ base: String, seconds: Int = 30) async throws -> Bool {
        for _ in 0..<(seconds * 10) {
            if (try? await URLSession.shared.data(from: URL(string: "\(base)/readyz")!).1 as? HTTPURLResponse)?.statusCode == 200 { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Writes the fixture college into a new SQLite file at `path` before a server opens it, runs `more` on the app,
    /// and returns a token with `scopes`.
    static func prepare(path: String, scopes: [String], _ more: (ShouhuApp) async throws -> Void = { _ in }) async throws -> String {
        let database = try await Database.open(.sqliteFile(path: path))
        do {
            let (app, _) = try await ShouhuApp.start(config: TestApp.config(), database: database, hasher: BcryptHasher(cost: 4),
                                                      initialHasher: BcryptHasher(cost: 4))
            _ = try await app.roster.importStaff(try CSVReader.rows(from: Data(Fixtures.staffCSV.utf8)), dryRun: false, by: app.systemActor)
            _ = try await app.roster.importStudents(try CSVReader.rows(from: Data(Fixtures.studentsCSV.utf8)), dryRun: false, by: app.systemActor)
            try await more(app)
            let token = try await app.accounts.createIntegrationToken(name: "server-process", scopes: scopes, by: nil)
            await database.close()
            return token
        } catch {
            await database.close()
            throw error
        }
    }
}
