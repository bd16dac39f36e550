import Foundation
import Testing
import DemoCollege

@Suite("Demo college: determinism and size")
struct DemoCollegeDeterminismTests {
    @Test("The same spec gives byte-identical tables and accounts")
    func sameSeedSameTables() {
        let again = DemoCollegeGenerator.generate(DemoCollegeSpec())
        #expect(again.staff == DemoCollegeFixture.standard.staff)
        #expect(again.students == DemoCollegeFixture.standard.students)
        #expect(again.accounts == DemoCollegeFixture.standard.accounts)
    }

    @Test("Another seed gives different names, numbers and tables")
    func anotherSeedDiffers() {
        let other = DemoCollegeGenerator.generate(DemoCollegeSpec(seed: 43))
        #expect(other.students != DemoCollegeFixture.standard.students)
        #expect(other.staff != DemoCollegeFixture.standard.staff)
        #expect(other.students.count == DemoCollegeFixture.standard.students.count)
    }

    @Test("The student table has exactly as many students as the spec asks for", arguments: [7600, 200, 1234])
    func studentCountMatchesSpec(students: Int) {
        let tables = DemoCollegeGenerator.generate(DemoCollegeSpec(students: students, buildings: 4))
        #expect(tables.students.count == students + 1)
    }

    @Test("Students live in exactly the number of buildings the spec asks for, on both campuses")
    func buildingCountMatchesSpec() {
        for (tables, buildings) in [(DemoCollegeFixture.standard, 10), (DemoCollegeFixture.small, 2)] {
            let rows = tables.students.dropFirst()
            #expect(Set(rows.map { $0[7] }) == Set((1...buildings).map { "\($0)号楼" }))
            #expect(Set(rows.map { $0[6] }) == ["南校区", "北校区"])
        }
    }
}
