import Testing
import CampusKit
@testable import Roster

@Suite("StaffTable: reading the staff roster table")
struct StaffTableTests {
    static let englishHeader = ["staff_no", "name", "role", "phone", "scope"]
    static let chineseHeader = ["工号", "姓名", "角色", "手机号", "范围"]

    /// The row errors `StaffTable.parse` reports for `rows`.
    static func errors(_ rows: [[String]]) throws -> [RowError] {
        let error = try #require(throws: DomainError.self) { try StaffTable.parse(rows) }
        #expect(error.kind == .invalid)
        return error.rowErrors
    }

    /// The roles read from a one-row table whose role cell is `cell`.
    static func roles(_ cell: String) throws -> [Role] {
        let lines = try StaffTable.parse([englishHeader, ["T001", "王老师", cell, "", ""]])
        return try #require(lines.first).member.roles
    }

    @Test("A row under English headers is read into a staff member")
    func englishHeaders() throws {
        let lines = try StaffTable.parse([Self.englishHeader, ["T001", "王老师", "counsellor", "13812345678", "软件2401;软件2402"]])
        try #require(lines.count == 1)
        #expect(lines[0].row == 2)
        #expect(lines[0].member == StaffMember(staffNo: "T001", name: "王老师", roles: [.counsellor],
                                               phone: "13812345678", scope: ["软件2401", "软件2402"]))
    }

    @Test("A row under Chinese headers in another order is read into a staff member")
    func chineseHeadersInAnotherOrder() throws {
        let lines = try StaffTable.parse([["范围", "角色", "工号", "姓名"], ["计算机学院", "书记", "T002", "赵书记"]])
        #expect(lines.first?.member == StaffMember(staffNo: "T002", name: "赵书记", roles: [.secretary], scope: ["计算机学院"]))
    }

    @Test("Every role an import may give is understood by its English name", arguments: [
        ("leader", Role.leader), ("secretary", .secretary), ("counsellor", .counsellor),
        ("class_teacher", .classTeacher), ("building_leader", .buildingLeader), ("vehicle_leader", .vehicleLeader),
        ("clinic", .clinic), ("psych", .psych), ("aid", .aid),
    ])
    func englishRoleNames(word: String, role: Role) throws {
        #expect(try Self.roles(word) == [role])
    }

    @Test("A row naming the admin role, in any spelling or beside other roles, is refused naming role (CONTRACT.md, Roles)",
          arguments: ["admin", "leader;admin", "管理员", "Admin"])
    func adminIsNeverImported(word: String) throws {
        let error = #expect(throws: DomainError.self) {
            try StaffTable.parse([Self.englishHeader, ["T9001", "Leader Li", word, "", ""]])
        }
        #expect(error?.rowErrors.map(\.column) == ["role"])
        #expect(error?.rowErrors.first?.row == 2)
    }

    @Test("Every role of the contract is understood by its Chinese name", arguments: [
        ("学工处", Role.leader), ("书记", .secretary), ("辅导员", .counsellor), ("班主任", .classTeacher),
        ("楼长", .buildingLeader), ("车长", .vehicleLeader), ("校医", .clinic), ("心理中心", .psych), ("资助中心", .aid),
    ])
    func chineseRoleNames(word: String, role: Role) throws {
        #expect(try Self.roles(word) == [role])
    }

    @Test("Role names are matched regardless of case")
    func roleCase() throws {
        #expect(try Self.roles("Counsellor") == [.counsellor])
        #expect(try Self.roles("CLASS_TEACHER") == [.classTeacher])
    }

    @Test("A role cell may hold several roles separated by ; or ；, in their order")
    func severalRoles() throws {
        #expect(try Self.roles("辅导员;班主任") == [.counsellor, .classTeacher])
        #expect(try Self.roles("楼长 ； clinic") == [.buildingLeader, .clinic])
    }

    @Test("An unknown role is reported on its row and the role column, quoting the word")
    func unknownRole() throws {
        let errors = try Self.errors([Self.chineseHeader,
                                      ["T001", "王老师", "辅导员", "", ""],
                                      ["T002", "李校长", "辅导员;校长", "", ""]])
        try #require(errors.count == 1, "\(errors)")
        #expect(errors[0].row == 3)
        #expect(errors[0].column == "角色")
        #expect(errors[0].message.contains("校长"))
    }

    @Test("An empty role cell is reported as a missing required value")
    func emptyRole() throws {
        let errors = try Self.errors([Self.englishHeader, ["T001", "王老师", "  ", "", ""]])
        #expect(errors.map(\.row) == [2])
        #expect(errors.map(\.column) == ["role"])
    }

    @Test("A role cell holding only separators is reported as missing its role")
    func roleCellOfSeparatorsOnly() throws {
        let errors = try Self.errors([Self.englishHeader, ["T001", "王老师", ";", "", ""]])
        #expect(errors.map(\.column) == ["role"])
    }

    @Test("A duplicate staff number is reported on the later row, naming the first")
    func duplicateStaffNumber() throws {
        let errors = try Self.errors([Self.englishHeader,
                                      ["T001", "王老师", "辅导员", "", ""],
                                      ["T002", "李老师", "辅导员", "", ""],
                                      ["T001", "张老师", "班主任", "", ""]])
        try #require(errors.count == 1, "\(errors)")
        #expect(errors[0].row == 4)
        #expect(errors[0].column == "staff_no")
        #expect(errors[0].message.contains("第 2 行"))
    }

    @Test("A missing staff number or name is reported on its own column")
    func missingRequiredValues() throws {
        let errors = try Self.errors([Self.englishHeader, ["", "王老师", "辅导员", "", ""], ["T002", "", "辅导员", "", ""]])
        #expect(errors.map(\.row) == [2, 3])
        #expect(errors.map(\.column) == ["staff_no", "name"])
    }

    @Test("A malformed phone is reported on the phone column")
    func badPhone() throws {
        let errors = try Self.errors([Self.englishHeader, ["T001", "王老师", "辅导员", "138abc", ""]])
        #expect(errors.map(\.column) == ["phone"])
    }

    @Test("A missing required column is reported on row 1")
    func missingRoleColumn() throws {
        let errors = try Self.errors([["工号", "姓名"], ["T001", "王老师"]])
        #expect(errors.map(\.row) == [1])
        #expect(errors.map(\.column) == ["role"])
    }

    @Test("The scope is split on ; and ；, trimmed, and empty parts dropped")
    func scopeSplit() throws {
        let lines = try StaffTable.parse([Self.englishHeader, ["T001", "王老师", "辅导员", "", " 软件2401；软件2402 ;; 软件2403 ；"]])
        #expect(lines.first?.member.scope == ["软件2401", "软件2402", "软件2403"])
        #expect(StaffTable.splitList("a;b；c") == ["a", "b", "c"])
    }

    @Test("A staff member without a scope cell has an empty scope")
    func noScope() throws {
        let lines = try StaffTable.parse([["工号", "姓名", "角色"], ["T001", "王老师", "校医"]])
        #expect(lines.first?.member.scope == [])
        #expect(lines.first?.member.phone == nil)
    }

    @Test("Blank rows are skipped and later rows keep their spreadsheet numbers")
    func blankRows() throws {
        let lines = try StaffTable.parse([Self.englishHeader, ["", "", "", "", ""], ["T001", "王老师", "辅导员", "", ""]])
        #expect(lines.map(\.row) == [3])
    }
}
