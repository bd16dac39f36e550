import SQLKit

/// Failed sign-in counting and locks on accounts; the last request of a session, for the idle timeout.
/// One column per statement: SQLite adds columns one at a time.
struct M004_AddSignInProtection: Migration {
    let name = "M004_AddSignInProtection"

    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws {
        try await db.alter(table: "accounts").column("failed_attempts", type: .bigint, .notNull, .default(0)).run()
        try await db.alter(table: "accounts").column("first_failure_at", type: .text).run()
        try await db.alter(table: "accounts").column("locked_until", type: .text).run()
        try await db.alter(table: "sessions").column("last_seen_at", type: .text).run()
    }
}
