import CampusKit
import CheckIns
import Foundation
import Roster
import SQLKit

extension SQLCheckInStore {
    /// The unit key of a student at `level`, as SQL over `students s` (floor `B/F`, room `B/R`, "" when missing).
    static func unitExpression(_ level: UnitKey.Level) -> SQLRaw {
        switch level {
        case .campus: SQLRaw("COALESCE(s.campus, '')")
        case .building: SQLRaw("COALESCE(s.building, '')")
        case .floor: SQLRaw("COALESCE(s.building || '/' || s.floor, '')")
        case .room: SQLRaw("COALESCE(s.building || '/' || s.room, '')")
        case .college: SQLRaw("s.college")
        case .class: SQLRaw("s.class_name")
        }
    }

    /// Active students joined with the day's counted check-ins: both engines plan it as one pass over the
    /// students of the school and an index lookup (or hash join) on `checkin_days`'s key for the day.
    public func completeness(school: SchoolID, day: CampusDay, level: UnitKey.Level, scope: Scope) async throws -> [Completeness.Group] {
        struct Row: Decodable { var unit: String; var expected: Int; var reported: Int; var abnormal: Int; var late: Int }
        return try await database.read { db in
            try await db.select()
                .column(Self.unitExpression(level), as: "unit")
                .column(SQLRaw("COUNT(*)"), as: "expected")
                .column(SQLRaw("COUNT(d.student_no)"), as: "reported")
                .column(SQLRaw("CAST(COALESCE(SUM(d.abnormal), 0) AS BIGINT)"), as: "abnormal")
                .column(SQLRaw("CAST(COALESCE(SUM(d.late), 0) AS BIGINT)"), as: "late")
                .from(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")))
                .join(SQLAlias(SQLIdentifier("checkin_days"), as: SQLIdentifier("d")), method: SQLJoinMethod.left,
                      on: SQLQueryString("d.school_id = s.school_id AND d.student_no = s.student_no AND d.day = \(bind: day.description)"))
                .where(SQLColumn("school_id", table: "s"), .equal, SQLBind(school.rawValue))
                .where(SQLColumn("status", table: "s"), .equal, SQLBind(StudentStatus.active.rawValue))
                .within(scope, table: "s")
                .groupBy(Self.unitExpression(level))
                .orderBy(Self.unitExpression(level))
                .all(decoding: Row.self)
                .map { Completeness.Group(key: $0.unit, expected: $0.expected, reported: $0.reported, abnormal: $0.abnormal, late: $0.late) }
        }
    }

    public func missing(school: SchoolID, day: CampusDay, filter: StudentFilter, scope: Scope, page: PageRequest) async throws -> Page<MissingStudent> {
        struct Row: Decodable {
            var student_no: String; var name: String; var class_name: String; var building: String?; var floor: Int?; var room: String?
            var grid_role: String?; var counsellor_no: String?
        }
        return try await database.read { db in
            let s = { (name: String) in SQLColumn(name, table: "s") }
            let query = db.select().columns(s("student_no"), s("name"), s("class_name"), s("building"), s("floor"), s("room"), s("grid_role"), s("counsellor_no"))
                .from(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")))
                .join(SQLAlias(SQLIdentifier("checkin_days"), as: SQLIdentifier("d")), method: SQLJoinMethod.left,
                      on: SQLQueryString("d.school_id = s.school_id AND d.student_no = s.student_no AND d.day = \(bind: day.description)"))
                .where(s("school_id"), .equal, SQLBind(school.rawValue))
                .where(s("status"), .equal, SQLBind(StudentStatus.active.rawValue))
                .where(SQLColumn("student_no", table: "d"), .is, SQLLiteral.null)
                .within(scope, table: "s")
            if let v = filter.building { query.where(s("building"), .equal, SQLBind(v)) }
            if filter.floor != nil {
                guard let p = filter.floorParts else { return Page(items: [], next: nil) }
                query.where(s("building"), .equal, SQLBind(p.building)).where(s("floor"), .equal, SQLBind(p.floor))
            }
            if filter.room != nil {
                guard let p = filter.roomParts else { return Page(items: [], next: nil) }
                query.where(s("building"), .equal, SQLBind(p.building)).where(s("room"), .equal, SQLBind(p.room))
            }
            if let v = filter.college { query.where(s("college"), .equal, SQLBind(v)) }
            if let v = filter.className { query.where(s("class_name"), .equal, SQLBind(v)) }
            if let after = page.after { query.where(s("student_no"), .greaterThan, SQLBind(after)) }
            let rows = try await query.orderBy(s("student_no")).limit(page.limit + 1).all(decoding: Row.self)
            let items = rows.prefix(page.limit).map {
                MissingStudent(studentNo: $0.student_no, name: $0.name, className: $0.class_name, building: $0.building,
                               floor: $0.floor, room: $0.room, gridRole: $0.grid_role, counsellor: $0.counsellor_no)
            }
            return Page(items: Array(items), next: rows.count > page.limit ? items.last?.studentNo : nil)
        }
    }
}
