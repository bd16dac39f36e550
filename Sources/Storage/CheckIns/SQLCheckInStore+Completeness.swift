import CampusKit
import CheckIns
import Foundation
import Roster
import SQLKit

extension SQLCheckInStore {
    /// The unit key of a row at `level`, as SQL over the table aliased `alias` (`students` or `checkin_days`, which
    /// carry the same unit columns): floor `B/F`, room `B/R`, "" when missing.
    static func unitExpression(_ level: UnitKey.Level, _ alias: String) -> SQLRaw {
        let a = alias
        return switch level {
        case .campus: SQLRaw("COALESCE(\(a).campus, '')")
        case .building: SQLRaw("COALESCE(\(a).building, '')")
        case .floor: SQLRaw("COALESCE(\(a).building || '/' || \(a).floor, '')")
        case .room: SQLRaw("COALESCE(\(a).building || '/' || \(a).room, '')")
        case .college: SQLRaw("\(a).college")
        case .class: SQLRaw("\(a).class_name")
        }
    }

    /// Two grouped counts, each answered from an index alone: expected from the active students, reported
    /// (with abnormal and late) from the day's counted check-ins, which carry their students' units and status.
    /// No per-student join, so a day of 7,600 students is counted in about a millisecond.
    public func completeness(school: SchoolID, day: CampusDay, level: UnitKey.Level, scope: Scope) async throws -> [Completeness.Group] {
        try await database.read { db in
            let expected = try await Self.expected(db, school: school, level: level, scope: scope)
            let counted = try await Self.counted(db, school: school, from: day, to: day, key: Self.unitExpression(level, "d"), scope: scope)
            let byUnit = Dictionary(counted.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            return expected.sorted { $0.unit < $1.unit }.map { e in
                let r = byUnit[e.unit]
                return Completeness.Group(key: e.unit, expected: e.expected, reported: r?.reported ?? 0, abnormal: r?.abnormal ?? 0, late: r?.late ?? 0)
            }
        }
    }

    struct Expected: Decodable { var unit: String; var expected: Int }
    struct Counted: Decodable { var key: String; var reported: Int; var abnormal: Int; var late: Int }

    /// The expected of a day at `level` within `scope`: the active students of each unit, as the roster is now.
    /// The one definition every page's head count uses (the dashboard, the daily report, the overview).
    static func expected(_ db: any SQLDatabase, school: SchoolID, level: UnitKey.Level, scope: Scope) async throws -> [Expected] {
        try await db.select()
            .column(unitExpression(level, "s"), as: "unit")
            .column(SQLRaw("COUNT(*)"), as: "expected")
            .from(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")))
            .where(SQLColumn("school_id", table: "s"), .equal, SQLBind(school.rawValue))
            .where(SQLColumn("status", table: "s"), .equal, SQLBind(StudentStatus.active.rawValue))
            .within(scope, table: "s")
            .groupBy(unitExpression(level, "s"))
            .all(decoding: Expected.self)
    }

    /// What was reported from `from` through `to` within `scope`: the counted check-ins of active students (with the
    /// abnormal and late among them), grouped by `key`, an expression over `checkin_days d` (a unit of the day, or
    /// `d.day` for a run of days). The one definition of "reported" every page uses.
    static func counted(_ db: any SQLDatabase, school: SchoolID, from: CampusDay, to: CampusDay, key: any SQLExpression,
                        scope: Scope) async throws -> [Counted] {
        let query = db.select()
            .column(key, as: "key")
            .column(SQLRaw("COUNT(*)"), as: "reported")
            .column(SQLRaw("CAST(SUM(d.abnormal) AS BIGINT)"), as: "abnormal")
            .column(SQLRaw("CAST(SUM(d.late) AS BIGINT)"), as: "late")
            .from(SQLAlias(SQLIdentifier("checkin_days"), as: SQLIdentifier("d")))
            .where(SQLColumn("school_id", table: "d"), .equal, SQLBind(school.rawValue))
        if from == to {
            query.where(SQLColumn("day", table: "d"), .equal, SQLBind(from.description))
        } else {
            query.where(SQLColumn("day", table: "d"), .greaterThanOrEqual, SQLBind(from.description))
                .where(SQLColumn("day", table: "d"), .lessThanOrEqual, SQLBind(to.description))
        }
        return try await query
            .where(SQLColumn("status", table: "d"), .equal, SQLBind(StudentStatus.active.rawValue))
            .within(scope, table: "d")
            .groupBy(key)
            .all(decoding: Counted.self)
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
