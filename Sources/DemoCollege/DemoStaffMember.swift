import Foundation

/// One row of the generated staff table: a staff number `T0001`, a name, one role in Chinese and the
/// names (classes, colleges or buildings) the role covers.
struct DemoStaffMember: Sendable, Equatable {
    let staffNo: String
    let name: String
    /// 学工处, 书记, 辅导员, 班主任, 楼长, 校医, 心理中心, 资助中心 or 车长.
    let role: String
    let phone: String
    let scope: [String]

    /// The cells in the order of `DemoTables.staffHeader`; the scope is `;`-separated.
    var row: [String] { [staffNo, name, role, phone, scope.joined(separator: ";")] }
}
