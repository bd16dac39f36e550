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

    public func raiseOverdueLeaveAlerts(school: SchoolID, at now: Date) async throws -> [String] {
        struct Row: Decodable { var id: String; var student_no: String; var to_at: String; var destination: String }
        return try await database.write { db in
            let overdue = try await db.select().columns("id", "student_no", "to_at", "destination").from("leaves")
                .where("school_id", .equal, school.rawValue).where("status", .equal, Leave.Status.approved.rawValue)
                .where("departed_at", .isNot, SQLLiteral.null).where("returned_at", .is, SQLLiteral.null)
                .where("to_at", .lessThan, Instant.format(now)).all(decoding: Row.self)
            let alerts = overdue.compactMap { r in
                Instant.parse(r.to_at).map { NewAlert(kind: .leaveOverdue, studentNo: r.student_no, at: $0, detail: r.destination, dedupe: "overdue|\(r.id)") }
            }
            return try await Self.insertAlerts(alerts, school: school, db: db).sorted()
        }
    }

    public func raiseCurfewAlerts(school: SchoolID, day: CampusDay, at now: Date) async throws -> [String] {
        let instant = Instant.format(now)
        struct Row: Decodable { var student_no: String; var gate_at_ms: Int }
        return try await database.write { db in
            let away = try await db.raw("""
                SELECT p.student_no, p.gate_at_ms FROM presence p
                JOIN students s ON s.school_id = p.school_id AND s.student_no = p.student_no AND s.status = 'active'
                WHERE p.school_id = \(bind: school.rawValue) AND p.gate_direction = 'out' AND (p.door_at_ms IS NULL OR p.door_at_ms < p.gate_at_ms)
                  AND NOT EXISTS (SELECT 1 FROM leaves l WHERE l.school_id = p.school_id AND l.student_no = p.student_no
                                  AND l.status = 'approved' AND l.from_at <= \(bind: instant) AND l.to_at > \(bind: instant))
                """).all(decoding: Row.self)
            let alerts = away.map { r in
                NewAlert(kind: .curfew, studentNo: r.student_no, at: now, detail: "最后出校 \(Instant.format(Millis.date(r.gate_at_ms)))",
                         dedupe: "curfew|\(day)|\(r.student_no)")
            }
            return try await Self.insertAlerts(alerts, school: school, db: db).sorted()
        }
    }
}
