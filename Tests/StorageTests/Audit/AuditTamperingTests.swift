import Audit
import CampusKit
import Foundation
import ShouhuTestSupport
import SQLKit
import Storage
import Testing

@Suite("Audit trail tamper evidence")
struct AuditTamperingTests {
    typealias Base = SQLAuditStoreTests

    /// Turns the append-only triggers off, as the table's owner could.
    static func disableTriggers(_ database: Database) async throws {
        try await database.write { db in
            switch database.engine {
            case .sqlite:
                for name in ["audit_events_no_update", "audit_events_no_delete", "audit_heads_no_delete"] {
                    try await db.raw("DROP TRIGGER \(unsafeRaw: name)").run()
                }
            case .postgres:
                try await db.raw("ALTER TABLE audit_events DISABLE TRIGGER USER").run()
                try await db.raw("ALTER TABLE audit_heads DISABLE TRIGGER USER").run()
            }
        }
    }

    @Test("An intact keyed chain passes, and still reaches the head exported earlier", arguments: TestEngine.available)
    func intact(engine: TestEngine) async throws {
        try await Base.withStore(engine) { _, store in
            for i in 1...5 { _ = try await store.append(Base.entry(i)) }
            let service = AuditService(store: store)
            let heads = try await service.heads()
            #expect(heads.map(\.seq) == [5])
            let anchors = try AuditHeadJSON.decode(try AuditHeadJSON.encode(heads))
            #expect(anchors == heads)
            for i in 6...7 { _ = try await store.append(Base.entry(i)) }
            #expect(try await service.verify(anchors: anchors).intact)
            #expect(try await store.records(school: .main, afterSeq: 0, limit: 10).allSatisfy { $0.version == 2 })
        }
    }

    @Test("Removing the last records is found: by the sealed head, and by an exported anchor", arguments: TestEngine.available)
    func tailRemoved(engine: TestEngine) async throws {
        try await Base.withStore(engine) { database, store in
            for i in 1...8 { _ = try await store.append(Base.entry(i)) }
            let service = AuditService(store: store)
            let anchors = try await service.heads()
            try await Self.disableTriggers(database)
            try await database.write { db in try await db.delete(from: "audit_events").where("seq", .greaterThan, 6).run() }
            let found = try await service.verify()
            #expect(!found.intact)
            #expect(found.broken.isEmpty)
            #expect(found.problems.contains { $0.contains("末尾记录被删除") })
            // Also removing the sealed head hides nothing: a keyed chain without a head fails, and the anchor is not reached.
            try await database.write { db in try await db.delete(from: "audit_heads").run() }
            let withoutHead = try await service.verify(anchors: anchors)
            #expect(withoutHead.problems.contains { $0.contains("链头缺失") })
            #expect(withoutHead.problems.contains { $0.contains("不再到达锚定的第 8 条") })
            // Appending does not paper over it.
            await #expect(throws: DomainError.self) { _ = try await store.append(Base.entry(9)) }
        }
    }

    @Test("After the tail was removed behind the head's back, the next record leaves a visible gap", arguments: TestEngine.available)
    func appendAfterRemoval(engine: TestEngine) async throws {
        try await Base.withStore(engine) { database, store in
            for i in 1...6 { _ = try await store.append(Base.entry(i)) }
            try await Self.disableTriggers(database)
            try await database.write { db in try await db.delete(from: "audit_events").where("seq", .equal, 6).run() }
            _ = try await store.append(Base.entry(7))
            #expect(try await AuditService(store: store).verify().broken == [.main: 7])
        }
    }

    @Test("A changed record fails, even with its hash recomputed without the key", arguments: TestEngine.available)
    func changedRecord(engine: TestEngine) async throws {
        try await Base.withStore(engine) { database, store in
            for i in 1...4 { _ = try await store.append(Base.entry(i)) }
            let records = try await store.records(school: .main, afterSeq: 0, limit: 10)
            var forged = records[3]
            forged.entry.subject = "2021999999"
            // An attacker without the key can only recompute the old, unkeyed hash (and mark the record version 1).
            forged.hash = AuditChain.hash(seq: 4, entry: forged.entry, previousHash: forged.previousHash, version: 1,
                                          key: AuditKey(bytes: Data(repeating: 9, count: 32))!)
            try await Self.disableTriggers(database)
            let changed = forged
            try await database.write { db in
                try await db.update("audit_events").set("subject", to: changed.entry.subject).set("hash", to: changed.hash)
                    .set("hash_version", to: 1).where("seq", .equal, 4).run()
                try await db.update("audit_heads").set("hash", to: changed.hash).run()
            }
            let result = try await AuditService(store: store).verify()
            #expect(result.broken == [.main: 4])
        }
    }

    @Test("Records hashed before the key (version 1) still verify, and keyed ones follow them", arguments: TestEngine.available)
    func legacyRecords(engine: TestEngine) async throws {
        try await Base.withStore(engine) { database, store in
            var previous: (seq: Int, hash: String)?
            for i in 1...3 {
                let entry = Base.entry(i)
                let before = previous?.hash ?? AuditChain.genesis
                let hash = AuditChain.hash(seq: i, entry: entry, previousHash: before, version: 1, key: Base.key)
                try await database.write { db in
                    try await db.raw("""
                        INSERT INTO audit_events (school_id, seq, at, at_ms, actor_id, actor_name, action, subject, ip, detail, prev_hash, hash)
                        VALUES ('main', \(bind: i), '2026-01-01T00:00:00.000Z', \(bind: Int64(entry.at.timeIntervalSince1970 * 1000)),
                                \(bind: entry.actorID), \(bind: entry.actorName), \(bind: entry.action), \(bind: entry.subject), \(bind: entry.ip),
                                \(bind: entry.detail), \(bind: before), \(bind: hash))
                        """).run()
                }
                previous = (i, hash)
            }
            #expect(try await AuditService(store: store).verify().intact)
            _ = try await store.append(Base.entry(4))
            let records = try await store.records(school: .main, afterSeq: 0, limit: 10)
            #expect(records.map(\.version) == [1, 1, 1, 2])
            #expect(try await AuditService(store: store).verify().intact)
        }
    }

    @Test("The database refuses TRUNCATE of the audit trail (PostgreSQL) and DELETE of everything (both)", arguments: TestEngine.available)
    func truncate(engine: TestEngine) async throws {
        try await Base.withStore(engine) { database, store in
            _ = try await store.append(Base.entry(1))
            if database.engine == .postgres {
                await #expect(throws: (any Error).self) {
                    try await database.write { db in try await db.raw("TRUNCATE audit_events").run() }
                }
                await #expect(throws: (any Error).self) {
                    try await database.write { db in try await db.raw("TRUNCATE audit_heads").run() }
                }
            }
            await #expect(throws: (any Error).self) {
                try await database.write { db in try await db.raw("DELETE FROM audit_events").run() }
            }
            await #expect(throws: (any Error).self) {
                try await database.write { db in try await db.raw("DELETE FROM audit_heads").run() }
            }
            #expect(try await AuditService(store: store).verify() == .init(checked: 1, broken: [:]))
        }
    }
}
