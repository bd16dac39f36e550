import Foundation
import SQLKit
import Storage

/// The engines a storage or app test runs on: SQLite always, PostgreSQL when `SHOUHU_TEST_POSTGRES_URL` is set
/// (CI sets it; see .ci/run).
public enum TestEngine: String, Sendable, CustomStringConvertible {
    case sqlite, postgres

    public static var available: [TestEngine] {
        postgresAdminURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    static var postgresAdminURL: String? {
        ProcessInfo.processInfo.environment["SHOUHU_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public var description: String { rawValue }
}

/// A fresh, empty database for one test: a temporary SQLite file, or a new PostgreSQL database created on the
/// test server and dropped afterwards.
public enum TestDatabase {
    public static func with<T: Sendable>(_ engine: TestEngine, _ body: (Database) async throws -> T) async throws -> T {
        let name = "shouhu_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        switch engine {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sqlite").path
            defer {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            return try await run(.sqliteFile(path: path), body)
        case .postgres:
            guard let admin = TestEngine.postgresAdminURL else { throw DatabaseError.badURL("SHOUHU_TEST_POSTGRES_URL is not set") }
            let adminDB = try await Database.open(try DatabaseURL(admin), maximumConnections: 1)
            do {
                try await adminDB.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: String(name))").run() }
            } catch {
                await adminDB.close()
                throw error
            }
            let url = try DatabaseURL(replacingDatabaseIn: admin, with: String(name))
            let result: Result<T, any Error>
            do { result = .success(try await run(url, body)) } catch { result = .failure(error) }
            try? await adminDB.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: String(name)) WITH (FORCE)").run() }
            await adminDB.close()
            return try result.get()
        }
    }

    /// Opens `url`, runs `body`, and closes the database whatever happens.
    public static func run<T: Sendable>(_ url: DatabaseURL, _ body: (Database) async throws -> T) async throws -> T {
        // Hundreds of tests run at once, each on its own database: small pools keep the server under its limit.
        let database = try await Database.open(url, maximumConnections: 8)
        do {
            let value = try await body(database)
            await database.close()
            return value
        } catch {
            await database.close()
            throw error
        }
    }
}

extension DatabaseURL {
    /// The same server and credentials with another database name.
    init(replacingDatabaseIn url: String, with database: String) throws {
        guard var components = URLComponents(string: url) else { throw DatabaseError.badURL(url) }
        components.path = "/" + database
        try self.init(components.string ?? url)
    }
}
