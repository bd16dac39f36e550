import Audit
import CampusKit
import Foundation
import ShouhuTestSupport
import SQLKit
import Storage
import Testing

@Suite("Audit entries commit with the write they accompany")
struct AuditBatchTests {
    typealias Base = SQLAuditStoreTests
    struct Refused: Error {}

    /// A stand-in for an action: a row in a table of its own.
    static func act(_ database: Database, _ name: String, fail: Bool = false) async throws {
        try await database.write { db in
            try await db.insert(into: "schema_migrations").columns("name", "applied_at").values(SQLBind(name), SQLBind("now")).run()
            if fail { throw Refused() }
        }
    }

    static func stored(_ store: SQLAuditStore) async throws -> [String] {
        try await store.records(school: .main, afterSeq: 0, limit: 1000).map(\.entry.subject)
    }

    @Test("An entry accompanying a write that throws is not stored; one accompanying a successful write is", arguments: TestEngine.available)
    func failedWrite(engine: TestEngine) async throws {
        try await Base.withStore(engine) { database, store in
            let audit = AuditService(store: store)
            await #expect(throws: Refused.self) {
                try await audit.recording(Base.entry(1)) { try await Self.act(database, "x1", fail: true) }
            }
            #expect(try await Self.stored(store) == [])
            try await audit.recording(Base.entry(2)) { try await Self.act(database, "x2") }
            #expect(try await Self.stored(store) == [Base.entry(2).subject])
            #expect(try await AuditService(store: store).verify().intact)
        }
    }

    @Test("Several writes in one action store the entry once, with the first of them", arguments: TestEngine.available)
    func exactlyOnce(engine: TestEngine) async throws {
        try await Base.withStore(engine) { database, store in
            let audit = AuditService(store: store)
            try await audit.recording([Base.entry(1), Base.entry(2)]) {
                try await Self.act(database, "a")
                #expect(try await Self.stored(store).count == 2)
                try await Self.act(database, "b")
                try await Self.act(database, "c")
            }
            #expect(try await Self.stored(store) == [Base.entry(1).subject, Base.entry(2).subject])
        }
    }

    @Test("A write that fails gives its entries back to the next write of the same action", arguments: TestEngine.available)
    func retriedWrite(engine: TestEngine) async throws {
        try await Base.withStore(engine) { database, store in
            let audit = AuditService(store: store)
            try await audit.recording(Base.entry(1)) {
                try? await Self.act(database, "a", fail: true)
                #expect(try await Self.stored(store) == [])
                try await Self.act(database, "b")
            }
            #expect(try await Self.stored(store) == [Base.entry(1).subject])
        }
    }

    @Test("A read with no write stores its entry before returning, and returns nothing if auditing fails", arguments: TestEngine.available)
    func readOnly(engine: TestEngine) async throws {
        try await Base.withStore(engine) { database, store in
            let audit = AuditService(store: store)
            let value = try await audit.recording(Base.entry(1)) {
                try await database.read { db in try await db.raw("SELECT 1 AS one").first(decoding: [String: Int].self)?["one"] }
            }
            #expect(value == 1)
            #expect(try await Self.stored(store) == [Base.entry(1).subject])
            // An entry naming a school that does not exist cannot be stored (foreign key): the data is not returned.
            var bad = Base.entry(2)
            bad.school = SchoolID("nowhere")
            await #expect(throws: (any Error).self) {
                _ = try await audit.recording(bad) { 42 }
            }
        }
    }

    @Test("Concurrent actions, some failing, store exactly the entries of those that succeeded, in one unbroken chain",
          arguments: TestEngine.available)
    func concurrent(engine: TestEngine) async throws {
        try await Base.withStore(engine) { database, store in
            let audit = AuditService(store: store)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<60 {
                    group.addTask {
                        try? await audit.recording(Base.entry(i)) { try await Self.act(database, "c\(i)", fail: i % 3 == 0) }
                    }
                }
                try await group.waitForAll()
            }
            let subjects = Set(try await Self.stored(store))
            #expect(subjects == Set((0..<60).filter { $0 % 3 != 0 }.map { Base.entry($0).subject }))
            #expect(try await audit.verify() == .init(checked: 40, broken: [:]))
        }
    }
}
