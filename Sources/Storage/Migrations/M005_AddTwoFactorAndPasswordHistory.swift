import SQLKit

/// Two-factor sign-in (secret, last used step, pending enrolment, recovery code digests), password rotation,
/// and the history that keeps the last passwords from being reused.
struct M005_AddTwoFactorAndPasswordHistory: Migration {
    let name = "M005_AddTwoFactorAndPasswordHistory"

    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws {
        try await db.alter(table: "accounts").column("password_changed_at", type: .text).run()
        try await db.alter(table: "accounts").column("totp_secret", type: .text).run()
        try await db.alter(table: "accounts").column("totp_last_step", type: .bigint).run()
        try await db.alter(table: "accounts").column("totp_pending", type: .text).run()
        try await db.alter(table: "accounts").column("recovery_codes", type: .text, .notNull, .default("")).run()
        try await db.create(table: "password_history")
            .column("school_id", type: .text, .notNull, .references("schools", "id"))
            .column("account_id", type: .text, .notNull, .references("accounts", "id", onDelete: .cascade))
            .column("hash", type: .text, .notNull)
            .column("changed_at", type: .text, .notNull)
            .run()
        try await db.create(index: "password_history_by_account").on("password_history").column("account_id").column("changed_at").run()
    }
}
