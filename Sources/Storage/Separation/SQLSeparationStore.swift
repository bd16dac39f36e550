import CampusKit
import Foundation
import Separation
import SQLKit

/// Separation plans on SQLite or PostgreSQL: the problem, its labels and the planner's answer kept as JSON text.
public struct SQLSeparationStore: SeparationStore {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    public func insert(_ plan: SavedPlan, school: SchoolID) async throws {
        let problem = String(decoding: try Self.encoder.encode(plan.problem), as: UTF8.self)
        let labels = String(decoding: try Self.encoder.encode(plan.labels), as: UTF8.self)
        let result = String(decoding: try Self.encoder.encode(plan.result), as: UTF8.self)
        try await database.write { db in
            try await db.raw("""
                INSERT INTO separation_plans (id, school_id, name, problem, labels, result, feasible, objective, demands, created_by, created_at)
                VALUES (\(bind: plan.id), \(bind: school.rawValue), \(bind: plan.problem.name), \(bind: problem), \(bind: labels),
                        \(bind: result), \(bind: plan.result.feasible ? 1 : 0), \(bind: plan.result.objective),
                        \(bind: plan.problem.demands.count), \(bind: plan.createdBy), \(bind: Instant.format(plan.createdAt)))
                """).run()
        }
    }

    struct PlanRow: Decodable {
        var id: String
        var problem: String
        var labels: String
        var result: String
        var published_on: String?
        var created_by: String
        var created_at: String
    }

    public func plan(school: SchoolID, id: String) async throws -> SavedPlan? {
        let row = try await database.read { db in
            try await db.raw("""
                SELECT id, problem, labels, result, published_on, created_by, created_at FROM separation_plans
                WHERE school_id = \(bind: school.rawValue) AND id = \(bind: id)
                """).first(decoding: PlanRow.self)
        }
        return try row.map(Self.decode)
    }

    public func published(school: SchoolID, on day: CampusDay) async throws -> SavedPlan? {
        let row = try await database.read { db in
            try await db.raw("""
                SELECT id, problem, labels, result, published_on, created_by, created_at FROM separation_plans
                WHERE school_id = \(bind: school.rawValue) AND published_on = \(bind: day.description)
                """).first(decoding: PlanRow.self)
        }
        return try row.map(Self.decode)
    }

    static func decode(_ row: PlanRow) throws -> SavedPlan {
        let decoder = JSONDecoder()
        return SavedPlan(id: row.id, problem: try decoder.decode(SeparationProblem.self, from: Data(row.problem.utf8)),
                         labels: try decoder.decode([String: String].self, from: Data(row.labels.utf8)),
                         result: try decoder.decode(SeparationPlan.self, from: Data(row.result.utf8)),
                         publishedOn: row.published_on.flatMap(CampusDay.init), createdBy: row.created_by,
                         createdAt: Instant.parse(row.created_at) ?? Date(timeIntervalSince1970: 0))
    }

    public func plans(school: SchoolID, limit: Int) async throws -> [PlanSummary] {
        struct Row: Decodable {
            var id: String; var name: String; var feasible: Int; var objective: Int; var demands: Int
            var published_on: String?; var created_by: String; var created_at: String
        }
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT id, name, feasible, objective, demands, published_on, created_by, created_at FROM separation_plans
                WHERE school_id = \(bind: school.rawValue) ORDER BY created_at DESC, id LIMIT \(bind: max(1, limit))
                """).all(decoding: Row.self)
        }
        return rows.map { r in
            PlanSummary(id: r.id, name: r.name, feasible: r.feasible != 0, objective: r.objective, demands: r.demands,
                        publishedOn: r.published_on.flatMap(CampusDay.init), createdBy: r.created_by,
                        createdAt: Instant.parse(r.created_at) ?? Date(timeIntervalSince1970: 0))
        }
    }

    public func publish(school: SchoolID, id: String, on day: CampusDay, by: String, at: Date) async throws -> Bool {
        try await database.write { db in
            try await db.raw("""
                UPDATE separation_plans SET published_on = NULL, published_by = NULL, published_at = NULL
                WHERE school_id = \(bind: school.rawValue) AND published_on = \(bind: day.description) AND id <> \(bind: id)
                """).run()
            let updated = try await db.raw("""
                UPDATE separation_plans SET published_on = \(bind: day.description), published_by = \(bind: by), published_at = \(bind: Instant.format(at))
                WHERE school_id = \(bind: school.rawValue) AND id = \(bind: id) RETURNING id
                """).all()
            return !updated.isEmpty
        }
    }
}

/// Events at facilities, read from the access events (C6) by the place of their point.
public struct SQLFacilitySightings: FacilitySightings {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func sightings(school: SchoolID, places: [String], from: Date, to: Date) async throws -> [Sighting] {
        guard !places.isEmpty else { return [] }
        struct Row: Decodable { var student_no: String; var place: String; var at_ms: Int64 }
        let fromMs = Int64((from.timeIntervalSince1970 * 1000).rounded()), toMs = Int64((to.timeIntervalSince1970 * 1000).rounded())
        let rows = try await database.read { db in
            try await db.select().columns("student_no", "place", "at_ms").from("access_events")
                .where("school_id", .equal, school.rawValue)
                .where("at_ms", .greaterThanOrEqual, fromMs).where("at_ms", .lessThan, toMs)
                .where("place", .in, SQLBind.group(places))
                .orderBy("at_ms").orderBy("event_id")
                .all(decoding: Row.self)
        }
        return rows.map { Sighting(studentNo: $0.student_no, place: $0.place, at: Date(timeIntervalSince1970: Double($0.at_ms) / 1000)) }
    }
}
