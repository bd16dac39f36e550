import CampusKit
import Foundation
import GateAccess
import Roster
import ShouhuFakes
import ShouhuTestSupport
import Storage
import Testing

private typealias F = CheckInStoreFixtures
private typealias G = GateStoreFixtures

/// The promises of `LeaveStore` the leave service relies on: leaves found within the scope only, listed newest first,
/// filtered and paged, and an update that wins only against the state the caller last read.
@Suite("LeaveStore contract: SQL stores and the in-memory fake keep the same promises")
struct LeaveStoreContractTests {
    static func withLeaves(_ subject: ContractSubject, _ body: (any LeaveStore) async throws -> Void) async throws {
        switch subject {
        case .memory: try await body(MemoryLeaveStore(roster: MemoryRosterStore(F.students)))
        case .sql(let engine): try await G.withStores(engine) { stores in try await body(stores.leaves) }
        }
    }

    /// A leave of `student` requested `hour` o'clock on the day before.
    static func leave(_ id: String, _ student: Int, requested hour: Int, status: Leave.Status = .pending) -> Leave {
        var l = G.leave(id, F.no(student), from: F.at(9), to: F.at(18), status: status)
        l.requestedAt = F.at(hour, on: F.previousDay)
        return l
    }

    @Test("leave: the stored leave within the scope, nil outside it or when unknown", arguments: ContractSubject.all)
    func find(subject: ContractSubject) async throws {
        try await Self.withLeaves(subject) { leaves throws in
            let stored = Self.leave("L1", 1, requested: 8)
            try await leaves.insert(stored, school: F.school)
            #expect(try await leaves.leave(school: F.school, id: "L1", scope: Scope(units: [UnitKey(.class, "信息2101")])) == stored)
            #expect(try await leaves.leave(school: F.school, id: "L1", scope: Scope(students: [F.no(1)])) == stored)
            #expect(try await leaves.leave(school: F.school, id: "L1", scope: Scope(units: [UnitKey(.class, "机电2101")])) == nil)
            #expect(try await leaves.leave(school: F.school, id: "L9", scope: .school) == nil)
        }
    }

    @Test("leaves: newest first, by status and student, within the scope, paged by next to the end without repeats", arguments: ContractSubject.all)
    func list(subject: ContractSubject) async throws {
        try await Self.withLeaves(subject) { leaves throws in
            for l in [Self.leave("L1", 1, requested: 8), Self.leave("L2", 5, requested: 9), Self.leave("L3", 1, requested: 10, status: .approved),
                      Self.leave("L4", 2, requested: 10), Self.leave("L5", 3, requested: 11, status: .refused)] {
                try await leaves.insert(l, school: F.school)
            }
            func ids(_ filter: LeaveFilter = LeaveFilter(), scope: Scope = .school, limit: Int = 100) async throws -> [String] {
                var seen: [String] = [], after: String?
                repeat {
                    let page = try await leaves.leaves(school: F.school, filter: filter, scope: scope, page: PageRequest(limit: limit, after: after))
                    seen += page.items.map(\.id)
                    after = page.next
                } while after != nil && seen.count < 20
                return seen
            }
            #expect(try await ids() == ["L5", "L4", "L3", "L2", "L1"], "same instant: the greater id first")
            #expect(try await ids(limit: 2) == ["L5", "L4", "L3", "L2", "L1"])
            #expect(try await ids(LeaveFilter(status: .pending)) == ["L4", "L2", "L1"])
            #expect(try await ids(LeaveFilter(studentNo: F.no(1))) == ["L3", "L1"])
            #expect(try await ids(scope: Scope(units: [UnitKey(.building, "6号楼")])) == ["L2"])
            #expect(try await ids(scope: .nothing).isEmpty)
        }
    }

    @Test("update: stored only when status and first approver are still what the caller read; the loser of two approvers is told false",
          arguments: ContractSubject.all)
    func compareAndSet(subject: ContractSubject) async throws {
        try await Self.withLeaves(subject) { leaves throws in
            var pending = Self.leave("L1", 1, requested: 8)
            pending.needsSecondApproval = true
            try await leaves.insert(pending, school: F.school)
            var first = pending
            first.firstApprovedBy = "T001"
            #expect(try await leaves.update(first, expecting: .approved, firstApprovedBy: nil, school: F.school) == false)
            #expect(try await leaves.update(first, expecting: .pending, firstApprovedBy: nil, school: F.school))
            var rival = pending
            rival.status = .refused
            rival.decidedBy = "T002"
            #expect(try await leaves.update(rival, expecting: .pending, firstApprovedBy: nil, school: F.school) == false)
            var second = first
            second.status = .approved
            second.decidedBy = "S001"
            second.decidedAt = F.at(8)
            #expect(try await leaves.update(second, expecting: .pending, firstApprovedBy: "T001", school: F.school))
            #expect(try await leaves.leave(school: F.school, id: "L1", scope: .school) == second)
        }
    }
}
