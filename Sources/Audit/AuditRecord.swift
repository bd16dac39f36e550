import CampusKit
import Foundation

/// An entry as stored in the chain: numbered per school, carrying its predecessor's hash and its own.
public struct AuditRecord: Sendable, Equatable {
    public var seq: Int
    public var entry: AuditEntry
    public var previousHash: String
    public var hash: String

    public init(seq: Int, entry: AuditEntry, previousHash: String, hash: String) {
        self.seq = seq
        self.entry = entry
        self.previousHash = previousHash
        self.hash = hash
    }
}
