import Foundation
import Logging
import ServiceLifecycle

/// Ticks every `interval` and runs the jobs that are due, until the server shuts down.
struct JobScheduler: Service {
    let app: ShouhuApp
    let interval: Duration
    let logger: Logger

    func run() async throws {
        // Shutdown cancels the wait between ticks, so stopping the server never waits for the next tick.
        try? await cancelWhenGracefulShutdown {
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
