import Testing
import CampusKit
@testable import Roster

@Suite("StudentImportPlanner: keeping the grid a tree and planning the writes")
struct StudentImportPlannerTests {
    static func student(_ no: String, name: String = "学生", college: String = "计算机学院", className: String = "软件2401",
                        campus: String? = "东校区", building: String? = "3号楼", floor: Int? = 3, room: String? = "301",
                        counsellor: String? = nil) -> Student {
        Student(studentNo: no, name: name, college: college, className: className, campus: campus,
                building: building, floor: floor, room: room, counsellor: counsellor)
    }

    /// Numbers each student as a data row, starting at spreadsheet row 2.
    static func lines(_ students: [Student]) -> [StudentTable.Line] {
        students.enumerated().map { StudentTable.Line(row: $0.offset + 2, student: $0.element) }
    }

    /// The row errors the planner reports.
    static func errors(_ students: [Student], against snapshot: RosterSnapshot = RosterSnapshot()) throws -> [RowError] {
        let error = try #require(throws: DomainError.self) { try StudentImportPlanner.plan(lines(students), against: snapshot) }
        #expect(error.kind == .invalid)
        return error.rowErrors
    }

    // MARK: A building lies on one campus

    @Test("A building on two campuses within the file is reported on the later row, naming the earlier row")
    func buildingOnTwoCampusesInFile() throws {
        let errors = try Self.errors([
            Self.student("1", campus: "东校区"),
            Self.student("2", campus: "东校区", room: "302"),
            Self.student("3", campus: "西校区", room: "303"),
        ])
        try #require(errors.count == 1, "\(errors)")
        #expect(errors[0].row == 4)
        #expect(errors[0].column == "campus")
        #expect(errors[0].message.contains("第 2 行"))
    }

    @Test("A building stored on another campus is reported on the row that moves it")
    func buildingStoredOnAnotherCampus() throws {
        let snapshot = RosterSnapshot(buildingCampus: ["3号楼": "西校区"])
        let errors = try Self.errors([Self.student("1", campus: "东校区")], against: snapshot)
        try #require(errors.count == 1, "\(errors)")
        #expect(errors[0].row == 2)
        #expect(errors[0].column == "campus")
        #expect(errors[0].message.contains("西校区"))
    }

    @Test("A building stored on the same campus, or stored without a campus, is accepted")
    func buildingStoredCompatibly() throws {
        for stored: String? in ["东校区", nil] {
            let snapshot = RosterSnapshot(buildingCampus: ["3号楼": stored])
            let plan = try StudentImportPlanner.plan(Self.lines([Self.student("1")]), against: snapshot)
            #expect(plan.create.count == 1)
        }
    }

    @Test("The same building name on different campuses is fine when only one row gives a campus")
    func campusOmittedOnOtherRow() throws {
        let plan = try StudentImportPlanner.plan(
            Self.lines([Self.student("1", campus: "东校区"), Self.student("2", campus: nil, room: "302")]),
            against: RosterSnapshot())
        #expect(plan.create.count == 2)
    }

    // MARK: A room lies on one floor

    @Test("A room on two floors within the file is reported on the later row's floor, naming the earlier row")
    func roomOnTwoFloorsInFile() throws {
        let errors = try Self.errors([Self.student("1", floor: 3), Self.student("2", floor: 4)])
        try #require(errors.count == 1, "\(errors)")
        #expect(errors[0].row == 3)
        #expect(errors[0].column == "floor")
        #expect(errors[0].message.contains("第 2 行"))
    }

    @Test("A room stored on another floor is reported on the row's floor")
    func roomStoredOnAnotherFloor() throws {
        let snapshot = RosterSnapshot(roomFloor: ["3号楼/301": 5])
        let errors = try Self.errors([Self.student("1", floor: 3)], against: snapshot)
        try #require(errors.count == 1, "\(errors)")
        #expect(errors[0].row == 2)
        #expect(errors[0].column == "floor")
    }

    @Test("Rooms with the same number in different buildings may lie on different floors")
    func sameRoomNumberInTwoBuildings() throws {
        let plan = try StudentImportPlanner.plan(
            Self.lines([Self.student("1", building: "3号楼", floor: 3), Self.student("2", building: "4号楼", floor: 4)]),
            against: RosterSnapshot(roomFloor: ["4号楼/301": 4]))
        #expect(plan.create.count == 2)
    }

    // MARK: A class lies in one college

    @Test("A class in two colleges within the file is reported on the later row, naming the earlier row")
    func classInTwoCollegesInFile() throws {
        let errors = try Self.errors([
            Self.student("1", college: "计算机学院"),
            Self.student("2", college: "外国语学院"),
        ])
        try #require(errors.count == 1, "\(errors)")
        #expect(errors[0].row == 3)
        #expect(errors[0].column == "college")
        #expect(errors[0].message.contains("第 2 行"))
    }

    @Test("A class stored in another college is reported on the row's college")
    func classStoredInAnotherCollege() throws {
        let snapshot = RosterSnapshot(classCollege: ["软件2401": "外国语学院"])
        let errors = try Self.errors([Self.student("1", college: "计算机学院")], against: snapshot)
        try #require(errors.count == 1, "\(errors)")
        #expect(errors[0].row == 2)
        #expect(errors[0].column == "college")
        #expect(errors[0].message.contains("外国语学院"))
    }

    // MARK: Counsellors

    @Test("A counsellor staff number missing from the staff roster is reported on the counsellor column")
    func unknownCounsellor() throws {
        let snapshot = RosterSnapshot(staffNumbers: ["T001"])
        let errors = try Self.errors([Self.student("1", counsellor: "T001"), Self.student("2", counsellor: "T404")],
                                     against: snapshot)
        try #require(errors.count == 1, "\(errors)")
        #expect(errors[0].row == 3)
        #expect(errors[0].column == "counsellor")
        #expect(errors[0].message.contains("T404"))
    }

    @Test("Errors of several rows are all reported, ordered by row")
    func allErrorsOrderedByRow() throws {
        let snapshot = RosterSnapshot(classCollege: ["软件2401": "计算机学院"])
        let errors = try Self.errors([
            Self.student("1", counsellor: "T404"),
            Self.student("2", college: "外国语学院", floor: 4),
            Self.student("3"),
        ], against: snapshot)
        #expect(errors.map(\.row) == [2, 3, 3])
        #expect(errors.map(\.column) == ["counsellor", "college", "floor"])
    }

    // MARK: The plan

    @Test("The plan creates new students, updates changed ones and counts unchanged ones")
    func planCounts() throws {
        let same = Self.student("1", name: "张三")
        let renamed = Self.student("2", name: "李四")
        let snapshot = RosterSnapshot(students: ["1": same, "2": Self.student("2", name: "李思")])
        let fresh = Self.student("3", name: "王五", room: "302")
        let plan = try StudentImportPlanner.plan(Self.lines([same, renamed, fresh]), against: snapshot)
        #expect(plan.counts == ImportCounts(created: 1, updated: 1, unchanged: 1))
        #expect(plan.create == [fresh])
        #expect(plan.update == [renamed])
        #expect(plan.unchanged == 1)
    }

    @Test("Re-importing exactly what is stored changes nothing")
    func reimportIsUnchanged() throws {
        let students = [Self.student("1"), Self.student("2", room: "302")]
        let snapshot = RosterSnapshot(buildingCampus: ["3号楼": "东校区"], roomFloor: ["3号楼/301": 3, "3号楼/302": 3],
                                      classCollege: ["软件2401": "计算机学院"],
                                      students: Dictionary(uniqueKeysWithValues: students.map { ($0.studentNo, $0) }))
        let plan = try StudentImportPlanner.plan(Self.lines(students), against: snapshot)
        #expect(plan.counts == ImportCounts(created: 0, updated: 0, unchanged: 2))
    }

    @Test("A change in any field, not only the name, is an update")
    func anyFieldChangeIsUpdate() throws {
        var stored = Self.student("1")
        stored.status = .suspended
        let plan = try StudentImportPlanner.plan(Self.lines([Self.student("1")]), against: RosterSnapshot(students: ["1": stored]))
        #expect(plan.counts == ImportCounts(created: 0, updated: 1, unchanged: 0))
    }
}
