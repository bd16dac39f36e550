import SQLKit

/// Sign-in attempts per client address in one table every server writes (issue 19: the limit holds across servers).
struct M021_SignInAttempts: Migration {
    let name = "M021_SignInAttempts"

    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws {
        try await db.create(table: "signin_attempts")
            .column("school_id", type: .text, .notNull)
            .column("client", type: .text, .notNull)
            .column("window_start_ms", type: .bigint, .notNull)
            .column("attempts", type: .int, .notNull)
            .primaryKey("school_id", "client")
            .run()
    }
}
