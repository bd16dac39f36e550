import Foundation
import Testing
import CampusKit
import Roster
import DemoCollege

@Suite("Demo college: the dormitory grid")
struct DemoCollegeGridTests {
    @Test("Every room holds 4 to 6 students of one gender, in beds 1 to n")
    func roomsAreSingleGenderAndSized() throws {
        for tables in [DemoCollegeFixture.standard, DemoCollegeFixture.small] {
            let rooms = DemoCollegeFixture.grouped(try DemoCollegeFixture.students(tables), by: DemoCollegeFixture.roomKey)
            for room in rooms {
                #expect((4...6).contains(room.members.count), "room \(room.key) has \(room.members.count) students")
                #expect(Set(room.members.compactMap(\.gender)).count == 1, "room \(room.key) mixes genders")
                #expect(room.members.compactMap(\.bed).sorted() == (1...room.members.count).map(String.init).sorted())
            }
        }
    }

    @Test("Every student has a campus, building, floor 1–6 and a room numbered floor × 100 + k")
    func everyStudentIsHoused() throws {
        for s in try DemoCollegeFixture.students(DemoCollegeFixture.standard) {
            let floor = try #require(s.floor)
            let room = try #require(s.room.flatMap { Int($0) })
            #expect(s.campus != nil && s.building != nil)
            #expect((1...6).contains(floor))
            #expect(room / 100 == floor && room % 100 >= 1)
        }
    }

    @Test("Each room has exactly one room leader and each floor exactly one floor leader")
    func oneLeaderPerRoomAndFloor() throws {
        for tables in [DemoCollegeFixture.standard, DemoCollegeFixture.small] {
            let students = try DemoCollegeFixture.students(tables)
            for room in DemoCollegeFixture.grouped(students, by: DemoCollegeFixture.roomKey) {
                #expect(room.members.filter { $0.gridRole == .roomLeader }.count == 1, "room \(room.key)")
            }
            for floor in DemoCollegeFixture.grouped(students, by: DemoCollegeFixture.floorKey) {
                #expect(floor.members.filter { $0.gridRole == .floorLeader }.count == 1, "floor \(floor.key)")
            }
        }
    }

    @Test("Student numbers are unique and shaped year + college + class + seat")
    func studentNumbersAreUnique() throws {
        let students = try DemoCollegeFixture.students(DemoCollegeFixture.standard)
        #expect(Set(students.map(\.studentNo)).count == students.count)
        #expect(students.allSatisfy { $0.studentNo.count == 10 && $0.studentNo.hasPrefix($0.grade ?? "-") })
    }

    @Test("Classes of about 40 are named after their college and grade, across 6 colleges and grades 2021–2024")
    func classesAndColleges() throws {
        let students = try DemoCollegeFixture.students(DemoCollegeFixture.standard)
        let classes = DemoCollegeFixture.grouped(students, by: \.className)
        #expect(classes.allSatisfy { (35...45).contains($0.members.count) })
        #expect(Set(students.map(\.college)).count == 6)
        #expect(Set(students.compactMap(\.grade)) == ["2021", "2022", "2023", "2024"])
        for c in classes {
            let grade = try #require(c.members[0].grade)
            #expect(c.key.dropLast(2).hasSuffix(grade.suffix(2)), "class \(c.key) of grade \(grade)")
        }
    }
}
