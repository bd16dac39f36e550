import CampusKit
import Cases
import Foundation
import Notifications
import Roster
import ShouhuFakes
import Testing

@Suite("Cases raised one way: open or add, tell the audience, in one unit of work")
struct CaseServiceTests {
    static let school = SchoolID.main
    static let at = Date(timeIntervalSince1970: 1_795_132_800)
    static let students = [
        Student(studentNo: "S1", name: "甲", college: "计算机学院", className: "计科1班", building: "1号楼", counsellor: "T001"),
        Student(studentNo: "S2", name: "乙", college: "计算机学院", className: "计科2班", building: "2号楼", counsellor: "T002"),
    ]
    static let staff = [
        StaffMember(staffNo: "T001", name: "辅导员", roles: [.counsellor], scope: ["计科1班"]),
        StaffMember(staffNo: "B001", name: "1号楼楼长", roles: [.buildingLeader], scope: ["1号楼"]),
        StaffMember(staffNo: "B002", name: "2号楼楼长", roles: [.buildingLeader], scope: ["2号楼"]),
    ]

    static func setUp() -> (CaseService, MemoryCaseStore, MemoryInbox, CountingWork) {
        let store = MemoryCaseStore(names: ["S1": "甲", "S2": "乙"])
        let inbox = MemoryInbox()
        let work = CountingWork()
        let service = CaseService(store: store, roster: MemoryRosterStore(students, staff: staff), inbox: inbox, work: work,
                                  clock: FixedClock(at), audit: MemoryAuditLog())
        return (service, store, inbox, work)
    }

    @Test("The first entry opens the case and tells the counsellor and the building's leader; the next adds to it and says so")
    func openThenAdd() async throws {
        let (service, store, inbox, work) = Self.setUp()
        let first = try await service.raise([CaseEntry(studentNo: "S1", source: .checkin, summary: "体温 38.2℃", by: "S1", at: Self.at)], school: Self.school)
        #expect(first.map(\.opened) == [true])
        #expect(first.first?.told == ["T001", "B001"])
        let id = try #require(first.first?.case.id)
        let again = try await service.raise([CaseEntry(studentNo: "S1", source: .checkin, summary: "体温 38.6℃", by: "S1", at: Self.at + 60)],
                                            school: Self.school)
        #expect(again.first?.case.id == id && again.first?.opened == false)
        #expect(store.timeline(id).map(\.kind) == [.opened, .notified, .checkin, .notified])
        #expect(store.timeline(id)[1].detail == "辅导员、1号楼楼长", "the timeline names who was told")
        #expect(inbox.received(by: "S1").count == 2 && inbox.received(by: "S1").allSatisfy { $0.body.contains("校医院") },
                "the student who reported it is told it arrived and what to do, each time")
        #expect(inbox.received(by: "T001").map(\.subject) == ["新异常个案：甲（S1）", "异常个案有新情况：甲（S1）"])
        #expect(inbox.received(by: "B001").count == 2)
        #expect(inbox.received(by: "B002").isEmpty)
        #expect(work.count == 2, "each raise is one unit of work")
    }

    @Test("Several entries in one raise: one unit of work, each student's own audience")
    func many() async throws {
        let (service, _, inbox, work) = Self.setUp()
        let raised = try await service.raise([
            CaseEntry(studentNo: "S1", source: .testing, summary: "混管阳性", by: "lab", at: Self.at),
            CaseEntry(studentNo: "S2", source: .testing, summary: "混管阳性", by: "lab", at: Self.at),
        ], school: Self.school)
        #expect(raised.map(\.told) == [["T001", "B001"], ["T002", "B002"]])
        #expect(inbox.received(by: "S1").isEmpty, "a lab's finding is not sent to the student by the system")
        #expect(inbox.received(by: "B002").first?.link == "/cases/\(raised[1].case.id)")
        #expect(work.count == 1)
    }

    @Test("A staff report does not tell its author; a student outside the reporter's scope is not found and nothing is written")
    func report() async throws {
        let (service, _, inbox, work) = Self.setUp()
        let counsellor = Actor(school: Self.school, accountID: "a-T001", username: "T001", displayName: "辅导员", kind: .staff, roles: [.counsellor],
                               scope: Scope(units: [UnitKey(.class, "计科1班")]))
        let (reported, opened) = try await service.report(studentNo: "S1", summary: "情绪低落，需关注", by: counsellor)
        #expect(opened && reported.source == .manual)
        #expect(inbox.received(by: "T001").isEmpty)
        #expect(inbox.received(by: "B001").count == 1)
        let error = try await #require(throws: DomainError.self) { try await service.report(studentNo: "S2", summary: "x", by: counsellor) }
        #expect(error.kind == .notFound)
        #expect(inbox.received(by: "B002").isEmpty)
        #expect(work.count == 1)
    }
}
