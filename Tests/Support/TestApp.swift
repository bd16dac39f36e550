import App
import Audit
import CampusKit
import Foundation
import Storage

/// Builds the whole app on a fresh database of `engine`, with `admin`'s password known and cheap bcrypt.
public enum TestApp {
    public static let adminPassword = "admin-password-1"
    /// The audit chain's key in tests: fixed, so an app restarted on the same database appends to its chain.
    public static let auditKey = AuditKey(bytes: Data(repeating: 7, count: 32))!

    /// The configuration tests start from; `adjust` may change it (limits, policies).
    public static func config(_ adjust: (inout AppConfig) -> Void = { _ in }) -> AppConfig {
        var config = AppConfig(database: .sqliteMemory, adminPassword: adminPassword, schoolName: "测试学院")
        config.signInAttemptsPerMinute = 1000
        config.requireTwoFactor = false
        config.auditKey = auditKey
        adjust(&config)
        return config
    }

    public static func with<T: Sendable>(_ engine: TestEngine, config: AppConfig = TestApp.config(), clock: any Clock = SystemClock(),
                                         _ body: (ShouhuApp) async throws -> T) async throws -> T {
        try await TestDatabase.with(engine) { database in
            let (app, _) = try await ShouhuApp.start(config: config, database: database, clock: clock, hasher: BcryptHasher(cost: 4),
                                                      initialHasher: BcryptHasher(cost: 4))
            return try await body(app)
        }
    }
}
