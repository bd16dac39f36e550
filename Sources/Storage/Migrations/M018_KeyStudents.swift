import SQLKit

/// Key students (重点学生, C5): one row per flagging period — at most one standing (not cleared) per student, which
/// a partial unique index holds against two keepers flagging at once — and every change with what the flag said
/// before and after. (M017 is another branch's; the runner applies whatever is missing, in list order.)
struct M018_KeyStudents: Migration {
    let name = "M018_KeyStudents"

    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws {
        try await db.create(table: "key_students")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("school_id", type: .text, .notNull, .references("schools", "id"))
            .column("student_no", type: .text, .notNull)
            .column("category", type: .text)
            .column("reason", type: .text, .notNull)
            .column("flagged_by", type: .text, .notNull)
            .column("flagged_at", type: .text, .notNull)
            .column("updated_by", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .column("cleared_by", type: .text)
            .column("cleared_at", type: .text)
            .column("clear_reason", type: .text)
            .column("change_count", type: .bigint, .notNull, .default(0))
            .run()
        // The same statement on both engines: a partial index (SQLite 3.8+, PostgreSQL) of the standing flags.
        try await db.raw("CREATE UNIQUE INDEX key_students_standing ON key_students (school_id, student_no) WHERE cleared_at IS NULL").run()
        try await db.create(index: "key_students_by_student").on("key_students").column("school_id").column("student_no").column("flagged_at").run()
        try await db.create(table: "key_student_changes")
            .column("school_id", type: .text, .notNull)
            .column("flag_id", type: .text, .notNull)
            .column("ordinal", type: .bigint, .notNull)
            .column("student_no", type: .text, .notNull)
            .column("at", type: .text, .notNull)
            .column("by_user", type: .text, .notNull)
            .column("action", type: .text, .notNull)
            .column("before_category", type: .text)
            .column("before_reason", type: .text)
            .column("after_category", type: .text)
            .column("after_reason", type: .text)
            .column("note", type: .text)
            .primaryKey("school_id", "flag_id", "ordinal")
            .run()
        try await db.create(index: "key_student_changes_by_student").on("key_student_changes").column("school_id").column("student_no").column("at").run()
    }
}
