import SQLKit

/// Sick leave (CONTRACT.md, Quarantine and sick leave): the leave itself, with the day of its latest follow-up kept on
/// the row (the counsellor's "not followed up today" list reads it through an index) and a counter that orders its
/// follow-ups; the follow-ups themselves.
struct M016_SickLeave: Migration {
    let name = "M016_SickLeave"

    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws {
        try await db.create(table: "sick_leaves")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("school_id", type: .text, .notNull, .references("schools", "id"))
            .column("student_no", type: .text, .notNull)
            .column("symptoms", type: .text, .notNull)
            .column("onset", type: .text, .notNull)
            .column("clinic_visited", type: .bigint, .notNull)
            .column("from_day", type: .text, .notNull)
            .column("to_day", type: .text)
            .column("status", type: .text, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("follow_up_count", type: .bigint, .notNull, .default(0))
            .column("last_follow_up_day", type: .text)
            .column("cause", type: .text)
            .column("cleared", type: .bigint)
            .column("closed_by", type: .text)
            .column("closed_at", type: .text)
            .run()
        try await db.create(index: "sick_leaves_by_created").on("sick_leaves").column("school_id").column("created_at").column("id").run()
        try await db.create(index: "sick_leaves_by_status").on("sick_leaves").column("school_id").column("status").column("last_follow_up_day").run()
        try await db.create(index: "sick_leaves_by_student").on("sick_leaves").column("school_id").column("student_no").run()
        try await db.create(table: "sick_leave_follow_ups")
            .column("school_id", type: .text, .notNull)
            .column("sick_leave_id", type: .text, .notNull)
            .column("ordinal", type: .bigint, .notNull)
            .column("at", type: .text, .notNull)
            .column("day", type: .text, .notNull)
            .column("note", type: .text, .notNull)
            .column("by_user", type: .text, .notNull)
            .primaryKey("school_id", "sick_leave_id", "ordinal")
            .run()
    }
}
