import Foundation

/// One demo sign-in to print for a newcomer: who to sign in as, with which password, and what they will see.
///
/// `username` is always a staff number or a student number present in the generated tables.
public struct DemoAccount: Sendable, Equatable {
    /// The staff number or student number to sign in with.
    public var username: String
    /// The demo password the App sets for this account.
    public var password: String
    /// The role in Chinese: 辅导员, 楼长 or 学生.
    public var role: String
    /// A sentence naming the account's scope, e.g. its classes, its building, or its room.
    public var note: String

    public init(username: String, password: String, role: String, note: String) {
        self.username = username
        self.password = password
        self.role = role
        self.note = note
    }
}

extension DemoAccount {
    /// The three demo sign-ins, chosen so they see each other: the first counsellor, one of their
    /// students who is 在校, and the 楼长 of that student's building. Empty when no such student exists.
    static func signIns(staff: [DemoStaffMember], students: [DemoStudent]) -> [DemoAccount] {
        guard let counsellor = staff.first(where: { $0.role == "辅导员" }),
              let student = students.first(where: { $0.counsellor == counsellor.staffNo && $0.isActive }),
              let buildingLeader = staff.first(where: { $0.role == "楼长" && $0.scope.contains(student.building) })
        else { return [] }
        let covered = students.filter { $0.counsellor == counsellor.staffNo }.count
        let housed = students.filter { $0.building == student.building }.count
        let leads = student.gridRole.isEmpty ? "" : "，\(student.gridRole)"
        return [
            DemoAccount(username: counsellor.staffNo, password: "demo-counsellor-1", role: "辅导员",
                        note: "辅导员 \(counsellor.name)：\(counsellor.scope.joined(separator: "、"))，共 \(covered) 名学生"
                            + " (counsellor of \(counsellor.scope.count) classes, \(covered) students)"),
            DemoAccount(username: buildingLeader.staffNo, password: "demo-building-1", role: "楼长",
                        note: "楼长 \(buildingLeader.name)：\(student.campus) \(student.building)，共 \(housed) 名学生"
                            + " (building leader of \(student.building), \(housed) students)"),
            DemoAccount(username: student.number, password: "demo-student-1", role: "学生",
                        note: "学生 \(student.name)：\(student.demoClass.name) 班，\(student.building) \(student.room) 寝室\(leads)"
                            + " (student of class \(student.demoClass.name), room \(student.building)/\(student.room))"),
        ]
    }
}
