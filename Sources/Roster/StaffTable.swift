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
        let table = try TableRows.read(rows, columns: columns, key: (.staffNo, "staff_no"),
                                       duplicate: { "工号 \($0) 与第 \($1) 行重复 (duplicate staff number in the file)" }) { row in
            let staffNo = row.required(.staffNo, "staff_no")
            let name = row.required(.name, "name")
            var roles: [Role] = []
            let words = row.value(.role).map(splitList) ?? []
            if words.isEmpty { row.fail(.role, "role", "必填项为空 (required value missing)") }
            for word in words {
                if EnumAliases.staffRole(word) == .admin {
                    // Power over accounts is granted by an administrator on the accounts page, never by a file
                    // that anyone allowed to import staff could write (CONTRACT.md, Roles).
                    row.fail(.role, "role", "管理员角色只能由另一位管理员在账号管理中授予，不能通过名册导入 (admin is granted on the accounts page only, never by an import)")
                } else if let role = EnumAliases.staffRole(word) { roles.append(role) } else {
                    row.fail(.role, "role", "未知角色 “\(word)” (unknown role)")
                }
            }
            if let v = row.value(.phone), let problem = PhoneNumber.problem(with: v) { row.fail(.phone, "phone", problem) }
            return StaffMember(staffNo: staffNo, name: name, roles: roles, phone: row.value(.phone),
                               scope: row.value(.scope).map(splitList) ?? [])
        }
        return table.records.map { Line(row: $0.row, member: $0.record) }
    }

    static func splitList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == ";" || $0 == "；" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}
