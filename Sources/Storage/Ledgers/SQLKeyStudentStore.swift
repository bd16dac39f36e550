import CampusKit
import Foundation
import Ledgers
import SQLKit

/// Key-student flags and their history on SQLite or PostgreSQL.
public struct SQLKeyStudentStore: KeyStudentStore {
    let database: Database

    public init(database: Database) { self.database = database }

    public func flag(_ flag: KeyStudent, school: SchoolID) async throws -> Bool {
        let at = Instant.format(flag.flaggedAt)
        return try await database.write { db in
            // The partial unique index of standing flags refuses a second one; DO NOTHING turns that into "no row".
            let inserted = try await db.raw("""
                INSERT INTO key_students (id, school_id, student_no, category, reason, flagged_by, flagged_at, updated_by, updated_at, change_count)
                VALUES (\(bind: flag.id), \(bind: school.rawValue), \(bind: flag.studentNo), \(bind: flag.mark.category?.rawValue),
                        \(bind: flag.mark.reason), \(bind: flag.flaggedBy), \(bind: at), \(bind: flag.updatedBy), \(bind: at), 1)
                ON CONFLICT DO NOTHING RETURNING id
                """).all()
            guard !inserted.isEmpty else { return false }
            try await Self.record(KeyStudentChange(studentNo: flag.studentNo, at: flag.flaggedAt, by: flag.flaggedBy, action: .flagged,
                                                   before: nil, after: flag.mark),
                                  flag: flag.id, ordinal: 1, school: school, db: db)
            return true
        }
    }

    public func change(school: SchoolID, studentNo: String, to mark: KeyStudentMark, by: String, at: Date) async throws -> KeyStudentChange? {
        try await database.write { db in
            // The counter moves first and, on PostgreSQL, locks the row: the mark it returns is the one this change replaces.
            guard let row = try await Self.claim(db, school: school, studentNo: studentNo) else { return nil }
            try await db.raw("""
                UPDATE key_students SET category = \(bind: mark.category?.rawValue), reason = \(bind: mark.reason), updated_by = \(bind: by),
                  updated_at = \(bind: Instant.format(at))
                WHERE school_id = \(bind: school.rawValue) AND id = \(bind: row.id)
                """).run()
            let change = KeyStudentChange(studentNo: studentNo, at: at, by: by, action: .changed, before: row.mark, after: mark)
            try await Self.record(change, flag: row.id, ordinal: row.change_count, school: school, db: db)
            return change
        }
    }

    public func clear(school: SchoolID, studentNo: String, note: String, by: String, at: Date) async throws -> KeyStudentChange? {
        try await database.write { db in
            guard let row = try await Self.claim(db, school: school, studentNo: studentNo) else { return nil }
            try await db.raw("""
                UPDATE key_students SET cleared_by = \(bind: by), cleared_at = \(bind: Instant.format(at)), clear_reason = \(bind: note)
                WHERE school_id = \(bind: school.rawValue) AND id = \(bind: row.id)
                """).run()
            let change = KeyStudentChange(studentNo: studentNo, at: at, by: by, action: .cleared, before: row.mark, after: nil, note: note)
            try await Self.record(change, flag: row.id, ordinal: row.change_count, school: school, db: db)
            return change
        }
    }

    struct Claimed: Decodable {
        var id: String; var change_count: Int; var category: String?; var reason: String
        var mark: KeyStudentMark { KeyStudentMark(category: category.flatMap(KeyStudent.Category.init(rawValue:)), reason: reason) }
    }

    /// Takes the next history place of the student's standing flag; nil when there is none.
    static func claim(_ db: any SQLDatabase, school: SchoolID, studentNo: String) async throws -> Claimed? {
        try await db.raw("""
            UPDATE key_students SET change_count = change_count + 1
            WHERE school_id = \(bind: school.rawValue) AND student_no = \(bind: studentNo) AND cleared_at IS NULL
            RETURNING id, change_count, category, reason
            """).first(decoding: Claimed.self)
    }

    static func record(_ change: KeyStudentChange, flag: String, ordinal: Int, school: SchoolID, db: any SQLDatabase) async throws {
        try await db.insert(into: "key_student_changes")
            .columns("school_id", "flag_id", "ordinal", "student_no", "at", "by_user", "action", "before_category", "before_reason",
                     "after_category", "after_reason", "note")
            .values(SQLBind(school.rawValue), SQLBind(flag), SQLBind(ordinal), SQLBind(change.studentNo), SQLBind(Instant.format(change.at)),
                    SQLBind(change.by), SQLBind(change.action.rawValue), SQLBind(change.before?.category?.rawValue), SQLBind(change.before?.reason),
                    SQLBind(change.after?.category?.rawValue), SQLBind(change.after?.reason), SQLBind(change.note))
            .run()
    }

    public func current(school: SchoolID, studentNo: String, scope: Scope) async throws -> KeyStudent? {
        try await database.read { db in
            try await Self.select(db, school: school, scope: scope)
                .where(SQLColumn("student_no", table: "k"), .equal, SQLBind(studentNo))
                .where(SQLColumn("cleared_at", table: "k"), .is, SQLLiteral.null)
                .first(decoding: Row.self)?.value
        }
    }

    public func keyStudents(school: SchoolID, filter: KeyStudentFilter, scope: Scope, page: PageRequest) async throws -> Page<KeyStudent> {
        try await database.read { db in
            let k = { (name: String) in SQLColumn(name, table: "k") }
            let s = { (name: String) in SQLColumn(name, table: "s") }
            let query = Self.select(db, school: school, scope: scope)
            if let during = filter.flaggedDuring {
                // Standing at some moment of the day: flagged before it ended, not cleared before it began.
                let start = Instant.format(during.start), end = Instant.format(during.end)
                query.where(k("flagged_at"), .lessThan, SQLBind(end))
                    .where { $0.where(k("cleared_at"), .is, SQLLiteral.null).orWhere(k("cleared_at"), .greaterThanOrEqual, SQLBind(start)) }
            } else {
                query.where(k("cleared_at"), .is, SQLLiteral.null)
            }
            if let v = filter.building { query.where(s("building"), .equal, SQLBind(v)) }
            if let v = filter.floor {
                guard let slash = v.lastIndex(of: "/"), let floor = Int(v[v.index(after: slash)...]) else { return Page(items: [], next: nil) }
                query.where(s("building"), .equal, SQLBind(String(v[..<slash]))).where(s("floor"), .equal, SQLBind(floor))
            }
            if let v = filter.college { query.where(s("college"), .equal, SQLBind(v)) }
            if let v = filter.className { query.where(s("class_name"), .equal, SQLBind(v)) }
            // By student number; a student flagged twice in a day shows each period, the cursor is "student_no|id".
            if let after = page.after, let bar = after.firstIndex(of: "|") {
                let number = String(after[..<bar]), id = String(after[after.index(after: bar)...])
                query.where(SQLQueryString("(k.student_no > \(bind: number) OR (k.student_no = \(bind: number) AND k.id > \(bind: id)))"))
            }
            let rows = try await query.orderBy(k("student_no")).orderBy(k("id")).limit(page.limit + 1).all(decoding: Row.self)
            let items = rows.prefix(page.limit)
            let next = rows.count > page.limit ? items.last.map { "\($0.student_no)|\($0.id)" } : nil
            return Page(items: items.map(\.value), next: next)
        }
    }

    public func changes(school: SchoolID, studentNo: String) async throws -> [KeyStudentChange] {
        struct ChangeRow: Decodable {
            var at: String; var by_user: String; var action: String; var before_category: String?; var before_reason: String?
            var after_category: String?; var after_reason: String?; var note: String?
        }
        @Sendable func mark(_ category: String?, _ reason: String?) -> KeyStudentMark? {
            reason.map { KeyStudentMark(category: category.flatMap(KeyStudent.Category.init(rawValue:)), reason: $0) }
        }
        return try await database.read { db in
            try await db.select().columns("at", "by_user", "action", "before_category", "before_reason", "after_category", "after_reason", "note")
                .from("key_student_changes").where("school_id", .equal, school.rawValue).where("student_no", .equal, studentNo)
                .orderBy("at").orderBy("flag_id").orderBy("ordinal")
                .all(decoding: ChangeRow.self).map { r in
                    KeyStudentChange(studentNo: studentNo, at: Instant.parse(r.at) ?? .distantPast, by: r.by_user,
                                     action: KeyStudentChange.Action(rawValue: r.action) ?? .changed, before: mark(r.before_category, r.before_reason),
                                     after: mark(r.after_category, r.after_reason), note: r.note)
                }
        }
    }

    static func select(_ db: any SQLDatabase, school: SchoolID, scope: Scope) -> SQLSelectBuilder {
        db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("k")))
            .columns(SQLColumn("name", table: "s"), SQLColumn("class_name", table: "s"), SQLColumn("college", table: "s"),
                     SQLColumn("building", table: "s"), SQLColumn("floor", table: "s"), SQLColumn("room", table: "s"))
            .from(SQLAlias(SQLIdentifier("key_students"), as: SQLIdentifier("k")))
            .join(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                  on: SQLRaw("s.school_id = k.school_id AND s.student_no = k.student_no"))
            .where(SQLColumn("school_id", table: "k"), .equal, SQLBind(school.rawValue))
            .within(scope, table: "s")
    }

    /// A flag joined with its student's roster details.
    struct Row: Decodable {
        var id: String; var student_no: String; var category: String?; var reason: String; var flagged_by: String; var flagged_at: String
        var updated_by: String; var updated_at: String; var cleared_by: String?; var cleared_at: String?; var clear_reason: String?
        var name: String; var class_name: String; var college: String; var building: String?; var floor: Int?; var room: String?

        var value: KeyStudent {
            KeyStudent(id: id, studentNo: student_no, studentName: name, className: class_name, college: college, building: building, floor: floor,
                       room: room, mark: KeyStudentMark(category: category.flatMap(KeyStudent.Category.init(rawValue:)), reason: reason),
                       flaggedBy: flagged_by, flaggedAt: Instant.parse(flagged_at) ?? .distantPast, updatedBy: updated_by,
                       updatedAt: Instant.parse(updated_at) ?? .distantPast, clearedBy: cleared_by, clearedAt: cleared_at.flatMap(Instant.parse),
                       clearReason: clear_reason)
        }
    }
}
