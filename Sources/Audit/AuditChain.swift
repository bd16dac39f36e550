import CampusKit
import Crypto
import Foundation

/// The tamper evidence of the audit trail: each record's hash covers its content and the previous record's
/// hash, so changing, removing or reordering any stored record breaks every hash after it.
///
/// Version 2 hashes are HMAC-SHA256 under the `AuditKey`, which the database does not hold: rebuilding the chain
/// after a change needs the key. Version 1 (plain SHA-256) is how records were hashed before the key existed;
/// they still verify, but only before a school's first version 2 record.
public enum AuditChain {
    /// The "previous hash" of a school's first record.
    public static let genesis = String(repeating: "0", count: 64)
    /// The hash version of records written now.
    public static let currentVersion = 2

    /// The record that follows `previous` (nil for the first) with `entry`, keyed with `key`.
    public static func link(_ entry: AuditEntry, after previous: (seq: Int, hash: String)?, key: AuditKey) -> AuditRecord {
        let seq = (previous?.seq ?? 0) + 1
        let previousHash = previous?.hash ?? genesis
        return AuditRecord(seq: seq, entry: entry, previousHash: previousHash,
                           hash: hash(seq: seq, entry: entry, previousHash: previousHash, version: currentVersion, key: key),
                           version: currentVersion)
    }

    /// The hash of a record under `version`: the fields separated by an ASCII unit separator, so no field's content
    /// can be shifted into another's; SHA-256 for version 1, HMAC-SHA256 under `key` for version 2.
    public static func hash(seq: Int, entry: AuditEntry, previousHash: String, version: Int, key: AuditKey) -> String {
        let fields = [String(seq), entry.school.rawValue, canonicalTime(entry.at), entry.actorID, entry.actorName,
                      entry.action, entry.subject, entry.ip ?? "", entry.detail, previousHash]
        let text = fields.joined(separator: "\u{1F}")
        if version == 1 {
            return Hex.lowercase(SHA256.hash(data: Data(text.utf8)))
        }
        return key.mac("v\(version)\u{1F}" + text)
    }

    /// The keyed seal of a school's head (its last record's number and hash), stored apart from the records so
    /// removing records from the end no longer matches it.
    public static func headMAC(school: SchoolID, seq: Int, hash: String, key: AuditKey) -> String {
        key.mac(["head", school.rawValue, String(seq), hash].joined(separator: "\u{1F}"))
    }

    /// Milliseconds since 1970: the stored instant's precision, identical on both engines.
    static func canonicalTime(_ date: Date) -> String {
        String(Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// Checks records of one school in order; returns the first whose link or hash does not hold, or nil.
    /// `keyed` says whether a version 2 record came before `records`: after one, version 1 no longer counts.
    public static func firstBreak(in records: [AuditRecord], after previous: (seq: Int, hash: String)?, key: AuditKey,
                                  keyed: Bool = false) -> AuditRecord? {
        var expectedSeq = (previous?.seq ?? 0) + 1
        var expectedPrevious = previous?.hash ?? genesis
        var keyed = keyed
        for record in records {
            guard record.seq == expectedSeq, record.previousHash == expectedPrevious,
                  record.version == 1 && !keyed || record.version == currentVersion,
                  record.hash == hash(seq: record.seq, entry: record.entry, previousHash: record.previousHash,
                                      version: record.version, key: key)
            else { return record }
            keyed = keyed || record.version != 1
            expectedSeq += 1
            expectedPrevious = record.hash
        }
        return nil
    }
}

extension DomainError {
    /// Appending stops when the sealed head does not hold: tampering an append must not paper over.
    public static let auditHeadBroken = DomainError(
        .unavailable, "审计链头签名无效，已停止写入审计记录，请管理员运行 shouhu audit verify 核查 (the audit head's seal does not hold; run shouhu audit verify)")
    /// Appending stops when a keyed chain has lost its head.
    public static let auditHeadMissing = DomainError(
        .unavailable, "审计链头缺失，已停止写入审计记录，请管理员运行 shouhu audit verify 核查 (the audit head is missing; run shouhu audit verify)")
}
