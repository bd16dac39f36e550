import CampusKit
import Foundation
import Quarantine
import SQLKit

/// Quarantine sites, placements, protocols and health records on SQLite or PostgreSQL.
public struct SQLQuarantineStore: QuarantineStore {
    let database: Database
    /// The school's time zone: a placement's first day and the day it ended are days there.
    let timeZone: TimeZone

    public init(database: Database, timeZone: TimeZone) {
        self.database = database
        self.timeZone = timeZone
    }

    // MARK: Sites

    public func create(_ site: QuarantineSite, school: SchoolID, by: String, at: Date) async throws -> Bool {
        try await database.write { db in
            let inserted = try await db.raw("""
                INSERT INTO quarantine_sites (school_id, code, name, created_by, created_at)
                VALUES (\(bind: school.rawValue), \(bind: site.code), \(bind: site.name), \(bind: by), \(bind: Instant.format(at)))
                ON CONFLICT DO NOTHING RETURNING code
                """).all()
            guard !inserted.isEmpty else { return false }
            for chunk in Array(site.rooms.enumerated()).chunked(200) {
                let insert = db.insert(into: "quarantine_rooms").columns("school_id", "site", "code", "capacity", "ordinal")
                for (i, room) in chunk {
                    insert.values(SQLBind(school.rawValue), SQLBind(site.code), SQLBind(room.code), SQLBind(room.capacity), SQLBind(i))
                }
                try await insert.run()
            }
            return true
        }
    }

    struct RoomRow: Decodable { var site: String; var code: String; var capacity: Int; var occupied: Int }
    struct SiteRow: Decodable { var code: String; var name: String }

    public func sites(school: SchoolID) async throws -> [QuarantineSite] {
        try await database.read { db in
            let sites = try await db.raw("""
                SELECT code, name FROM quarantine_sites WHERE school_id = \(bind: school.rawValue)
                """).all(decoding: SiteRow.self)
            let rooms = try await Self.rooms(db, school: school, site: nil)
            return sites.map { s in QuarantineSite(code: s.code, name: s.name, rooms: rooms[s.code] ?? []) }
                .sorted { $0.code.compare($1.code, options: .numeric) == .orderedAscending }
        }
    }

    static func rooms(_ db: any SQLDatabase, school: SchoolID, site: String?) async throws -> [String: [QuarantineSite.Room]] {
        let rows = try await db.raw("""
            SELECT r.site, r.code, r.capacity,
              (SELECT COUNT(*) FROM quarantine_placements p WHERE p.school_id = r.school_id AND p.site = r.site AND p.room = r.code
                 AND p.status = 'active') AS occupied
            FROM quarantine_rooms r WHERE r.school_id = \(bind: school.rawValue)
            """ + (site.map { SQLQueryString(" AND r.site = \(bind: $0)") } ?? SQLQueryString("")) + " ORDER BY r.site, r.ordinal")
            .all(decoding: RoomRow.self)
        var bySite: [String: [QuarantineSite.Room]] = [:]
        for r in rows { bySite[r.site, default: []].append(QuarantineSite.Room(code: r.code, capacity: r.capacity, occupied: r.occupied)) }
        return bySite
    }

    public func lockSite(school: SchoolID, code: String) async throws -> QuarantineSite? {
        let lock = database.engine == .postgres ? " FOR UPDATE" : ""
        return try await database.write { db in
            guard let site = try await db.raw("""
                SELECT code, name FROM quarantine_sites WHERE school_id = \(bind: school.rawValue) AND code = \(bind: code)\(unsafeRaw: lock)
                """).first(decoding: SiteRow.self) else { return nil }
            return QuarantineSite(code: site.code, name: site.name, rooms: try await Self.rooms(db, school: school, site: code)[code] ?? [])
        }
    }

    public func occupants(school: SchoolID, site: String) async throws -> [Occupant] {
        struct Row: Decodable { var room: String; var reason: String; var index_student_no: String? }
        return try await database.read { db in
            try await db.raw("""
                SELECT room, reason, index_student_no FROM quarantine_placements
                WHERE school_id = \(bind: school.rawValue) AND site = \(bind: site) AND status = 'active'
                """).all(decoding: Row.self).map {
                Occupant(room: $0.room, reason: Placement.Reason(rawValue: $0.reason) ?? .other, indexStudentNo: $0.index_student_no)
            }
        }
    }

    // MARK: Protocols

    public func protocols(school: SchoolID) async throws -> [QuarantineProtocol] {
        struct Row: Decodable { var definition: String }
        return try await database.read { db in
            try await db.raw("SELECT definition FROM quarantine_protocols WHERE school_id = \(bind: school.rawValue)")
                .all(decoding: Row.self).compactMap { try? JSONDecoder().decode(QuarantineProtocol.self, from: Data($0.definition.utf8)) }
        }
    }

    public func save(_ protocols: [QuarantineProtocol], school: SchoolID, by: String, at: Date) async throws {
        try await database.write { db in
            for p in protocols {
                let definition = String(decoding: try JSONEncoder().encode(p), as: UTF8.self)
                try await db.raw("""
                    INSERT INTO quarantine_protocols (school_id, reason, definition, updated_by, updated_at)
                    VALUES (\(bind: school.rawValue), \(bind: p.reason.rawValue), \(bind: definition), \(bind: by), \(bind: Instant.format(at)))
                    ON CONFLICT (school_id, reason) DO UPDATE SET definition = excluded.definition, updated_by = excluded.updated_by,
                      updated_at = excluded.updated_at
                    """).run()
            }
        }
    }

    // MARK: Placements

    public func activeStudents(school: SchoolID, among numbers: [String]) async throws -> Set<String> {
        struct Row: Decodable { var student_no: String }
        let unique = Array(Set(numbers))
        return try await database.read { db in
            var found: Set<String> = []
            for start in stride(from: 0, to: unique.count, by: Self.rowsPerStatement) {
                let chunk = unique[start..<min(start + Self.rowsPerStatement, unique.count)]
                let rows = try await db.select().column("student_no").from("quarantine_placements")
                    .where("school_id", .equal, SQLBind(school.rawValue)).where("status", .equal, SQLBind("active"))
                    .where("student_no", .in, SQLBind.group(Array(chunk)))
                    .all(decoding: Row.self)
                found.formUnion(rows.map(\.student_no))
            }
            return found
        }
    }

    /// Rows per multi-row statement: 16 binds a placement stays far below SQLite's and PostgreSQL's bind limits.
    static let rowsPerStatement = 250

    public func insert(_ placements: [Placement], school: SchoolID) async throws -> Set<String> {
        let encoder = JSONEncoder()
        let rows = try placements.map { p -> [any SQLExpression] in
            let definition = String(decoding: try encoder.encode(p.protocolRule), as: UTF8.self)
            let values: [any Encodable & Sendable] = [
                p.id, school.rawValue, p.studentNo, p.reason.rawValue, p.site, p.room, Instant.format(p.start),
                CampusDay(p.start, in: timeZone).description, p.plannedEnd?.description, "active", definition, p.origin.rawValue,
                p.investigationId, p.indexStudentNo, p.placedBy, p.tube,
            ]
            return values.map { SQLBind($0) }
        }
        return try await database.write { db in
            // Multi-row statements: a few round trips for a whole group, not a savepoint and two inserts a student.
            struct Inserted: Decodable { var id: String }
            var ids: Set<String> = []
            for start in stride(from: 0, to: rows.count, by: Self.rowsPerStatement) {
                let insert = db.insert(into: "quarantine_placements")
                    .columns("id", "school_id", "student_no", "reason", "site", "room", "start_at", "start_day", "planned_end", "status",
                             "protocol", "origin", "investigation_id", "index_student_no", "placed_by", "tube_code")
                for row in rows[start..<min(start + Self.rowsPerStatement, rows.count)] { insert.values(row) }
                ids.formUnion(try await insert.ignoringConflicts().returning("id").all(decoding: Inserted.self).map(\.id))
            }
            let stored = placements.filter { ids.contains($0.id) }
            for start in stride(from: 0, to: stored.count, by: Self.rowsPerStatement) {
                let insert = db.insert(into: "quarantine_changes").columns("school_id", "placement_id", "at", "by_user", "action", "before", "after")
                for p in stored[start..<min(start + Self.rowsPerStatement, stored.count)] {
                    insert.values(SQLBind(school.rawValue), SQLBind(p.id), SQLBind(Instant.format(p.start)), SQLBind(p.placedBy),
                                  SQLBind(PlacementChange.Action.placed.rawValue), SQLBind(""), SQLBind("\(p.site)/\(p.room) \(p.reason.rawValue)"))
                }
                try await insert.run()
            }
            return Set(stored.map(\.studentNo))
        }
    }

    static func change(_ db: any SQLDatabase, school: SchoolID, placement: String, at: String, by: String, action: PlacementChange.Action,
                       before: String, after: String) async throws {
        try await db.insert(into: "quarantine_changes").columns("school_id", "placement_id", "at", "by_user", "action", "before", "after")
            .values(SQLBind(school.rawValue), SQLBind(placement), SQLBind(at), SQLBind(by), SQLBind(action.rawValue), SQLBind(before), SQLBind(after))
            .run()
    }

    public func placement(school: SchoolID, id: String) async throws -> Placement? {
        try await database.read { db in
            try await Self.select(db, school: school, scope: .school).where(SQLColumn("id", table: "p"), .equal, SQLBind(id))
                .first(decoding: PlacementRow.self)?.value
        }
    }

    public func activePlacement(school: SchoolID, studentNo: String) async throws -> Placement? {
        try await database.read { db in
            try await Self.select(db, school: school, scope: .school).where(SQLColumn("student_no", table: "p"), .equal, SQLBind(studentNo))
                .where(SQLColumn("status", table: "p"), .equal, SQLBind("active")).first(decoding: PlacementRow.self)?.value
        }
    }

    public func placements(school: SchoolID, filter: PlacementFilter, scope: Scope, page: PageRequest) async throws -> Page<Placement> {
        try await database.read { db in
            let p = { (name: String) in SQLColumn(name, table: "p") }
            let query = Self.select(db, school: school, scope: scope)
            if let v = filter.status { query.where(p("status"), .equal, SQLBind(v.rawValue)) }
            if let v = filter.site { query.where(p("site"), .equal, SQLBind(v)) }
            if let v = filter.studentNo { query.where(p("student_no"), .equal, SQLBind(v)) }
            if let v = filter.studentNos { query.where(p("student_no"), .in, SQLBind.group(v)) }
            // A unit is a scope of its own: the rows in the reader's scope and in each unit asked for.
            for unit in filter.units { _ = query.within(Scope(units: [unit]), table: "s") }
            if let day = filter.activeOn?.description {
                query.where(SQLQueryString("p.start_day <= \(bind: day) AND (p.released_day IS NULL OR p.released_day >= \(bind: day))"))
            }
            if let after = page.after, let bar = after.firstIndex(of: "|") {
                let at = String(after[..<bar]), id = String(after[after.index(after: bar)...])
                query.where(SQLQueryString("(p.start_at < \(bind: at) OR (p.start_at = \(bind: at) AND p.id < \(bind: id)))"))
            }
            let rows = try await query.orderBy(p("start_at"), SQLDirection.descending).orderBy(p("id"), SQLDirection.descending)
                .limit(page.limit + 1).all(decoding: PlacementRow.self)
            let items = rows.prefix(page.limit)
            let next = rows.count > page.limit ? items.last.map { "\($0.start_at)|\($0.id)" } : nil
            return Page(items: items.map(\.value), next: next)
        }
    }

    static func select(_ db: any SQLDatabase, school: SchoolID, scope: Scope) -> SQLSelectBuilder {
        db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("p"))).column(SQLColumn("name", table: "s"))
            .from(SQLAlias(SQLIdentifier("quarantine_placements"), as: SQLIdentifier("p")))
            .join(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                  on: SQLRaw("s.school_id = p.school_id AND s.student_no = p.student_no"))
            .where(SQLColumn("school_id", table: "p"), .equal, SQLBind(school.rawValue))
            .within(scope, table: "s")
    }

    // MARK: Release

    public func requestEarlyRelease(school: SchoolID, id: String, request: Placement.EarlyRequest) async throws -> Bool {
        try await database.write { db in
            let at = Instant.format(request.at)
            let done = try await db.raw("""
                UPDATE quarantine_placements SET early_by = \(bind: request.by), early_at = \(bind: at), early_reason = \(bind: request.reason)
                WHERE school_id = \(bind: school.rawValue) AND id = \(bind: id) AND status = 'active' AND early_by IS NULL RETURNING id
                """).all()
            guard !done.isEmpty else { return false }
            try await Self.change(db, school: school, placement: id, at: at, by: request.by, action: .earlyRequested, before: "", after: request.reason)
            return true
        }
    }

    public func release(school: SchoolID, id: String, by: String, at: Date, reason: String?) async throws -> Bool {
        let day = CampusDay(at, in: timeZone)
        return try await database.write { db in
            let when = Instant.format(at)
            let done = try await db.raw("""
                UPDATE quarantine_placements SET status = 'released', released_at = \(bind: when), released_day = \(bind: day.description),
                  released_by = \(bind: by), release_reason = \(bind: reason)
                WHERE school_id = \(bind: school.rawValue) AND id = \(bind: id) AND status = 'active' RETURNING id
                """).all()
            guard !done.isEmpty else { return false }
            try await Self.change(db, school: school, placement: id, at: when, by: by, action: .released, before: "active",
                                  after: reason.map { "released: \($0)" } ?? "released")
            return true
        }
    }

    public func history(school: SchoolID, placementId: String) async throws -> [PlacementChange] {
        struct Row: Decodable { var at: String; var by_user: String; var action: String; var before: String; var after: String }
        return try await database.read { db in
            try await db.raw("""
                SELECT at, by_user, action, before, after FROM quarantine_changes
                WHERE school_id = \(bind: school.rawValue) AND placement_id = \(bind: placementId)
                ORDER BY at, CASE action WHEN 'placed' THEN 0 WHEN 'early_requested' THEN 1 ELSE 2 END
                """).all(decoding: Row.self).map {
                PlacementChange(at: Instant.parse($0.at) ?? .distantPast, by: $0.by_user,
                                action: PlacementChange.Action(rawValue: $0.action) ?? .placed, before: $0.before, after: $0.after)
            }
        }
    }
}
