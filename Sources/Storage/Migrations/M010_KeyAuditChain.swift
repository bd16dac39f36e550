import SQLKit

/// The keyed audit chain (issue 12): a hash version per record (existing records are version 1, plain SHA-256;
/// new ones version 2, HMAC-SHA256 under a key kept outside the database), each school's sealed head in
/// `audit_heads` (moved in the same transaction as every append, so removing records from the end is found),
/// and triggers that refuse TRUNCATE on PostgreSQL and DELETE of heads on both engines.
struct M010_KeyAuditChain: Migration {
    let name = "M010_KeyAuditChain"

    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws {
        try await db.alter(table: "audit_events").column("hash_version", type: .bigint, .notNull, .default(1)).run()
        try await db.create(table: "audit_heads")
            .column("school_id", type: .text, .primaryKey(autoIncrement: false), .references("schools", "id"))
            .column("seq", type: .bigint, .notNull)
            .column("hash", type: .text, .notNull)
            .column("at", type: .text, .notNull)
            .column("mac", type: .text, .notNull)
            .run()
        switch engine {
        case .sqlite:
            // SQLite has no TRUNCATE; a DELETE without WHERE fires the DELETE trigger (the truncate optimisation is off with triggers).
            try await db.raw("""
                CREATE TRIGGER audit_heads_no_delete BEFORE DELETE ON audit_heads
                BEGIN SELECT RAISE(ABORT, 'audit_heads rows are never removed'); END
                """).run()
        case .postgres:
            try await db.raw("""
                CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
                FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()
                """).run()
            try await db.raw("""
                CREATE FUNCTION audit_heads_keep() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_heads rows are never removed'; END $$
                """).run()
            try await db.raw("""
                CREATE TRIGGER audit_heads_keep BEFORE DELETE ON audit_heads
                FOR EACH ROW EXECUTE FUNCTION audit_heads_keep()
                """).run()
            try await db.raw("""
                CREATE TRIGGER audit_heads_no_truncate BEFORE TRUNCATE ON audit_heads
                FOR EACH STATEMENT EXECUTE FUNCTION audit_heads_keep()
                """).run()
        }
    }
}
