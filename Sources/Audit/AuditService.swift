import CampusKit
import Foundation

/// Records, searches and verifies the audit trail.
public struct AuditService: AuditLog {
    private let store: any AuditStore

    public init(store: any AuditStore) { self.store = store }

    public func record(_ entry: AuditEntry) async throws {
        _ = try await store.append(entry)
    }

    /// The newest records matching `query`; administrators only, and searching is itself audited.
    public func search(_ query: AuditQuery, limit: Int = 200, by actor: Actor, at now: Date) async throws -> [AuditRecord] {
        guard actor.isAdmin else {
            throw DomainError.forbidden("只有管理员可以查看审计记录 (only administrators may read the audit trail)")
        }
        try await record(AuditEntry(actor, at: now, action: "audit.search",
                                    subject: [query.actor, query.action, query.subject].compactMap { $0 }.joined(separator: " ")))
        return try await store.search(school: actor.school, query: query, limit: min(max(limit, 1), 1000))
    }

    /// The outcome of a verification: how many records were checked and the first broken one, if any.
    public struct Verification: Sendable, Equatable {
        public var checked: Int
        /// The first broken record's number, per school.
        public var broken: [SchoolID: Int]
        public var intact: Bool { broken.isEmpty }
        public init(checked: Int, broken: [SchoolID: Int]) {
            self.checked = checked
            self.broken = broken
        }
    }

    /// Walks every school's chain from the start, a page at a time.
    public func verify() async throws -> Verification {
        var result = Verification(checked: 0, broken: [:])
        for school in try await store.schools() {
            var previous: (seq: Int, hash: String)?
            while true {
                let page = try await store.records(school: school, afterSeq: previous?.seq ?? 0, limit: 5000)
                if page.isEmpty { break }
                if let bad = AuditChain.firstBreak(in: page, after: previous) {
                    result.broken[school] = bad.seq
                    result.checked += page.firstIndex(of: bad) ?? 0
                    break
                }
                result.checked += page.count
                previous = (page[page.count - 1].seq, page[page.count - 1].hash)
            }
        }
        return result
    }
}
