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
                    result.rejected.append(Rejection(index: index, message: "accessPoint: 未登记的门禁点 \(e.accessPoint) (unknown access point)"))
                    continue
                }
                guard students.contains(e.studentNo) else {
                    result.rejected.append(Rejection(index: index, message: "studentNo: 没有学号为 \(e.studentNo) 的学生 (unknown student)"))
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
            try await Self.raiseDenied(fresh.filter { !$0.event.granted }, school: school, points: known, db: db)
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

    /// Moves each student's last campus-gate and building-door passage forward (never back, whatever the arrival order).
    static func movePresence(_ events: [PlacedEvent], school: SchoolID, db: any SQLDatabase) async throws {
        func latest(_ kind: AccessPoint.Kind) -> [PlacedEvent] {
            var last: [String: PlacedEvent] = [:]
            for e in events where e.kind == kind {
                if let seen = last[e.event.studentNo], !PlacedEvent.precedes(seen, e) { continue }
                last[e.event.studentNo] = e
            }
            return last.values.sorted { $0.event.studentNo < $1.event.studentNo }
        }
        for chunk in latest(.campusGate).chunked(500) {
            let insert = db.insert(into: "presence").columns("school_id", "student_no", "gate_direction", "gate_at_ms")
            for e in chunk { _ = insert.values(SQLBind(school.rawValue), SQLBind(e.event.studentNo), SQLBind(e.event.direction.rawValue), SQLBind(Millis.of(e.event.at))) }
            try await insert.onConflict(with: ["school_id", "student_no"]) {
                $0.set(excludedValueOf: "gate_direction").set(excludedValueOf: "gate_at_ms")
                    .where(SQLRaw("presence.gate_at_ms IS NULL OR presence.gate_at_ms <= excluded.gate_at_ms"))
            }.run()
        }
        for chunk in latest(.buildingDoor).chunked(500) {
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

    /// Records departures and returns against approved leaves, and raises an alert for an exit the policy wanted
    /// leave for when no approved leave covered it.
    static func followLeaves(_ events: [PlacedEvent], school: SchoolID, exitNeedsLeave: Set<AccessPoint.Kind>,
                             points: [String: AccessPoint], db: any SQLDatabase) async throws {
        let gate = events.filter { $0.kind == .campusGate }.sorted(by: PlacedEvent.precedes)
        guard let first = gate.first else { return }
        // Leaves not yet returned from, and those still running (a student back early may go out again within them).
        let earliest = Instant.format(first.event.at)
        struct Row: Decodable { var id: String; var student_no: String; var from_at: String; var to_at: String; var departed_at: String?; var returned_at: String? }
        var leaves: [String: [Row]] = [:]
        for chunk in Array(Set(gate.map(\.event.studentNo))).sorted().chunked(500) {
            let rows = try await db.select().columns("id", "student_no", "from_at", "to_at", "departed_at", "returned_at").from("leaves")
                .where("school_id", .equal, school.rawValue).where("status", .equal, Leave.Status.approved.rawValue)
                .where { $0.where("returned_at", .is, SQLLiteral.null).orWhere("to_at", .greaterThan, SQLBind(earliest)) }
                .where("student_no", .in, SQLBind.group(Array(chunk)))
                .all(decoding: Row.self)
            for r in rows { leaves[r.student_no, default: []].append(r) }
        }
        var alerts: [NewAlert] = []
        for e in gate {
            let at = Instant.format(e.event.at)
            var own = leaves[e.event.studentNo] ?? []
            switch e.event.direction {
            case .out:
                let covering = own.firstIndex { $0.from_at <= at && $0.to_at > at }
                if let i = covering, own[i].departed_at == nil {
                    // A return may have arrived first (a gate that was offline sends its departures late).
                    struct Back: Decodable { var at_ms: Int? }
                    let back = try await db.raw("""
                        SELECT MIN(at_ms) AS at_ms FROM access_events WHERE school_id = \(bind: school.rawValue)
                          AND student_no = \(bind: e.event.studentNo) AND kind = 'campus_gate' AND direction = 'in' AND granted = 1
                          AND at_ms > \(bind: Millis.of(e.event.at))
                        """).first(decoding: Back.self)?.at_ms
                    try await db.update("leaves").set("departed_at", to: at).set("returned_at", to: back.map { Instant.format(Millis.date($0)) })
                        .where("id", .equal, own[i].id).run()
                    own[i].departed_at = at
                    own[i].returned_at = back.map { Instant.format(Millis.date($0)) }
                } else if covering == nil && exitNeedsLeave.contains(e.kind) {
                    alerts.append(NewAlert(kind: .exitWithoutLeave, studentNo: e.event.studentNo, at: e.event.at,
                                           detail: points[e.event.accessPoint]?.name ?? e.event.accessPoint,
                                           dedupe: "exit|\(e.event.accessPoint)|\(e.event.eventId)"))
                }
            case .in:
                if let i = own.firstIndex(where: { $0.returned_at == nil && ($0.departed_at ?? "~") <= at }) {
                    try await db.update("leaves").set("returned_at", to: at).where("id", .equal, own[i].id).run()
                    own[i].returned_at = at
                }
            }
            leaves[e.event.studentNo] = own
        }
        try await insertAlerts(alerts, school: school, db: db)
    }

    static func raiseDenied(_ events: [PlacedEvent], school: SchoolID, points: [String: AccessPoint], db: any SQLDatabase) async throws {
        let alerts = events.map { e in
            NewAlert(kind: .denied, studentNo: e.event.studentNo, at: e.event.at,
                     detail: "\(points[e.event.accessPoint]?.name ?? e.event.accessPoint) · \(e.event.direction == .in ? "进" : "出")",
                     dedupe: "denied|\(e.event.accessPoint)|\(e.event.eventId)")
        }
        try await insertAlerts(alerts, school: school, db: db)
    }

    struct NewAlert {
        var kind: AccessAlert.Kind
        var studentNo: String
        var at: Date
        var detail: String
        var dedupe: String
    }

    /// Inserts alerts not raised before (by `dedupe`); returns the students of those that were new.
    @discardableResult
    static func insertAlerts(_ alerts: [NewAlert], school: SchoolID, db: any SQLDatabase) async throws -> [String] {
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

extension Array {
    /// The array in consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
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
            try await Self.raiseDenied(unique.filter { !$0.event.granted }, school: school, points: [:], db: db)
        }
    }
}
