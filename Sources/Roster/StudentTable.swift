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
        guard let header = rows.first else {
            throw DomainError(.invalid, "文件为空 (the file has no header row)", rowErrors: [RowError(row: 1, column: nil, message: "empty file")])
        }
        let map = try HeaderMap(header: header, columns: columns)
        var lines: [Line] = []
        var errors: [RowError] = []
        var firstRowOfNo: [String: Int] = [:]
        var headers: [String: String] = [:]
        for column in columns { headers[column.names[0]] = map.columnName(column.field, default: column.names[0]) }
        for (offset, cells) in rows.dropFirst().enumerated() {
            let rowNo = offset + 2
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            var rowErrors: [RowError] = []
            func fail(_ field: Field, _ fallback: String, _ message: String) {
                rowErrors.append(RowError(row: rowNo, column: map.columnName(field, default: fallback), message: message))
            }
            func required(_ field: Field, _ fallback: String) -> String {
                if let v = map.value(field, in: cells) { return v }
                fail(field, fallback, "必填项为空 (required value missing)")
                return ""
            }
            let studentNo = required(.studentNo, "student_no")
            let name = required(.name, "name")
            let college = required(.college, "college")
            let className = required(.className, "class")

            var gender: Gender?
            if let v = map.value(.gender, in: cells) {
                gender = EnumAliases.gender(v)
                if gender == nil { fail(.gender, "gender", "未知性别 “\(v)”，应为 男/女/M/F (unknown gender)") }
            }
            var floor: Int?
            if let v = map.value(.floor, in: cells) {
                floor = Int(v)
                if floor == nil { fail(.floor, "floor", "楼层应为整数，而不是 “\(v)” (floor must be an integer)") }
            }
            var status = StudentStatus.active
            if let v = map.value(.status, in: cells) {
                if let s = EnumAliases.status(v) { status = s } else {
                    fail(.status, "status", "未知在校状态 “\(v)”，应为 在校/离校/休学 (unknown status)")
                }
            }
            var gridRole: GridRole?
            if let v = map.value(.gridRole, in: cells) {
                gridRole = EnumAliases.gridRole(v)
                if gridRole == nil { fail(.gridRole, "grid_role", "未知网格角色 “\(v)”，应为 寝室长/层长 (unknown grid role)") }
            }
            let idNumber = map.value(.idNumber, in: cells)?.uppercased()
            if let idNumber, let problem = IDNumber.problem(with: idNumber) { fail(.idNumber, "id_number", problem) }
            for (field, fallback) in [(Field.phone, "phone"), (.guardianPhone, "guardian_phone")] {
                if let v = map.value(field, in: cells), let problem = PhoneNumber.problem(with: v) { fail(field, fallback, problem) }
            }
            let building = map.value(.building, in: cells)
            let room = map.value(.room, in: cells)
            if building == nil, room != nil || floor != nil || map.value(.bed, in: cells) != nil {
                fail(.building, "building", "填写了寝室或楼层，但缺少楼栋 (room or floor given without a building)")
            }
            if !studentNo.isEmpty {
                if let first = firstRowOfNo[studentNo] {
                    fail(.studentNo, "student_no", "学号 \(studentNo) 与第 \(first) 行重复 (duplicate student number in the file)")
                } else {
                    firstRowOfNo[studentNo] = rowNo
                }
            }
            errors += rowErrors
            guard rowErrors.isEmpty else { continue }
            lines.append(Line(row: rowNo, student: Student(
                studentNo: studentNo, name: name, gender: gender, college: college, className: className,
                grade: map.value(.grade, in: cells), campus: map.value(.campus, in: cells), building: building,
                floor: floor, room: room, bed: map.value(.bed, in: cells), phone: map.value(.phone, in: cells),
                idNumber: idNumber, guardianName: map.value(.guardianName, in: cells),
                guardianPhone: map.value(.guardianPhone, in: cells), counsellor: map.value(.counsellor, in: cells),
                gridRole: gridRole, status: status), headers: headers))
        }
        if !errors.isEmpty {
            throw DomainError(.invalid, "导入文件有 \(errors.count) 处错误，未做任何更改 (the file has errors; nothing was changed)", rowErrors: errors)
        }
        return lines
    }
}
