import CampusKit
import Foundation
import GateAccess
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import Roster
import SQLKit

/// Access points, events, stays, presence, alerts and the gate policy on SQLite or PostgreSQL.
public struct SQLGateStore: GateStore {
    let database: Database
    /// Points and the policy are read on every decision and change rarely: kept for a few seconds. This server's own
    /// changes apply at once; another server's within `ttl`.
    private let cache = NIOLockedValueBox<[String: Cached]>([:])
    private let ttl: TimeInterval = 5

    struct Cached {
        var points: [String: AccessPoint]?
        var policy: GatePolicy?
        var until: Date
    }

    public init(database: Database) {
        self.database = database
    }

    public func register(_ point: AccessPoint, school: SchoolID) async throws -> AccessPoint.Kind? {
        let clash = try await database.write { db -> AccessPoint.Kind? in
            struct Row: Decodable { var kind: String }
            if let existing = try await db.select().column("kind").from("access_points")
                .where("school_id", .equal, school.rawValue).where("place", .equal, point.place)
                .where("code", .notEqual, point.code).limit(1).first(decoding: Row.self),
               existing.kind != point.kind.rawValue {
                return AccessPoint.Kind(rawValue: existing.kind)
            }
            try await db.insert(into: "access_points").columns("school_id", "code", "name", "kind", "place", "created_at")
                .values(SQLBind(school.rawValue), SQLBind(point.code), SQLBind(point.name), SQLBind(point.kind.rawValue),
                        SQLBind(point.place), SQLBind(Instant.format(Date())))
                .onConflict(with: ["school_id", "code"]) { $0.set(excludedValueOf: "name").set(excludedValueOf: "kind").set(excludedValueOf: "place") }
                .run()
            return nil
        }
        if clash == nil { cache.withLockedValue { $0[school.rawValue]?.points = nil } }
        return clash
    }

    public func points(school: SchoolID) async throws -> [AccessPoint] {
        try await pointMap(school, fresh: true).values.sorted { $0.code < $1.code }
    }

    public func point(school: SchoolID, code: String) async throws -> AccessPoint? {
        if let hit = try await pointMap(school, fresh: false)[code] { return hit }
        return try await pointMap(school, fresh: true)[code]
    }

    func pointMap(_ school: SchoolID, fresh: Bool) async throws -> [String: AccessPoint] {
        let now = Date()
        if !fresh, let cached = cache.withLockedValue({ $0[school.rawValue] }), cached.until > now, let points = cached.points { return points }
        struct Row: Decodable { var code: String; var name: String; var kind: String; var place: String }
        let rows = try await database.read { db in
            try await db.select().columns("code", "name", "kind", "place").from("access_points")
                .where("school_id", .equal, school.rawValue).all(decoding: Row.self)
        }
        let map = Dictionary(rows.compactMap { r in
            AccessPoint.Kind(rawValue: r.kind).map { (r.code, AccessPoint(code: r.code, name: r.name, kind: $0, place: r.place)) }
        }, uniquingKeysWith: { a, _ in a })
        cache.withLockedValue { boxes in
            var entry = boxes[school.rawValue] ?? Cached(until: now.addingTimeInterval(ttl))
            if entry.until <= now { entry = Cached(until: now.addingTimeInterval(ttl)) }
            entry.points = map
            boxes[school.rawValue] = entry
        }
        return map
    }

    public func policy(school: SchoolID) async throws -> GatePolicy {
        let now = Date()
        if let cached = cache.withLockedValue({ $0[school.rawValue] }), cached.until > now, let policy = cached.policy { return policy }
        struct Row: Decodable { var version: Int; var body: String }
        let row = try await database.read { db in
            try await db.select().columns("version", "body").from("gate_policies").where("school_id", .equal, school.rawValue)
                .orderBy("version", .descending).limit(1).first(decoding: Row.self)
        }
        var policy = GatePolicy.normal
        if let row, let stored = try? JSONDecoder().decode(GatePolicy.self, from: Data(row.body.utf8)) {
            policy = stored
            policy.version = row.version
        }
        cache.withLockedValue { boxes in
            var entry = boxes[school.rawValue] ?? Cached(until: now.addingTimeInterval(ttl))
            if entry.until <= now { entry = Cached(until: now.addingTimeInterval(ttl)) }
            entry.policy = policy
            boxes[school.rawValue] = entry
        }
        return policy
    }

    public func setPolicy(_ policy: GatePolicy, school: SchoolID, by: String, at: Date) async throws -> GatePolicy {
        let body = String(decoding: try JSONEncoder().encode(policy), as: UTF8.self)
        let version = try await database.write { db -> Int in
            struct Row: Decodable { var version: Int? }
            let latest = try await db.raw("SELECT MAX(version) AS version FROM gate_policies WHERE school_id = \(bind: school.rawValue)")
                .first(decoding: Row.self)?.version ?? 0
            try await db.insert(into: "gate_policies").columns("school_id", "version", "body", "created_by", "created_at")
                .values(SQLBind(school.rawValue), SQLBind(latest + 1), SQLBind(body), SQLBind(by), SQLBind(Instant.format(at))).run()
            return latest + 1
        }
        var stored = policy
        stored.version = version
        cache.withLockedValue { $0[school.rawValue]?.policy = stored }
        return stored
    }

    public func facts(school: SchoolID, studentNo: String, point: AccessPoint, day: CampusDay, at instant: Date) async throws -> GateFacts? {
        let statement = GateFactsStatement(school: school.rawValue, studentNo: studentNo, now: Instant.format(instant), day: day.description)
        let row: GateFactsStatement.Row?
        if let prepared = try await database.readPostgresConnection({ connection in
            try await connection.execute(statement, logger: Self.quiet).first(where: { _ in true })
        }) {
            row = prepared
        } else {
            row = try await database.read { db in try await statement.run(on: db) }
        }
        guard let row else { return nil }
        return GateFacts(point: point, studentNo: studentNo, active: row.status == StudentStatus.active.rawValue,
                         onApprovedLeave: row.onLeave != 0, checkedInToday: row.checkedIn != 0, hasOpenCase: row.openCase != 0,
                         pendingRetest: row.retest != 0, quarantined: row.quarantined != 0)
    }

    private static let quiet = Logger(label: "shouhu.db.gate", factory: { _ in SwiftLogNoOpLogHandler() })

    public func trajectory(school: SchoolID, studentNo: String, window: DateInterval) async throws -> Trajectory {
        let from = Millis.of(window.start), to = Millis.of(window.end)
        return try await database.read { db in
            let events = try await db.raw("""
                SELECT point, event_id, student_no, direction, at_ms, granted, place, kind FROM access_events
                WHERE school_id = \(bind: school.rawValue) AND student_no = \(bind: studentNo) AND at_ms >= \(bind: from) AND at_ms < \(bind: to)
                ORDER BY at_ms, event_id, point
                """).all().compactMap(EventRow.placed)
            let stays = try await db.raw("""
                SELECT student_no, place, kind, from_ms, to_ms FROM stays
                WHERE school_id = \(bind: school.rawValue) AND student_no = \(bind: studentNo) AND from_ms >= \(bind: from - Millis.cap)
                  AND from_ms < \(bind: to) AND to_ms > \(bind: from)
                ORDER BY from_ms
                """).all().compactMap(StayRow.stay)
            return Trajectory(events: events, stays: stays)
        }
    }

    public func presence(school: SchoolID, scope: Scope) async throws -> [Presence] {
        try await presence(school: school, only: nil, scope: scope)
    }

    public func presence(school: SchoolID, studentNo: String, scope: Scope) async throws -> Presence? {
        try await presence(school: school, only: studentNo, scope: scope).first
    }

    private func presence(school: SchoolID, only studentNo: String?, scope: Scope) async throws -> [Presence] {
        struct Row: Decodable {
            var student_no: String; var name: String; var class_name: String; var building: String?
            var gate_direction: String?; var gate_at_ms: Int?; var door_building: String?; var door_direction: String?; var door_at_ms: Int?
            var inside_at_ms: Int?
        }
        let rows = try await database.read { db in
            try await db.select()
                .columns(SQLColumn("student_no", table: "s"), SQLColumn("name", table: "s"), SQLColumn("class_name", table: "s"), SQLColumn("building", table: "s"))
                .columns(SQLColumn("gate_direction", table: "p"), SQLColumn("gate_at_ms", table: "p"), SQLColumn("door_building", table: "p"),
                         SQLColumn("door_direction", table: "p"), SQLColumn("door_at_ms", table: "p"), SQLColumn("inside_at_ms", table: "p"))
                .from(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")))
                .join(SQLAlias(SQLIdentifier("presence"), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                      on: SQLRaw("p.school_id = s.school_id AND p.student_no = s.student_no"))
                .where(SQLColumn("school_id", table: "s"), .equal, SQLBind(school.rawValue))
                .where(SQLColumn("status", table: "s"), .equal, SQLBind(StudentStatus.active.rawValue))
                .where(studentNo.map { SQLBinaryExpression(SQLColumn("student_no", table: "s"), .equal, SQLBind($0)) as any SQLExpression }
                       ?? SQLLiteral.boolean(true))
                .within(scope, table: "s")
                .orderBy(SQLColumn("student_no", table: "s"))
                .all(decoding: Row.self)
        }
        return rows.map { r in
            let last = LastPassages(gateDirection: r.gate_direction.flatMap(AccessEvent.Direction.init(rawValue:)), gateAt: r.gate_at_ms.map(Millis.date),
                                    doorBuilding: r.door_building, doorDirection: r.door_direction.flatMap(AccessEvent.Direction.init(rawValue:)),
                                    doorAt: r.door_at_ms.map(Millis.date), insideAt: r.inside_at_ms.map(Millis.date))
            return Presence(studentNo: r.student_no, name: r.name, className: r.class_name, homeBuilding: r.building, onCampus: last.onCampus,
                            lastGateAt: last.gateAt, inBuilding: last.inBuilding)
        }
    }
}

/// Event and stay instants as UTC milliseconds.
enum Millis {
    static let cap = Int(Stay.cap * 1000)
    static func of(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded(.down)) }
    static func date(_ ms: Int) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }
}

/// A row of `access_events` as the queries here select it. Read column by column: the generic row decoder costs more
/// than the query when a batch reloads thousands of events.
enum EventRow {
    static func placed(_ row: any SQLRow) throws -> PlacedEvent? {
        guard let d = AccessEvent.Direction(rawValue: try row.decode(column: "direction", as: String.self)),
              let k = AccessPoint.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
        return PlacedEvent(AccessEvent(eventId: try row.decode(column: "event_id", as: String.self),
                                       accessPoint: try row.decode(column: "point", as: String.self),
                                       studentNo: try row.decode(column: "student_no", as: String.self), direction: d,
                                       at: Millis.date(try row.decode(column: "at_ms", as: Int.self)),
                                       granted: try row.decode(column: "granted", as: Int.self) != 0),
                           place: try row.decode(column: "place", as: String.self), kind: k)
    }
}

/// A row of `stays` as the queries here select it (student_no, place, kind, from_ms, to_ms), read column by column: an
/// investigation reads tens of thousands.
enum StayRow {
    static func stay(_ row: any SQLRow) throws -> Stay? {
        guard let kind = AccessPoint.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
        return Stay(studentNo: try row.decode(column: "student_no", as: String.self), place: try row.decode(column: "place", as: String.self),
                    kind: kind, from: Millis.date(try row.decode(column: "from_ms", as: Int.self)),
                    to: Millis.date(try row.decode(column: "to_ms", as: Int.self)))
    }
}
