import CampusKit
import Foundation
import GateAccess
import Roster
import ShouhuTestSupport
import Storage
import Testing

@Suite("Leave store: updates are compare-and-set, so of two approvers acting at once exactly one wins")
struct SQLLeaveStoreTests {
    typealias F = CheckInStoreFixtures
    typealias G = GateStoreFixtures

    static func pending(_ id: String, _ student: String = F.no(1), long: Bool = false) -> Leave {
        G.leave(id, student, from: F.at(9, on: F.nextDay), to: F.at(long ? 9 : 18, on: long ? CampusDay("2026-03-08")! : F.nextDay),
                status: .pending, needsSecondApproval: long)
    }

    /// `leave` decided by `who`: approved or refused.
    static func decided(_ leave: Leave, by who: String, approve: Bool) -> Leave {
        var copy = leave
        copy.status = approve ? .approved : .refused
        if approve { copy.firstApprovedBy = who }
        copy.decidedBy = who
        copy.decidedAt = F.at(8)
        copy.note = "\(who) \(approve ? "同意" : "不同意")"
        return copy
    }

    /// Runs every update at once and returns which of them were stored.
    static func race(_ store: SQLLeaveStore, _ updates: [(leave: Leave, status: Leave.Status, first: String?)]) async throws -> [Bool] {
        try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for (i, u) in updates.enumerated() {
                group.addTask {
                    let stored = try await store.update(u.leave, expecting: u.status, firstApprovedBy: u.first, school: F.school)
                    return (i, stored)
                }
            }
            var won = Array(repeating: false, count: updates.count)
            for try await (i, stored) in group { won[i] = stored }
            return won
        }
    }

    static func stored(_ store: SQLLeaveStore, _ id: String) async throws -> Leave {
        try #require(try await store.leave(school: F.school, id: id, scope: .school))
    }

    @Test("Two decisions expecting the same pending leave, sent at once: exactly one is stored, and the leave is that one",
          arguments: TestEngine.available)
    func twoAtOnce(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores in
            let store = stores.leaves
            for round in 0..<6 {
                let leave = Self.pending("race-\(round)")
                try await store.insert(leave, school: F.school)
                let approve = Self.decided(leave, by: "T001", approve: true)
                let refuse = Self.decided(leave, by: "T002", approve: false)
                let won = try await Self.race(store, [(approve, .pending, nil), (refuse, .pending, nil)])
                #expect(won.count { $0 } == 1, "round \(round): \(won)")
                let now = try await Self.stored(store, leave.id)
                #expect(now == (won[0] ? approve : refuse), "round \(round)")
            }
        }
    }

    @Test("Eight decisions at once on one leave: one wins; later updates expecting pending fail and change nothing",
          arguments: TestEngine.available)
    func eightAtOnce(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores in
            let store = stores.leaves
            let leave = Self.pending("many")
            try await store.insert(leave, school: F.school)
            let contenders = (0..<8).map { Self.decided(leave, by: "T00\($0)", approve: $0 % 2 == 0) }
            let won = try await Self.race(store, contenders.map { ($0, .pending, nil) })
            #expect(won.count { $0 } == 1, "\(won)")
            let winner = try #require(won.firstIndex(of: true).map { contenders[$0] })
            #expect(try await Self.stored(store, leave.id) == winner)
            // Too late: the stored leave is no longer pending.
            #expect(try await store.update(Self.decided(leave, by: "T009", approve: true), expecting: .pending, firstApprovedBy: nil,
                                           school: F.school) == false)
            #expect(try await Self.stored(store, leave.id) == winner)
            // An unknown id is never stored.
            #expect(try await store.update(Self.decided(Self.pending("nobody"), by: "T001", approve: true), expecting: .pending,
                                           firstApprovedBy: nil, school: F.school) == false)
            #expect(try await store.leave(school: F.school, id: "nobody", scope: .school) == nil)
        }
    }

    @Test("A long leave: of four first approvals at once one wins; a second approval must expect that first approver",
          arguments: TestEngine.available)
    func twoLevels(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores in
            let store = stores.leaves
            let leave = Self.pending("long", long: true)
            try await store.insert(leave, school: F.school)
            let firsts = ["T001", "T002", "T003", "T004"].map { who -> Leave in
                var copy = leave
                copy.firstApprovedBy = who
                return copy
            }
            let won = try await Self.race(store, firsts.map { ($0, .pending, nil) })
            #expect(won.count { $0 } == 1, "\(won)")
            let first = try #require(won.firstIndex(of: true).map { firsts[$0] })
            let afterFirst = try await Self.stored(store, leave.id)
            #expect(afterFirst == first)
            #expect(afterFirst.status == .pending && afterFirst.awaitsSecondApproval)

            func second(_ who: String) -> Leave {
                var copy = first
                copy.status = .approved
                copy.decidedBy = who
                copy.decidedAt = F.at(10)
                return copy
            }
            let firstApprover = try #require(first.firstApprovedBy)
            let other = firstApprover == "T001" ? "T002" : "T001"
            // A stale reader (who saw no first approval yet) and one who saw another first approver, among two good ones.
            let seconds: [(leave: Leave, status: Leave.Status, first: String?)] = [
                (second("L001"), .pending, firstApprover), (second("L002"), .pending, firstApprover),
                (second("L003"), .pending, nil), (second("L004"), .pending, other),
            ]
            let secondWon = try await Self.race(store, seconds)
            #expect(secondWon[2] == false && secondWon[3] == false, "\(secondWon)")
            #expect(secondWon.count { $0 } == 1, "\(secondWon)")
            let final = try await Self.stored(store, leave.id)
            #expect(final.status == .approved)
            #expect(final.firstApprovedBy == firstApprover)
            #expect(final == seconds[secondWon[0] ? 0 : 1].leave)
        }
    }

    @Test("Reads are scoped: a leave of a student outside the scope is unknown and not listed", arguments: TestEngine.available)
    func scopedReads(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores in
            let store = stores.leaves
            try await store.insert(Self.pending("mine", F.no(1)), school: F.school)
            try await store.insert(Self.pending("theirs", F.no(5)), school: F.school)
            let info = Scope(units: [UnitKey(.college, F.info)])
            #expect(try await store.leave(school: F.school, id: "mine", scope: info)?.studentName == "甲")
            #expect(try await store.leave(school: F.school, id: "theirs", scope: info) == nil)
            #expect(try await store.leave(school: F.school, id: "mine", scope: Scope(students: [F.no(5)])) == nil)
            let listed = try await store.leaves(school: F.school, filter: LeaveFilter(), scope: info, page: PageRequest())
            #expect(listed.items.map(\.id) == ["mine"])
            let all = try await store.leaves(school: F.school, filter: LeaveFilter(status: .pending), scope: .school, page: PageRequest())
            #expect(Set(all.items.map(\.id)) == ["mine", "theirs"])
        }
    }
}
