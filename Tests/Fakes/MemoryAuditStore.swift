import Audit
import CampusKit
import Foundation

/// The audit trail in memory: the whole `AuditStore`, each school's records chained and numbered 1…n with
/// `AuditChain.link`, and a sealed head moved with every append, all under one lock (so concurrent appends form one chain).
public final class MemoryAuditStore: AuditStore, @unchecked Sendable {
    public let key: AuditKey
    private let lock = NSLock()
    private var chains: [SchoolID: [AuditRecord]] = [:]
    private var heads: [SchoolID: SealedAuditHead] = [:]

    public init(key: AuditKey) { self.key = key }

    public func append(_ entries: [AuditEntry]) async throws -> [AuditRecord] {
        lock.withLock {
            entries.map { entry in
                let last = chains[entry.school]?.last
                let record = AuditChain.link(entry, after: last.map { ($0.seq, $0.hash) }, key: key)
                chains[entry.school, default: []].append(record)
                heads[entry.school] = SealedAuditHead(school: entry.school, seq: record.seq, hash: record.hash,
                                                      mac: AuditChain.headMAC(school: entry.school, seq: record.seq, hash: record.hash, key: key))
                return record
            }
        }
    }

    public func records(school: SchoolID, afterSeq: Int, limit: Int) async throws -> [AuditRecord] {
        lock.withLock { Array((chains[school] ?? []).filter { $0.seq > afterSeq }.prefix(limit)) }
    }

    public func search(school: SchoolID, query: AuditQuery, limit: Int) async throws -> [AuditRecord] {
        let all = lock.withLock { chains[school] ?? [] }
        return Array(all.reversed().filter { r in
            let e = r.entry
            return (query.actor.map { e.actorName == $0 } ?? true) && (query.action.map { e.action.hasPrefix($0) } ?? true)
                && (query.subject.map { e.subject == $0 } ?? true) && (query.from.map { e.at >= $0 } ?? true) && (query.to.map { e.at < $0 } ?? true)
        }.prefix(limit))
    }

    public func schools() async throws -> [SchoolID] {
        lock.withLock { Set(chains.keys).union(heads.keys).sorted { $0.rawValue < $1.rawValue } }
    }

    public func lastRecords() async throws -> [AuditHead] {
        lock.withLock {
            chains.compactMap { school, records in records.last.map { AuditHead(school: school, seq: $0.seq, hash: $0.hash, at: $0.entry.at) } }
                .sorted { $0.school.rawValue < $1.school.rawValue }
        }
    }

    public func sealedHeads() async throws -> [SealedAuditHead] {
        lock.withLock { heads.values.sorted { $0.school.rawValue < $1.school.rawValue } }
    }
}
