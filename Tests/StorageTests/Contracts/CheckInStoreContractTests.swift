import CampusKit
import CheckIns
import Foundation
import Roster
import ShouhuFakes
import ShouhuTestSupport
import Storage
import Testing

private typealias F = CheckInStoreFixtures

/// The promises of `CheckInStore` the check-in service relies on: every submission kept, the latest of a day counts,
/// one answer per idempotency key and owner, the timetable; and (SQL only) the scoped lists built from the roster.
@Suite("CheckInStore contract: SQL stores and the in-memory fake keep the same promises")
struct CheckInStoreContractTests {
    static func withStore(_ subject: ContractSubject, _ body: (any CheckInStore) async throws -> Void) async throws {
        switch subject {
        case .memory: try await body(MemoryCheckInStore())
        case .sql(let engine): try await F.withStores(engine) { stores in try await body(stores.checkIns) }
        }
    }

    static func recorded(_ outcome: RecordOutcome) -> Receipt? { if case .recorded(let r) = outcome { r } else { nil } }

    @Test("The later submission of a day counts, the earlier stays in history; history is newest first, from `since`, limited",
          arguments: ContractSubject.all)
    func latestCounts(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            let before = F.checkIn(F.no(1), at: F.at(8, on: F.previousDay))
            let first = F.checkIn(F.no(1), at: F.at(8))
            let second = F.checkIn(F.no(1), at: F.at(9), answers: F.fever)
            for c in [before, first, second] { #expect(Self.recorded(try await store.record(c, school: F.school, claim: nil)) == Receipt(c)) }
            let counted = try #require(try await store.counted(school: F.school, studentNo: F.no(1), day: F.day))
            #expect(counted.id == second.id && counted.counted && counted.abnormal)
            #expect(try await store.counted(school: F.school, studentNo: F.no(1), day: F.nextDay) == nil)
            #expect(try await store.counted(school: F.school, studentNo: F.no(2), day: F.day) == nil)
            let history = try await store.history(school: F.school, studentNo: F.no(1), since: F.day, limit: 10)
            #expect(history.map(\.id) == [second.id, first.id])
            #expect(history.map(\.counted) == [true, false])
            #expect(try await store.history(school: F.school, studentNo: F.no(1), since: F.previousDay, limit: 2).map(\.id) == [second.id, first.id])
            #expect(try await store.history(school: F.school, studentNo: F.no(1), since: F.previousDay, limit: 10).count == 3)
        }
    }

    @Test("A key replays its first receipt to the same request, answers keyReused to another, and belongs to its owner alone",
          arguments: ContractSubject.all)
    func idempotency(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            let first = F.checkIn(F.no(1), at: F.at(8))
            let claim = IdempotencyClaim(key: "k1", owner: "acc-1", fingerprint: "f1")
            let outcome1 = try await store.record(first, school: F.school, claim: claim)
            #expect(outcome1 == .recorded(Receipt(first)))
            let retry = F.checkIn(F.no(1), at: F.at(8, 1))
            let outcome2 = try await store.record(retry, school: F.school, claim: claim)
            #expect(outcome2 == .replayed(Receipt(first)))
            let outcome3 = try await store.record(retry, school: F.school, claim: IdempotencyClaim(key: "k1", owner: "acc-1", fingerprint: "f2"))
            #expect(outcome3 == .keyReused)
            let other = F.checkIn(F.no(2), at: F.at(8, 2))
            let outcome4 = try await store.record(other, school: F.school, claim: IdempotencyClaim(key: "k1", owner: "acc-2", fingerprint: "f1"))
            #expect(outcome4 == .recorded(Receipt(other)))
            #expect(try await store.history(school: F.school, studentNo: F.no(1), since: F.day, limit: 10).map(\.id) == [first.id], "a replay stores nothing")
        }
    }

    @Test("The timetable is the standard one until set, then the one set", arguments: ContractSubject.all)
    func timetable(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            #expect(try await store.policy(school: F.school) == .standard)
            let early = CheckInPolicy(opensAt: 5 * 60, cutoff: 9 * 60, reminders: [7 * 60], reportDeadline: 17 * 60)
            try await store.setPolicy(early, school: F.school)
            #expect(try await store.policy(school: F.school) == early)
        }
    }

    // Completeness, missing students and submissions join the roster: SQL only (MemoryCheckInStore throws NotImplementedByFake).
    @Test("missing (SQL only): active students within the scope with no check-in that day, by number, paged", arguments: TestEngine.available)
    func missing(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores throws in
            let store = stores.checkIns
            try await F.record(store, F.checkIn(F.no(1), at: F.at(8)))
            try await F.record(store, F.checkIn(F.no(3), at: F.at(8, on: F.previousDay)))
            let scope = Scope(units: [UnitKey(.class, "信息2101")])
            let first = try await store.missing(school: F.school, day: F.day, filter: StudentFilter(), scope: scope, page: PageRequest(limit: 1))
            #expect(first.items.map(\.studentNo) == [F.no(2)])
            let second = try await store.missing(school: F.school, day: F.day, filter: StudentFilter(), scope: scope,
                                                 page: PageRequest(limit: 1, after: first.next))
            #expect(first.next != nil)
            #expect(second.items.map(\.studentNo) == [F.no(3)] && second.next == nil, "008 is off campus, 001 checked in")
            #expect(try await store.missing(school: F.school, day: F.day, filter: StudentFilter(), scope: .nothing, page: PageRequest()).items.isEmpty)
        }
    }

    @Test("submissions and completeness (SQL only): only students within the scope count", arguments: TestEngine.available)
    func scopedReads(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores throws in
            let store = stores.checkIns
            let a = F.checkIn(F.no(1), at: F.at(8)), b = F.checkIn(F.no(5), at: F.at(8, 30)), c = F.checkIn(F.no(5), at: F.at(9))
            for x in [a, b, c] { try await F.record(store, x) }
            let mech = Scope(units: [UnitKey(.college, F.mech)])
            #expect(try await store.submissions(school: F.school, from: F.day, to: F.day, scope: mech).map(\.id) == [b.id, c.id])
            #expect(try await store.submissions(school: F.school, from: F.nextDay, to: F.nextDay, scope: .school).isEmpty)
            let groups = try await store.completeness(school: F.school, day: F.day, level: .college, scope: mech)
            #expect(groups.map { "\($0.key)|\($0.expected)|\($0.reported)" } == ["\(F.mech)|2|1"], "005 and 007 expected, 005 counted once")
        }
    }
}
