import Testing
import CampusKit
import Roster

@Suite("ScopeResolver: who may see which students")
struct ScopeResolverTests {
    static func student(_ no: String = "2024001", building: String? = "3号楼", floor: Int? = 3, room: String? = "301",
                        gridRole: GridRole? = nil) -> Student {
        Student(studentNo: no, name: "学生", college: "计算机学院", className: "软件2401", campus: "东校区",
                building: building, floor: floor, room: room, gridRole: gridRole)
    }

    @Test("An administrator or the student-affairs office sees the whole school", arguments: [Role.admin, .leader])
    func adminAndLeaderSeeSchool(role: Role) {
        let staff = StaffMember(staffNo: "T001", name: "王", roles: [role, .counsellor], scope: ["软件2401"])
        #expect(ScopeResolver.scope(roles: [role], staff: staff, student: nil) == .school)
        #expect(ScopeResolver.scope(roles: [role], staff: nil, student: nil) == .school)
    }

    @Test("A counsellor sees the classes of their scope, and nothing else")
    func counsellorSeesClasses() {
        let staff = StaffMember(staffNo: "T001", name: "王", roles: [.counsellor], scope: ["软件2401", "软件2402"])
        #expect(ScopeResolver.scope(roles: [.counsellor], staff: staff, student: nil)
            == Scope(units: [UnitKey(.class, "软件2401"), UnitKey(.class, "软件2402")]))
    }

    @Test("A class teacher sees the classes of their scope")
    func classTeacherSeesClasses() {
        let staff = StaffMember(staffNo: "T001", name: "王", roles: [.classTeacher], scope: ["软件2401"])
        #expect(ScopeResolver.scope(roles: [.classTeacher], staff: staff, student: nil)
            == Scope(units: [UnitKey(.class, "软件2401")]))
    }

    @Test("A secretary sees the colleges of their scope")
    func secretarySeesColleges() {
        let staff = StaffMember(staffNo: "T002", name: "赵", roles: [.secretary], scope: ["计算机学院", "外国语学院"])
        #expect(ScopeResolver.scope(roles: [.secretary], staff: staff, student: nil)
            == Scope(units: [UnitKey(.college, "计算机学院"), UnitKey(.college, "外国语学院")]))
    }

    @Test("A building leader sees the buildings of their scope")
    func buildingLeaderSeesBuildings() {
        let staff = StaffMember(staffNo: "T003", name: "孙", roles: [.buildingLeader], scope: ["3号楼"])
        #expect(ScopeResolver.scope(roles: [.buildingLeader], staff: staff, student: nil)
            == Scope(units: [UnitKey(.building, "3号楼")]))
    }

    @Test("A staff member with two roles sees the units of both, each read at its own level")
    func twoRoles() {
        let staff = StaffMember(staffNo: "T004", name: "钱", roles: [.counsellor, .secretary], scope: ["X"])
        #expect(ScopeResolver.scope(roles: [.counsellor, .secretary], staff: staff, student: nil)
            == Scope(units: [UnitKey(.class, "X"), UnitKey(.college, "X")]))
    }

    @Test("A clinic doctor without a unit-bound role sees no student")
    func clinicSeesNothing() {
        let staff = StaffMember(staffNo: "T005", name: "周", roles: [.clinic], scope: ["软件2401"])
        let scope = ScopeResolver.scope(roles: [.clinic], staff: staff, student: nil)
        #expect(scope.isEmpty)
    }

    @Test("A floor leader student sees their own floor and themself")
    func floorLeader() {
        let me = Self.student(gridRole: .floorLeader)
        #expect(ScopeResolver.scope(roles: [.student, .floorLeader], staff: nil, student: me)
            == Scope(units: [.floor(building: "3号楼", floor: 3)], students: ["2024001"]))
    }

    @Test("A room leader student sees their own room and themself")
    func roomLeader() {
        let me = Self.student(gridRole: .roomLeader)
        #expect(ScopeResolver.scope(roles: [.student, .roomLeader], staff: nil, student: me)
            == Scope(units: [.room(building: "3号楼", room: "301")], students: ["2024001"]))
    }

    @Test("A plain student sees only themself")
    func plainStudent() {
        #expect(ScopeResolver.scope(roles: [.student], staff: nil, student: Self.student())
            == Scope(students: ["2024001"]))
    }

    @Test("A grid leader without a building, or without a floor or room, sees only themself")
    func leaderWithoutPlace() {
        let cases = [Self.student(building: nil, gridRole: .floorLeader), Self.student(floor: nil, gridRole: .floorLeader),
                     Self.student(building: nil, gridRole: .roomLeader), Self.student(room: nil, gridRole: .roomLeader)]
        for me in cases {
            #expect(ScopeResolver.scope(roles: [.student], staff: nil, student: me) == Scope(students: ["2024001"]))
        }
    }

    @Test("An integration token with read:all sees the whole school; other token scopes see nothing")
    func tokenScopes() {
        #expect(ScopeResolver.scope(roles: [], staff: nil, student: nil, tokenScopes: ["read:all"]) == .school)
        #expect(ScopeResolver.scope(roles: [], staff: nil, student: nil, tokenScopes: ["checkin:write", "roster:write"]) == .nothing)
    }

    @Test("Nobody in particular sees nothing")
    func nobody() {
        #expect(ScopeResolver.scope(roles: [], staff: nil, student: nil).isEmpty)
    }
}
