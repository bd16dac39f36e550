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
        // One counted row per student and day within the batch, by the domain's rule; the upsert settles it with the stored row.
        let days = Dictionary(grouping: batch) { $0.school }.map { ($0.key, CountedDay.days(of: $0.value.map(\.checkIn))) }
            .sorted { $0.0.rawValue < $1.0.rawValue }
        try await database.write(auditing: batch.compactMap(\.audit)) { db in
            let insert = db.insert(into: "checkins").columns(CheckInRow.columns)
            for row in rows { _ = insert.values(row.values.map { SQLBind($0) }) }
            try await insert.run()
            for (school, counted) in days { try await CountedDays.upsert(counted, school: school, db: db) }
        }
    }
}
