import SQLKit

/// Integration tokens can be listed and revoked: who created each one (a username, or `cli`) and when it was
/// revoked (a revoked token signs nothing in). `created_at` and `school_id` are there since M002. Sessions are
/// found by account, to end them all when the password changes.
struct M009_AddTokenRevocation: Migration {
    let name = "M009_AddTokenRevocation"

    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws {
        try await db.alter(table: "integration_tokens").column("created_by", type: .text).run()
        try await db.alter(table: "integration_tokens").column("revoked_at", type: .text).run()
        try await db.create(index: "integration_tokens_by_school").on("integration_tokens").column("school_id").column("created_at").run()
        try await db.create(index: "sessions_by_account").on("sessions").column("account_id").run()
    }
}
