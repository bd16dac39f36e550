import Audit
import CampusKit
import Foundation
import SQLKit

/// The audit trail on SQLite or PostgreSQL: records in `audit_events`, each school's sealed head in `audit_heads`.
public struct SQLAuditStore: AuditStore {
    let database: Database
    public let key: AuditKey

    public init(database: Database, key: AuditKey) {
        self.database = database
        self.key = key
    }

    struct Row: Codable, Sendable {
        var school_id: String
        var seq: Int
        var at: String
        var at_ms: Int64
        var actor_id: String
        var actor_name: String
        var action: String
        var subject: String
        var ip: String?
        var detail: String
        var prev_hash: String
        var hash: String
        var hash_version: Int

        init(_ r: AuditRecord) {
            school_id = r.entry.school.rawValue
            seq = r.seq
            at = Instant.format(r.entry.at)
            at_ms = Int64((r.entry.at.timeIntervalSince1970 * 1000).rounded())
            actor_id = r.entry.actorID
            actor_name = r.entry.actorName
            action = r.entry.action
            subject = r.entry.subject
            ip = r.entry.ip
            detail = r.entry.detail
            prev_hash = r.previousHash
            hash = r.hash
            hash_version = r.version
        }

        var record: AuditRecord {
            AuditRecord(seq: seq, entry: AuditEntry(school: SchoolID(school_id), at: Date(timeIntervalSince1970: Double(at_ms) / 1000),
                                                    actorID: actor_id, actorName: actor_name, action: action, subject: subject,
                                                    ip: ip, detail: detail),
                        previousHash: prev_hash, hash: hash, version: hash_version)
        }
    }

    public func append(_ entries: [AuditEntry]) async throws -> [AuditRecord] {
        guard !entries.isEmpty else { return [] }
        return try await database.write { db in try await self.append(entries, on: db) }
    }

    /// Appends `entries` inside the caller's transaction `db` (used by `Database.write` for pending entries).
    func append(_ entries: [AuditEntry], on db: any SQLDatabase) async throws -> [AuditRecord] {
        var appended: [AuditRecord] = []
        var schools: [SchoolID] = []
        for entry in entries where !schools.contains(entry.school) { schools.append(entry.school) }
        for school in schools {
            appended += try await append(entries.filter { $0.school == school }, school: school, on: db)
        }
        return appended
    }

    private func append(_ entries: [AuditEntry], school: SchoolID, on db: any SQLDatabase) async throws -> [AuditRecord] {
        if database.engine == .postgres {
            // One chain per school: concurrent appends queue here instead of forking the chain.
            try await db.raw("SELECT pg_advisory_xact_lock(4242002, hashtext(\(bind: school.rawValue)))").run()
        }
        var previous = try await chainEnd(school: school, on: db)
        var records: [AuditRecord] = []
        for entry in entries {
            var stored = entry
            // Store what the chain hashes: millisecond precision.
            stored.at = Date(timeIntervalSince1970: (entry.at.timeIntervalSince1970 * 1000).rounded() / 1000)
            let record = AuditChain.link(stored, after: previous, key: key)
            records.append(record)
            previous = (record.seq, record.hash)
        }
        for chunk in stride(from: 0, to: records.count, by: 500) {
            try await db.insert(into: "audit_events").models(records[chunk..<min(chunk + 500, records.count)].map(Row.init)).run()
        }
        if let last = records.last {
            let mac = AuditChain.headMAC(school: school, seq: last.seq, hash: last.hash, key: key)
            try await db.raw("""
                INSERT INTO audit_heads (school_id, seq, hash, at, mac) VALUES (\(bind: school.rawValue), \(bind: last.seq), \(bind: last.hash), \(bind: Instant.format(last.entry.at)), \(bind: mac))
                ON CONFLICT (school_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, at = excluded.at, mac = excluded.mac
                """).run()
        }
        return records
    }

    /// Where the next record links: after the sealed head, so records removed from the end stay a visible gap.
    /// A head whose seal does not hold, or a keyed chain without a head, is tampering that appending must not
    /// paper over: the append is refused until an administrator has looked (`shouhu audit verify`).
    private func chainEnd(school: SchoolID, on db: any SQLDatabase) async throws -> (seq: Int, hash: String)? {
        struct Head: Decodable { var seq: Int; var hash: String; var mac: String }
        struct Last: Decodable { var seq: Int; var hash: String; var hash_version: Int }
        let head = try await db.select().columns("seq", "hash", "mac").from("audit_heads")
            .where("school_id", .equal, school.rawValue).first(decoding: Head.self)
        if let head {
            guard head.mac == AuditChain.headMAC(school: school, seq: head.seq, hash: head.hash, key: key) else {
                throw DomainError.auditHeadBroken
            }
            return (head.seq, head.hash)
        }
        let last = try await db.select().columns("seq", "hash", "hash_version").from("audit_events")
            .where("school_id", .equal, school.rawValue).orderBy("seq", .descending).limit(1)
            .first(decoding: Last.self)
        if let last, last.hash_version != 1 {
            throw DomainError.auditHeadMissing
        }
        return last.map { ($0.seq, $0.hash) }
    }

    public func records(school: SchoolID, afterSeq: Int, limit: Int) async throws -> [AuditRecord] {
        try await database.read { db in
            try await db.select().column("*").from("audit_events").where("school_id", .equal, school.rawValue)
                .where("seq", .greaterThan, afterSeq).orderBy("seq").limit(limit).all(decoding: Row.self).map(\.record)
        }
    }

    public func search(school: SchoolID, query: AuditQuery, limit: Int) async throws -> [AuditRecord] {
        try await database.read { db in
            let q = db.select().column("*").from("audit_events").where("school_id", .equal, school.rawValue)
            if let v = query.actor { q.where("actor_name", .equal, v) }
            if let v = query.action { q.where("action", .like, "\(v)%") }
            if let v = query.subject { q.where("subject", .equal, v) }
            if let v = query.from { q.where("at", .greaterThanOrEqual, Instant.format(v)) }
            if let v = query.to { q.where("at", .lessThan, Instant.format(v)) }
            return try await q.orderBy("seq", .descending).limit(limit).all(decoding: Row.self).map(\.record)
        }
    }

    public func schools() async throws -> [SchoolID] {
        try await database.read { db in
            try await db.raw("SELECT school_id FROM audit_events UNION SELECT school_id FROM audit_heads ORDER BY school_id")
                .all(decodingColumn: "school_id", as: String.self).map(SchoolID.init)
        }
    }

    public func lastRecords() async throws -> [AuditHead] {
        try await database.read { db in
            try await db.raw("""
                SELECT e.* FROM audit_events e
                JOIN (SELECT school_id, MAX(seq) AS seq FROM audit_events GROUP BY school_id) m ON m.school_id = e.school_id AND m.seq = e.seq
                ORDER BY e.school_id
                """).all(decoding: Row.self).map { row in
                    AuditHead(school: SchoolID(row.school_id), seq: row.seq, hash: row.hash, at: row.record.entry.at)
                }
        }
    }

    public func sealedHeads() async throws -> [SealedAuditHead] {
        struct Head: Decodable { var school_id: String; var seq: Int; var hash: String; var mac: String }
        return try await database.read { db in
            try await db.select().columns("school_id", "seq", "hash", "mac").from("audit_heads").orderBy("school_id")
                .all(decoding: Head.self).map { SealedAuditHead(school: SchoolID($0.school_id), seq: $0.seq, hash: $0.hash, mac: $0.mac) }
        }
    }
}
