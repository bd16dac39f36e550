import CampusKit
import Crypto
import Foundation

/// The tamper evidence of the audit trail: each record's hash covers its content and the previous record's
/// hash, so changing, removing or reordering any stored record breaks every hash after it.
public enum AuditChain {
    /// The "previous hash" of a school's first record.
    public static let genesis = String(repeating: "0", count: 64)

    /// The record that follows `previous` (nil for the first) with `entry`.
    public static func link(_ entry: AuditEntry, after previous: (seq: Int, hash: String)?) -> AuditRecord {
        let seq = (previous?.seq ?? 0) + 1
        let previousHash = previous?.hash ?? genesis
        return AuditRecord(seq: seq, entry: entry, previousHash: previousHash,
                           hash: hash(seq: seq, entry: entry, previousHash: previousHash))
    }

    /// SHA-256 over the canonical text of a record: fields separated by an ASCII unit separator, so no
    /// field's content can be shifted into another's.
    public static func hash(seq: Int, entry: AuditEntry, previousHash: String) -> String {
        let fields = [String(seq), entry.school.rawValue, canonicalTime(entry.at), entry.actorID, entry.actorName,
                      entry.action, entry.subject, entry.ip ?? "", entry.detail, previousHash]
        let digest = SHA256.hash(data: Data(fields.joined(separator: "\u{1F}").utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Milliseconds since 1970: the stored instant's precision, identical on both engines.
    static func canonicalTime(_ date: Date) -> String {
        String(Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// Checks records of one school in order; returns the first whose link or hash does not hold, or nil.
    public static func firstBreak(in records: [AuditRecord], after previous: (seq: Int, hash: String)?) -> AuditRecord? {
        var expectedSeq = (previous?.seq ?? 0) + 1
        var expectedPrevious = previous?.hash ?? genesis
        for record in records {
            guard record.seq == expectedSeq, record.previousHash == expectedPrevious,
                  record.hash == hash(seq: record.seq, entry: record.entry, previousHash: record.previousHash)
            else { return record }
            expectedSeq += 1
            expectedPrevious = record.hash
        }
        return nil
    }
}
