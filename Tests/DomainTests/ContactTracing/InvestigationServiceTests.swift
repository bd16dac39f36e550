import CampusKit
import ContactTracing
import Foundation
import GateAccess
import Roster
import ShouhuFakes
import Testing

@Suite("InvestigationRequest: the contract's parameters, each problem named by its field")
struct InvestigationRequestTests {
    static func fields(from: Double = 0, to: Double = 1440, minOverlap: Int = 15, depth: Int = 2, index: String = "1000") -> [String] {
        InvestigationRequest(indexStudentNo: index, from: GateTestData.t(from), to: GateTestData.t(to), minOverlapMinutes: minOverlap,
                             depth: depth).validate().map(\.field)
    }

    @Test("The contract's defaults: 15 minutes, no floor, depth 2")
    func defaults() {
        let r = InvestigationRequest(indexStudentNo: "1000", from: GateTestData.t(0), to: GateTestData.t(60))
        #expect(r.minOverlapMinutes == 15)
        #expect(!r.includeFloor)
        #expect(r.depth == 2)
        #expect(r.validate().isEmpty)
        #expect(r.window == DateInterval(start: GateTestData.t(0), end: GateTestData.t(60)))
    }

    @Test("from after (or equal to) to names from")
    func fromAfterTo() {
        #expect(Self.fields(from: 60, to: 0) == ["from"])
        #expect(Self.fields(from: 60, to: 60) == ["from"])
    }

    @Test("A window over 30 days names to; exactly 30 days is fine")
    func windowTooLong() {
        #expect(Self.fields(from: 0, to: 30 * 1440 + 1) == ["to"])
        #expect(Self.fields(from: 0, to: 30 * 1440).isEmpty)
    }

    @Test("minOverlapMinutes outside 1–1440 names the field", arguments: [0, -5, 1441])
    func minOverlapOutOfRange(minutes: Int) {
        #expect(Self.fields(minOverlap: minutes) == ["minOverlapMinutes"])
    }

    @Test("minOverlapMinutes 1 and 1440 are allowed")
    func minOverlapLimits() {
        #expect(Self.fields(minOverlap: 1).isEmpty)
        #expect(Self.fields(minOverlap: 1440).isEmpty)
    }

    @Test("depth other than 1 or 2 names depth", arguments: [0, 3])
    func depthOutOfRange(depth: Int) {
        #expect(Self.fields(depth: depth) == ["depth"])
        #expect(Self.fields(depth: 1).isEmpty)
    }

    @Test("Several problems are all named; a missing index too")
    func severalProblems() {
        #expect(Self.fields(from: 10, to: 0, minOverlap: 0, depth: 3, index: "") == ["indexStudentNo", "from", "minOverlapMinutes", "depth"])
    }
}

@Suite("InvestigationService: who may investigate whom; saved, audited, and follow-ups only of contacts")
struct InvestigationServiceTests {
    static let now = GateTestData.t(2000)
    static let counsellorX = GateTestData.staff("T100", [.counsellor], scope: Scope(units: [UnitKey(.class, "X班")]))
    static let clinic = GateTestData.staff("T500", [.clinic])

    struct Setup {
        var service: InvestigationService
        var store: MemoryInvestigationStore
        var audit: MemoryAuditLog
    }

    static func setUp() -> Setup {
        let people = [
            GateTestData.person("1000", className: "X班", building: "B1", floor: 1, room: "101"),
            GateTestData.person("1001", className: "X班", building: "B1", floor: 1, room: "101"),
            GateTestData.person("2000", className: "Y班", building: "B5", floor: 5, room: "501"),
            GateTestData.person("2001", className: "Y班", building: "B5", floor: 5, room: "502"),
        ]
        let roster = MemoryRosterStore(people)
        let source = MemoryTracingSource(
            allStays: [Stay(studentNo: "1000", place: "canteen-1", kind: .canteen, from: GateTestData.t(0), to: GateTestData.t(60)),
                       Stay(studentNo: "2001", place: "canteen-1", kind: .canteen, from: GateTestData.t(10), to: GateTestData.t(50))],
            homes: people.map { Resident(studentNo: $0.studentNo, building: $0.building!, floor: $0.floor, room: $0.room) },
            people: people
        )
        let store = MemoryInvestigationStore(roster: roster)
        let audit = MemoryAuditLog()
        let service = InvestigationService(source: source, store: store, roster: roster, audit: audit, clock: FixedClock(now))
        return Setup(service: service, store: store, audit: audit)
    }

    static func request(_ index: String, from: Double = 0, to: Double = 1440) -> InvestigationRequest {
        InvestigationRequest(indexStudentNo: index, from: GateTestData.t(from), to: GateTestData.t(to))
    }

    static func error(_ body: () async throws -> Investigation) async throws -> DomainError {
        try await #require(throws: DomainError.self) { _ = try await body() }
    }

    @Test("An unknown index student is .invalid naming indexStudentNo, and nothing is saved or audited")
    func unknownIndex() async throws {
        let s = Self.setUp()
        let e = try await Self.error { try await s.service.investigate(Self.request("9999"), by: Self.clinic) }
        #expect(e.kind == .invalid)
        #expect(e.fieldErrors.map(\.field) == ["indexStudentNo"])
        #expect(s.store.saves.isEmpty)
        #expect(s.audit.entries.isEmpty)
    }

    @Test("Bad parameters and an unknown index are named together; nothing is saved")
    func badParametersAndIndex() async throws {
        let s = Self.setUp()
        let e = try await Self.error { try await s.service.investigate(Self.request("9999", from: 60, to: 0), by: Self.clinic) }
        #expect(e.kind == .invalid)
        #expect(Set(e.fieldErrors.map(\.field)) == ["from", "indexStudentNo"])
        let e2 = try await Self.error {
            try await s.service.investigate(InvestigationRequest(indexStudentNo: "1000", from: GateTestData.t(0), to: GateTestData.t(60), depth: 3),
                                            by: Self.clinic)
        }
        #expect(e2.fieldErrors.map(\.field) == ["depth"])
        #expect(s.store.saves.isEmpty)
    }

    @Test("A counsellor cannot investigate a student outside their classes: .invalid naming indexStudentNo, nothing saved")
    func counsellorOutsideScope() async throws {
        let s = Self.setUp()
        let e = try await Self.error { try await s.service.investigate(Self.request("2000"), by: Self.counsellorX) }
        #expect(e.kind == .invalid)
        #expect(e.fieldErrors.map(\.field) == ["indexStudentNo"])
        #expect(s.store.saves.isEmpty)
        #expect(s.audit.entries.isEmpty)
    }

    @Test("Students, integrations and staff without an investigating role may not investigate: .forbidden, nothing saved",
          arguments: [GateTestData.student("1000", scope: .school), GateTestData.integration(["read:all"]),
                      GateTestData.staff("T900", [.psych, .classTeacher])])
    func forbidden(actor: Actor) async throws {
        let s = Self.setUp()
        let e = try await Self.error { try await s.service.investigate(Self.request("1000"), by: actor) }
        #expect(e.kind == .forbidden)
        #expect(s.store.saves.isEmpty)
        #expect(s.audit.entries.isEmpty)
    }

    @Test("A successful investigation is saved as returned, names its contacts from the roster and is audited")
    func successSavesAndAudits() async throws {
        let s = Self.setUp()
        let request = Self.request("1000")
        let investigation = try await s.service.investigate(request, by: Self.counsellorX)
        #expect(investigation.request == request)
        #expect(investigation.createdBy == "T100")
        #expect(investigation.createdAt == Self.now)
        #expect(investigation.indexName == "学生1000")
        #expect(investigation.followUps.isEmpty)
        #expect(!investigation.id.isEmpty)
        #expect(investigation.contacts.map(\.studentNo) == ["1001", "2001"])
        let roommate = investigation.contacts[0]
        #expect(roommate.degree == 1)
        #expect(roommate.evidence == [Evidence(rule: .roommate, place: "B1/101", from: GateTestData.t(0), to: GateTestData.t(1440))])
        #expect(roommate.name == "学生1001")
        #expect(roommate.className == "X班")
        #expect(roommate.building == "B1")
        #expect(roommate.room == "101")
        #expect(investigation.contacts[1].evidence == [Evidence(rule: .coPresence, place: "canteen-1", from: GateTestData.t(10),
                                                                to: GateTestData.t(50), minutes: 40)])

        #expect(s.store.saves == [investigation])
        let entry = try #require(s.audit.entries.first)
        #expect(s.audit.entries.count == 1)
        #expect(entry.action == "investigation.create")
        #expect(entry.subject == "1000")
        #expect(entry.actorName == "T100")
        #expect(entry.actorID == "acc-T100")
        #expect(entry.at == Self.now)
        #expect(entry.detail.contains(investigation.id))
    }

    @Test("Reading a saved investigation is audited; outside the reader's scope it is .notFound")
    func readBack() async throws {
        let s = Self.setUp()
        let saved = try await s.service.investigate(Self.request("1000"), by: Self.clinic)
        let read = try await s.service.investigation(saved.id, by: Self.counsellorX)
        #expect(read == saved)
        #expect(s.audit.entries.map(\.action) == ["investigation.create", "investigation.read"])
        let other = GateTestData.staff("T101", [.counsellor], scope: Scope(units: [UnitKey(.class, "Y班")]))
        let e = try await Self.error { try await s.service.investigation(saved.id, by: other) }
        #expect(e.kind == .notFound)
    }

    @Test("setFollowUp refuses a student who is not a contact (naming studentNos) and marks nothing")
    func followUpOnlyContacts() async throws {
        let s = Self.setUp()
        let saved = try await s.service.investigate(Self.request("1000"), by: Self.clinic)
        let stranger = try await Self.error { try await s.service.setFollowUp(saved.id, studentNos: ["1001", "2000"], marked: true, by: Self.clinic) }
        #expect(stranger.kind == .invalid)
        #expect(stranger.fieldErrors.map(\.field) == ["studentNos"])
        let index = try await Self.error { try await s.service.setFollowUp(saved.id, studentNos: ["1000"], marked: true, by: Self.clinic) }
        #expect(index.fieldErrors.map(\.field) == ["studentNos"])
        let none = try await Self.error { try await s.service.setFollowUp(saved.id, studentNos: [], marked: true, by: Self.clinic) }
        #expect(none.fieldErrors.map(\.field) == ["studentNos"])
        #expect(s.store.followUps.isEmpty)
        #expect(!s.audit.entries.contains { $0.action == "investigation.followup" })
    }

    @Test("setFollowUp marks and unmarks contacts, stores it and audits it")
    func followUpMarks() async throws {
        let s = Self.setUp()
        let saved = try await s.service.investigate(Self.request("1000"), by: Self.clinic)
        let marked = try await s.service.setFollowUp(saved.id, studentNos: ["1001", "2001"], marked: true, by: Self.clinic)
        #expect(marked.followUps == ["1001", "2001"])
        let unmarked = try await s.service.setFollowUp(saved.id, studentNos: ["2001"], marked: false, by: Self.clinic)
        #expect(unmarked.followUps == ["1001"])
        #expect(s.store.followUps == [
            MemoryInvestigationStore.FollowUpCall(id: saved.id, studentNos: ["1001", "2001"], marked: true, by: "T500"),
            MemoryInvestigationStore.FollowUpCall(id: saved.id, studentNos: ["2001"], marked: false, by: "T500"),
        ])
        #expect(s.audit.entries.map(\.action).filter { $0 != "investigation.read" }
            == ["investigation.create", "investigation.followup", "investigation.unfollow"])
    }
}
