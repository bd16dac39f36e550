import Cases
import CampusKit
import Foundation
import GateAccess
import Notifications
import ShouhuFakes
import ShouhuTestSupport
import Storage
import Testing
import TestingCampaigns

/// Where a contract runs: on each engine the tests have, and on the in-memory fake (Tests/Fakes).
enum ContractSubject: CustomStringConvertible, Sendable {
    case memory
    case sql(TestEngine)

    static var all: [ContractSubject] { [.memory] + TestEngine.available.map { .sql($0) } }
    var description: String { switch self { case .memory: "memory"; case .sql(let e): "\(e)" } }
}

private typealias F = CheckInStoreFixtures
private typealias T = TestingStoreFixtures

/// The promises of the narrow writers work that crosses domains relies on (CaseWriter, InboxWriter, AccessAlertWriter,
/// LabResultWriter): the same test, against the SQL stores on both engines and against the in-memory fakes domain tests use.
@Suite("Writer contracts: SQL stores and in-memory fakes keep the same promises")
struct WriterContractTests {
    // MARK: CaseWriter

    static func withCases(_ subject: ContractSubject, _ body: (any CaseWriter) async throws -> Void) async throws {
        switch subject {
        case .memory: try await body(MemoryCaseStore())
        case .sql(let engine): try await F.withStores(engine) { stores in try await body(stores.cases) }
        }
    }

    @Test("CaseWriter: one open case per student and source; the first opener opens, the next finds it; another source is another case",
          arguments: ContractSubject.all)
    func caseWriterOpens(subject: ContractSubject) async throws {
        try await Self.withCases(subject) { cases in
            let first = try await cases.openCase(school: F.school, studentNo: F.no(1), source: .checkin, summary: "发热", by: F.no(1), at: F.at(8))
            let again = try await cases.openCase(school: F.school, studentNo: F.no(1), source: .checkin, summary: "再次发热", by: F.no(1), at: F.at(9))
            let other = try await cases.openCase(school: F.school, studentNo: F.no(1), source: .testing, summary: "阳性", by: "lab", at: F.at(9))
            #expect(first.opened && !again.opened && other.opened)
            #expect(again.id == first.id)
            #expect(other.id != first.id)
            #expect(try await cases.openCaseId(school: F.school, studentNo: F.no(1), source: .checkin) == first.id)
            #expect(try await cases.openCaseId(school: F.school, studentNo: F.no(2), source: .checkin) == nil)
            let found = try #require(try await cases.find(school: F.school, id: first.id))
            #expect(found.studentNo == F.no(1) && found.source == .checkin && found.status == .open && found.summary == "发热")
            #expect(found.openedAt == F.at(8))
            #expect(try await cases.find(school: F.school, id: "no-such-case") == nil)
        }
    }

    @Test("CaseWriter: appending to an unknown case is refused as not found", arguments: ContractSubject.all)
    func caseWriterAppendUnknown(subject: ContractSubject) async throws {
        try await Self.withCases(subject) { cases in
            let opened = try await cases.openCase(school: F.school, studentNo: F.no(1), source: .manual, summary: "x", by: "T001", at: F.at(8))
            try await cases.append(school: F.school, caseId: opened.id, kind: .note, detail: "随访", by: "T001", at: F.at(9))
            let error = try await #require(throws: DomainError.self) {
                try await cases.append(school: F.school, caseId: "no-such-case", kind: .note, detail: "x", by: "T001", at: F.at(9))
            }
            #expect(error.kind == .notFound)
        }
    }

    // MARK: InboxWriter

    static func withInbox(_ subject: ContractSubject, _ body: (any InboxWriter, @escaping @Sendable (String) async throws -> [InboxMessage]) async throws -> Void) async throws {
        switch subject {
        case .memory:
            let inbox = MemoryInbox()
            try await body(inbox) { inbox.received(by: $0) }
        case .sql(let engine):
            try await F.withStores(engine) { stores in
                let store = stores.notifications
                try await body(store) { try await store.inbox(school: F.school, recipient: $0, unreadOnly: false, limit: 5000) }
            }
        }
    }

    @Test("InboxWriter: every message of a large send arrives, each to its recipient, nothing to anyone else; an empty send is nothing",
          arguments: ContractSubject.all)
    func inboxDelivers(subject: ContractSubject) async throws {
        try await Self.withInbox(subject) { inbox, received in
            try await inbox.send([], school: F.school)
            let messages = (0..<1_200).map { i in
                InboxMessage(id: "m\(i)", recipient: i % 3 == 0 ? "T001" : "B001", kind: .caseAlert, subject: "新异常个案 \(i)", body: "体温",
                             link: "/cases/c\(i)", createdAt: F.at(8).addingTimeInterval(Double(i)))
            }
            try await inbox.send(messages, school: F.school)
            #expect(try await received("T001").count == 400)
            #expect(Set(try await received("B001").map(\.id)) == Set(messages.filter { $0.recipient == "B001" }.map(\.id)))
            #expect(try await received("T002").isEmpty)
            let one = try #require(try await received("T001").first { $0.id == "m3" })
            #expect(one.subject == "新异常个案 3" && one.link == "/cases/c3" && one.kind == .caseAlert && one.readAt == nil)
        }
    }

    // MARK: AccessAlertWriter

    static func withAlerts(_ subject: ContractSubject, _ body: (any AccessAlertWriter) async throws -> Void) async throws {
        switch subject {
        case .memory: try await body(MemoryAccessAlerts())
        case .sql(let engine): try await F.withStores(engine) { stores in try await body(SQLGateStore(database: stores.database)) }
        }
    }

    @Test("AccessAlertWriter: each dedupe key is raised once — within one call and across calls — and the students raised now come back in draft order",
          arguments: ContractSubject.all)
    func alertsOnce(subject: ContractSubject) async throws {
        try await Self.withAlerts(subject) { alerts in
            let a = AlertDraft(kind: .curfew, studentNo: F.no(2), at: F.at(23), detail: "最后出校 3月2日 20:00", dedupe: "curfew|\(F.day)|\(F.no(2))")
            let b = AlertDraft(kind: .leaveOverdue, studentNo: F.no(1), at: F.at(18), detail: "市医院", dedupe: "overdue|L1")
            let first = try await alerts.raise([a, b, a], school: F.school)
            let second = try await alerts.raise([b, a], school: F.school)
            let none = try await alerts.raise([], school: F.school)
            #expect(first == [F.no(2), F.no(1)])
            #expect(second.isEmpty)
            #expect(none.isEmpty)
        }
    }

    // MARK: LabResultWriter

    /// A lab writer with two pooled tubes (P1: 001, 002; P2: 004) and an individual one (I1: 005), all open.
    static func withLab(_ subject: ContractSubject, _ body: (any LabResultWriter) async throws -> Void) async throws {
        switch subject {
        case .memory:
            let lab = MemoryLabResults()
            lab.put(Tube(code: "P1", campaignId: "c1", poolSize: 10, filled: 2, status: .open, members: [F.no(1), F.no(2)]))
            lab.put(Tube(code: "P2", campaignId: "c1", poolSize: 10, filled: 1, status: .open, members: [F.no(4)]))
            lab.put(Tube(code: "I1", campaignId: "c2", poolSize: 1, filled: 1, status: .open, members: [F.no(5)]))
            try await body(lab)
        case .sql(let engine):
            try await T.withStores(engine) { stores in
                let pooled = try await T.campaign(stores.testing, kind: .targeted, students: [F.no(1), F.no(2), F.no(4)])
                try await T.fill(stores.testing, pooled.id, "P1", [F.no(1), F.no(2)])
                try await T.fill(stores.testing, pooled.id, "P2", [F.no(4)])
                let single = try await T.campaign(stores.testing, kind: .targeted, poolSize: 1, students: [F.no(5)])
                try await T.fill(stores.testing, single.id, "I1", [F.no(5)])
                try await body(stores.testing)
            }
        }
    }

    @Test("LabResultWriter: known tubes come back with status and pool size; a result moves open tubes only and names the others' status",
          arguments: ContractSubject.all)
    func labMoves(subject: ContractSubject) async throws {
        try await Self.withLab(subject) { lab in
            let stored = try await lab.storedTubes(school: F.school, codes: ["P1", "I1", "NOPE"])
            #expect(stored == ["P1": StoredTube(code: "P1", status: .open, poolSize: 10), "I1": StoredTube(code: "I1", status: .open, poolSize: 1)])
            let first = try await lab.setResult(.positive, tubes: ["P1"], school: F.school, by: "lab", at: F.at(10))
            #expect(first.moved == ["P1"] && first.others.isEmpty)
            let second = try await lab.setResult(.negative, tubes: ["P1", "P2"], school: F.school, by: "lab", at: F.at(11))
            #expect(second.moved == ["P2"])
            #expect(second.others == ["P1": .positive])
            #expect(try await lab.storedTubes(school: F.school, codes: ["P1"])["P1"]?.status == .positive)
            #expect(try await lab.members(school: F.school, tubes: ["P1", "P2", "NOPE"]) == ["P1": [F.no(1), F.no(2)], "P2": [F.no(4)]])
        }
    }

    @Test("LabResultWriter: flags are raised once, cleared only while pending, confirmed from pending; retest campaigns are one per origin; voided swabs leave their tube",
          arguments: ContractSubject.all)
    func labFlags(subject: ContractSubject) async throws {
        try await Self.withLab(subject) { lab in
            let plan = SlotPlanner.campaign(ValidDraft(name: "单管复检", day: F.day, kind: .targeted, poolSize: 1, students: [F.no(1), F.no(2)],
                                                       sites: [TestingService.retestSite], startMinute: 600),
                                            expected: [Examinee(studentNo: F.no(1), building: nil, floor: nil, room: nil), Examinee(studentNo: F.no(2), building: nil, floor: nil, room: nil)],
                                            id: UUID().uuidString.lowercased(), purpose: .retest, origin: "retest:P1", by: "lab", at: F.at(10))
            let retest = try await lab.retestCampaign(plan, school: F.school)
            #expect(retest == plan.campaign.id)
            var again = plan
            again.campaign.id = UUID().uuidString.lowercased()
            #expect(try await lab.retestCampaign(again, school: F.school) == retest, "one retest campaign per origin")
            try await lab.flag(school: F.school, students: [F.no(1), F.no(2)], tube: "P1", retest: retest, at: F.at(10))
            try await lab.flag(school: F.school, students: [F.no(1)], tube: "P1", retest: retest, at: F.at(10, 5))
            #expect(try await lab.clearFlags(school: F.school, students: [F.no(1), F.no(4)], at: F.at(12)) == [F.no(1)])
            #expect(try await lab.clearFlags(school: F.school, students: [F.no(1)], at: F.at(13)).isEmpty, "cleared once")
            try await lab.confirm(school: F.school, student: F.no(2), tube: "R2", at: F.at(12))
            #expect(try await lab.clearFlags(school: F.school, students: [F.no(2)], at: F.at(13)).isEmpty, "confirmed is no longer pending")
            try await lab.void(school: F.school, tubes: ["P2"], at: F.at(12))
            #expect(try await lab.members(school: F.school, tubes: ["P2"]).isEmpty)
        }
    }
}
