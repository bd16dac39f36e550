import CampusKit
import Foundation
import Quarantine
import SQLKit

/// Sick leaves and their follow-ups on SQLite or PostgreSQL.
public struct SQLSickLeaveStore: SickLeaveStore {
    let database: Database

    public init(database: Database) { self.database = database }

    public func insert(_ leave: SickLeave, school: SchoolID) async throws {
        try await database.write { db in
            try await db.insert(into: "sick_leaves")
                .columns("id", "school_id", "student_no", "symptoms", "onset", "clinic_visited", "from_day", "to_day", "status",
                         "created_by", "created_at")
                .values(SQLBind(leave.id), SQLBind(school.rawValue), SQLBind(leave.studentNo), SQLBind(leave.symptoms),
                        SQLBind(leave.onset.description), SQLBind(leave.clinicVisited ? 1 : 0), SQLBind(leave.from.description),
                        SQLBind(leave.to?.description), SQLBind(leave.status.rawValue), SQLBind(leave.createdBy),
                        SQLBind(Instant.format(leave.createdAt)))
                .run()
        }
    }

    public func sickLeave(school: SchoolID, id: String, scope: Scope) async throws -> SickLeave? {
        try await database.read { db in
            try await Self.select(db, school: school, scope: scope).where(SQLColumn("id", table: "l"), .equal, SQLBind(id))
                .first(decoding: Row.self)?.value
        }
    }

    public func sickLeaves(school: SchoolID, filter: SickLeaveFilter, scope: Scope, page: PageRequest) async throws -> Page<SickLeave> {
        try await database.read { db in
            let l = { (name: String) in SQLColumn(name, table: "l") }
            let query = Self.select(db, school: school, scope: scope)
            if let v = filter.status { query.where(l("status"), .equal, SQLBind(v.rawValue)) }
            if let v = filter.studentNo { query.where(l("student_no"), .equal, SQLBind(v)) }
            let s = { (name: String) in SQLColumn(name, table: "s") }
            if let v = filter.building { query.where(s("building"), .equal, SQLBind(v)) }
            if let v = filter.floor {
                guard let slash = v.lastIndex(of: "/"), let floor = Int(v[v.index(after: slash)...]) else { return Page(items: [], next: nil) }
                query.where(s("building"), .equal, SQLBind(String(v[..<slash]))).where(s("floor"), .equal, SQLBind(floor))
            }
            if let v = filter.college { query.where(s("college"), .equal, SQLBind(v)) }
            if let v = filter.className { query.where(s("class_name"), .equal, SQLBind(v)) }
            if let day = filter.onLeaveOn?.description {
                // On leave at some moment of the day: begun by it, its last day not before it, not closed before it began.
                let start = filter.onLeaveOnStart.map(Instant.format) ?? day
                query.where(SQLQueryString("""
                    l.from_day <= \(bind: day) AND (l.to_day IS NULL OR l.to_day >= \(bind: day)) AND (l.closed_at IS NULL OR l.closed_at >= \(bind: start))
                    """))
            }
            if let day = filter.needsFollowUpOn?.description {
                query.where(SQLQueryString("l.status = 'open' AND (l.last_follow_up_day IS NULL OR l.last_follow_up_day < \(bind: day))"))
            }
            // Newest first; the cursor is "created_at|id" of the last item, so equal instants page correctly.
            if let after = page.after, let bar = after.firstIndex(of: "|") {
                let at = String(after[..<bar]), id = String(after[after.index(after: bar)...])
                query.where(SQLQueryString("(l.created_at < \(bind: at) OR (l.created_at = \(bind: at) AND l.id < \(bind: id)))"))
            }
            let rows = try await query.orderBy(l("created_at"), SQLDirection.descending).orderBy(l("id"), SQLDirection.descending)
                .limit(page.limit + 1).all(decoding: Row.self)
            let items = rows.prefix(page.limit)
            let next = rows.count > page.limit ? items.last.map { "\($0.created_at)|\($0.id)" } : nil
            return Page(items: items.map(\.value), next: next)
        }
    }

    public func followUps(school: SchoolID, sickLeaveId: String) async throws -> [SickLeaveFollowUp] {
        struct FollowUpRow: Decodable { var at: String; var day: String; var note: String; var by_user: String }
        return try await database.read { db in
            try await db.select().columns("at", "day", "note", "by_user").from("sick_leave_follow_ups")
                .where("school_id", .equal, school.rawValue).where("sick_leave_id", .equal, sickLeaveId).orderBy("ordinal")
                .all(decoding: FollowUpRow.self).map { row in
                    let at = Instant.parse(row.at) ?? .distantPast
                    return SickLeaveFollowUp(sickLeaveId: sickLeaveId, note: row.note, by: row.by_user, at: at,
                                             day: CampusDay(row.day) ?? CampusDay(at, in: TimeZone(identifier: "UTC")!))
                }
        }
    }

    public func add(_ followUp: SickLeaveFollowUp, school: SchoolID) async throws -> Bool {
        let day = followUp.day.description
        return try await database.write { db in
            // The counter on the row hands out places and, on PostgreSQL, locks the row: a close and a follow-up
            // arriving together queue here, and a closed leave takes no note.
            guard let ordinal = try await db.raw("""
                UPDATE sick_leaves SET follow_up_count = follow_up_count + 1,
                  last_follow_up_day = CASE WHEN last_follow_up_day IS NULL OR last_follow_up_day < \(bind: day) THEN \(bind: day)
                                            ELSE last_follow_up_day END
                WHERE school_id = \(bind: school.rawValue) AND id = \(bind: followUp.sickLeaveId) AND status = 'open'
                RETURNING follow_up_count
                """).first()?.decode(column: "follow_up_count", as: Int.self) else { return false }
            try await db.insert(into: "sick_leave_follow_ups").columns("school_id", "sick_leave_id", "ordinal", "at", "day", "note", "by_user")
                .values(SQLBind(school.rawValue), SQLBind(followUp.sickLeaveId), SQLBind(ordinal), SQLBind(Instant.format(followUp.at)),
                        SQLBind(day), SQLBind(followUp.note), SQLBind(followUp.by))
                .run()
            return true
        }
    }

    public func close(school: SchoolID, id: String, cause: String, cleared: Bool, by: String, at: Date) async throws -> Bool {
        try await database.write { db in
            try await !db.raw("""
                UPDATE sick_leaves SET status = 'closed', cause = \(bind: cause), cleared = \(bind: cleared ? 1 : 0), closed_by = \(bind: by),
                  closed_at = \(bind: Instant.format(at))
                WHERE school_id = \(bind: school.rawValue) AND id = \(bind: id) AND status = 'open' RETURNING id
                """).all().isEmpty
        }
    }

    static func select(_ db: any SQLDatabase, school: SchoolID, scope: Scope) -> SQLSelectBuilder {
        db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("l"))).column(SQLColumn("name", table: "s"))
            .from(SQLAlias(SQLIdentifier("sick_leaves"), as: SQLIdentifier("l")))
            .join(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                  on: SQLRaw("s.school_id = l.school_id AND s.student_no = l.student_no"))
            .where(SQLColumn("school_id", table: "l"), .equal, SQLBind(school.rawValue))
            .within(scope, table: "s")
    }

    /// A sick leave row joined with its student's name.
    struct Row: Decodable {
        var id: String; var student_no: String; var name: String?; var symptoms: String; var onset: String; var clinic_visited: Int
        var from_day: String; var to_day: String?; var status: String; var created_by: String; var created_at: String
        var last_follow_up_day: String?; var cause: String?; var cleared: Int?; var closed_by: String?; var closed_at: String?

        var value: SickLeave {
            let created = Instant.parse(created_at) ?? .distantPast
            let fallback = CampusDay(created, in: TimeZone(identifier: "UTC")!)
            return SickLeave(id: id, studentNo: student_no, studentName: name ?? "", symptoms: symptoms, onset: CampusDay(onset) ?? fallback,
                             clinicVisited: clinic_visited != 0, from: CampusDay(from_day) ?? fallback, to: to_day.flatMap(CampusDay.init),
                             status: SickLeave.Status(rawValue: status) ?? .open, createdBy: created_by, createdAt: created,
                             lastFollowUpDay: last_follow_up_day.flatMap(CampusDay.init), cause: cause, cleared: cleared.map { $0 != 0 },
                             closedBy: closed_by, closedAt: closed_at.flatMap(Instant.parse))
        }
    }
}
