import CampusKit
import Foundation
import Logging
import Notifications
import ServiceLifecycle
import Web

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
    /// The couriers the configuration asks for: SMTP when `SHOUHU_SMTP_URL` is set, otherwise `.eml` files; and
    /// webhook POSTs.
    public static func couriers(_ config: AppConfig) throws -> [any Courier] {
        let from = MailAddress(config.mailFrom, name: "守护 Shouhu")
        let texts = try NoticeTexts.load()
        let webhooks = WebhookCourier(texts: texts, publicURL: config.publicURL)
        guard let url = config.smtpURL else {
            return [FileMailCourier(directory: URL(fileURLWithPath: config.mailDirectory), from: from, texts: texts, publicURL: config.publicURL), webhooks]
        }
        do {
            let client = SMTPClient(server: try SMTPServer(url: url, heloName: ProcessInfo.processInfo.hostName))
            return [EmailCourier(client: client, from: from, texts: texts, publicURL: config.publicURL), webhooks]
        } catch {
            throw ConfigError("SHOUHU_SMTP_URL: \(error)")
        }
    }

    /// The group `SHOUHU_WEBHOOK_URL` names: Shouhu's JSON, the whole school, the urgent kinds.
    static func fixedWebhooks(_ config: AppConfig) -> [WebhookTarget] {
        guard let url = config.webhookURL else { return [] }
        return [WebhookTarget(id: "env", name: "SHOUHU_WEBHOOK_URL", url: url, format: .json)]
    }
}
