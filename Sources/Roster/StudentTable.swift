import Foundation
import CampusKit

/// Reads the student roster table (CONTRACT.md, Roster import) into students, naming every bad cell.
public enum StudentTable {
    enum Field: Hashable, Sendable {
        case studentNo, name, gender, college, className, grade, campus, building, floor, room, bed, phone, idNumber
        case guardianName, guardianPhone, counsellor, gridRole, status
    }

    static let columns: [HeaderMap<Field>.Column] = [
        .init(field: .studentNo, names: ["student_no", "学号"], required: true),
        .init(field: .name, names: ["name", "姓名"], required: true),
        .init(field: .gender, names: ["gender", "性别"], required: false),
        .init(field: .college, names: ["college", "学院"], required: true),
        .init(field: .className, names: ["class", "班级"], required: true),
        .init(field: .grade, names: ["grade", "年级"], required: false),
        .init(field: .campus, names: ["campus", "校区"], required: false),
        .init(field: .building, names: ["building", "楼栋"], required: false),
        .init(field: .floor, names: ["floor", "楼层"], required: false),
        .init(field: .room, names: ["room", "寝室"], required: false),
        .init(field: .bed, names: ["bed", "床位"], required: false),
        .init(field: .phone, names: ["phone", "手机号"], required: false),
        .init(field: .idNumber, names: ["id_number", "身份证号"], required: false),
        .init(field: .guardianName, names: ["guardian_name", "家长姓名"], required: false),
        .init(field: .guardianPhone, names: ["guardian_phone", "家长电话"], required: false),
        .init(field: .counsellor, names: ["counsellor", "辅导员"], required: false),
        .init(field: .gridRole, names: ["grid_role", "网格角色"], required: false),
        .init(field: .status, names: ["status", "在校状态"], required: false),
    ]

    /// A student read from one row, with the row's number and the file's own header names for later
    /// cross-row checks, so their errors name columns as the file does.
    public struct Line: Sendable {
        public let row: Int
        public let student: Student
        /// The file's header for a column, keyed by its English contract name (`campus` → `校区`).
        public let headers: [String: String]

        public init(row: Int, student: Student, headers: [String: String] = [:]) {
            self.row = row
            self.student = student
            self.headers = headers
        }

        /// The file's name for the column known in the contract as `name`.
        public func column(_ name: String) -> String { headers[name] ?? name }
    }

    /// Parses `rows` (the first is the header). Cell-level problems of every row are collected;
    /// throws `.invalid` with all of them, or returns one line per data row. Blank rows are skipped.
    public static func parse(_ rows: [[String]]) throws(DomainError) -> [Line] {
        let table = try TableRows.read(rows, columns: columns, key: (.studentNo, "student_no"),
                                       duplicate: { "学号 \($0) 与第 \($1) 行重复 (duplicate student number in the file)" },
                                       record: student)
        var headers: [String: String] = [:]
        for column in columns { headers[column.names[0]] = table.map.columnName(column.field, default: column.names[0]) }
        return table.records.map { Line(row: $0.row, student: $0.record, headers: headers) }
    }

    /// Reads one row into a student, reporting every cell that cannot be used.
    static func student(_ row: inout TableRow<Field>) -> Student {
        let studentNo = row.required(.studentNo, "student_no")
        let name = row.required(.name, "name")
        let college = row.required(.college, "college")
        let className = row.required(.className, "class")
        func parsed<T>(_ field: Field, _ fallback: String, _ read: (String) -> T?, _ message: (String) -> String) -> T? {
            guard let v = row.value(field) else { return nil }
            if let value = read(v) { return value }
            row.fail(field, fallback, message(v))
            return nil
        }
        let gender = parsed(.gender, "gender", EnumAliases.gender) { "未知性别 “\($0)”，应为 男/女/M/F (unknown gender)" }
        let floor = parsed(.floor, "floor", { Int($0) }) { "楼层应为整数，而不是 “\($0)” (floor must be an integer)" }
        let status = parsed(.status, "status", EnumAliases.status) { "未知在校状态 “\($0)”，应为 在校/离校/休学 (unknown status)" }
        let gridRole = parsed(.gridRole, "grid_role", EnumAliases.gridRole) { "未知网格角色 “\($0)”，应为 寝室长/层长 (unknown grid role)" }
        let idNumber = row.value(.idNumber)?.uppercased()
        if let idNumber, let problem = IDNumber.problem(with: idNumber) { row.fail(.idNumber, "id_number", problem) }
        for (field, fallback) in [(Field.phone, "phone"), (.guardianPhone, "guardian_phone")] {
            if let v = row.value(field), let problem = PhoneNumber.problem(with: v) { row.fail(field, fallback, problem) }
        }
        let building = row.value(.building)
        if building == nil, row.value(.room) != nil || row.value(.floor) != nil || row.value(.bed) != nil {
            row.fail(.building, "building", "填写了寝室或楼层，但缺少楼栋 (room or floor given without a building)")
        }
        return Student(
            studentNo: studentNo, name: name, gender: gender, college: college, className: className,
            grade: row.value(.grade), campus: row.value(.campus), building: building, floor: floor, room: row.value(.room),
            bed: row.value(.bed), phone: row.value(.phone), idNumber: idNumber, guardianName: row.value(.guardianName),
            guardianPhone: row.value(.guardianPhone), counsellor: row.value(.counsellor), gridRole: gridRole,
            status: status ?? .active)
    }
}
