import CampusKit
import Foundation
import GateAccess
import Roster
import SQLKit

extension SQLGateStore {
    public func alerts(school: SchoolID, scope: Scope, since: Date, kind: AccessAlert.Kind?, page: PageRequest) async throws -> Page<AccessAlert> {
        struct Row: Decodable { var id: String; var kind: String; var student_no: String; var name: String; var at: String; var detail: String }
        let rows = try await database.read { db in
            var query = db.select()
                .columns(SQLColumn("id", table: "a"), SQLColumn("kind", table: "a"), SQLColumn("student_no", table: "a"), SQLColumn("name", table: "s"),
                         SQLColumn("at", table: "a"), SQLColumn("detail", table: "a"))
                .from(SQLAlias(SQLIdentifier("access_alerts"), as: SQLIdentifier("a")))
                .join(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                      on: SQLRaw("s.school_id = a.school_id AND s.student_no = a.student_no"))
                .where(SQLColumn("school_id", table: "a"), .equal, SQLBind(school.rawValue))
                .where(SQLColumn("at", table: "a"), .greaterThanOrEqual, SQLBind(Instant.format(since)))
                .within(scope, table: "s")
            if let kind { query = query.where(SQLColumn("kind", table: "a"), .equal, SQLBind(kind.rawValue)) }
            if let after = page.after, let bar = after.firstIndex(of: "|") {
                let at = String(after[..<bar]), id = String(after[after.index(after: bar)...])
                query = query.where { $0.where(SQLColumn("at", table: "a"), .lessThan, SQLBind(at))
                    .orWhere { $0.where(SQLColumn("at", table: "a"), .equal, SQLBind(at)).where(SQLColumn("id", table: "a"), .lessThan, SQLBind(id)) } }
            }
            return try await query.orderBy(SQLColumn("at", table: "a"), SQLDirection.descending).orderBy(SQLColumn("id", table: "a"), SQLDirection.descending)
                .limit(page.limit + 1).all(decoding: Row.self)
        }
        let items = rows.prefix(page.limit).compactMap { r -> AccessAlert? in
            guard let kind = AccessAlert.Kind(rawValue: r.kind), let at = Instant.parse(r.at) else { return nil }
            return AccessAlert(id: r.id, kind: kind, studentNo: r.student_no, studentName: r.name, at: at, detail: r.detail)
        }
        let next = rows.count > page.limit ? rows[page.limit - 1] : nil
        return Page(items: items, next: next.map { "\($0.at)|\($0.id)" })
    }

    public func departedLeaves(school: SchoolID) async throws -> [TrackedLeave] {
        struct Row: Decodable { var id: String; var student_no: String; var from_at: String; var to_at: String; var departed_at: String?; var destination: String }
        return try await database.read { db in
            try await db.select().columns("id", "student_no", "from_at", "to_at", "departed_at", "destination").from("leaves")
                .where("school_id", .equal, school.rawValue).where("status", .equal, Leave.Status.approved.rawValue)
                .where("departed_at", .isNot, SQLLiteral.null).where("returned_at", .is, SQLLiteral.null)
                .orderBy("to_at").orderBy("id").all(decoding: Row.self)
        }.compactMap { r in
            guard let from = Instant.parse(r.from_at), let to = Instant.parse(r.to_at) else { return nil }
            return TrackedLeave(id: r.id, studentNo: r.student_no, from: from, to: to, departedAt: r.departed_at.flatMap(Instant.parse),
                                returnedAt: nil, destination: r.destination)
        }
    }

    public func lastOut(school: SchoolID, at now: Date) async throws -> (passages: [String: LastPassages], onLeave: Set<String>) {
        let instant = Instant.format(now)
        struct Row: Decodable { var student_no: String; var gate_at_ms: Int?; var door_building: String?; var door_direction: String?; var door_at_ms: Int?; var inside_at_ms: Int?; var on_leave: Int }
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT p.student_no, p.gate_at_ms, p.door_building, p.door_direction, p.door_at_ms, p.inside_at_ms,
                       CASE WHEN EXISTS (SELECT 1 FROM leaves l WHERE l.school_id = p.school_id AND l.student_no = p.student_no
                                         AND l.status = 'approved' AND l.from_at <= \(bind: instant) AND l.to_at > \(bind: instant)) THEN 1 ELSE 0 END AS on_leave
                FROM presence p
                JOIN students s ON s.school_id = p.school_id AND s.student_no = p.student_no AND s.status = 'active'
                WHERE p.school_id = \(bind: school.rawValue) AND p.gate_direction = 'out'
                """).all(decoding: Row.self)
        }
        var passages: [String: LastPassages] = [:]
        var onLeave = Set<String>()
        for r in rows {
            passages[r.student_no] = LastPassages(gateDirection: .out, gateAt: r.gate_at_ms.map(Millis.date), doorBuilding: r.door_building,
                                                  doorDirection: r.door_direction.flatMap(AccessEvent.Direction.init(rawValue:)),
                                                  doorAt: r.door_at_ms.map(Millis.date), insideAt: r.inside_at_ms.map(Millis.date))
            if r.on_leave == 1 { onLeave.insert(r.student_no) }
        }
        return (passages, onLeave)
    }

    public func raise(_ alerts: [AlertDraft], school: SchoolID) async throws -> [String] {
        guard !alerts.isEmpty else { return [] }
        return try await database.write { db in try await Self.insertAlerts(alerts, school: school, db: db) }
    }
}
