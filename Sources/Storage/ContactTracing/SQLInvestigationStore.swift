import CampusKit
import ContactTracing
import Foundation
import Roster
import SQLKit

/// Saved investigations (the request and the contacts found, as JSON) and their follow-up marks.
public struct SQLInvestigationStore: InvestigationStore {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .millisecondsSince1970
        e.outputFormatting = .sortedKeys
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .millisecondsSince1970
        return d
    }()

    public func save(_ investigation: Investigation, school: SchoolID) async throws {
        let request = String(decoding: try Self.encoder.encode(investigation.request), as: UTF8.self)
        let contacts = ContactsJSON.encode(investigation.contacts)
        let d1 = investigation.contacts.count { $0.degree == 1 }
        try await database.write { db in
            try await db.insert(into: "investigations")
                .columns("id", "school_id", "index_student_no", "from_at", "to_at", "request", "contacts", "degree1", "degree2",
                         "elapsed_us", "created_by", "created_at")
                .values(SQLBind(investigation.id), SQLBind(school.rawValue), SQLBind(investigation.request.indexStudentNo),
                        SQLBind(Instant.format(investigation.request.from)), SQLBind(Instant.format(investigation.request.to)),
                        SQLBind(request), SQLBind(contacts), SQLBind(d1), SQLBind(investigation.contacts.count - d1),
                        SQLBind(Int(investigation.elapsedMilliseconds * 1000)), SQLBind(investigation.createdBy),
                        SQLBind(Instant.format(investigation.createdAt)))
                .run()
        }
    }

    /// Investigations in the reader's scope with the index student's name; `columns` of `investigations` (all of them
    /// by default: the list asks for the summary's only, since each saved answer's contacts run to megabytes).
    private func query(_ db: any SQLDatabase, school: SchoolID, scope: Scope, columns: [String]? = nil) -> SQLSelectBuilder {
        let chosen: [any SQLExpression] = columns.map { $0.map { SQLColumn($0, table: "i") } } ?? [SQLColumn(SQLLiteral.all, table: SQLIdentifier("i"))]
        return db.select().columns(chosen).column(SQLColumn("name", table: "s"), as: "index_name")
            .from(SQLAlias(SQLIdentifier("investigations"), as: SQLIdentifier("i")))
            .join(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                  on: SQLRaw("s.school_id = i.school_id AND s.student_no = i.index_student_no"))
            .where(SQLColumn("school_id", table: "i"), .equal, SQLBind(school.rawValue))
            .within(scope, table: "s")
    }

    struct Row: Decodable {
        var id: String; var index_student_no: String; var index_name: String; var from_at: String; var to_at: String
        var request: String; var contacts: String; var degree1: Int; var degree2: Int; var elapsed_us: Int
        var created_by: String; var created_at: String
    }

    public func investigation(school: SchoolID, id: String, scope: Scope) async throws -> Investigation? {
        let found = try await database.read { db -> (Row, [String])? in
            guard let row = try await query(db, school: school, scope: scope).where(SQLColumn("id", table: "i"), .equal, SQLBind(id))
                .first(decoding: Row.self) else { return nil }
            let marks = try await db.select().column("student_no").from("investigation_followups")
                .where("investigation_id", .equal, id).all().map { try $0.decode(column: "student_no", as: String.self) }
            return (row, marks)
        }
        guard let found else { return nil }
        let (row, marks) = found
        let request = try Self.decoder.decode(InvestigationRequest.self, from: Data(row.request.utf8))
        let contacts = try Self.decoder.decode([Contact].self, from: Data(row.contacts.utf8))
        return Investigation(id: row.id, request: request, contacts: contacts, createdBy: row.created_by,
                             createdAt: Instant.parse(row.created_at) ?? Date(timeIntervalSince1970: 0),
                             elapsedMilliseconds: Double(row.elapsed_us) / 1000, followUps: Set(marks), indexName: row.index_name)
    }

    public func investigations(school: SchoolID, scope: Scope, limit: Int) async throws -> [InvestigationSummary] {
        struct Line: Decodable {
            var id: String; var index_student_no: String; var index_name: String; var from_at: String; var to_at: String
            var degree1: Int; var degree2: Int; var created_by: String; var created_at: String
        }
        let rows = try await database.read { db in
            try await query(db, school: school, scope: scope,
                            columns: ["id", "index_student_no", "from_at", "to_at", "degree1", "degree2", "created_by", "created_at"])
                .orderBy(SQLColumn("created_at", table: "i"), SQLDirection.descending)
                .limit(limit).all(decoding: Line.self)
        }
        return rows.compactMap { r in
            guard let from = Instant.parse(r.from_at), let to = Instant.parse(r.to_at), let at = Instant.parse(r.created_at) else { return nil }
            return InvestigationSummary(id: r.id, indexStudentNo: r.index_student_no, indexName: r.index_name, from: from, to: to,
                                        degree1: r.degree1, degree2: r.degree2, createdBy: r.created_by, createdAt: at)
        }
    }

    public func setFollowUp(school: SchoolID, id: String, studentNos: [String], marked: Bool, by: String, at: Date) async throws {
        try await database.write { db in
            if marked {
                for chunk in studentNos.chunked(500) {
                    let insert = db.insert(into: "investigation_followups").columns("school_id", "investigation_id", "student_no", "marked_by", "marked_at")
                    for s in chunk { _ = insert.values(SQLBind(school.rawValue), SQLBind(id), SQLBind(s), SQLBind(by), SQLBind(Instant.format(at))) }
                    try await insert.ignoringConflicts(with: ["investigation_id", "student_no"]).run()
                }
            } else {
                for chunk in studentNos.chunked(500) {
                    try await db.delete(from: "investigation_followups").where("school_id", .equal, school.rawValue)
                        .where("investigation_id", .equal, id).where("student_no", .in, SQLBind.group(Array(chunk))).run()
                }
            }
        }
    }
}
