import CampusKit
import Foundation

/// Records, searches and verifies the audit trail.
public struct AuditService: AuditLog {
    /// Where the chain is kept; a database write that holds this store's trail appends pending entries itself.
    public let store: any AuditStore

    public init(store: any AuditStore) { self.store = store }

    public func record(_ entry: AuditEntry) async throws {
        _ = try await store.append([entry])
    }

    public func record(_ entries: [AuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        _ = try await store.append(entries)
    }

    /// The newest records matching `query`; administrators only, and searching is itself audited.
    public func search(_ query: AuditQuery, limit: Int = 200, by actor: Actor, at now: Date) async throws -> [AuditRecord] {
        try requireAdmin(actor)
        // Each term with its field (`actor=T001; action=auth.signin`), so the page can say which was which.
        let terms = [("actor", query.actor), ("action", query.action), ("subject", query.subject)]
            .compactMap { field, value in value.map { "\(field)=\($0)" } }
        try await record(AuditEntry(actor, at: now, action: "audit.search", subject: terms.joined(separator: "; ")))
        return try await store.search(school: actor.school, query: query, limit: min(max(limit, 1), 1000))
    }

    /// The head of the actor's school's chain, to keep outside the system as an anchor; administrators only.
    public func head(by actor: Actor, at now: Date) async throws -> AuditHead? {
        try requireAdmin(actor)
        try await record(AuditEntry(actor, at: now, action: "audit.head.export", subject: actor.school.rawValue))
        return try await store.lastRecords().first { $0.school == actor.school }
    }

    /// The head of every school's chain (for `shouhu audit head`).
    public func heads() async throws -> [AuditHead] {
        try await store.lastRecords()
    }

    private func requireAdmin(_ actor: Actor) throws {
        guard actor.isAdmin else {
            throw DomainError.forbidden("只有管理员可以查看审计记录 (only administrators may read the audit trail)")
        }
    }
}
