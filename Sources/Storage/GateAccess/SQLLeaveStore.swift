import CampusKit
import Foundation
import GateAccess
import Roster
import SQLKit

/// Leave requests on SQLite or PostgreSQL.
public struct SQLLeaveStore: LeaveStore {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    struct Row: Codable {
        var id: String; var school_id: String; var student_no: String; var from_at: String; var to_at: String
        var reason: String; var destination: String; var status: String; var needs_second: Int
        var first_approved_by: String?; var decided_by: String?; var decided_at: String?; var note: String?
        var requested_at: String; var requested_by: String; var departed_at: String?; var returned_at: String?

        static let columns = ["id", "school_id", "student_no", "from_at", "to_at", "reason", "destination", "status", "needs_second",
                              "first_approved_by", "decided_by", "decided_at", "note", "requested_at", "requested_by", "departed_at", "returned_at"]

        init(_ l: Leave, school: SchoolID) {
            (id, school_id, student_no, from_at, to_at) = (l.id, school.rawValue, l.studentNo, Instant.format(l.from), Instant.format(l.to))
            (reason, destination, status, needs_second) = (l.reason, l.destination, l.status.rawValue, l.needsSecondApproval ? 1 : 0)
            (first_approved_by, decided_by, decided_at, note) = (l.firstApprovedBy, l.decidedBy, l.decidedAt.map(Instant.format), l.note)
            (requested_at, requested_by) = (Instant.format(l.requestedAt), l.requestedBy)
            (departed_at, returned_at) = (l.departedAt.map(Instant.format), l.returnedAt.map(Instant.format))
        }

        var values: [any Encodable & Sendable] {
            [id, school_id, student_no, from_at, to_at, reason, destination, status, needs_second, first_approved_by, decided_by,
             decided_at, note, requested_at, requested_by, departed_at, returned_at]
        }
    }

    struct Named: Decodable {
        var row: Row
        var name: String
        init(from decoder: any Decoder) throws {
            row = try Row(from: decoder)
            struct N: Decodable { var student_name: String }
            name = try N(from: decoder).student_name
        }

        var leave: Leave? {
            guard let status = Leave.Status(rawValue: row.status), let from = Instant.parse(row.from_at), let to = Instant.parse(row.to_at),
                  let requested = Instant.parse(row.requested_at) else { return nil }
            return Leave(id: row.id, studentNo: row.student_no, studentName: name, from: from, to: to, reason: row.reason,
                         destination: row.destination, status: status, needsSecondApproval: row.needs_second != 0,
                         firstApprovedBy: row.first_approved_by, decidedBy: row.decided_by, decidedAt: row.decided_at.flatMap(Instant.parse),
                         note: row.note, requestedAt: requested, requestedBy: row.requested_by,
                         departedAt: row.departed_at.flatMap(Instant.parse), returnedAt: row.returned_at.flatMap(Instant.parse))
        }
    }

    public func insert(_ leave: Leave, school: SchoolID) async throws {
        let row = Row(leave, school: school)
        try await database.write { db in
            try await db.insert(into: "leaves").columns(Row.columns).values(row.values.map { SQLBind($0) }).run()
        }
    }

    private func query(_ db: any SQLDatabase, school: SchoolID, scope: Scope) -> SQLSelectBuilder {
        db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("l"))).column(SQLColumn("name", table: "s"), as: "student_name")
            .from(SQLAlias(SQLIdentifier("leaves"), as: SQLIdentifier("l")))
            .join(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                  on: SQLRaw("s.school_id = l.school_id AND s.student_no = l.student_no"))
            .where(SQLColumn("school_id", table: "l"), .equal, SQLBind(school.rawValue))
            .within(scope, table: "s")
    }

    public func leave(school: SchoolID, id: String, scope: Scope) async throws -> Leave? {
        try await database.read { db in
            try await query(db, school: school, scope: scope).where(SQLColumn("id", table: "l"), .equal, SQLBind(id))
                .first(decoding: Named.self)?.leave
        }
    }

    public func leaves(school: SchoolID, filter: LeaveFilter, scope: Scope, page: PageRequest) async throws -> Page<Leave> {
        let rows = try await database.read { db in
            var q = query(db, school: school, scope: scope)
            if let status = filter.status { q = q.where(SQLColumn("status", table: "l"), .equal, SQLBind(status.rawValue)) }
            if let student = filter.studentNo { q = q.where(SQLColumn("student_no", table: "l"), .equal, SQLBind(student)) }
            if let after = page.after, let bar = after.firstIndex(of: "|") {
                let at = String(after[..<bar]), id = String(after[after.index(after: bar)...])
                q = q.where { $0.where(SQLColumn("requested_at", table: "l"), .lessThan, SQLBind(at))
                    .orWhere { $0.where(SQLColumn("requested_at", table: "l"), .equal, SQLBind(at)).where(SQLColumn("id", table: "l"), .lessThan, SQLBind(id)) } }
            }
            return try await q.orderBy(SQLColumn("requested_at", table: "l"), SQLDirection.descending).orderBy(SQLColumn("id", table: "l"), SQLDirection.descending)
                .limit(page.limit + 1).all(decoding: Named.self)
        }
        let next = rows.count > page.limit ? rows[page.limit - 1].row : nil
        return Page(items: rows.prefix(page.limit).compactMap(\.leave), next: next.map { "\($0.requested_at)|\($0.id)" })
    }

    public func update(_ leave: Leave, expecting status: Leave.Status, firstApprovedBy: String?, school: SchoolID) async throws -> Bool {
        let row = Row(leave, school: school)
        return try await database.write { db in
            var q = db.update("leaves").set("status", to: row.status).set("first_approved_by", to: row.first_approved_by)
                .set("decided_by", to: row.decided_by).set("decided_at", to: row.decided_at).set("note", to: row.note)
                .where("school_id", .equal, school.rawValue).where("id", .equal, leave.id).where("status", .equal, status.rawValue)
            q = firstApprovedBy.map { q.where("first_approved_by", .equal, $0) } ?? q.where("first_approved_by", .is, SQLLiteral.null)
            return try await q.returning("id").all().isEmpty == false
        }
    }
}
