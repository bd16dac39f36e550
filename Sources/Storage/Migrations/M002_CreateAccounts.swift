import SQLKit

/// Accounts (staff by staff number, students by student number, `admin`), sessions and integration tokens.
/// Sessions live in the database so any server can answer any request; tokens are stored only as digests.
struct M002_CreateAccounts: Migration {
    let name = "M002_CreateAccounts"

    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws {
        try await db.create(table: "accounts")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("school_id", type: .text, .notNull, .references("schools", "id"))
            .column("username", type: .text, .notNull)
            .column("display_name", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("roles", type: .text, .notNull)
            .column("password_hash", type: .text)
            .column("must_change_password", type: .bigint, .notNull)
            .column("created_at", type: .text, .notNull)
            .unique("school_id", "username")
            .run()
        try await db.create(table: "sessions")
            .column("token_digest", type: .text, .primaryKey(autoIncrement: false))
            .column("school_id", type: .text, .notNull, .references("schools", "id"))
            .column("account_id", type: .text, .notNull, .references("accounts", "id", onDelete: .cascade))
            .column("kind", type: .text, .notNull)
            .column("expires_at", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .run()
        try await db.create(table: "integration_tokens")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("school_id", type: .text, .notNull, .references("schools", "id"))
            .column("name", type: .text, .notNull)
            .column("scopes", type: .text, .notNull)
            .column("token_digest", type: .text, .notNull, .unique)
            .column("created_at", type: .text, .notNull)
            .run()
    }
}
