import CampusKit
import Foundation

/// Where the outbox's group robots and its dead letters are looked after.
public protocol OutboxAdministrationStore: Sendable {
    func webhooks(school: SchoolID) async throws -> [WebhookTarget]
    func add(_ target: WebhookTarget, school: SchoolID, at now: Date) async throws
    /// False when there is no such target.
    func removeWebhook(_ id: String, school: SchoolID) async throws -> Bool
    /// Deliveries other than in-app in a state, newest first.
    func deliveries(school: SchoolID, status: Delivery.Status, limit: Int) async throws -> [Delivery]
    /// Makes a dead delivery pending again, due at `now`, with its attempts counted afresh; false when it is not dead.
    func resend(_ id: String, school: SchoolID, at now: Date) async throws -> Bool
}

/// The administrator's side of the outbox: which groups hear of what by webhook, and the deliveries that gave up
/// (dead letters) with a way to send them again. Every change is audited.
public struct OutboxAdministration: Sendable {
    private let store: any OutboxAdministrationStore
    private let clock: any Clock
    private let audit: any AuditLog

    public init(store: any OutboxAdministrationStore, clock: any Clock, audit: any AuditLog) {
        self.store = store
        self.clock = clock
        self.audit = audit
    }

    /// Who looks after the outbox: the administrator.
    public static func mayManage(_ actor: Actor) -> Bool { actor.isAdmin && actor.kind == .staff }

    private func check(_ actor: Actor) throws {
        guard Self.mayManage(actor) else { throw DomainError.forbidden("只有管理员可以管理通知发送 (only administrators manage the outbox)") }
    }

    public func webhooks(by actor: Actor) async throws -> [WebhookTarget] {
        try check(actor)
        return try await store.webhooks(school: actor.school)
    }

    public func addWebhook(_ target: WebhookTarget, by actor: Actor) async throws -> WebhookTarget {
        try check(actor)
        var valid = try target.validated()
        valid.id = UUID().uuidString.lowercased()
        let now = clock.now()
        try await store.add(valid, school: actor.school, at: now)
        try await audit.record(AuditEntry(actor, at: now, action: "outbox.webhook.add", subject: valid.id,
                                          detail: valid.name))
        return valid
    }

    public func removeWebhook(_ id: String, by actor: Actor) async throws {
        try check(actor)
        guard try await store.removeWebhook(id, school: actor.school) else { throw DomainError.notFound("没有这个群机器人 (no such webhook)") }
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "outbox.webhook.remove", subject: id, detail: ""))
    }

    public func deliveries(_ status: Delivery.Status, by actor: Actor, limit: Int = 200) async throws -> [Delivery] {
        try check(actor)
        return try await store.deliveries(school: actor.school, status: status, limit: min(max(limit, 1), 1000))
    }

    public func resend(_ id: String, by actor: Actor) async throws {
        try check(actor)
        let now = clock.now()
        guard try await store.resend(id, school: actor.school, at: now) else {
            throw DomainError(.conflict, "这条通知不是发送失败状态，无需重发 (only a dead delivery is sent again)")
        }
        try await audit.record(AuditEntry(actor, at: now, action: "outbox.resend", subject: id, detail: ""))
    }
}
