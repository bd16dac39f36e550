import Audit
import CampusKit
import Foundation
import SQLKit

/// The audit trail on SQLite or PostgreSQL.
public struct SQLAuditStore: AuditStore {
    let database: Database

    public init(database: Database) { self.database = database }

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
        }

        var record: AuditRecord {
            AuditRecord(seq: seq, entry: AuditEntry(school: SchoolID(school_id), at: Date(timeIntervalSince1970: Double(at_ms) / 1000),
                                                    actorID: actor_id, actorName: actor_name, action: action, subject: subject,
                                                    ip: ip, detail: detail),
                        previousHash: prev_hash, hash: hash)
        }
    }

    public func append(_ entry: AuditEntry) async throws -> AuditRecord {
        let engine = database.engine
        return try await database.write { db in
            if engine == .postgres {
                // One chain per school: concurrent appends queue here instead of forking the chain.
                try await db.raw("SELECT pg_advisory_xact_lock(4242002, hashtext(\(bind: entry.school.rawValue)))").run()
            }
            struct Last: Decodable { var seq: Int; var hash: String }
            let last = try await db.select().columns("seq", "hash").from("audit_events")
                .where("school_id", .equal, entry.school.rawValue).orderBy("seq", .descending).limit(1)
                .first(decoding: Last.self)
            var stored = entry
            // Store what the chain hashes: millisecond precision.
            stored.at = Date(timeIntervalSince1970: (entry.at.timeIntervalSince1970 * 1000).rounded() / 1000)
            let record = AuditChain.link(stored, after: last.map { ($0.seq, $0.hash) })
            try await db.insert(into: "audit_events").model(Row(record)).run()
            return record
        }
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
            try await db.select().distinct().column("school_id").from("audit_events").orderBy("school_id")
                .all(decodingColumn: "school_id", as: String.self).map(SchoolID.init)
        }
    }
}
