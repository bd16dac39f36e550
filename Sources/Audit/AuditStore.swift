import CampusKit
import Foundation

/// Where the audit trail lives. It only appends; nothing updates or deletes a record.
public protocol AuditStore: Sendable {
    /// Appends `entry` after the school's last record, in one transaction, so concurrent appends form one chain.
    func append(_ entry: AuditEntry) async throws -> AuditRecord
    /// Records of one school in chain order, `limit` at a time after `seq`.
    func records(school: SchoolID, afterSeq: Int, limit: Int) async throws -> [AuditRecord]
    /// Newest first, matching `query`.
    func search(school: SchoolID, query: AuditQuery, limit: Int) async throws -> [AuditRecord]
    /// Schools that have records.
    func schools() async throws -> [SchoolID]
}

/// What an administrator looks for in the audit trail; empty fields match everything.
public struct AuditQuery: Sendable, Equatable {
    public var actor: String?
    public var action: String?
    public var subject: String?
    public var from: Date?
    public var to: Date?
    public init(actor: String? = nil, action: String? = nil, subject: String? = nil, from: Date? = nil, to: Date? = nil) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.from = from
        self.to = to
    }
}
