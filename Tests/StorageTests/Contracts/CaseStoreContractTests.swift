import Cases
import CampusKit
import Foundation
import Roster
import ShouhuFakes
import ShouhuTestSupport
import Storage
import Testing

private typealias F = CheckInStoreFixtures

/// The promises of `CaseStore` beyond `CaseWriter` (WriterContractTests) the case service relies on: lists newest first,
/// filtered, scoped and paged; details with their timeline or nil out of scope; closing once; notes; open counts by scope.
@Suite("CaseStore contract: SQL stores and the in-memory fake keep the same promises")
struct CaseStoreContractTests {
    static func withCases(_ subject: ContractSubject, _ body: (any CaseStore) async throws -> Void) async throws {
        switch subject {
        case .memory: try await body(MemoryCaseStore(roster: MemoryRosterStore(F.students)))
        case .sql(let engine): try await F.withStores(engine) { stores in try await body(stores.cases) }
        }
    }

    /// Opens a case for each (student, source, hour), in that order; returns their ids.
    static func open(_ cases: any CaseStore, _ list: [(Int, Case.Source, Int)]) async throws -> [String] {
        var ids: [String] = []
        for (n, source, hour) in list {
            ids.append(try await cases.openCase(school: F.school, studentNo: F.no(n), source: source, summary: "s\(n)", by: "T001", at: F.at(hour)).id)
        }
        return ids
    }

    @Test("cases: newest first, filtered by student, status and source, within the scope, paged by next without repeats",
          arguments: ContractSubject.all)
    func lists(subject: ContractSubject) async throws {
        try await Self.withCases(subject) { cases throws in
            let ids = try await Self.open(cases, [(1, .checkin, 8), (5, .checkin, 9), (1, .testing, 10), (3, .manual, 11)])
            func list(_ filter: CaseFilter = CaseFilter(), scope: Scope = .school, limit: Int = 100) async throws -> [String] {
                var seen: [String] = [], after: String?
                repeat {
                    let page = try await cases.cases(school: F.school, filter: filter, scope: scope, page: PageRequest(limit: limit, after: after))
                    seen += page.items.map(\.id)
                    after = page.next
                } while after != nil && seen.count < 50
                return seen
            }
            #expect(try await list() == ids.reversed())
            #expect(try await list(limit: 1) == ids.reversed())
            #expect(try await list(CaseFilter(studentNo: F.no(1))) == [ids[2], ids[0]])
            #expect(try await list(CaseFilter(source: .checkin)) == [ids[1], ids[0]])
            #expect(try await list(scope: Scope(units: [UnitKey(.building, "6号楼")])) == [ids[1]])
            #expect(try await list(scope: .nothing).isEmpty)
            _ = try await cases.close(school: F.school, id: ids[0], outcome: "退烧", by: "T001", at: F.at(12))
            #expect(try await list(CaseFilter(status: .open)) == [ids[3], ids[2], ids[1]])
            #expect(try await list(CaseFilter(status: .closed)) == [ids[0]])
            let first = try await cases.cases(school: F.school, filter: CaseFilter(), scope: .school, page: PageRequest(limit: 4))
            #expect(first.next == nil && first.items.first?.studentName == "丙")
        }
    }

    @Test("detail: the case and its timeline oldest first, nil when unknown or out of scope; notes join the timeline",
          arguments: ContractSubject.all)
    func detail(subject: ContractSubject) async throws {
        try await Self.withCases(subject) { cases throws in
            let id = try await Self.open(cases, [(1, .checkin, 8)])[0]
            try await cases.append(school: F.school, caseId: id, kind: .opened, detail: "发热", by: F.no(1), at: F.at(8))
            try await cases.addNote(school: F.school, id: id, note: "已联系家长", by: "T001", at: F.at(9))
            let found = try #require(try await cases.detail(school: F.school, id: id, scope: Scope(units: [UnitKey(.class, "信息2101")])))
            #expect(found.case.id == id && found.case.studentName == "甲")
            #expect(found.timeline.map(\.kind) == [.opened, .note])
            #expect(found.timeline.last?.detail == "已联系家长" && found.timeline.last?.by == "T001" && found.timeline.last?.at == F.at(9))
            #expect(try await cases.detail(school: F.school, id: id, scope: Scope(units: [UnitKey(.class, "机电2101")])) == nil)
            #expect(try await cases.detail(school: F.school, id: "no-such-case", scope: .school) == nil)
            let error = try await #require(throws: DomainError.self) {
                try await cases.addNote(school: F.school, id: "no-such-case", note: "x", by: "T001", at: F.at(9))
            }
            #expect(error.kind == .notFound)
        }
    }

    @Test("close: an open case closes once with its outcome, on its timeline; a closed or unknown one answers nil; the student may open anew",
          arguments: ContractSubject.all)
    func close(subject: ContractSubject) async throws {
        try await Self.withCases(subject) { cases throws in
            let id = try await Self.open(cases, [(1, .checkin, 8)])[0]
            let closed = try #require(try await cases.close(school: F.school, id: id, outcome: "已退烧", by: "T001", at: F.at(12)))
            #expect(closed.id == id && closed.status == .closed && closed.outcome == "已退烧" && closed.closedAt == F.at(12))
            #expect(try await cases.close(school: F.school, id: id, outcome: "again", by: "T001", at: F.at(13)) == nil)
            #expect(try await cases.close(school: F.school, id: "no-such-case", outcome: "x", by: "T001", at: F.at(13)) == nil)
            let timeline = try #require(try await cases.detail(school: F.school, id: id, scope: .school)).timeline
            #expect(timeline.map(\.kind) == [.closed] && timeline[0].detail == "已退烧")
            #expect(try await cases.openCaseId(school: F.school, studentNo: F.no(1), source: .checkin) == nil)
            let reopened = try await cases.openCase(school: F.school, studentNo: F.no(1), source: .checkin, summary: "再次", by: "T001", at: F.at(14))
            #expect(reopened.opened && reopened.id != id)
        }
    }

    @Test("openCount: open cases of students within the scope only", arguments: ContractSubject.all)
    func openCount(subject: ContractSubject) async throws {
        try await Self.withCases(subject) { cases throws in
            let ids = try await Self.open(cases, [(1, .checkin, 8), (2, .checkin, 8), (5, .testing, 9)])
            _ = try await cases.close(school: F.school, id: ids[1], outcome: "ok", by: "T001", at: F.at(10))
            #expect(try await cases.openCount(school: F.school, scope: .school) == 2)
            #expect(try await cases.openCount(school: F.school, scope: Scope(units: [.room(building: "1号楼", room: "101")])) == 1)
            #expect(try await cases.openCount(school: F.school, scope: Scope(students: [F.no(5)])) == 1)
            #expect(try await cases.openCount(school: F.school, scope: .nothing) == 0)
        }
    }
}
