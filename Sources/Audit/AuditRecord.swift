import CampusKit
import Foundation

/// An entry as stored in the chain: numbered per school, carrying its predecessor's hash and its own.
public struct AuditRecord: Sendable, Equatable {
    public var seq: Int
    public var entry: AuditEntry
    public var previousHash: String
    public var hash: String
    /// How `hash` was computed: 1 plain SHA-256 (records from before the key), 2 HMAC-SHA256 under the audit key.
    public var version: Int

    public init(seq: Int, entry: AuditEntry, previousHash: String, hash: String, version: Int = AuditChain.currentVersion) {
        self.seq = seq
        self.entry = entry
        self.previousHash = previousHash
        self.hash = hash
        self.version = version
    }
}
