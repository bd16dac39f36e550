import CampusKit
import Cases
import Foundation
import Roster
import SQLKit

/// Cases and their timelines on SQLite or PostgreSQL.
public struct SQLCaseStore: CaseStore {
    let database: Database

    public init(database: Database) { self.database = database }

    struct Row: Decodable {
        var id: String; var student_no: String; var name: String?; var source: String; var status: String; var summary: String
        var opened_at: String; var closed_at: String?; var outcome: String?
        var stage: String; var respond_by: String?; var responded_at: String?; var escalation_level: Int
        var value: Case {
            Case(id: id, studentNo: student_no, studentName: name ?? "", source: Case.Source(rawValue: source) ?? .manual,
                 status: Case.Status(rawValue: status) ?? .open, openedAt: Instant.parse(opened_at) ?? .distantPast, summary: summary,
                 closedAt: closed_at.flatMap(Instant.parse), outcome: outcome, stage: Case.Stage(rawValue: stage),
                 respondBy: respond_by.flatMap(Instant.parse), respondedAt: responded_at.flatMap(Instant.parse), escalationLevel: escalation_level)
        }
    }

    public func openCase(school: SchoolID, studentNo: String, source: Case.Source, summary: String, by: String,
                         at: Date, respondBy: Date?, respondedAt: Date?) async throws -> (id: String, opened: Bool) {
        // The partial unique index `cases_one_open` decides between two concurrent openers; the loser finds the winner's case.
        try await database.write { db in
            let id = UUID().uuidString.lowercased()
            let inserted = try await db.raw("""
                INSERT INTO cases (id, school_id, student_no, source, status, summary, opened_at, opened_by, respond_by, responded_at)
                VALUES (\(bind: id), \(bind: school.rawValue), \(bind: studentNo), \(bind: source.rawValue), 'open', \(bind: summary),
                        \(bind: Instant.format(at)), \(bind: by), \(bind: respondBy.map(Instant.format)), \(bind: respondedAt.map(Instant.format)))
                ON CONFLICT DO NOTHING RETURNING id
                """).all()
            if !inserted.isEmpty { return (id, true) }
            guard let existing = try await Self.openCaseId(db, school: school, studentNo: studentNo, source: source) else {
                throw DomainError.caseChanging
            }
            return (existing, false)
        }
    }

    public func append(school: SchoolID, caseId: String, kind: CaseEvent.Kind, detail: String, by: String, at: Date) async throws {
        try await database.write { db in
            try await Self.appendEvent(db, school: school, caseID: caseId, kind: kind, detail: detail, by: by, at: Instant.format(at))
        }
    }

    public func openCaseId(school: SchoolID, studentNo: String, source: Case.Source) async throws -> String? {
        try await database.read { db in try await Self.openCaseId(db, school: school, studentNo: studentNo, source: source) }
    }

    static func openCaseId(_ db: any SQLDatabase, school: SchoolID, studentNo: String, source: Case.Source) async throws -> String? {
        try await db.select().column("id").from("cases").where("school_id", .equal, school.rawValue)
            .where("student_no", .equal, studentNo).where("source", .equal, source.rawValue).where("status", .equal, "open")
            .first()?.decode(column: "id", as: String.self)
    }

    public func find(school: SchoolID, id: String) async throws -> Case? {
        try await database.read { db in try await Self.find(db, school: school, id: id) }
    }

    static func find(_ db: any SQLDatabase, school: SchoolID, id: String) async throws -> Case? {
        try await db.raw("""
            SELECT c.*, s.name FROM cases c LEFT JOIN students s ON s.school_id = c.school_id AND s.student_no = c.student_no
            WHERE c.school_id = \(bind: school.rawValue) AND c.id = \(bind: id)
            """).first(decoding: Row.self)?.value
    }

    static func appendEvent(_ db: any SQLDatabase, school: SchoolID, caseID: String, kind: CaseEvent.Kind, detail: String, by: String,
                            at: String) async throws {
        // The counter on the case row hands out places: on PostgreSQL the UPDATE locks the row, so concurrent
        // additions to one case queue there and each gets its own place on the timeline.
        guard let ordinal = try await db.raw("""
            UPDATE cases SET event_count = event_count + 1 WHERE school_id = \(bind: school.rawValue) AND id = \(bind: caseID) RETURNING event_count
            """).first()?.decode(column: "event_count", as: Int.self) else {
            throw DomainError.noSuchCase
        }
        try await db.insert(into: "case_events").columns("school_id", "case_id", "ordinal", "at", "kind", "detail", "by_user")
            .values(SQLBind(school.rawValue), SQLBind(caseID), SQLBind(ordinal), SQLBind(at), SQLBind(kind.rawValue), SQLBind(detail), SQLBind(by))
            .run()
    }

    private func listQuery(_ db: any SQLDatabase, school: SchoolID, scope: Scope) -> SQLSelectBuilder {
        db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("c"))).column(SQLColumn("name", table: "s"))
            .from(SQLAlias(SQLIdentifier("cases"), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                  on: SQLRaw("s.school_id = c.school_id AND s.student_no = c.student_no"))
            .where(SQLColumn("school_id", table: "c"), .equal, SQLBind(school.rawValue))
            .within(scope, table: "s")
    }

    public func cases(school: SchoolID, filter: CaseFilter, scope: Scope, page: PageRequest) async throws -> Page<Case> {
        try await database.read { db in
            let c = { (name: String) in SQLColumn(name, table: "c") }
            let query = listQuery(db, school: school, scope: scope)
            if let v = filter.studentNo { query.where(c("student_no"), .equal, SQLBind(v)) }
            if let v = filter.status { query.where(c("status"), .equal, SQLBind(v.rawValue)) }
            if let v = filter.source { query.where(c("source"), .equal, SQLBind(v.rawValue)) }
            if let v = filter.stage { query.where(c("stage"), .equal, SQLBind(v.rawValue)) }
            // Newest first; the cursor is "opened_at|id" of the last item, so equal instants page correctly.
            if let after = page.after, let bar = after.firstIndex(of: "|") {
                let at = String(after[..<bar]), id = String(after[after.index(after: bar)...])
                query.where(SQLQueryString("(c.opened_at < \(bind: at) OR (c.opened_at = \(bind: at) AND c.id < \(bind: id)))"))
            }
            let rows = try await query.orderBy(c("opened_at"), SQLDirection.descending).orderBy(c("id"), SQLDirection.descending)
                .limit(page.limit + 1).all(decoding: Row.self)
            let items = rows.prefix(page.limit)
            let next = rows.count > page.limit ? items.last.map { "\($0.opened_at)|\($0.id)" } : nil
            return Page(items: items.map(\.value), next: next)
        }
    }

    public func detail(school: SchoolID, id: String, scope: Scope) async throws -> (case: Case, timeline: [CaseEvent])? {
        struct EventRow: Decodable { var at: String; var kind: String; var detail: String; var by_user: String }
        return try await database.read { db in
            guard let row = try await listQuery(db, school: school, scope: scope).where(SQLColumn("id", table: "c"), .equal, SQLBind(id))
                .first(decoding: Row.self) else { return nil }
            let events = try await db.select().columns("at", "kind", "detail", "by_user").from("case_events")
                .where("school_id", .equal, school.rawValue).where("case_id", .equal, id).orderBy("ordinal")
                .all(decoding: EventRow.self)
                .map { CaseEvent(at: Instant.parse($0.at) ?? .distantPast, kind: CaseEvent.Kind(rawValue: $0.kind) ?? .note,
                                 detail: $0.detail, by: $0.by_user) }
            return (row.value, events)
        }
    }

    public func close(school: SchoolID, id: String, outcome: String, by: String, at: Date) async throws -> Case? {
        try await database.write { db in
            let now = Instant.format(at)
            let closed = try await db.raw("""
                UPDATE cases SET status = 'closed', stage = 'closed', closed_at = \(bind: now), closed_by = \(bind: by), outcome = \(bind: outcome),
                       responded_at = COALESCE(responded_at, \(bind: now))
                WHERE school_id = \(bind: school.rawValue) AND id = \(bind: id) AND status = 'open' RETURNING id
                """).all()
            guard !closed.isEmpty else { return nil }
            try await Self.appendEvent(db, school: school, caseID: id, kind: .closed, detail: outcome, by: by, at: now)
            return try await Self.find(db, school: school, id: id)
        }
    }

    public func addNote(school: SchoolID, id: String, note: String, by: String, at: Date) async throws {
        try await database.write { db in
            let now = Instant.format(at)
            try await Self.appendEvent(db, school: school, caseID: id, kind: .note, detail: note, by: by, at: now)
            try await Self.markResponded(db, school: school, id: id, at: now)
        }
    }

    public func openCount(school: SchoolID, scope: Scope) async throws -> Int {
        try await database.read { db in
            try await Self.openCases(db, school: school, scope: scope).column(SQLRaw("COUNT(*)"), as: "n")
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// The cases open now of the students within `scope` (joined as `students s`), to count as a whole or grouped by
    /// a unit: the one definition of "open cases" the dashboard, the daily report and the overview use.
    static func openCases(_ db: any SQLDatabase, school: SchoolID, scope: Scope) -> SQLSelectBuilder {
        db.select()
            .from(SQLAlias(SQLIdentifier("cases"), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                  on: SQLRaw("s.school_id = c.school_id AND s.student_no = c.student_no"))
            .where(SQLColumn("school_id", table: "c"), .equal, SQLBind(school.rawValue))
            .where(SQLColumn("status", table: "c"), .equal, SQLBind("open"))
            .within(scope, table: "s")
    }
}
