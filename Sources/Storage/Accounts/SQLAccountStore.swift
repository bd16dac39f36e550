import Accounts
import CampusKit
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Accounts, sessions and integration tokens on SQLite or PostgreSQL. Two-factor secrets (confirmed and pending)
/// are stored sealed by `secrets` (AES-GCM, `v1:` prefix); plain ones from before are still read.
public struct SQLAccountStore: AccountStore {
    let database: Database
    let clock: any Clock
    let secrets: SecretBox
    /// Integration tokens (gates, labs) send every request with the same token: a found token is kept for
    /// `tokenTTL` seconds, so a gate's decision does not read it each time. Revoking drops it from this cache at
    /// once; other servers notice within `tokenTTL`.
    private let tokens = NIOLockedValueBox(TokenCache())
    private let tokenTTL: TimeInterval = 30

    public init(database: Database, clock: any Clock, secrets: SecretBox) {
        self.database = database
        self.clock = clock
        self.secrets = secrets
    }

    struct AccountRow: Codable, Sendable {
        var id: String
        var school_id: String
        var username: String
        var display_name: String
        var kind: String
        var roles: String
        var password_hash: String?
        var must_change_password: Int
        var created_at: String
        var failed_attempts: Int?
        var first_failure_at: String?
        var locked_until: String?
        var password_changed_at: String?
        var totp_secret: String?
        var totp_last_step: Int?
        var totp_pending: String?
        var recovery_codes: String?

        func account(_ secrets: SecretBox) throws -> Account {
            var a = Account(id: id, school: SchoolID(school_id), username: username, displayName: display_name,
                            kind: Account.Kind(rawValue: kind) ?? .staff,
                            roles: Set(roles.split(separator: ";").compactMap { Role(rawValue: String($0)) }),
                            passwordHash: password_hash, mustChangePassword: must_change_password != 0)
            a.failedAttempts = failed_attempts ?? 0
            a.firstFailureAt = first_failure_at.flatMap(Instant.parse)
            a.lockedUntil = locked_until.flatMap(Instant.parse)
            a.passwordChangedAt = password_changed_at.flatMap(Instant.parse)
            a.totpSecret = try totp_secret.map(secrets.open)
            a.totpLastStep = totp_last_step
            a.totpPending = try totp_pending.map(secrets.open)
            a.recoveryCodeDigests = (recovery_codes ?? "").split(separator: ";").map(String.init)
            return a
        }
    }

    public func account(school: SchoolID, username: String) async throws -> Account? {
        let secrets = self.secrets
        return try await database.read { db in
            try await db.select().column("*").from("accounts").where("school_id", .equal, school.rawValue)
                .where("username", .equal, username).first(decoding: AccountRow.self)?.account(secrets)
        }
    }

    public func account(id: String) async throws -> Account? {
        let secrets = self.secrets
        return try await database.read { db in
            try await db.select().column("*").from("accounts").where("id", .equal, id).first(decoding: AccountRow.self)?.account(secrets)
        }
    }

    public func upsertAccount(_ account: Account) async throws {
        let row = AccountRow(id: account.id, school_id: account.school.rawValue, username: account.username,
                             display_name: account.displayName, kind: account.kind.rawValue,
                             roles: account.roles.map(\.rawValue).sorted().joined(separator: ";"),
                             password_hash: account.passwordHash, must_change_password: account.mustChangePassword ? 1 : 0,
                             created_at: Instant.format(clock.now()), failed_attempts: 0, recovery_codes: "")
        try await database.write { db in
            try await db.insert(into: "accounts").model(row)
                .onConflict(with: ["school_id", "username"]) {
                    $0.set(excludedValueOf: "display_name").set(excludedValueOf: "roles").set(excludedValueOf: "kind")
                }.run()
        }
    }

    public func setPassword(accountID: String, hash: String, mustChange: Bool, at: Date) async throws {
        try await database.write { db in
            try await db.update("accounts").set("password_hash", to: hash).set("must_change_password", to: mustChange ? 1 : 0)
                .set("password_changed_at", to: Instant.format(at)).where("id", .equal, accountID).run()
            let school = try await db.select().column("school_id").from("accounts").where("id", .equal, accountID)
                .first(decodingColumn: "school_id", as: String.self)
            if let school {
                try await db.insert(into: "password_history").columns("school_id", "account_id", "hash", "changed_at")
                    .values(SQLBind(school), SQLBind(accountID), SQLBind(hash), SQLBind(Instant.format(at))).run()
            }
        }
    }

    public func passwordHistory(accountID: String, limit: Int) async throws -> [String] {
        try await database.read { db in
            try await db.select().column("hash").from("password_history").where("account_id", .equal, accountID)
                .orderBy("changed_at", .descending).limit(limit).all(decodingColumn: "hash", as: String.self)
        }
    }

    public func setTwoFactor(accountID: String, secret: String?, lastStep: Int?, pending: String?, recoveryDigests: [String]) async throws {
        let sealedSecret = try secret.map(secrets.seal)
        let sealedPending = try pending.map(secrets.seal)
        try await database.write { db in
            try await db.update("accounts").set("totp_secret", to: sealedSecret).set("totp_last_step", to: lastStep)
                .set("totp_pending", to: sealedPending).set("recovery_codes", to: recoveryDigests.joined(separator: ";"))
                .where("id", .equal, accountID).run()
        }
    }

    public func accounts(school: SchoolID) async throws -> [Account] {
        let secrets = self.secrets
        return try await database.read { db in
            try await db.select().column("*").from("accounts").where("school_id", .equal, school.rawValue)
                .orderBy("username").all(decoding: AccountRow.self).map { try $0.account(secrets) }
        }
    }

    public func accounts(school: SchoolID, containing text: String?, limit: Int) async throws -> (accounts: [Account], total: Int) {
        let secrets = self.secrets
        // `%`, `_` and `\` typed in the search are letters, not wildcards.
        let pattern = text.map { "%" + $0.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%" }
        return try await database.read { db in
            func matching(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
                query.from("accounts").where("school_id", .equal, school.rawValue)
                if let pattern {
                    query.where(SQLQueryString("(LOWER(username) LIKE \(bind: pattern) ESCAPE \(literal: "\\") OR LOWER(display_name) LIKE \(bind: pattern) ESCAPE \(literal: "\\"))"))
                }
                return query
            }
            let total = try await matching(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
                .first(decodingColumn: "n", as: Int.self) ?? 0
            let accounts = try await matching(db.select().column("*")).orderBy("username").limit(max(limit, 0))
                .all(decoding: AccountRow.self).map { try $0.account(secrets) }
            return (accounts, total)
        }
    }

    /// Seals two-factor secrets still stored in plain text (from before encryption at rest). Returns how many
    /// accounts it changed; run at start, a second run changes none.
    @discardableResult
    public func sealPlainSecrets() async throws -> Int {
        struct Row: Decodable { var id: String; var totp_secret: String?; var totp_pending: String? }
        let plain = try await database.read { db in
            try await db.select().columns("id", "totp_secret", "totp_pending").from("accounts")
                .where { $0.where("totp_secret", .notLike, "v1:%").orWhere("totp_pending", .notLike, "v1:%") }
                .all(decoding: Row.self)
        }
        for row in plain {
            let secret = try row.totp_secret.map { try secrets.seal(try secrets.open($0)) }
            let pending = try row.totp_pending.map { try secrets.seal(try secrets.open($0)) }
            try await database.write { db in
                try await db.update("accounts").set("totp_secret", to: secret).set("totp_pending", to: pending)
                    .where("id", .equal, row.id).run()
            }
        }
        return plain.count
    }

    public func countAccounts(school: SchoolID) async throws -> Int {
        try await database.read { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("accounts")
                .where("school_id", .equal, school.rawValue).first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    public func setFailures(accountID: String, attempts: Int, firstAt: Date?, lockedUntil: Date?) async throws {
        try await database.write { db in
            try await db.update("accounts").set("failed_attempts", to: attempts)
                .set("first_failure_at", to: firstAt.map(Instant.format)).set("locked_until", to: lockedUntil.map(Instant.format))
                .where("id", .equal, accountID).run()
        }
    }

    public func recordFailure(accountID: String, at: Date, window: TimeInterval, limit: Int, lockedUntil: Date) async throws -> Int {
        let now = Instant.format(at)
        let windowStart = Instant.format(at.addingTimeInterval(-window))
        let lock = Instant.format(lockedUntil)
        // Every right-hand side reads the row as it was before this statement, on both engines; PostgreSQL
        // re-evaluates it on the newest row when a concurrent update got there first, and SQLite has one writer.
        return try await database.write { db in
            try await db.raw("""
                UPDATE accounts SET
                  failed_attempts = CASE WHEN first_failure_at > \(bind: windowStart) THEN COALESCE(failed_attempts, 0) + 1 ELSE 1 END,
                  first_failure_at = CASE WHEN first_failure_at > \(bind: windowStart) THEN first_failure_at ELSE \(bind: now) END,
                  locked_until = CASE
                    WHEN (CASE WHEN first_failure_at > \(bind: windowStart) THEN COALESCE(failed_attempts, 0) + 1 ELSE 1 END) >= \(bind: limit)
                    THEN \(bind: lock) ELSE locked_until END
                WHERE id = \(bind: accountID)
                RETURNING failed_attempts
                """).first(decodingColumn: "failed_attempts", as: Int.self) ?? 0
        }
    }

    public func touchSession(digest: String, at: Date) async throws {
        try await database.write { db in
            try await db.update("sessions").set("last_seen_at", to: Instant.format(at)).where("token_digest", .equal, digest).run()
        }
    }

    public func createSession(_ session: Session) async throws {
        let now = Instant.format(clock.now())
        try await database.write { db in
            let school = try await db.select().column("school_id").from("accounts").where("id", .equal, session.accountID)
                .first(decodingColumn: "school_id", as: String.self) ?? SchoolID.main.rawValue
            try await db.insert(into: "sessions")
                .columns("token_digest", "school_id", "account_id", "kind", "expires_at", "created_at", "last_seen_at")
                .values(SQLBind(session.tokenDigest), SQLBind(school), SQLBind(session.accountID), SQLBind(session.kind.rawValue),
                        SQLBind(Instant.format(session.expiresAt)), SQLBind(now), SQLBind(Instant.format(session.lastSeenAt)))
                .run()
        }
    }

    public func session(digest: String) async throws -> Session? {
        struct Row: Decodable {
            var token_digest: String; var account_id: String; var kind: String; var expires_at: String
            var created_at: String; var last_seen_at: String?
        }
        return try await database.read { db in
            guard let row = try await db.select().columns("token_digest", "account_id", "kind", "expires_at", "created_at", "last_seen_at")
                .from("sessions").where("token_digest", .equal, digest).first(decoding: Row.self),
                  let expires = Instant.parse(row.expires_at),
                  let lastSeen = Instant.parse(row.last_seen_at ?? row.created_at) else { return nil }
            return Session(tokenDigest: row.token_digest, accountID: row.account_id, kind: Session.Kind(rawValue: row.kind) ?? .api,
                           expiresAt: expires, lastSeenAt: lastSeen)
        }
    }

    public func deleteSession(digest: String) async throws {
        try await database.write { db in
            try await db.delete(from: "sessions").where("token_digest", .equal, digest).run()
        }
    }

    public func deleteSessions(accountID: String, except: String?) async throws {
        try await database.write { db in
            var delete = db.delete(from: "sessions").where("account_id", .equal, accountID)
            if let except { delete = delete.where("token_digest", .notEqual, except) }
            try await delete.run()
        }
    }

    public func createIntegrationToken(_ token: IntegrationToken) async throws {
        let created = Instant.format(token.createdAt ?? clock.now())
        try await database.write { db in
            try await db.insert(into: "integration_tokens")
                .columns("id", "school_id", "name", "scopes", "token_digest", "created_at", "created_by")
                .values(SQLBind(token.id), SQLBind(token.school.rawValue), SQLBind(token.name),
                        SQLBind(token.scopes.sorted().joined(separator: ";")), SQLBind(token.tokenDigest), SQLBind(created),
                        SQLBind(token.createdBy))
                .run()
        }
    }

    public func integrationTokens(school: SchoolID) async throws -> [IntegrationToken] {
        try await database.read { db in
            try await db.select().columns(TokenRow.columns).from("integration_tokens").where("school_id", .equal, school.rawValue)
                .orderBy("created_at", .descending).orderBy("id").all(decoding: TokenRow.self).map(\.token)
        }
    }

    public func revokeIntegrationToken(id: String, school: SchoolID, at: Date) async throws -> IntegrationToken? {
        let revoked = try await database.write { db -> IntegrationToken? in
            try await db.update("integration_tokens").set("revoked_at", to: Instant.format(at))
                .where("id", .equal, id).where("school_id", .equal, school.rawValue).where("revoked_at", .is, SQLLiteral.null).run()
            return try await db.select().columns(TokenRow.columns).from("integration_tokens").where("id", .equal, id)
                .where("school_id", .equal, school.rawValue).first(decoding: TokenRow.self)?.token
        }
        tokens.withLockedValue { cache in
            cache.revoked.insert(id)
            cache.entries = cache.entries.filter { $0.value.token.id != id }
        }
        return revoked
    }

    struct TokenRow: Decodable {
        static let columns: [any SQLExpression] = ["id", "school_id", "name", "scopes", "token_digest", "created_at", "created_by", "revoked_at"]
            .map { SQLColumn($0) }
        var id: String; var school_id: String; var name: String; var scopes: String; var token_digest: String
        var created_at: String?; var created_by: String?; var revoked_at: String?
        var token: IntegrationToken {
            IntegrationToken(id: id, school: SchoolID(school_id), name: name, scopes: Set(scopes.split(separator: ";").map(String.init)),
                             tokenDigest: token_digest, createdAt: created_at.flatMap(Instant.parse), createdBy: created_by,
                             revokedAt: revoked_at.flatMap(Instant.parse))
        }
    }

    public func integrationToken(digest: String) async throws -> IntegrationToken? {
        let now = Date()
        if let hit = tokens.withLockedValue({ $0.entries[digest] }), hit.until > now { return hit.token }
        guard let found = try await storedIntegrationToken(digest: digest) else { return nil }
        // A revocation on this server while the token was being read wins over the read.
        return tokens.withLockedValue { cache in
            if cache.revoked.contains(found.id) { return nil }
            if cache.entries.count > 1000 { cache.entries = cache.entries.filter { $0.value.until > now } }
            cache.entries[digest] = (found, now.addingTimeInterval(tokenTTL))
            return found
        }
    }

    /// Tokens found lately, and the ids revoked on this server (never cached again).
    struct TokenCache {
        var entries: [String: (token: IntegrationToken, until: Date)] = [:]
        var revoked: Set<String> = []
    }

    private func storedIntegrationToken(digest: String) async throws -> IntegrationToken? {
        try await database.read { db in
            try await db.select().columns(TokenRow.columns).from("integration_tokens")
                .where("token_digest", .equal, digest).where("revoked_at", .is, SQLLiteral.null).first(decoding: TokenRow.self)?.token
        }
    }
}
