import SQLKit

/// The handling of a case (C9, 异常学生应急处置): the stage it stands in, when its first staff response is due and
/// when it came, how far up it was escalated; and each school's response time. Cases closed before this migration
/// stand in stage `closed`; cases open before it have no deadline (none was promised when they opened).
struct M017_CaseHandling: Migration {
    let name = "M017_CaseHandling"

    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws {
        try await db.alter(table: "cases").column("stage", type: .text, .notNull, .default("open")).run()
        try await db.alter(table: "cases").column("respond_by", type: .text).run()
        try await db.alter(table: "cases").column("responded_at", type: .text).run()
        try await db.alter(table: "cases").column("escalation_level", type: .bigint, .notNull, .default(0)).run()
        try await db.raw("UPDATE cases SET stage = 'closed' WHERE status = 'closed'").run()
        // The escalation job asks for exactly these rows every tick.
        try await db.raw("""
            CREATE INDEX cases_unanswered ON cases (school_id, respond_by) WHERE status = 'open' AND responded_at IS NULL
            """).run()
        try await db.create(table: "case_policies")
            .column("school_id", type: .text, .primaryKey(autoIncrement: false), .references("schools", "id"))
            .column("response_minutes", type: .bigint, .notNull)
            .column("updated_by", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .run()
    }
}
