import Testing
import CampusKit
import Roster

@Suite("StudentTable: reading the student roster table")
struct StudentTableTests {
    static let englishHeader = [
        "student_no", "name", "gender", "college", "class", "grade", "campus", "building", "floor", "room", "bed",
        "phone", "id_number", "guardian_name", "guardian_phone", "counsellor", "grid_role", "status",
    ]

    /// A valid identity number (its check character is 7).
    static let idNumber = "210102199001011237"
    /// A valid identity number whose check character is X.
    static let idNumberX = "11010519491231002X"

    /// A complete, valid row under `englishHeader`, with `changes` applied (column name → cell).
    static func row(_ changes: [String: String] = [:]) -> [String] {
        var cells: [String: String] = [
            "student_no": "2024001", "name": "张三", "gender": "男", "college": "计算机学院", "class": "软件2401",
            "grade": "2024", "campus": "东校区", "building": "3号楼", "floor": "3", "room": "301", "bed": "1",
            "phone": "13812345678", "id_number": idNumber, "guardian_name": "张父", "guardian_phone": "13987654321",
            "counsellor": "T001", "grid_role": "", "status": "",
        ]
        cells.merge(changes) { _, new in new }
        return englishHeader.map { cells[$0] ?? "" }
    }

    /// The row errors `StudentTable.parse` reports for `rows`.
    static func errors(_ rows: [[String]]) throws -> [RowError] {
        let error = try #require(throws: DomainError.self) { try StudentTable.parse(rows) }
        #expect(error.kind == .invalid)
        return error.rowErrors
    }

    /// The single row error reported for one data row with `changes` applied.
    static func singleError(_ changes: [String: String]) throws -> RowError {
        let errors = try errors([englishHeader, row(changes)])
        try #require(errors.count == 1, "\(errors)")
        return errors[0]
    }

    // MARK: Headers

    @Test("A row under English headers is read into every field of the student")
    func englishHeaders() throws {
        let lines = try StudentTable.parse([Self.englishHeader, Self.row()])
        try #require(lines.count == 1)
        #expect(lines[0].row == 2)
        #expect(lines[0].student == Student(
            studentNo: "2024001", name: "张三", gender: .male, college: "计算机学院", className: "软件2401",
            grade: "2024", campus: "东校区", building: "3号楼", floor: 3, room: "301", bed: "1",
            phone: "13812345678", idNumber: Self.idNumber, guardianName: "张父", guardianPhone: "13987654321",
            counsellor: "T001", gridRole: nil, status: .active))
    }

    @Test("Chinese headers in another column order are read into the same fields")
    func chineseHeadersInAnotherOrder() throws {
        let header = ["在校状态", "寝室", "姓名", "班级", "楼层", "学号", "网格角色", "学院", "楼栋", "性别", "身份证号",
                      "辅导员", "校区", "手机号", "床位", "家长电话", "家长姓名", "年级"]
        let row = ["休学", "402", "李四", "英语2302", "4", "2023017", "寝室长", "外国语学院", "5号楼", "女", Self.idNumberX,
                   "T009", "西校区", "13700001111", "2", "13600002222", "李母", "2023"]
        let lines = try StudentTable.parse([header, row])
        try #require(lines.count == 1)
        #expect(lines[0].student == Student(
            studentNo: "2023017", name: "李四", gender: .female, college: "外国语学院", className: "英语2302",
            grade: "2023", campus: "西校区", building: "5号楼", floor: 4, room: "402", bed: "2",
            phone: "13700001111", idNumber: Self.idNumberX, guardianName: "李母", guardianPhone: "13600002222",
            counsellor: "T009", gridRole: .roomLeader, status: .suspended))
    }

    @Test("A UTF-8 byte order mark on the first header cell does not hide that column")
    func byteOrderMarkOnFirstHeader() throws {
        let lines = try StudentTable.parse([["\u{FEFF}学号", "姓名", "学院", "班级"], ["2024001", "张三", "计算机学院", "软件2401"]])
        #expect(lines.map(\.student.studentNo) == ["2024001"])
    }

    @Test("Headers are matched regardless of case, surrounding spaces and a trailing required-marker *")
    func headerNormalisation() throws {
        let lines = try StudentTable.parse([[" Student_No* ", "NAME", "学院*", "Class"], ["2024001", "张三", "计算机学院", "软件2401"]])
        #expect(lines.map(\.student.name) == ["张三"])
    }

    @Test("A missing required column is reported on row 1, naming the column", arguments: [
        ("学号", "student_no"), ("姓名", "name"), ("学院", "college"), ("班级", "class"),
    ])
    func missingRequiredColumn(chinese: String, english: String) throws {
        let header = ["学号", "姓名", "学院", "班级"].filter { $0 != chinese }
        let errors = try Self.errors([header, ["a", "b", "c"]])
        try #require(errors.count == 1, "\(errors)")
        #expect(errors[0].row == 1)
        #expect(errors[0].column == english)
        #expect(errors[0].message.contains(chinese))
    }

    @Test("A column given twice, once in English and once in Chinese, is reported on row 1")
    func duplicatedColumn() throws {
        let errors = try Self.errors([["student_no", "name", "college", "class", "学号"], ["1", "a", "b", "c", "1"]])
        #expect(errors == [RowError(row: 1, column: "学号", message: "列重复 (column appears twice)")])
    }

    @Test("An empty table is reported as having no header row")
    func emptyTable() throws {
        let errors = try Self.errors([])
        #expect(errors.map(\.row) == [1])
    }

    // MARK: One fault per row

    @Test("A missing name is reported on its row and the name column")
    func missingName() throws {
        let error = try Self.singleError(["name": "  "])
        #expect(error.row == 2)
        #expect(error.column == "name")
    }

    @Test("A missing student number, college or class is reported on its own column", arguments: [
        "student_no", "college", "class",
    ])
    func missingRequiredValue(column: String) throws {
        let error = try Self.singleError([column: ""])
        #expect(error.row == 2)
        #expect(error.column == column)
    }

    @Test("An unknown gender X is reported on the gender column, quoting the value")
    func unknownGender() throws {
        let error = try Self.singleError(["gender": "X"])
        #expect(error.row == 2)
        #expect(error.column == "gender")
        #expect(error.message.contains("“X”"))
    }

    @Test("A floor written as 三 is reported on the floor column")
    func floorNotAnInteger() throws {
        let error = try Self.singleError(["floor": "三"])
        #expect(error.row == 2)
        #expect(error.column == "floor")
        #expect(error.message.contains("三"))
    }

    @Test("An identity number with a wrong check character is reported on the id_number column")
    func badIDChecksum() throws {
        let error = try Self.singleError(["id_number": "210102199001011238"])
        #expect(error.row == 2)
        #expect(error.column == "id_number")
        #expect(error.message.contains("校验位"))
    }

    @Test("A duplicate student number inside the file is reported on the later row, naming the first row")
    func duplicateStudentNumber() throws {
        let rows = [Self.englishHeader,
                    Self.row(["student_no": "2024001"]),
                    Self.row(["student_no": "2024002"]),
                    Self.row(["student_no": "2024001", "name": "王五"])]
        let errors = try Self.errors(rows)
        try #require(errors.count == 1, "\(errors)")
        #expect(errors[0].row == 4)
        #expect(errors[0].column == "student_no")
        #expect(errors[0].message.contains("第 2 行"))
    }

    @Test("Every repetition of a student number names the row where it first appeared")
    func triplicateStudentNumber() throws {
        let rows = [Self.englishHeader, Self.row(), Self.row(), Self.row()]
        let errors = try Self.errors(rows)
        #expect(errors.map(\.row) == [3, 4])
        #expect(errors.allSatisfy { $0.message.contains("第 2 行") })
    }

    @Test("An unknown status is reported on the status column")
    func unknownStatus() throws {
        let error = try Self.singleError(["status": "毕业"])
        #expect(error.row == 2)
        #expect(error.column == "status")
        #expect(error.message.contains("毕业"))
    }

    @Test("An unknown grid role is reported on the grid_role column")
    func unknownGridRole() throws {
        let error = try Self.singleError(["grid_role": "楼长"])
        #expect(error.row == 2)
        #expect(error.column == "grid_role")
        #expect(error.message.contains("楼长"))
    }

    @Test("A room, floor or bed without a building is reported on the building column", arguments: [
        ["building": "", "floor": "", "bed": ""],
        ["building": "", "room": "", "bed": ""],
        ["building": "", "room": "", "floor": ""],
    ])
    func placeWithoutBuilding(changes: [String: String]) throws {
        let error = try Self.singleError(changes)
        #expect(error.row == 2)
        #expect(error.column == "building")
    }

    @Test("A student with no dormitory at all is accepted")
    func noDormitory() throws {
        let lines = try StudentTable.parse([Self.englishHeader,
                                            Self.row(["campus": "", "building": "", "floor": "", "room": "", "bed": ""])])
        let student = try #require(lines.first?.student)
        #expect(student.building == nil && student.floor == nil && student.room == nil && student.bed == nil)
    }

    @Test("A malformed phone or guardian phone is reported on its own column", arguments: [
        ("phone", "1381234567a"), ("phone", "12345"), ("guardian_phone", "138 1234 5678 9999 00"), ("guardian_phone", "电话"),
    ])
    func badPhone(column: String, value: String) throws {
        let error = try Self.singleError([column: value])
        #expect(error.row == 2)
        #expect(error.column == column)
    }

    @Test("Phone numbers with a leading + and inner dashes or spaces are accepted")
    func phoneWithPunctuation() throws {
        let lines = try StudentTable.parse([Self.englishHeader,
                                            Self.row(["phone": "+86 138-1234-5678", "guardian_phone": "021-6543 2100"])])
        #expect(lines.first?.student.phone == "+86 138-1234-5678")
    }

    @Test("Errors name the column as the file's header spells it")
    func errorNamesChineseColumn() throws {
        let errors = try Self.errors([["学号", "姓名", "学院", "班级", "性别"], ["2024001", "张三", "计算机学院", "软件2401", "X"]])
        #expect(errors.map(\.row) == [2])
        #expect(errors.map(\.column) == ["性别"])
    }

    @Test("A byte order mark on the first header does not leak into the column named by a row error")
    func byteOrderMarkInColumnName() throws {
        let rows = [["\u{FEFF}学号", "姓名", "学院", "班级"],
                    ["2024001", "张三", "计算机学院", "软件2401"],
                    ["2024001", "李四", "计算机学院", "软件2401"]]
        let errors = try Self.errors(rows)
        try #require(errors.count == 1)
        #expect(errors[0].row == 3)
        #expect(errors[0].column == "学号")
    }

    // MARK: Several faults

    @Test("Five faults in five rows give exactly five row errors, each on its row and column")
    func fiveFaultsInFiveRows() throws {
        let rows = [Self.englishHeader,
                    Self.row(["student_no": "1", "name": ""]),
                    Self.row(["student_no": "2", "gender": "X"]),
                    Self.row(["student_no": "3", "floor": "三"]),
                    Self.row(["student_no": "4", "id_number": "210102199001011238"]),
                    Self.row(["student_no": "5", "status": "unknown"])]
        let errors = try Self.errors(rows)
        #expect(errors.map(\.row) == [2, 3, 4, 5, 6])
        #expect(errors.map(\.column) == ["name", "gender", "floor", "id_number", "status"])
    }

    @Test("Several faults in one row are each reported, and valid rows around them add none")
    func severalFaultsInOneRow() throws {
        let rows = [Self.englishHeader,
                    Self.row(["student_no": "1"]),
                    Self.row(["student_no": "2", "gender": "X", "phone": "abc", "grid_role": "boss"]),
                    Self.row(["student_no": "3"])]
        let errors = try Self.errors(rows)
        #expect(errors.allSatisfy { $0.row == 3 })
        #expect(Set(errors.compactMap(\.column)) == ["gender", "phone", "grid_role"])
        #expect(errors.count == 3)
    }

    // MARK: Values

    @Test("Blank rows are skipped and the rows after them keep their spreadsheet numbers")
    func blankRowsSkipped() throws {
        let rows = [Self.englishHeader,
                    Self.row(["student_no": "1"]),
                    Array(repeating: "", count: Self.englishHeader.count),
                    [" ", "  "],
                    [],
                    Self.row(["student_no": "2"])]
        let lines = try StudentTable.parse(rows)
        #expect(lines.map(\.row) == [2, 6])
        #expect(lines.map(\.student.studentNo) == ["1", "2"])
    }

    @Test("The status defaults to active when the column is absent or the cell empty")
    func statusDefaultsToActive() throws {
        let withoutColumn = try StudentTable.parse([["学号", "姓名", "学院", "班级"], ["1", "张三", "计算机学院", "软件2401"]])
        #expect(withoutColumn.first?.student.status == .active)
        let emptyCell = try StudentTable.parse([Self.englishHeader, Self.row(["status": ""])])
        #expect(emptyCell.first?.student.status == .active)
    }

    @Test("Gender words in Chinese and English map to the gender", arguments: [
        ("男", Gender.male), ("女", .female), ("M", .male), ("f", .female), ("Male", .male), ("female", .female),
    ])
    func genderWords(word: String, gender: Gender) throws {
        let lines = try StudentTable.parse([Self.englishHeader, Self.row(["gender": word])])
        #expect(lines.first?.student.gender == gender)
    }

    @Test("Status words in Chinese and English map to the status", arguments: [
        ("在校", StudentStatus.active), ("离校", .offCampus), ("休学", .suspended),
        ("active", .active), ("off_campus", .offCampus), ("SUSPENDED", .suspended),
    ])
    func statusWords(word: String, status: StudentStatus) throws {
        let lines = try StudentTable.parse([Self.englishHeader, Self.row(["status": word])])
        #expect(lines.first?.student.status == status)
    }

    @Test("Grid role words in Chinese and English map to the grid role", arguments: [
        ("寝室长", GridRole.roomLeader), ("层长", .floorLeader), ("room_leader", .roomLeader), ("floor_leader", .floorLeader),
    ])
    func gridRoleWords(word: String, role: GridRole) throws {
        let lines = try StudentTable.parse([Self.englishHeader, Self.row(["grid_role": word])])
        #expect(lines.first?.student.gridRole == role)
    }

    @Test("An identity number ending in a lowercase x is stored with an uppercase X")
    func lowercaseXStoredUppercased() throws {
        let lines = try StudentTable.parse([Self.englishHeader, Self.row(["id_number": "11010519491231002x"])])
        #expect(lines.first?.student.idNumber == "11010519491231002X")
    }

    @Test("Cells are trimmed and empty optional cells become nil")
    func cellsTrimmed() throws {
        let lines = try StudentTable.parse([Self.englishHeader,
                                            Self.row(["name": "  张三 ", "floor": " 3 ", "grade": "", "guardian_name": "  "])])
        let student = try #require(lines.first?.student)
        #expect(student.name == "张三")
        #expect(student.floor == 3)
        #expect(student.grade == nil)
        #expect(student.guardianName == nil)
    }

    @Test("A row shorter than the header reads its missing cells as empty")
    func shortRow() throws {
        let lines = try StudentTable.parse([Self.englishHeader, ["2024001", "张三", "", "计算机学院", "软件2401"]])
        let student = try #require(lines.first?.student)
        #expect(student.studentNo == "2024001")
        #expect(student.gender == nil && student.building == nil && student.status == .active)
    }
}
