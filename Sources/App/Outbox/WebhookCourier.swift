import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Notifications
import Web

/// Carries webhook deliveries: a JSON POST each (Shouhu's own shape or a WeCom / DingTalk robot's), a few at a time.
/// The receiver's answer decides (`WebhookFormat.outcome`); an unreachable receiver or a timeout is worth trying
/// again. Redirects are not followed: a webhook's URL is where the administrator said, nowhere else.
struct WebhookCourier: Courier {
    let channel: Notifications.Channel = .webhook
    let texts: NoticeTexts
    let publicURL: String?
    /// At most this many POSTs at once.
    let concurrency: Int

    init(texts: NoticeTexts, publicURL: String?, concurrency: Int = 8) {
        self.texts = texts
        self.publicURL = publicURL
        self.concurrency = concurrency
    }

    /// One client for the process: it lives as long as the process does, so it is never shut down under a request.
    static let client = HTTPClient(
        eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                timeout: .init(connect: .seconds(5), read: .seconds(15)),
                                                decompression: .disabled))

    func deliver(_ batch: [Delivery]) async -> [DeliveryOutcome] {
        var outcomes = [DeliveryOutcome?](repeating: nil, count: batch.count)
        await withTaskGroup(of: (Int, DeliveryOutcome).self) { group in
            var next = 0
            func start() {
                let index = next
                let delivery = batch[index]
                next += 1
                group.addTask { (index, await post(delivery)) }
            }
            while next < min(concurrency, batch.count) { start() }
            while let (index, outcome) = await group.next() {
                outcomes[index] = outcome
                if next < batch.count { start() }
            }
        }
        return outcomes.map { $0 ?? .transient("no outcome") }
    }

    /// The body one delivery posts: its words in the group's language, an absolute link when the server knows its address.
    func payload(_ d: Delivery) -> Data {
        let format = d.format ?? .json
        let words = texts.words(of: d)
        return format.payload(d, words: words, link: texts.link(d.link, base: publicURL), more: texts.text("notice_more", language: d.language))
    }

    private func post(_ d: Delivery) async -> DeliveryOutcome {
        let format = d.format ?? .json
        var request = HTTPClientRequest(url: d.address)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "User-Agent", value: "Shouhu")
        // The row's id: a copy sent again after a crash carries the same key, so a receiver can drop it.
        request.headers.add(name: "Idempotency-Key", value: d.id)
        request.body = .bytes(ByteBuffer(bytes: Array(payload(d))))
        do {
            let response = try await Self.client.execute(request, timeout: .seconds(20))
            let body = try await response.body.collect(upTo: 64 * 1024)
            return format.outcome(status: Int(response.status.code), body: Data(body.readableBytesView))
        } catch let error as HTTPClientError where error == .invalidURL || error == .emptyHost {
            return .permanent("\(error)")
        } catch {
            return .transient("\(error)")
        }
    }
}
