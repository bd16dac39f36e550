import SQLKit

/// The audit trail: one hash chain per school, append-only. Triggers refuse UPDATE and DELETE on both engines,
/// so even a bug (or a hurried administrator with a SQL console) cannot quietly rewrite history.
struct M003_CreateAuditTrail: Migration {
    let name = "M003_CreateAuditTrail"

    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws {
        try await db.create(table: "audit_events")
            .column("school_id", type: .text, .notNull, .references("schools", "id"))
            .column("seq", type: .bigint, .notNull)
            .column("at", type: .text, .notNull)
            .column("at_ms", type: .bigint, .notNull)
            .column("actor_id", type: .text, .notNull)
            .column("actor_name", type: .text, .notNull)
            .column("action", type: .text, .notNull)
            .column("subject", type: .text, .notNull)
            .column("ip", type: .text)
            .column("detail", type: .text, .notNull)
            .column("prev_hash", type: .text, .notNull)
            .column("hash", type: .text, .notNull)
            .primaryKey("school_id", "seq")
            .run()
        try await db.create(index: "audit_by_time").on("audit_events").column("school_id").column("at").run()
        try await db.create(index: "audit_by_subject").on("audit_events").column("school_id").column("subject").run()
        switch engine {
        case .sqlite:
            for operation in ["UPDATE", "DELETE"] {
                try await db.raw("""
                    CREATE TRIGGER audit_events_no_\(unsafeRaw: operation.lowercased()) BEFORE \(unsafeRaw: operation) ON audit_events
                    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
                    """).run()
            }
        case .postgres:
            try await db.raw("""
                CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$
                """).run()
            try await db.raw("""
                CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
                FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
                """).run()
        }
    }
}
