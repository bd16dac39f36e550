import CampusKit
import Foundation
import Roster
import ShouhuFakes
import Testing

@Suite("Roster people: names and roster roles behind numbers, and the classes one may choose from")
struct RosterPeopleTests {
    static let students = [
        Student(studentNo: "2021000001", name: "甲一", college: "信息工程学院", className: "信息2110", building: "1号楼", floor: 1, room: "101",
                gridRole: .roomLeader),
        Student(studentNo: "2021000002", name: "甲二", college: "信息工程学院", className: "信息2102", building: "1号楼", floor: 2, room: "201",
                gridRole: .floorLeader),
        Student(studentNo: "2021000005", name: "丙一", college: "机电工程学院", className: "机电2101", building: "6号楼", floor: 3, room: "301"),
    ]
    static let staff = [
        StaffMember(staffNo: "T001", name: "王老师", roles: [.counsellor, .admin], scope: ["信息2110", "信息2102"]),
        StaffMember(staffNo: "T003", name: "张楼长", roles: [.buildingLeader], scope: ["1号楼"]),
    ]

    static func actor(_ kind: Actor.Kind, _ scope: Scope) -> Actor {
        Actor(school: .main, accountID: "a", username: "u", displayName: "u", kind: kind, roles: [.counsellor], scope: scope)
    }

    static var service: RosterService {
        RosterService(store: MemoryRosterStore(students, staff: staff), audit: MemoryAuditLog(), clock: FixedClock(Date(timeIntervalSince1970: 0)))
    }

    @Test("A staff reader learns the students in scope and the staff behind numbers, each role with its units; a student reader no staff; unknown numbers are left out")
    func people() async throws {
        let info = Self.actor(.staff, Scope(units: [UnitKey(.college, "信息工程学院")]))
        let found = try await Self.service.people(numbered: ["2021000001", "2021000002", "2021000005", "T001", "T003", "X9"], by: info)
        #expect(Set(found.keys) == ["2021000001", "2021000002", "T001", "T003"], "the other college's student is out of scope")
        #expect(found["2021000001"] == RosterPerson(number: "2021000001", name: "甲一", kind: .student,
                                                   duties: [.init(role: .roomLeader, units: [.room(building: "1号楼", room: "101")])]))
        #expect(found["2021000002"]?.duties == [.init(role: .floorLeader, units: [.floor(building: "1号楼", floor: 2)])])
        #expect(found["T001"]?.duties == [.init(role: .counsellor, units: [UnitKey(.class, "信息2110"), UnitKey(.class, "信息2102")]),
                                          .init(role: .admin, units: [])])
        #expect(found["T003"]?.duties == [.init(role: .buildingLeader, units: [UnitKey(.building, "1号楼")])])

        let pupil = Self.actor(.student, Scope(students: ["2021000001"]))
        #expect(Set(try await Self.service.people(numbered: ["2021000001", "2021000002", "T001"], by: pupil).keys) == ["2021000001"])
    }

    @Test("classNames: the classes within the reader's scope, in natural order (2102 before 2110)")
    func classNames() async throws {
        #expect(try await Self.service.classNames(by: Self.actor(.staff, .school)) == ["信息2102", "信息2110", "机电2101"])
        #expect(try await Self.service.classNames(by: Self.actor(.staff, Scope(units: [UnitKey(.class, "机电2101")]))) == ["机电2101"])
        #expect(try await Self.service.classNames(by: Self.actor(.staff, .nothing)).isEmpty)
    }
}
