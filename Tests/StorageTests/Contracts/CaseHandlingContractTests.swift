import Cases
import CampusKit
import Foundation
import Roster
import ShouhuFakes
import ShouhuTestSupport
import Storage
import Testing

private typealias F = CheckInStoreFixtures

/// The promises of `CaseStore` for the handling of a case: steps by compare-and-set, the first response, the overdue
/// list and escalation taken once, the school's response time.
@Suite("CaseStore contract: stages, first response, escalation, response time")
struct CaseHandlingContractTests {
    static func open(_ cases: any CaseStore, _ n: Int, at hour: Int, due: Int?, responded: Bool = false) async throws -> String {
        try await cases.openCase(school: F.school, studentNo: F.no(n), source: .checkin, summary: "发热", by: F.no(n), at: F.at(hour),
                                 respondBy: due.map { F.at($0) }, respondedAt: responded ? F.at(hour) : nil).id
    }

    @Test("advance: moves from the stage the caller saw, once; a second mover and a closed case get nil; the first step is the first response",
          arguments: ContractSubject.all)
    func advance(subject: ContractSubject) async throws {
        try await CaseStoreContractTests.withCases(subject) { cases throws in
            let id = try await Self.open(cases, 1, at: 8, due: 9)
            #expect(try await cases.find(school: F.school, id: id)?.stage == .open)
            let moved = try #require(try await cases.advance(school: F.school, id: id, from: .open, to: .observing, note: "观察", by: "T001", at: F.at(8, 10)))
            #expect(moved.stage == .observing && moved.respondedAt == F.at(8, 10) && moved.status == .open)
            #expect(try await cases.advance(school: F.school, id: id, from: .open, to: .isolated, note: "", by: "T002", at: F.at(8, 11)) == nil,
                    "someone who saw it open finds it moved")
            _ = try await cases.advance(school: F.school, id: id, from: .observing, to: .tested, note: "", by: "T002", at: F.at(8, 20))
            #expect(try await cases.find(school: F.school, id: id)?.respondedAt == F.at(8, 10), "the first response stays the first")
            let closed = try #require(try await cases.close(school: F.school, id: id, outcome: "阴性", by: "T001", at: F.at(9)))
            #expect(closed.stage == .closed)
            #expect(try await cases.advance(school: F.school, id: id, from: .closed, to: .observing, note: "", by: "T001", at: F.at(10)) == nil)
            let timeline = try #require(try await cases.detail(school: F.school, id: id, scope: .school)).timeline
            #expect(timeline.map(\.kind) == [.observing, .tested, .closed])
            #expect(timeline.first?.detail == "观察" && timeline.first?.by == "T001")
        }
    }

    @Test("overdue: open, unanswered, past the deadline and below the level, oldest deadline first; a note or a close answers",
          arguments: ContractSubject.all)
    func overdue(subject: ContractSubject) async throws {
        try await CaseStoreContractTests.withCases(subject) { cases throws in
            let late = try await Self.open(cases, 1, at: 8, due: 9)
            let later = try await Self.open(cases, 2, at: 8, due: 10)
            _ = try await Self.open(cases, 3, at: 8, due: 12)                     // not due yet
            _ = try await Self.open(cases, 5, at: 8, due: nil)                    // no deadline
            _ = try await Self.open(cases, 6, at: 8, due: 9, responded: true)     // answered as it opened
            let noted = try await Self.open(cases, 7, at: 8, due: 9)
            try await cases.addNote(school: F.school, id: noted, note: "已联系", by: "T002", at: F.at(8, 30))
            #expect(try await cases.find(school: F.school, id: noted)?.respondedAt == F.at(8, 30))
            #expect(try await cases.overdue(school: F.school, at: F.at(11), belowLevel: 2, limit: 10).map(\.id) == [late, later])
            #expect(try await cases.overdue(school: F.school, at: F.at(11), belowLevel: 2, limit: 1).map(\.id) == [late])
            #expect(try await cases.overdue(school: F.school, at: F.at(9, 30), belowLevel: 2, limit: 10).map(\.id) == [late])
            #expect(try await cases.overdue(school: F.school, at: F.at(11), belowLevel: 0, limit: 10).isEmpty)
        }
    }

    @Test("escalate: once from the level the caller saw, with the new deadline and a timeline entry naming who was told; nil keeps the deadline",
          arguments: ContractSubject.all)
    func escalate(subject: ContractSubject) async throws {
        try await CaseStoreContractTests.withCases(subject) { cases throws in
            let id = try await Self.open(cases, 1, at: 8, due: 9)
            #expect(try await cases.escalate(school: F.school, id: id, fromLevel: 0, toLevel: 1, respondBy: F.at(10), told: "赵书记", at: F.at(9, 1)))
            #expect(try await cases.escalate(school: F.school, id: id, fromLevel: 0, toLevel: 1, respondBy: F.at(10), told: "赵书记", at: F.at(9, 1)) == false,
                    "another server saw level 0 too and finds it done")
            var found = try #require(try await cases.find(school: F.school, id: id))
            #expect(found.escalationLevel == 1 && found.respondBy == F.at(10))
            #expect(try await cases.escalate(school: F.school, id: id, fromLevel: 1, toLevel: 2, respondBy: nil, told: "", at: F.at(10, 1)))
            found = try #require(try await cases.find(school: F.school, id: id))
            #expect(found.escalationLevel == 2 && found.respondBy == F.at(10))
            let timeline = try #require(try await cases.detail(school: F.school, id: id, scope: .school)).timeline
            #expect(timeline.map(\.kind) == [.escalated, .escalated] && timeline[0].detail == "赵书记" && timeline[0].by == "system")
            let answered = try await Self.open(cases, 2, at: 8, due: 9)
            try await cases.addNote(school: F.school, id: answered, note: "在处理", by: "T001", at: F.at(9))
            #expect(try await cases.escalate(school: F.school, id: answered, fromLevel: 0, toLevel: 1, respondBy: nil, told: "", at: F.at(9, 1)) == false)
        }
    }

    @Test("policy: the standard 30 minutes until a school sets its own", arguments: ContractSubject.all)
    func policy(subject: ContractSubject) async throws {
        try await CaseStoreContractTests.withCases(subject) { cases throws in
            #expect(try await cases.policy(school: F.school) == .standard)
            try await cases.setPolicy(CasePolicy(responseMinutes: 45), school: F.school, by: "T009", at: F.at(8))
            try await cases.setPolicy(CasePolicy(responseMinutes: 20), school: F.school, by: "T009", at: F.at(9))
            #expect(try await cases.policy(school: F.school).responseMinutes == 20)
        }
    }
}
