import CampusKit
import Foundation

/// How a notification travels (CONTRACT.md, Notifications): the in-app inbox, e-mail over SMTP, or a webhook POST.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case inapp, email, webhook
}

/// One row of the outbox waiting for a channel other than the inbox: a message, the channel, whom it is for and
/// where it goes (an e-mail address, a webhook's URL), and how its delivery has gone so far.
public struct Delivery: Sendable, Equatable {
    public enum Status: String, Sendable, Codable { case pending, delivered, dead }

    /// The row's own id (one per message, channel and recipient).
    public var id: String
    /// The message this delivers; the same across its channels.
    public var messageID: String
    public var channel: Channel
    public var recipient: String
    /// The e-mail address or the webhook URL.
    public var address: String
    public var kind: InboxMessage.Kind
    public var subject: String
    public var body: String
    public var link: String?
    public var createdAt: Date
    /// When it may be sent: now, or the end of the recipient's quiet hours for what is not urgent.
    public var dueAt: Date
    public var status: Status
    /// Attempts made so far.
    public var attempts: Int
    /// What the receiving server answered when it took the message (an SMTP queue id, an HTTP status).
    public var receipt: String?
    public var lastError: String?
    /// The words as catalog template and values (see `Wording`), when the message has them.
    public var wording: Wording?
    /// The language it is to be read in: the recipient's or the group's.
    public var language: String
    /// A webhook's body shape; nil on other channels.
    public var format: WebhookFormat?

    public init(id: String, messageID: String, channel: Channel, recipient: String, address: String, kind: InboxMessage.Kind,
                subject: String, body: String, link: String?, createdAt: Date, dueAt: Date? = nil, status: Status = .pending,
                attempts: Int = 0, receipt: String? = nil, lastError: String? = nil, wording: Wording? = nil, language: String = "zh-CN",
                format: WebhookFormat? = nil) {
        self.id = id
        self.messageID = messageID
        self.channel = channel
        self.recipient = recipient
        self.address = address
        self.kind = kind
        self.subject = subject
        self.body = body
        self.link = link
        self.createdAt = createdAt
        self.dueAt = dueAt ?? createdAt
        self.status = status
        self.attempts = attempts
        self.receipt = receipt
        self.lastError = lastError
        self.wording = wording
        self.language = language
        self.format = format
    }
}

/// What became of one delivery attempt.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The receiving server took it; its answer is the receipt.
    case delivered(receipt: String)
    /// Worth trying again later: the server was unreachable, busy (4xx, 5xx over HTTP) or timed out.
    case transient(String)
    /// Trying again cannot help: a malformed address, a 5xx SMTP answer, a message over the receiver's limit.
    case permanent(String)
}

/// When to try again: exponential backoff from `first`, capped at `longest`; after `attempts` failures the delivery
/// is dead (a dead letter people can see and send again), so one unreachable server never blocks the rest.
public struct RetryPolicy: Sendable, Equatable {
    public var first: TimeInterval
    public var longest: TimeInterval
    public var attempts: Int

    public init(first: TimeInterval = 30, longest: TimeInterval = 3600, attempts: Int = 8) {
        self.first = first
        self.longest = longest
        self.attempts = attempts
    }

    /// When the next attempt is due after `failures` failed attempts, or nil when the delivery is to be given up.
    public func nextAttempt(after failures: Int, at now: Date) -> Date? {
        guard failures < attempts else { return nil }
        let wait = min(longest, first * pow(2, Double(max(failures - 1, 0))))
        return now.addingTimeInterval(wait)
    }
}

/// Carries deliveries of one channel (an SMTP client, an HTTP client): one outcome per delivery, in order.
public protocol Courier: Sendable {
    var channel: Channel { get }
    func deliver(_ batch: [Delivery]) async -> [DeliveryOutcome]
}

/// Where the outbox's deliveries live.
public protocol OutboxStore: Sendable {
    /// Leases up to `limit` pending deliveries of `channel` due at `now` to `worker` until `until` (a delivery leased
    /// to a worker that died is leased again once its lease ends), oldest first.
    func lease(school: SchoolID, channel: Channel, limit: Int, worker: String, until: Date, now: Date) async throws -> [Delivery]
    /// Records the outcome of one leased attempt: delivered with its receipt, or failed with the next attempt's time
    /// (nil: dead). Only the worker holding the lease may record; false when it no longer holds it.
    func record(_ id: String, school: SchoolID, worker: String, outcome: DeliveryOutcome, nextAttempt: Date?, at now: Date) async throws -> Bool
    /// Records a batch's outcomes at once (one transaction where the store has them); the ids recorded, those whose
    /// lease `worker` still held.
    func record(_ attempts: [Attempt], school: SchoolID, worker: String, at now: Date) async throws -> Set<String>
}

/// One delivery attempt's outcome, with when to try again (nil: never — delivered or dead).
public struct Attempt: Sendable, Equatable {
    public var id: String
    public var outcome: DeliveryOutcome
    public var nextAttempt: Date?

    public init(id: String, outcome: DeliveryOutcome, nextAttempt: Date?) {
        self.id = id
        self.outcome = outcome
        self.nextAttempt = nextAttempt
    }
}

extension OutboxStore {
    /// One by one, for stores without transactions.
    public func record(_ attempts: [Attempt], school: SchoolID, worker: String, at now: Date) async throws -> Set<String> {
        var recorded = Set<String>()
        for a in attempts where try await record(a.id, school: school, worker: worker, outcome: a.outcome, nextAttempt: a.nextAttempt, at: now) {
            recorded.insert(a.id)
        }
        return recorded
    }
}

/// Sends what the outbox holds, channel by channel, in batches: the outcomes of a batch are recorded together as soon
/// as the courier returns them, so a restart resends nothing already recorded and loses nothing not yet sent — at
/// worst a batch in flight when the server died is sent again once its lease ends (its rows keep their ids as
/// Message-IDs and Idempotency-Keys, so receivers can tell).
public struct Dispatcher: Sendable {
    let store: any OutboxStore
    let couriers: [any Courier]
    let policy: RetryPolicy
    let clock: any Clock
    /// How long a lease lasts: longer than a batch takes, short enough that a dead server's batch is soon taken over.
    let lease: TimeInterval
    let batchSize: Int

    public init(store: any OutboxStore, couriers: [any Courier], policy: RetryPolicy = RetryPolicy(), clock: any Clock,
                lease: TimeInterval = 120, batchSize: Int = 200) {
        self.store = store
        self.couriers = couriers
        self.policy = policy
        self.clock = clock
        self.lease = lease
        self.batchSize = batchSize
    }

    /// What one round did.
    public struct Round: Sendable, Equatable {
        public var delivered = 0
        public var retrying = 0
        public var dead = 0
        public init() {}
        public var isEmpty: Bool { delivered + retrying + dead == 0 }
    }

    /// One batch per channel: lease, deliver, record each outcome.
    public func runOnce(school: SchoolID, worker: String) async throws -> Round {
        var round = Round()
        for courier in couriers {
            let now = clock.now()
            let batch = try await store.lease(school: school, channel: courier.channel, limit: batchSize, worker: worker, until: now.addingTimeInterval(lease), now: now)
            guard !batch.isEmpty else { continue }
            let outcomes = await courier.deliver(batch)
            let at = clock.now()
            let attempts = zip(batch, outcomes + Array(repeating: .transient("no outcome"), count: max(0, batch.count - outcomes.count))).map { delivery, outcome in
                let next: Date? = switch outcome {
                case .delivered: nil
                case .transient: policy.nextAttempt(after: delivery.attempts + 1, at: at)
                case .permanent: nil
                }
                return Attempt(id: delivery.id, outcome: outcome, nextAttempt: next)
            }
            let recorded = try await store.record(attempts, school: school, worker: worker, at: at)
            for attempt in attempts where recorded.contains(attempt.id) {
                let (outcome, next) = (attempt.outcome, attempt.nextAttempt)
                switch outcome {
                case .delivered: round.delivered += 1
                case .transient: if next == nil { round.dead += 1 } else { round.retrying += 1 }
                case .permanent: round.dead += 1
                }
            }
        }
        return round
    }
}
