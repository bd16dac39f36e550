import CampusKit
import CheckIns
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Writes ordinary check-ins (no idempotency key, nothing abnormal) that arrive together as one transaction with
/// two multi-row statements, instead of one transaction and two statements each. Callers resume only once their
/// batch is committed (durable on SQLite with `synchronous=FULL`); if the batch fails, every caller in it gets the
/// error and none of its check-ins is stored.
final class CheckInBatcher: Sendable {
    private struct Waiting: Sendable {
        let checkIn: CheckIn
        let school: SchoolID
        /// The caller's pending audit entries, captured on its task: they commit with its check-in.
        let audit: AuditBatch?
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var pending: [Waiting] = []
        var flushing = false
    }

    private let database: Database
    private let state = NIOLockedValueBox(State())
    /// Check-ins per statement at most (19 values a row keeps a statement under the engines' bind limits).
    private let maximumBatch = 400

    init(database: Database) { self.database = database }

    func record(_ checkIn: CheckIn, school: SchoolID) async throws {
        let audit = AuditBatch.current
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let start = state.withLockedValue { s -> Bool in
                s.pending.append(Waiting(checkIn: checkIn, school: school, audit: audit, continuation: continuation))
                if s.flushing { return false }
                s.flushing = true
                return true
            }
            // Detached: the flush serves many callers and must not carry the first one's task-locals.
            if start { Task.detached { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let batch: [Waiting] = state.withLockedValue { s in
                let n = min(s.pending.count, maximumBatch)
                let batch = Array(s.pending.prefix(n))
                s.pending.removeFirst(n)
                if batch.isEmpty { s.flushing = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                try await write(batch)
                for w in batch { w.continuation.resume() }
            } catch {
                for w in batch { w.continuation.resume(throwing: error) }
            }
        }
    }

    private func write(_ batch: [Waiting]) async throws {
        let rows = batch.map { CheckInRow($0.checkIn, school: $0.school) }
        // One counted row per student and day within the batch: the latest, on time if any of them was.
        var counted: [String: (row: CheckInRow, abnormal: Int, late: Int)] = [:]
        for (w, row) in zip(batch, rows) {
            let key = "\(row.school_id)|\(row.day)|\(row.student_no)"
            let abnormal = w.checkIn.abnormal ? 1 : 0
            if let seen = counted[key] {
                let late = min(seen.late, row.late)
                counted[key] = seen.row.submitted_at > row.submitted_at ? (seen.row, seen.abnormal, late) : (row, abnormal, late)
            } else {
                counted[key] = (row, abnormal, row.late)
            }
        }
        let days = counted.values.sorted { $0.row.id < $1.row.id }
        try await database.write(auditing: batch.compactMap(\.audit)) { db in
            let insert = db.insert(into: "checkins").columns(CheckInRow.columns)
            for row in rows { _ = insert.values(row.values.map { SQLBind($0) }) }
            try await insert.run()
            var values = SQLQueryString("")
            for (i, d) in days.enumerated() {
                if i > 0 { values.appendInterpolation(unsafeRaw: ", ") }
                values.appendInterpolation(unsafeRaw: "(")
                values.appendInterpolation(SQLList([SQLBind(d.row.school_id), SQLBind(d.row.day), SQLBind(d.row.student_no), SQLBind(d.row.id),
                                                    SQLBind(d.abnormal), SQLBind(d.late), SQLBind(d.row.submitted_at)]))
                values.appendInterpolation(unsafeRaw: ")")
            }
            // VALUES columns are column1… on both engines; the students' units and status are copied in as on a single check-in.
            try await db.raw("""
                INSERT INTO checkin_days (school_id, day, student_no, checkin_id, abnormal, late, submitted_at,
                                          status, campus, building, floor, room, college, class_name)
                SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7,
                       s.status, s.campus, s.building, s.floor, s.room, s.college, s.class_name
                FROM (VALUES \(values)) AS v JOIN students s ON s.school_id = v.column1 AND s.student_no = v.column3
                WHERE true
                ON CONFLICT (school_id, day, student_no) DO UPDATE SET checkin_id = excluded.checkin_id, abnormal = excluded.abnormal,
                    late = CASE WHEN checkin_days.late = 0 THEN 0 ELSE excluded.late END, submitted_at = excluded.submitted_at
                WHERE checkin_days.submitted_at <= excluded.submitted_at
                """).run()
        }
    }
}
