import CampusKit
import Foundation
import GateAccess
import SQLKit

extension SQLGateStore {
    public func ingest(_ events: [(index: Int, event: AccessEvent)], school: SchoolID, exitNeedsLeave: Set<AccessPoint.Kind>,
                       at now: Date) async throws -> IngestResult {
        guard !events.isEmpty else { return IngestResult() }
        var points = try await pointMap(school, fresh: false)
        if events.contains(where: { points[$0.event.accessPoint] == nil }) { points = try await pointMap(school, fresh: true) }
        let known = points
        let engine = database.engine
        return try await database.write { db in
            // Locking the students' rows (PostgreSQL) makes concurrent batches about the same student derive stays one
            // after the other; SQLite has one writer already.
            let numbers = Array(Set(events.map(\.event.studentNo))).sorted()
            var students = Set<String>()
            for chunk in numbers.chunked(500) {
                var q = SQLQueryString("SELECT student_no FROM students WHERE school_id = \(bind: school.rawValue) AND student_no IN (")
                q.appendInterpolation(SQLList(chunk.map { SQLBind($0) }))
                q.appendInterpolation(unsafeRaw: engine == .postgres ? ") ORDER BY student_no FOR UPDATE" : ")")
                for row in try await db.raw(q).all() { students.insert(try row.decode(column: "student_no", as: String.self)) }
            }
            var result = IngestResult()
            var good: [PlacedEvent] = []
            for (index, e) in events {
                guard let point = known[e.accessPoint] else {
                    result.rejected.append(Rejection.unknownPoint(index: index, e.accessPoint))
                    continue
                }
                guard students.contains(e.studentNo) else {
                    result.rejected.append(Rejection.unknownStudent(index: index, e.studentNo))
                    continue
                }
                good.append(PlacedEvent(e, place: point.place, kind: point.kind))
            }
            let fresh = try await Self.insertEvents(good, school: school, now: now, db: db)
            result.accepted = fresh.count
            result.duplicates = good.count - fresh.count
            let granted = fresh.filter(\.event.granted)
            try await Self.rederiveStays(for: granted, school: school, db: db)
            try await Self.movePresence(granted, school: school, db: db)
            try await Self.followLeaves(granted, school: school, exitNeedsLeave: exitNeedsLeave, points: known, db: db)
            try await Self.insertAlerts(fresh.filter { !$0.event.granted }.map { AlertDraft.denied($0, pointName: known[$0.event.accessPoint]?.name) },
                                        school: school, db: db)
            return result
        }
    }

    /// Inserts the events not stored yet and returns them (the first of repeats within the batch).
    /// With `reportNew` false (bulk loads into empty tables) every unique event is returned without asking which were new.
    static func insertEvents(_ events: [PlacedEvent], school: SchoolID, now: Date, db: any SQLDatabase, reportNew: Bool = true) async throws -> [PlacedEvent] {
        var seen = Set<String>()
        let unique = events.filter { seen.insert("\($0.event.accessPoint)\u{1F}\($0.event.eventId)").inserted }
        var inserted = Set<String>()
        let received = Instant.format(now)
        for chunk in unique.chunked(reportNew ? 400 : 3000) {
            let insert = db.insert(into: "access_events")
                .columns("school_id", "point", "event_id", "student_no", "direction", "at_ms", "granted", "place", "kind", "received_at")
            for p in chunk {
                let e = p.event
                _ = insert.values(SQLBind(school.rawValue), SQLBind(e.accessPoint), SQLBind(e.eventId), SQLBind(e.studentNo),
                                  SQLBind(e.direction.rawValue), SQLBind(Millis.of(e.at)), SQLBind(e.granted ? 1 : 0),
                                  SQLBind(p.place), SQLBind(p.kind.rawValue), SQLBind(received))
            }
            guard reportNew else {
                try await insert.ignoringConflicts(with: ["school_id", "point", "event_id"]).run()
                continue
            }
            for row in try await insert.ignoringConflicts(with: ["school_id", "point", "event_id"]).returning("point", "event_id").all() {
                inserted.insert("\(try row.decode(column: "point", as: String.self))\u{1F}\(try row.decode(column: "event_id", as: String.self))")
            }
        }
        guard reportNew else { return unique }
        return unique.filter { inserted.contains("\($0.event.accessPoint)\u{1F}\($0.event.eventId)") }
    }

    /// Re-derives the stays of the students of `events`, each from 4 hours before that student's earliest new event:
    /// a stay opened earlier ended (by the cap) before any of them, so no other stay can change. Students are grouped
    /// by that start, floored to the hour, so a batch read in real time is one group and one late student does not make
    /// the others re-derive their days.
    static func rederiveStays(for events: [PlacedEvent], school: SchoolID, db: any SQLDatabase) async throws {
        var earliest: [String: Int] = [:]
        for e in events { earliest[e.event.studentNo] = min(earliest[e.event.studentNo] ?? .max, Millis.of(e.event.at)) }
        let hour = 3_600_000
        let groups = Dictionary(grouping: earliest.keys) { student -> Int in
            let since = earliest[student]! - Millis.cap
            return since >= 0 ? since / hour * hour : (since - hour + 1) / hour * hour
        }
        var stays: [Stay] = []
        var opening: [Stay: (point: String, eventId: String)] = [:]
        for (since, members) in groups.sorted(by: { $0.key < $1.key }) {
            for chunk in members.sorted().chunked(500) {
                var q = SQLQueryString("""
                    SELECT point, event_id, student_no, direction, at_ms, granted, place, kind FROM access_events
                    WHERE school_id = \(bind: school.rawValue) AND granted = 1 AND at_ms >= \(bind: since) AND student_no IN (
                    """)
                q.appendInterpolation(SQLList(chunk.map { SQLBind($0) }))
                q.appendInterpolation(unsafeRaw: ")")
                let loaded = try await db.raw(q).all().compactMap(EventRow.placed)
                var del = SQLQueryString("DELETE FROM stays WHERE school_id = \(bind: school.rawValue) AND from_ms >= \(bind: since) AND student_no IN (")
                del.appendInterpolation(SQLList(chunk.map { SQLBind($0) }))
                del.appendInterpolation(unsafeRaw: ")")
                try await db.raw(del).run()
                Self.derive(loaded, into: &stays, opening: &opening)
            }
        }
        try await insertStays(stays, opening: opening, school: school, db: db)
    }

    /// Derives the stays of each student's events and remembers the event that opened each (the stays' key).
    static func derive(_ events: [PlacedEvent], into stays: inout [Stay], opening: inout [Stay: (point: String, eventId: String)]) {
        for (_, own) in Dictionary(grouping: events, by: \.event.studentNo) {
            let ordered = own.sorted(by: PlacedEvent.precedes)
            var openers: [Date: [PlacedEvent]] = [:]
            for e in ordered where e.event.direction == .in { openers[e.event.at, default: []].append(e) }
            for stay in Stay.derive(from: ordered) {
                // The opening event is the last `in` at the stay's start and place: earlier ones at the same instant closed at once.
                if let e = openers[stay.from]?.last(where: { $0.place == stay.place }) {
                    opening[stay] = (e.event.accessPoint, e.event.eventId)
                    stays.append(stay)
                }
            }
        }
    }

    static func insertStays(_ stays: [Stay], opening: [Stay: (point: String, eventId: String)], school: SchoolID, db: any SQLDatabase) async throws {
        for chunk in stays.chunked(3000) {
            let insert = db.insert(into: "stays").columns("school_id", "student_no", "from_ms", "point", "event_id", "to_ms", "place", "kind", "copresence")
            for s in chunk {
                guard let o = opening[s] else { continue }
                _ = insert.values(SQLBind(school.rawValue), SQLBind(s.studentNo), SQLBind(Millis.of(s.from)), SQLBind(o.point), SQLBind(o.eventId),
                                  SQLBind(Millis.of(s.to)), SQLBind(s.place), SQLBind(s.kind.rawValue), SQLBind(s.kind.countsForCoPresence ? 1 : 0))
            }
            try await insert.ignoringConflicts(with: ["school_id", "student_no", "from_ms", "point", "event_id"]).run()
        }
    }

    /// Moves each student's last campus-gate, building-door and inside passage forward (`LastPassages.latest`); the upsert keeps
    /// a stored passage that is newer, whatever the arrival order.
    static func movePresence(_ events: [PlacedEvent], school: SchoolID, db: any SQLDatabase) async throws {
        let latest = LastPassages.latest(of: events)
        for chunk in latest.gate.chunked(500) {
            let insert = db.insert(into: "presence").columns("school_id", "student_no", "gate_direction", "gate_at_ms")
            for e in chunk { _ = insert.values(SQLBind(school.rawValue), SQLBind(e.event.studentNo), SQLBind(e.event.direction.rawValue), SQLBind(Millis.of(e.event.at))) }
            try await insert.onConflict(with: ["school_id", "student_no"]) {
                $0.set(excludedValueOf: "gate_direction").set(excludedValueOf: "gate_at_ms")
                    .where(SQLRaw("presence.gate_at_ms IS NULL OR presence.gate_at_ms <= excluded.gate_at_ms"))
            }.run()
        }
        for chunk in latest.inside.chunked(500) {
            let insert = db.insert(into: "presence").columns("school_id", "student_no", "inside_at_ms")
            for e in chunk { _ = insert.values(SQLBind(school.rawValue), SQLBind(e.event.studentNo), SQLBind(Millis.of(e.event.at))) }
            try await insert.onConflict(with: ["school_id", "student_no"]) {
                $0.set(excludedValueOf: "inside_at_ms")
                    .where(SQLRaw("presence.inside_at_ms IS NULL OR presence.inside_at_ms <= excluded.inside_at_ms"))
            }.run()
        }
        for chunk in latest.door.chunked(500) {
            let insert = db.insert(into: "presence").columns("school_id", "student_no", "door_building", "door_direction", "door_at_ms")
            for e in chunk {
                _ = insert.values(SQLBind(school.rawValue), SQLBind(e.event.studentNo), SQLBind(e.place), SQLBind(e.event.direction.rawValue),
                                  SQLBind(Millis.of(e.event.at)))
            }
            try await insert.onConflict(with: ["school_id", "student_no"]) {
                $0.set(excludedValueOf: "door_building").set(excludedValueOf: "door_direction").set(excludedValueOf: "door_at_ms")
                    .where(SQLRaw("presence.door_at_ms IS NULL OR presence.door_at_ms <= excluded.door_at_ms"))
            }.run()
        }
    }

    /// Loads the leaves and returns `LeaveTracker.follow` needs for these passages, applies its updates and raises its alerts.
    static func followLeaves(_ events: [PlacedEvent], school: SchoolID, exitNeedsLeave: Set<AccessPoint.Kind>,
                             points: [String: AccessPoint], db: any SQLDatabase) async throws {
        // Gate passages depart and return; any passage within the campus returns too (one definition of "inside").
        let passages = events.filter { $0.event.granted }
        guard let first = passages.map(\.event.at).min() else { return }
        // Leaves not yet returned from, and those still running (a student back early may go out again within them).
        let earliest = Instant.format(first)
        struct Row: Decodable { var id: String; var student_no: String; var from_at: String; var to_at: String; var departed_at: String?; var returned_at: String? }
        var leaves: [TrackedLeave] = []
        var returns: [String: [Date]] = [:]
        let students = Array(Set(passages.map(\.event.studentNo))).sorted()
        for chunk in students.chunked(500) {
            leaves += try await db.select().columns("id", "student_no", "from_at", "to_at", "departed_at", "returned_at").from("leaves")
                .where("school_id", .equal, school.rawValue).where("status", .equal, Leave.Status.approved.rawValue)
                .where { $0.where("returned_at", .is, SQLLiteral.null).orWhere("to_at", .greaterThan, SQLBind(earliest)) }
                .where("student_no", .in, SQLBind.group(Array(chunk)))
                .orderBy("from_at").orderBy("id")
                .all(decoding: Row.self).compactMap { r in
                    guard let from = Instant.parse(r.from_at), let to = Instant.parse(r.to_at) else { return nil }
                    return TrackedLeave(id: r.id, studentNo: r.student_no, from: from, to: to, departedAt: r.departed_at.flatMap(Instant.parse),
                                        returnedAt: r.returned_at.flatMap(Instant.parse))
                }
        }
        let withLeave = Array(Set(leaves.map(\.studentNo))).sorted()
        for chunk in withLeave.chunked(500) {
            // Returns already stored (this batch's included): a gate that was offline sends its departures late.
            for r in try await db.select().columns("student_no", "at_ms").from("access_events")
                .where("school_id", .equal, school.rawValue)
                .where(group: { $0.where("kind", .notEqual, AccessPoint.Kind.campusGate.rawValue)
                                  .orWhere("direction", .equal, AccessEvent.Direction.in.rawValue) })
                .where("granted", .equal, 1)
                .where("at_ms", .greaterThan, Millis.of(first)).where("student_no", .in, SQLBind.group(Array(chunk))).all() {
                returns[try r.decode(column: "student_no", as: String.self), default: []].append(Millis.date(try r.decode(column: "at_ms", as: Int.self)))
            }
        }
        let (updates, alerts) = LeaveTracker.follow(passages, leaves: leaves, returns: returns, exitNeedsLeave: exitNeedsLeave,
                                                    pointNames: points.mapValues(\.name))
        for update in updates {
            switch update {
            case .departed(let id, let at, let returned):
                try await db.update("leaves").set("departed_at", to: Instant.format(at)).set("returned_at", to: returned.map(Instant.format))
                    .where("school_id", .equal, school.rawValue).where("id", .equal, id).run()
            case .returned(let id, let at):
                try await db.update("leaves").set("returned_at", to: Instant.format(at))
                    .where("school_id", .equal, school.rawValue).where("id", .equal, id).run()
            }
        }
        try await insertAlerts(alerts, school: school, db: db)
    }

    /// Inserts alerts not raised before (by `dedupe`); returns the students of those that were new.
    @discardableResult
    static func insertAlerts(_ alerts: [AlertDraft], school: SchoolID, db: any SQLDatabase) async throws -> [String] {
        var raised: [String] = []
        for chunk in alerts.chunked(500) {
            let insert = db.insert(into: "access_alerts").columns("id", "school_id", "kind", "student_no", "at", "detail", "dedupe")
            for a in chunk {
                _ = insert.values(SQLBind(UUID().uuidString.lowercased()), SQLBind(school.rawValue), SQLBind(a.kind.rawValue), SQLBind(a.studentNo),
                                  SQLBind(Instant.format(a.at)), SQLBind(a.detail), SQLBind(a.dedupe))
            }
            raised += try await insert.ignoringConflicts(with: ["school_id", "dedupe"]).returning("student_no").all()
                .map { try $0.decode(column: "student_no", as: String.self) }
        }
        return raised
    }
}

extension SQLGateStore {
    /// Loads complete event histories at once (the demo college): the events (those already stored are left alone),
    /// each student's stays derived from the events given — which must be all of that student's events — their
    /// presence from their latest passages, and an alert for each denied attempt. One transaction.
    public func importHistory(_ events: [PlacedEvent], school: SchoolID, at now: Date) async throws {
        var seen = Set<String>()
        let unique = events.filter { seen.insert("\($0.event.accessPoint)\u{1F}\($0.event.eventId)").inserted }
        let received = Instant.format(now)
        let eventRows: [[LiteralRows.Cell]] = unique.map { p in
            let e = p.event
            return [.text(school.rawValue), .text(e.accessPoint), .text(e.eventId), .text(e.studentNo), .text(e.direction.rawValue),
                    .int(Millis.of(e.at)), .int(e.granted ? 1 : 0), .text(p.place), .text(p.kind.rawValue), .text(received)]
        }
        let granted = unique.filter(\.event.granted)
        var stays: [Stay] = []
        var opening: [Stay: (point: String, eventId: String)] = [:]
        Self.derive(granted, into: &stays, opening: &opening)
        let stayRows: [[LiteralRows.Cell]] = stays.compactMap { s in
            opening[s].map { o in
                [.text(school.rawValue), .text(s.studentNo), .int(Millis.of(s.from)), .text(o.point), .text(o.eventId), .int(Millis.of(s.to)),
                 .text(s.place), .text(s.kind.rawValue), .int(s.kind.countsForCoPresence ? 1 : 0)]
            }
        }
        try await database.write { db in
            try await LiteralRows.insert(into: "access_events", columns: ["school_id", "point", "event_id", "student_no", "direction", "at_ms",
                                                                          "granted", "place", "kind", "received_at"], rows: eventRows, db: db)
            try await LiteralRows.insert(into: "stays", columns: ["school_id", "student_no", "from_ms", "point", "event_id", "to_ms", "place",
                                                                  "kind", "copresence"], rows: stayRows, db: db)
            try await Self.movePresence(granted, school: school, db: db)
            try await Self.insertAlerts(unique.filter { !$0.event.granted }.map { AlertDraft.denied($0, pointName: nil) }, school: school, db: db)
        }
    }
}
