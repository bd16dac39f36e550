import Audit
import CampusKit
import Foundation
import ShouhuFakes
import ShouhuTestSupport
import Storage
import Testing

/// The promises of `AuditStore` the audit service and its verification rely on: each school's chain numbered 1…n and
/// unbroken (also under concurrent appends), read in chain order after a number, searched newest first, and a sealed
/// head that follows every append.
@Suite("AuditStore contract: SQL stores and the in-memory fake keep the same promises")
struct AuditStoreContractTests {
    static let key = AuditKey(bytes: Data(repeating: 7, count: 32))!
    static let other = SchoolID("other")

    static func withStore(_ subject: ContractSubject, _ body: (any AuditStore) async throws -> Void) async throws {
        switch subject {
        case .memory: try await body(MemoryAuditStore(key: key))
        case .sql(let engine):
            try await TestDatabase.with(engine) { db in
                try await Migrator(database: db).migrate()
                let roster = SQLRosterStore(database: db, clock: SystemClock())
                try await roster.ensureSchool(.main, name: "测试学院", timeZone: "Asia/Shanghai")
                try await roster.ensureSchool(other, name: "另一所", timeZone: "Asia/Shanghai")
                try await body(SQLAuditStore(database: db, key: key))
            }
        }
    }

    static func entry(_ i: Int, school: SchoolID = .main) -> AuditEntry {
        AuditEntry(school: school, at: Date(timeIntervalSince1970: 1_790_000_000 + Double(i)), actorID: "a\(i % 3)", actorName: "T00\(i % 3)",
                   action: i % 2 == 0 ? "student.unmask" : "auth.signin", subject: "s\(i % 4)", ip: "10.0.0.1", detail: "n=\(i)")
    }

    @Test("Appends number each school's chain 1…n, unbroken; records come in chain order after a number; heads follow the last append",
          arguments: ContractSubject.all)
    func chains(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            #expect(try await store.schools().isEmpty)
            #expect(try await store.lastRecords().isEmpty)
            let batch = try await store.append((0..<5).map { Self.entry($0) } + [Self.entry(9, school: Self.other)])
            #expect(batch.map(\.seq) == [1, 2, 3, 4, 5, 1])
            _ = try await store.append(Self.entry(5))
            let records = try await store.records(school: .main, afterSeq: 0, limit: 100)
            #expect(records.map(\.seq) == Array(1...6))
            #expect(records.map(\.entry.detail) == (0...5).map { "n=\($0)" })
            #expect(AuditChain.firstBreak(in: records, after: nil, key: Self.key) == nil)
            #expect(try await store.records(school: .main, afterSeq: 2, limit: 3).map(\.seq) == [3, 4, 5])
            #expect(try await store.schools() == [.main, Self.other].sorted { $0.rawValue < $1.rawValue })
            let last = try #require(try await store.lastRecords().first { $0.school == .main })
            #expect(last.seq == 6 && last.hash == records[5].hash && last.at == Self.entry(5).at)
            let sealed = try #require(try await store.sealedHeads().first { $0.school == .main })
            #expect(sealed.seq == 6 && sealed.hash == records[5].hash)
            #expect(sealed.mac == AuditChain.headMAC(school: .main, seq: 6, hash: records[5].hash, key: Self.key))
            #expect(try await AuditService(store: store).verify() == .init(checked: 7, broken: [:]))
        }
    }

    @Test("Concurrent appends form one unbroken chain", arguments: ContractSubject.all)
    func concurrent(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<20 { group.addTask { _ = try await store.append(Self.entry(i)) } }
                try await group.waitForAll()
            }
            let records = try await store.records(school: .main, afterSeq: 0, limit: 100)
            #expect(records.map(\.seq) == Array(1...20))
            #expect(AuditChain.firstBreak(in: records, after: nil, key: Self.key) == nil)
        }
    }

    @Test("search: the school's records newest first, by actor name, action prefix, subject and [from, to), limited", arguments: ContractSubject.all)
    func search(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            _ = try await store.append((0..<12).map { Self.entry($0) } + [Self.entry(0, school: Self.other)])
            func seqs(_ query: AuditQuery, limit: Int = 100) async throws -> [Int] { try await store.search(school: .main, query: query, limit: limit).map(\.seq) }
            #expect(try await seqs(AuditQuery()) == Array((1...12).reversed()))
            #expect(try await seqs(AuditQuery(), limit: 2) == [12, 11])
            #expect(try await seqs(AuditQuery(actor: "T001")) == [11, 8, 5, 2])
            #expect(try await seqs(AuditQuery(action: "student.")) == [11, 9, 7, 5, 3, 1])
            #expect(try await seqs(AuditQuery(subject: "s3")) == [12, 8, 4])
            #expect(try await seqs(AuditQuery(from: Self.entry(3).at, to: Self.entry(6).at)) == [6, 5, 4])
            #expect(try await seqs(AuditQuery(actor: "nobody")).isEmpty)
        }
    }
}
