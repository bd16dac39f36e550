import CampusKit
import Foundation

/// Where the audit trail lives. It only appends; nothing updates or deletes a record.
public protocol AuditStore: Sendable {
    /// The key the store's chain is hashed with.
    var key: AuditKey { get }
    /// Appends `entries` after their school's head, in one transaction that also moves the sealed head, so
    /// concurrent appends form one chain.
    func append(_ entries: [AuditEntry]) async throws -> [AuditRecord]
    /// Records of one school in chain order, `limit` at a time after `seq`.
    func records(school: SchoolID, afterSeq: Int, limit: Int) async throws -> [AuditRecord]
    /// Newest first, matching `query`.
    func search(school: SchoolID, query: AuditQuery, limit: Int) async throws -> [AuditRecord]
    /// Schools that have records or a sealed head.
    func schools() async throws -> [SchoolID]
    /// The last record of each school that has one: what an outside anchor keeps.
    func lastRecords() async throws -> [AuditHead]
    /// The sealed head of each school, kept apart from the records and moved with every append.
    func sealedHeads() async throws -> [SealedAuditHead]
}

extension AuditStore {
    /// Appends one entry.
    public func append(_ entry: AuditEntry) async throws -> AuditRecord {
        guard let record = try await append([entry]).first else { throw DomainError(.unavailable, "审计记录未能写入 (the audit entry was not stored)") }
        return record
    }
}

/// The end of a school's chain: exported as JSON for an outside anchor, and given back to `verify`.
public struct AuditHead: Sendable, Equatable, Codable {
    public var school: SchoolID
    public var seq: Int
    public var hash: String
    public var at: Date
    public init(school: SchoolID, seq: Int, hash: String, at: Date) {
        self.school = school
        self.seq = seq
        self.hash = hash
        self.at = at
    }
}

/// A head as the store keeps it: the number and hash of the last appended record and their keyed seal.
public struct SealedAuditHead: Sendable, Equatable {
    public var school: SchoolID
    public var seq: Int
    public var hash: String
    public var mac: String
    public init(school: SchoolID, seq: Int, hash: String, mac: String) {
        self.school = school
        self.seq = seq
        self.hash = hash
        self.mac = mac
    }
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
