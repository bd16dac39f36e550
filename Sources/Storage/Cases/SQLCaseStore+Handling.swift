import CampusKit
import Cases
import Foundation
import SQLKit

/// The handling of a case: its steps, the first response, escalation, and the school's response time.
extension SQLCaseStore {
    static func markResponded(_ db: any SQLDatabase, school: SchoolID, id: String, at: String) async throws {
        try await db.raw("""
            UPDATE cases SET responded_at = \(bind: at)
            WHERE school_id = \(bind: school.rawValue) AND id = \(bind: id) AND responded_at IS NULL
            """).run()
    }

    public func advance(school: SchoolID, id: String, from: Case.Stage, to: Case.Stage, note: String, by: String, at: Date) async throws -> Case? {
        try await database.write { db in
            let now = Instant.format(at)
            // Compare-and-set on the stage: of two members of staff moving one case at once, the second finds it moved.
            let moved = try await db.raw("""
                UPDATE cases SET stage = \(bind: to.rawValue), responded_at = COALESCE(responded_at, \(bind: now))
                WHERE school_id = \(bind: school.rawValue) AND id = \(bind: id) AND status = 'open' AND stage = \(bind: from.rawValue)
                RETURNING id
                """).all()
            guard !moved.isEmpty else { return nil }
            try await Self.appendEvent(db, school: school, caseID: id, kind: to.event, detail: note, by: by, at: now)
            return try await Self.find(db, school: school, id: id)
        }
    }

    public func overdue(school: SchoolID, at: Date, belowLevel: Int, limit: Int) async throws -> [Case] {
        try await database.read { db in
            try await db.raw("""
                SELECT c.*, s.name FROM cases c LEFT JOIN students s ON s.school_id = c.school_id AND s.student_no = c.student_no
                WHERE c.school_id = \(bind: school.rawValue) AND c.status = 'open' AND c.responded_at IS NULL
                  AND c.respond_by IS NOT NULL AND c.respond_by <= \(bind: Instant.format(at)) AND c.escalation_level < \(bind: belowLevel)
                ORDER BY c.respond_by, c.id LIMIT \(bind: limit)
                """).all(decoding: Row.self).map(\.value)
        }
    }

    public func escalate(school: SchoolID, id: String, fromLevel: Int, toLevel: Int, respondBy: Date?, told: String, at: Date) async throws -> Bool {
        try await database.write { db in
            let now = Instant.format(at)
            let moved = try await db.raw("""
                UPDATE cases SET escalation_level = \(bind: toLevel), respond_by = COALESCE(\(bind: respondBy.map(Instant.format)), respond_by)
                WHERE school_id = \(bind: school.rawValue) AND id = \(bind: id) AND status = 'open' AND responded_at IS NULL
                  AND escalation_level = \(bind: fromLevel)
                RETURNING id
                """).all()
            guard !moved.isEmpty else { return false }
            try await Self.appendEvent(db, school: school, caseID: id, kind: .escalated, detail: told, by: "system", at: now)
            return true
        }
    }

    public func policy(school: SchoolID) async throws -> CasePolicy {
        try await database.read { db in
            guard let row = try await db.select().column("response_minutes").from("case_policies").where("school_id", .equal, school.rawValue)
                .first() else { return .standard }
            return CasePolicy(responseMinutes: try row.decode(column: "response_minutes", as: Int.self))
        }
    }

    public func setPolicy(_ policy: CasePolicy, school: SchoolID, by: String, at: Date) async throws {
        try await database.write { db in
            try await db.raw("""
                INSERT INTO case_policies (school_id, response_minutes, updated_by, updated_at)
                VALUES (\(bind: school.rawValue), \(bind: policy.responseMinutes), \(bind: by), \(bind: Instant.format(at)))
                ON CONFLICT (school_id) DO UPDATE SET response_minutes = EXCLUDED.response_minutes, updated_by = EXCLUDED.updated_by,
                    updated_at = EXCLUDED.updated_at
                """).run()
        }
    }
}
