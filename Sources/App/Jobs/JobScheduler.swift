import Foundation
import Logging
import ServiceLifecycle
import Storage

/// Ticks every `interval` and runs the jobs that are due, until the server shuts down.
struct JobScheduler: Service {
    let app: ShouhuApp
    let interval: Duration
    let logger: Logger
    /// Work done once before the first tick (the demo's history on `serve --demo`).
    var prelude: (@Sendable () async -> Void)?

    func run() async throws {
        // Shutdown cancels the wait between ticks, so stopping the server never waits for the next tick.
        try? await cancelWhenGracefulShutdown {
            if let prelude { await prelude() }
            while !Task.isCancelled {
                do {
                    let ran = try await app.runDueJobs()
                    for slot in ran { logger.info("job ran: \(slot)") }
                } catch {
                    logger.error("scheduled job failed (it will be retried): \(error)")
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}

/// One domain's scheduled work: run whatever is due now, once across servers, and say which slots ran.
protocol ScheduledJobs: Sendable {
    func runDue() async throws -> [String]
}

extension ShouhuApp {
    /// Every domain's scheduled work, in the order it runs each tick. A domain with scheduled work adds one entry.
    var scheduledJobs: [any ScheduledJobs] {
        let runs = SQLJobRuns(database: database)
        return [CheckInJobs(app: self, runs: runs), CaseJobs(app: self), GateJobs(app: self, runs: runs), TestingJobs(app: self, runs: runs),
                QuarantineJobs(app: self, runs: runs), RetentionJobs(app: self, runs: runs)]
    }

    /// Runs whatever scheduled work is due now; returns the slots that ran (the scheduler calls it every tick; tests
    /// call it directly).
    @discardableResult
    public func runDueJobs() async throws -> [String] {
        var ran: [String] = []
        for jobs in scheduledJobs { ran += try await jobs.runDue() }
        for slot in ran { ShouhuMetrics.jobRan(slot) }
        return ran
    }
}
