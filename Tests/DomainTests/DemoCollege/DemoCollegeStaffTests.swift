import Foundation
import Testing
import CampusKit
import Roster
import DemoCollege

@Suite("Demo college: staff and demo accounts")
struct DemoCollegeStaffTests {
    @Test("Every counsellor of the reference college covers 150 to 230 students, and every student has one covering their class")
    func counsellorsCoverAboutOneHundredNinety() throws {
        let tables = DemoCollegeFixture.standard
        let students = try DemoCollegeFixture.students(tables)
        let counsellors = try DemoCollegeFixture.staff(tables).filter { $0.roles == [.counsellor] }
        let scopeOf = Dictionary(uniqueKeysWithValues: counsellors.map { ($0.staffNo, Set($0.scope)) })
        for counsellor in counsellors {
            let covered = students.filter { $0.counsellor == counsellor.staffNo }.count
            #expect((150...230).contains(covered), "\(counsellor.staffNo) covers \(covered)")
        }
        for s in students {
            let number = try #require(s.counsellor)
            #expect(scopeOf[number]?.contains(s.className) == true, "\(s.studentNo)'s counsellor \(number)")
        }
    }

    @Test("The staff has a 书记 per college, a 楼长 per building, one-class 班主任, and the clinic, psych, aid and transport roles")
    func staffComposition() throws {
        let tables = DemoCollegeFixture.standard
        let staff = try DemoCollegeFixture.staff(tables)
        let students = try DemoCollegeFixture.students(tables)
        func with(_ role: Role) -> [StaffMember] { staff.filter { $0.roles == [role] } }
        #expect(Set(with(.secretary).flatMap(\.scope)) == Set(students.map(\.college)))
        #expect(with(.buildingLeader).map(\.scope) == (1...10).map { ["\($0)号楼"] })
        #expect(!with(.classTeacher).isEmpty && with(.classTeacher).allSatisfy { $0.scope.count == 1 })
        #expect((1...2).contains(with(.leader).count))
        #expect(with(.clinic).count == 2 && with(.psych).count == 2 && with(.aid).count == 1)
        #expect((1...2).contains(with(.vehicleLeader).count))
        #expect(staff.allSatisfy { $0.staffNo.hasPrefix("T") && $0.staffNo.count == 5 })
    }

    @Test("A college of 200 students has only a handful of staff")
    func smallCollegeHasFewStaff() throws {
        let staff = try DemoCollegeFixture.staff(DemoCollegeFixture.small)
        #expect(staff.count <= 10)
        #expect(staff.filter { $0.roles == [.counsellor] }.count == 1)
    }

    @Test("The demo accounts are a counsellor, a building leader and a student who exist in the tables")
    func demoAccountsExist() throws {
        let tables = DemoCollegeFixture.standard
        let staff = try DemoCollegeFixture.staff(tables)
        let students = try DemoCollegeFixture.students(tables)
        let accounts = tables.accounts
        try #require(accounts.count == 3)
        #expect(accounts.map(\.role) == ["辅导员", "楼长", "学生"])
        #expect(accounts.map(\.password) == ["demo-counsellor-1", "demo-building-1", "demo-student-1"])
        let counsellor = try #require(staff.first { $0.staffNo == accounts[0].username })
        let leader = try #require(staff.first { $0.staffNo == accounts[1].username })
        let student = try #require(students.first { $0.studentNo == accounts[2].username })
        #expect(counsellor.roles == [.counsellor] && leader.roles == [.buildingLeader])
        #expect(student.counsellor == counsellor.staffNo)
        #expect(leader.scope == [student.building ?? ""])
        #expect(accounts.allSatisfy { !$0.note.isEmpty })
    }
}
