import Foundation
import Logging
import NIOConcurrencyHelpers
import SQLKit

/// Serialises writes on SQLite's single writer connection and commits the transactions that arrive
/// together in one batch: one fsync for many writes (group commit).
///
/// Each job of a batch of several runs inside its own SAVEPOINT, so a job that throws is rolled back alone and the
/// others in its batch still commit; a job alone in its batch needs none. A job's caller is resumed only after the
/// batch's COMMIT returned, i.e. once the write is durable under `synchronous=FULL`.
final class GroupCommitQueue: Sendable {
    private struct Job: Sendable {
        /// Runs the work; false when it threw, so its changes must be rolled back.
        let run: @Sendable (any SQLDatabase) async -> Bool
        /// Resumes the caller with the work's result, or with the commit's error.
        let finish: @Sendable (_ commitError: (any Error)?) -> Void
    }

    private enum Admission { case refused, queued, startDrain }

    private struct State {
        var pending: [Job] = []
        var draining = false
        var stopped = false
    }

    private let database: any SQLDatabase
    private let logger: Logger
    private let state = NIOLockedValueBox(State())
    /// At most this many transactions share one commit, so one batch cannot hold the writer too long.
    private let maximumBatch = 256

    init(database: any SQLDatabase, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Whether the writer is working and how many transactions wait for it.
    var depth: (writing: Bool, waiting: Int) { state.withLockedValue { ($0.draining, $0.pending.count) } }

    /// Runs `body` in a transaction and returns its result once committed.
    func submit<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let outcome = NIOLockedValueBox<Result<T, any Error>>(.failure(DatabaseError.closed))
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { db in
                    do {
                        let value = try await body(db)
                        outcome.withLockedValue { $0 = .success(value) }
                        return true
                    } catch {
                        outcome.withLockedValue { $0 = .failure(error) }
                        return false
                    }
                },
                finish: { commitError in
                    switch outcome.withLockedValue({ $0 }) {
                    case .failure(let error): continuation.resume(throwing: error)
                    case .success(let value):
                        if let commitError { continuation.resume(throwing: commitError) } else { continuation.resume(returning: value) }
                    }
                })
            let admission: Admission = state.withLockedValue { s in
                if s.stopped { return .refused }
                s.pending.append(job)
                if s.draining { return .queued }
                s.draining = true
                return .startDrain
            }
            switch admission {
            case .refused: continuation.resume(throwing: DatabaseError.closed)
            case .queued: break
            // Detached: the writer must not inherit the first caller's task-locals (its pending audit entries).
            case .startDrain: Task.detached { await self.drain() }
            }
        }
    }

    private func drain() async {
        while true {
            let batch: [Job] = state.withLockedValue { s in
                let n = min(s.pending.count, maximumBatch)
                let batch = Array(s.pending.prefix(n))
                s.pending.removeFirst(n)
                if batch.isEmpty { s.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            await commit(batch)
        }
    }

    private func commit(_ batch: [Job]) async {
        do {
            try await database.raw("BEGIN IMMEDIATE").run()
        } catch {
            for job in batch { job.finish(error) }
            return
        }
        if batch.count == 1, let job = batch.first {
            // Alone in its batch: no savepoint (each one costs a sub-journal of every page it changes); a failure
            // rolls the whole transaction back, which is only this job's.
            if await job.run(database) {
                await commitOrFail(batch)
            } else {
                try? await database.raw("ROLLBACK").run()
                job.finish(nil)
            }
            return
        }
        for job in batch {
            do {
                try await database.raw("SAVEPOINT job").run()
                if await job.run(database) == false {
                    // Undo only this job's changes; the rest of the batch still commits.
                    try await database.raw("ROLLBACK TO job").run()
                }
                try await database.raw("RELEASE job").run()
            } catch {
                logger.error("savepoint failed: \(error)")
            }
        }
        await commitOrFail(batch)
    }

    private func commitOrFail(_ batch: [Job]) async {
        do {
            try await database.raw("COMMIT").run()
            for job in batch { job.finish(nil) }
        } catch {
            try? await database.raw("ROLLBACK").run()
            for job in batch { job.finish(error) }
        }
    }

    /// Lets queued jobs finish, then refuses new ones.
    func drainAndStop() async {
        while state.withLockedValue({ $0.draining || !$0.pending.isEmpty }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
        state.withLockedValue { $0.stopped = true }
    }
}
