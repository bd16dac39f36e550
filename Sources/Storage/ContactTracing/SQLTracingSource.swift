import CampusKit
import ContactTracing
import Foundation
import GateAccess
import Roster
import SQLKit

/// Stays by student (the primary key) and by place and time (`stays_by_place`), and rooms from the roster.
public struct SQLTracingSource: TracingSource {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func stays(of students: Set<String>, school: SchoolID, window: DateInterval, lasting minimum: TimeInterval) async throws -> [Stay] {
        let from = Millis.of(window.start), to = Millis.of(window.end), least = Int(minimum * 1000)
        return try await database.read { db in
            var stays: [Stay] = []
            for chunk in students.sorted().chunked(500) {
                var q = SQLQueryString("""
                    SELECT student_no, place, kind, from_ms, to_ms FROM stays
                    WHERE school_id = \(bind: school.rawValue) AND copresence = 1 AND from_ms >= \(bind: from - Millis.cap)
                      AND from_ms < \(bind: to) AND to_ms > \(bind: from) AND to_ms - from_ms >= \(bind: least) AND student_no IN (
                    """)
                q.appendInterpolation(SQLList(chunk.map { SQLBind($0) }))
                q.appendInterpolation(unsafeRaw: ")")
                stays += try await db.raw(q).all().compactMap(StayRow.stay)
            }
            return stays
        }
    }

    /// For each source stay, one range of `stays_by_place`: stays at its place that start at most the cap before it and
    /// `minimum` before its end, and end `minimum` after its start. The ranges go as `UNION ALL` branches, a hundred a
    /// statement, so each is an index range on both engines (a self-join or one `OR` of ranges lets the planner choose
    /// a scan instead).
    public func staysSharingPlaces(with sources: [Stay], school: SchoolID, window: DateInterval,
                                   overlapping minimum: TimeInterval) async throws -> [Stay] {
        let from = Millis.of(window.start), to = Millis.of(window.end), least = Int(minimum * 1000)
        let ranges = Set(sources.filter(\.kind.countsForCoPresence).compactMap { s -> Range? in
            let start = max(Millis.of(s.from), from), end = min(Millis.of(s.to), to)
            guard end - start >= least else { return nil }
            return Range(place: s.place, lo: start - Millis.cap, hi: end - least, ends: start + least)
        }).sorted { ($0.place, $0.lo) < ($1.place, $1.lo) }
        guard !ranges.isEmpty else { return [] }
        if database.engine == .postgres { return try await staysSharingPlacesPostgres(ranges, school: school) }
        return try await database.read { db in
            var found = Set<Stay>()
            for chunk in ranges.chunked(100) {
                var q = SQLQueryString("")
                for (i, r) in chunk.enumerated() {
                    if i > 0 { q.appendInterpolation(unsafeRaw: " UNION ALL ") }
                    q.appendInterpolation(SQLQueryString("""
                        SELECT student_no, place, kind, from_ms, to_ms FROM stays WHERE school_id = \(bind: school.rawValue)
                          AND place = \(bind: r.place) AND from_ms >= \(bind: r.lo) AND from_ms <= \(bind: r.hi) AND to_ms >= \(bind: r.ends)
                        """))
                }
                for stay in try await db.raw(q).all().compactMap(StayRow.stay) { found.insert(stay) }
            }
            return Array(found)
        }
    }

    /// PostgreSQL plans a hundred-branch statement anew for every call; the ranges go instead as four arrays, one
    /// statement, each range an index scan through a lateral join.
    private func staysSharingPlacesPostgres(_ ranges: [Range], school: SchoolID) async throws -> [Stay] {
        let places = ranges.map(\.place), los = ranges.map(\.lo), his = ranges.map(\.hi), ends = ranges.map(\.ends)
        return try await database.read { db in
            let rows = try await db.raw("""
                SELECT DISTINCT s.student_no, s.place, s.kind, s.from_ms, s.to_ms
                FROM unnest(\(bind: places)::text[], \(bind: los)::bigint[], \(bind: his)::bigint[], \(bind: ends)::bigint[]) AS r(place, lo, hi, ends)
                CROSS JOIN LATERAL (SELECT student_no, place, kind, from_ms, to_ms FROM stays
                                    WHERE school_id = \(bind: school.rawValue) AND place = r.place AND from_ms >= r.lo AND from_ms <= r.hi
                                      AND to_ms >= r.ends) s
                """).all()
            return try rows.compactMap(StayRow.stay)
        }
    }

    /// Where a stay overlapping a source stay (clipped to the window) by the minimum can be: its place, the range its
    /// start falls in, and the earliest it can end.
    private struct Range: Hashable {
        var place: String
        var lo: Int
        var hi: Int
        var ends: Int
    }

    public func residents(sharingWith students: Set<String>, sameFloor: Bool, school: SchoolID) async throws -> [Resident] {
        struct Row: Decodable { var student_no: String; var building: String?; var floor: Int?; var room: String? }
        return try await database.read { db in
            var homes: [Row] = []
            for chunk in students.sorted().chunked(500) {
                homes += try await db.select().columns("student_no", "building", "floor", "room").from("students")
                    .where("school_id", .equal, school.rawValue).where("student_no", .in, SQLBind.group(Array(chunk)))
                    .all(decoding: Row.self)
            }
            let buildings = Set(homes.compactMap(\.building))
            guard !buildings.isEmpty else { return [] }
            var q = db.select().columns("student_no", "building", "floor", "room").from("students")
                .where("school_id", .equal, school.rawValue).where("building", .in, SQLBind.group(buildings.sorted()))
            if sameFloor {
                q = q.where("floor", .in, SQLBind.group(Set(homes.compactMap(\.floor)).sorted()))
            } else {
                q = q.where("room", .in, SQLBind.group(Set(homes.compactMap(\.room)).sorted()))
            }
            let rooms = Set(homes.compactMap { h in h.building.flatMap { b in h.room.map { "\(b)/\($0)" } } })
            let floors = Set(homes.compactMap { h in h.building.flatMap { b in h.floor.map { "\(b)/\($0)" } } })
            return try await q.all(decoding: Row.self).compactMap { r in
                guard let b = r.building else { return nil }
                let sharesRoom = r.room.map { rooms.contains("\(b)/\($0)") } ?? false
                let sharesFloor = sameFloor && (r.floor.map { floors.contains("\(b)/\($0)") } ?? false)
                guard sharesRoom || sharesFloor else { return nil }
                return Resident(studentNo: r.student_no, building: b, floor: r.floor, room: r.room)
            }
        }
    }

    /// Only the columns that name a contact (number, name, class, room) are read: thousands of contacts per answer.
    public func students(_ numbers: Set<String>, school: SchoolID) async throws -> [Student] {
        try await database.read { db in
            var found: [Student] = []
            for chunk in numbers.sorted().chunked(500) {
                let rows = try await db.select().columns("student_no", "name", "college", "class_name", "building", "room").from("students")
                    .where("school_id", .equal, school.rawValue).where("student_no", .in, SQLBind.group(Array(chunk))).all()
                for row in rows {
                    found.append(Student(studentNo: try row.decode(column: "student_no", as: String.self), name: try row.decode(column: "name", as: String.self),
                                         college: try row.decode(column: "college", as: String.self),
                                         className: try row.decode(column: "class_name", as: String.self),
                                         building: try row.decode(column: "building", as: String?.self), room: try row.decode(column: "room", as: String?.self)))
                }
            }
            return found
        }
    }
}
