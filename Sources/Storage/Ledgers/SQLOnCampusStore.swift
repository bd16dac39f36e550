import CampusKit
import Foundation
import GateAccess
import Ledgers
import SQLKit

/// What the on-campus ledger reads from the gates' tables: passages as of an instant, and approved leaves.
public struct SQLOnCampusStore: OnCampusStore {
    let database: Database

    public init(database: Database) { self.database = database }

    public func passages(school: SchoolID, students: [String], until: Date?) async throws -> [String: PassagesAsOf] {
        guard !students.isEmpty else { return [:] }
        struct Latest: Decodable {
            var student_no: String; var kind: String; var direction: String; var at_ms: Int; var place: String; var point: String; var point_name: String?
        }
        struct Now: Decodable {
            var student_no: String; var gate_direction: String?; var gate_at_ms: Int?; var door_building: String?; var door_direction: String?
            var door_at_ms: Int?; var inside_at_ms: Int?
        }
        let cutoff = until.map(Millis.of)
        let (latest, now) = try await database.read { db -> ([Latest], [Now]) in
            var latest: [Latest] = [], now: [Now] = []
            for chunk in students.chunked(500) {
                // Now, presence holds the passages and only the last campus-gate crossing is read from the events.
                let bound = cutoff.map { SQLQueryString("AND e.at_ms < \(bind: $0)") }
                    ?? SQLQueryString("AND e.kind = \(bind: AccessPoint.Kind.campusGate.rawValue)")
                // The newest granted passage of each student at each kind of point, in the order of the contract's rule 1
                // (time, then event id, then point) — what `LastPassages.latest` keeps per student.
                latest += try await db.raw("""
                    SELECT t.student_no, t.kind, t.direction, t.at_ms, t.place, t.point, ap.name AS point_name FROM (
                      SELECT e.student_no, e.kind, e.direction, e.at_ms, e.place, e.point,
                        ROW_NUMBER() OVER (PARTITION BY e.student_no, e.kind ORDER BY e.at_ms DESC, e.event_id DESC, e.point DESC) AS rn
                      FROM access_events e
                      WHERE e.school_id = \(bind: school.rawValue) AND e.granted = 1 AND e.student_no IN (\(binds: chunk.map { $0 as any Encodable & Sendable })) \(bound)
                    ) t LEFT JOIN access_points ap ON ap.school_id = \(bind: school.rawValue) AND ap.code = t.point
                    WHERE t.rn = 1
                    """).all(decoding: Latest.self)
                if cutoff == nil {
                    now += try await db.raw("""
                        SELECT student_no, gate_direction, gate_at_ms, door_building, door_direction, door_at_ms, inside_at_ms FROM presence
                        WHERE school_id = \(bind: school.rawValue) AND student_no IN (\(binds: chunk.map { $0 as any Encodable & Sendable }))
                        """).all(decoding: Now.self)
                }
            }
            return (latest, now)
        }
        var result: [String: PassagesAsOf] = [:]
        for (student, rows) in Dictionary(grouping: latest, by: \.student_no) {
            let gate = rows.first { $0.kind == AccessPoint.Kind.campusGate.rawValue }
            let door = rows.first { $0.kind == AccessPoint.Kind.buildingDoor.rawValue }
            let inside = rows.filter { $0.kind != AccessPoint.Kind.campusGate.rawValue }.map(\.at_ms).max()
            let passages = LastPassages(gateDirection: gate.flatMap { AccessEvent.Direction(rawValue: $0.direction) }, gateAt: gate.map { Millis.date($0.at_ms) },
                                        doorBuilding: door?.place, doorDirection: door.flatMap { AccessEvent.Direction(rawValue: $0.direction) },
                                        doorAt: door.map { Millis.date($0.at_ms) }, insideAt: inside.map(Millis.date))
            let crossing = gate.flatMap { g in
                AccessEvent.Direction(rawValue: g.direction).map { GateCrossing(at: Millis.date(g.at_ms), direction: $0, pointName: g.point_name ?? g.point) }
            }
            result[student] = PassagesAsOf(passages: passages, lastGate: crossing)
        }
        // Now is the gates' presence itself, kept on every ingest (and beyond the events' retention).
        for r in now {
            let passages = LastPassages(gateDirection: r.gate_direction.flatMap(AccessEvent.Direction.init(rawValue:)), gateAt: r.gate_at_ms.map(Millis.date),
                                        doorBuilding: r.door_building, doorDirection: r.door_direction.flatMap(AccessEvent.Direction.init(rawValue:)),
                                        doorAt: r.door_at_ms.map(Millis.date), insideAt: r.inside_at_ms.map(Millis.date))
            result[r.student_no] = PassagesAsOf(passages: passages, lastGate: result[r.student_no]?.lastGate)
        }
        return result
    }

    public func approvedLeaves(school: SchoolID, students: [String], overlapping window: DateInterval) async throws -> [String: LeaveSpan] {
        guard !students.isEmpty else { return [:] }
        struct Row: Decodable { var id: String; var student_no: String; var from_at: String; var to_at: String; var destination: String }
        let start = Instant.format(window.start), end = Instant.format(window.end)
        let rows = try await database.read { db in
            var rows: [Row] = []
            for chunk in students.chunked(500) {
                rows += try await db.raw("""
                    SELECT id, student_no, from_at, to_at, destination FROM leaves
                    WHERE school_id = \(bind: school.rawValue) AND status = 'approved' AND student_no IN (\(binds: chunk.map { $0 as any Encodable & Sendable }))
                      AND from_at < \(bind: end) AND to_at > \(bind: start)
                    ORDER BY student_no, from_at, id
                    """).all(decoding: Row.self)
            }
            return rows
        }
        var result: [String: LeaveSpan] = [:]
        for r in rows {
            guard let from = Instant.parse(r.from_at), let to = Instant.parse(r.to_at) else { continue }
            result[r.student_no] = LeaveSpan(id: r.id, from: from, to: to, destination: r.destination)
        }
        return result
    }
}
