import CampusKit
import Foundation
import Logging
import Notifications
import ServiceLifecycle

/// Delivers the outbox while the server runs: a round as soon as the last one found work, otherwise every
/// `interval`. Several servers may run one each: leases keep them from sending a row twice.
struct OutboxDispatch: Service {
    let app: ShouhuApp
    let interval: Duration
    let logger: Logger

    func run() async throws {
        let worker = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                var busy = false
                do {
                    let round = try await app.outbox.runOnce(school: app.school, worker: worker)
                    busy = !round.isEmpty
                    if !round.isEmpty {
                        logger.info("outbox: \(round.delivered) delivered, \(round.retrying) to retry, \(round.dead) dead")
                    }
                } catch {
                    logger.error("outbox round failed (it will be retried): \(error)")
                }
                if !busy { try await Task.sleep(for: interval) }
            }
        }
    }
}

extension ShouhuApp {
    /// The couriers the configuration asks for: SMTP when `SHOUHU_SMTP_URL` is set, otherwise `.eml` files.
    public static func couriers(_ config: AppConfig) throws -> [any Courier] {
        let from = MailAddress(config.mailFrom, name: "守护 Shouhu")
        guard let url = config.smtpURL else {
            return [FileMailCourier(directory: URL(fileURLWithPath: config.mailDirectory), from: from)]
        }
        do {
            return [EmailCourier(client: SMTPClient(server: try SMTPServer(url: url, heloName: ProcessInfo.processInfo.hostName)), from: from)]
        } catch {
            throw ConfigError("SHOUHU_SMTP_URL: \(error)")
        }
    }
}
