import Foundation
import Testing
import CampusKit
import Roster
import DemoCollege

@Suite("Demo college: the roster import accepts it")
struct DemoCollegeImportTests {
    @Test("Both tables carry exactly the Chinese headers of the roster import")
    func headersAreExact() {
        let tables = DemoCollegeFixture.standard
        #expect(tables.staff[0].joined(separator: ",") == "工号,姓名,角色,手机号,范围")
        #expect(tables.students[0].joined(separator: ",")
            == "学号,姓名,性别,学院,班级,年级,校区,楼栋,楼层,寝室,床位,手机号,身份证号,家长姓名,家长电话,辅导员,网格角色,在校状态")
    }

    @Test("StudentTable.parse and StaffTable.parse read every row with no errors")
    func tablesParse() throws {
        for tables in [DemoCollegeFixture.standard, DemoCollegeFixture.small] {
            let students = try DemoCollegeFixture.students(tables)
            let staff = try DemoCollegeFixture.staff(tables)
            #expect(students.count == tables.students.count - 1)
            #expect(staff.count == tables.staff.count - 1)
            #expect(students.allSatisfy { $0.idNumber.map { IDNumber.problem(with: $0) == nil } ?? false })
        }
    }

    @Test("StudentImportPlanner plans the import against the staff table's numbers, creating every student")
    func importPlanSucceeds() throws {
        for tables in [DemoCollegeFixture.standard, DemoCollegeFixture.small] {
            let lines = try StudentTable.parse(tables.students)
            let staffNumbers = Set(try DemoCollegeFixture.staff(tables).map(\.staffNo))
            let plan = try StudentImportPlanner.plan(lines, against: RosterSnapshot(staffNumbers: staffNumbers))
            #expect(plan.create.count == lines.count)
            #expect(plan.update.isEmpty)
        }
    }

    @Test("Every student has a phone, a guardian of the same surname, and an ID number born about 18 years before the grade")
    func personalDetailsAreRealistic() throws {
        for s in try DemoCollegeFixture.students(DemoCollegeFixture.standard) {
            let phone = try #require(s.phone)
            #expect(phone.count == 11 && phone.allSatisfy(\.isASCII) && ("13"..."19").contains(String(phone.prefix(2))))
            #expect(s.guardianPhone?.count == 11)
            #expect(s.guardianName?.first == s.name.first)
            let id = Array(try #require(s.idNumber))
            let born = try #require(Int(String(id[6..<10])))
            let grade = try #require(s.grade.flatMap { Int($0) })
            #expect((17...19).contains(grade - born))
            #expect((id[16].wholeNumberValue ?? 0) % 2 == (s.gender == .male ? 1 : 0))
        }
    }

    @Test("Most students are 在校, about 1% 离校 and a few 休学")
    func statusesAreMostlyActive() throws {
        let students = try DemoCollegeFixture.students(DemoCollegeFixture.standard)
        let off = students.filter { $0.status == .offCampus }.count
        let suspended = students.filter { $0.status == .suspended }.count
        #expect((40...120).contains(off))
        #expect((5...60).contains(suspended))
    }
}
