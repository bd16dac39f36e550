import Foundation
import CampusKit

/// Reads the staff roster table (CONTRACT.md, Roster import), naming every bad cell.
public enum StaffTable {
    enum Field: Hashable, Sendable { case staffNo, name, role, phone, scope }

    static let columns: [HeaderMap<Field>.Column] = [
        .init(field: .staffNo, names: ["staff_no", "工号"], required: true),
        .init(field: .name, names: ["name", "姓名"], required: true),
        .init(field: .role, names: ["role", "角色"], required: true),
        .init(field: .phone, names: ["phone", "手机号"], required: false),
        .init(field: .scope, names: ["scope", "范围"], required: false),
    ]

    /// A staff member read from one row.
    public struct Line: Sendable {
        public let row: Int
        public let member: StaffMember
    }

    /// Parses `rows` (the first is the header). A role cell may hold several roles separated by `;`.
    public static func parse(_ rows: [[String]]) throws(DomainError) -> [Line] {
        guard let header = rows.first else {
            throw DomainError(.invalid, "文件为空 (the file has no header row)", rowErrors: [RowError(row: 1, column: nil, message: "empty file")])
        }
        let map = try HeaderMap(header: header, columns: columns)
        var lines: [Line] = []
        var errors: [RowError] = []
        var firstRowOfNo: [String: Int] = [:]
        for (offset, cells) in rows.dropFirst().enumerated() {
            let rowNo = offset + 2
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            var rowErrors: [RowError] = []
            func fail(_ field: Field, _ fallback: String, _ message: String) {
                rowErrors.append(RowError(row: rowNo, column: map.columnName(field, default: fallback), message: message))
            }
            let staffNo = map.value(.staffNo, in: cells) ?? ""
            if staffNo.isEmpty { fail(.staffNo, "staff_no", "必填项为空 (required value missing)") }
            let name = map.value(.name, in: cells) ?? ""
            if name.isEmpty { fail(.name, "name", "必填项为空 (required value missing)") }
            var roles: [Role] = []
            if let text = map.value(.role, in: cells), !splitList(text).isEmpty {
                for word in splitList(text) {
                    if let role = EnumAliases.staffRole(word) { roles.append(role) } else {
                        fail(.role, "role", "未知角色 “\(word)” (unknown role)")
                    }
                }
            } else {
                fail(.role, "role", "必填项为空 (required value missing)")
            }
            if let v = map.value(.phone, in: cells), let problem = PhoneNumber.problem(with: v) { fail(.phone, "phone", problem) }
            if !staffNo.isEmpty {
                if let first = firstRowOfNo[staffNo] {
                    fail(.staffNo, "staff_no", "工号 \(staffNo) 与第 \(first) 行重复 (duplicate staff number in the file)")
                } else {
                    firstRowOfNo[staffNo] = rowNo
                }
            }
            errors += rowErrors
            guard rowErrors.isEmpty else { continue }
            let scope = map.value(.scope, in: cells).map(splitList) ?? []
            lines.append(Line(row: rowNo, member: StaffMember(
                staffNo: staffNo, name: name, roles: roles, phone: map.value(.phone, in: cells), scope: scope)))
        }
        if !errors.isEmpty {
            throw DomainError(.invalid, "导入文件有 \(errors.count) 处错误，未做任何更改 (the file has errors; nothing was changed)", rowErrors: errors)
        }
        return lines
    }

    static func splitList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == ";" || $0 == "；" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}
