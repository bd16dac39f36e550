import App
import Foundation
import Storage

/// Builds the whole app on a fresh database of `engine`, with `admin`'s password known and cheap bcrypt.
public enum TestApp {
    public static let adminPassword = "admin-password-1"

    public static func with<T: Sendable>(_ engine: TestEngine, _ body: (ShouhuApp) async throws -> T) async throws -> T {
        try await TestDatabase.with(engine) { database in
            let config = AppConfig(database: .sqliteMemory, adminPassword: adminPassword, schoolName: "测试学院")
            let (app, _) = try await ShouhuApp.start(config: config, database: database, hasher: BcryptHasher(cost: 4))
            return try await body(app)
        }
    }
}
