import Audit
import CampusKit
import Foundation
import ShouhuTestSupport
import SQLKit
import Storage
import Testing

@Suite("Audit trail store")
struct SQLAuditStoreTests {
    static func withStore(_ engine: TestEngine, _ body: (Database, SQLAuditStore) async throws -> Void) async throws {
        try await TestDatabase.with(engine) { database in
            try await Migrator(database: database).migrate()
            try await SQLRosterStore(database: database, clock: SystemClock()).ensureSchool(.main, name: "测试学院", timeZone: "Asia/Shanghai")
            try await body(database, SQLAuditStore(database: database, key: Self.key))
        }
    }

    static let key = AuditKey(bytes: Data(repeating: 1, count: 32))!

    static func entry(_ i: Int) -> AuditEntry {
        AuditEntry(school: .main, at: Date(timeIntervalSince1970: 1_790_000_000 + Double(i)), actorID: "a\(i % 3)",
                   actorName: "T00\(i % 3)", action: i % 2 == 0 ? "student.unmask" : "auth.signin", subject: "20210000\(i)",
                   ip: "127.0.0.1", detail: "n=\(i)")
    }

    @Test("Concurrent appends form one unbroken chain numbered 1…n", arguments: TestEngine.available)
    func concurrentAppends(engine: TestEngine) async throws {
        try await Self.withStore(engine) { _, store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<40 { group.addTask { _ = try await store.append(Self.entry(i)) } }
                try await group.waitForAll()
            }
            let records = try await store.records(school: .main, afterSeq: 0, limit: 100)
            #expect(records.map(\.seq) == Array(1...40))
            #expect(AuditChain.firstBreak(in: records, after: nil, key: Self.key) == nil)
            #expect(try await AuditService(store: store).verify() == .init(checked: 40, broken: [:]))
        }
    }

    @Test("The database itself refuses to update or delete an audit record", arguments: TestEngine.available)
    func appendOnly(engine: TestEngine) async throws {
        try await Self.withStore(engine) { database, store in
            _ = try await store.append(Self.entry(1))
            await #expect(throws: (any Error).self) {
                try await database.write { db in try await db.update("audit_events").set("detail", to: "changed").run() }
            }
            await #expect(throws: (any Error).self) {
                try await database.write { db in try await db.delete(from: "audit_events").run() }
            }
            #expect(try await store.records(school: .main, afterSeq: 0, limit: 10).first?.entry.detail == "n=1")
        }
    }

    @Test("A record changed behind the triggers' back, or removed, breaks the chain at that record", arguments: TestEngine.available)
    func tamperingIsDetected(engine: TestEngine) async throws {
        try await Self.withStore(engine) { database, store in
            for i in 1...6 { _ = try await store.append(Self.entry(i)) }
            try await database.write { db in
                switch database.engine {
                case .sqlite:
                    try await db.raw("DROP TRIGGER audit_events_no_update").run()
                    try await db.raw("DROP TRIGGER audit_events_no_delete").run()
                case .postgres:
                    try await db.raw("DROP TRIGGER audit_events_append_only ON audit_events").run()
                }
                try await db.update("audit_events").set("subject", to: "2021999999").where("seq", .equal, 3).run()
            }
            #expect(try await AuditService(store: store).verify().broken == [.main: 3])
            try await database.write { db in
                try await db.update("audit_events").set("subject", to: Self.entry(3).subject).where("seq", .equal, 3).run()
            }
            #expect(try await AuditService(store: store).verify().intact)
            try await database.write { db in try await db.delete(from: "audit_events").where("seq", .equal, 5).run() }
            #expect(try await AuditService(store: store).verify().broken == [.main: 6])
        }
    }

    @Test("Search filters by actor, action prefix, subject and time, newest first", arguments: TestEngine.available)
    func search(engine: TestEngine) async throws {
        try await Self.withStore(engine) { _, store in
            for i in 1...9 { _ = try await store.append(Self.entry(i)) }
            let unmasks = try await store.search(school: .main, query: AuditQuery(action: "student."), limit: 100)
            #expect(unmasks.map(\.seq) == [8, 6, 4, 2])
            let byActor = try await store.search(school: .main, query: AuditQuery(actor: "T001"), limit: 100)
            #expect(byActor.map(\.seq) == [7, 4, 1])
            let bySubject = try await store.search(school: .main, query: AuditQuery(subject: "202100005"), limit: 100)
            #expect(bySubject.map(\.seq) == [5])
            let window = try await store.search(school: .main, query: AuditQuery(from: Self.entry(3).at, to: Self.entry(5).at), limit: 100)
            #expect(window.map(\.seq) == [4, 3])
        }
    }
}
