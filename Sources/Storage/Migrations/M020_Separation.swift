import SQLKit

/// Space-time separation plans (C10): the problem and the planner's answer as JSON text (read whole, never queried
/// inside), and the day a plan is published for; at most one plan is a school's timetable of a day.
struct M020_Separation: Migration {
    let name = "M020_Separation"

    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws {
        try await db.create(table: "separation_plans")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("school_id", type: .text, .notNull, .references("schools", "id"))
            .column("name", type: .text, .notNull)
            .column("problem", type: .text, .notNull)
            .column("labels", type: .text, .notNull)
            .column("result", type: .text, .notNull)
            .column("feasible", type: .bigint, .notNull)
            .column("objective", type: .bigint, .notNull)
            .column("demands", type: .bigint, .notNull)
            .column("published_on", type: .text)
            .column("published_by", type: .text)
            .column("published_at", type: .text)
            .column("created_by", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .run()
        try await db.create(index: "separation_plans_by_time").on("separation_plans").column("school_id").column("created_at").run()
        try await db.raw("CREATE UNIQUE INDEX separation_one_published ON separation_plans (school_id, published_on) WHERE published_on IS NOT NULL").run()
    }
}
