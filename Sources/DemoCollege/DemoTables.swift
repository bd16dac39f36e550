import Foundation

/// The roster tables of a generated demo college, ready for the roster import.
///
/// Row 0 of `staff` and of `students` is the header (Chinese column names, CONTRACT.md "Roster import");
/// every later row is one person. Import the staff table first: every student's 辅导员 is a staff number
/// in it. The tables satisfy every check of `StaffTable.parse`, `StudentTable.parse` and
/// `StudentImportPlanner.plan`.
public struct DemoTables: Sendable {
    /// The staff header: `工号,姓名,角色,手机号,范围`.
    public static let staffHeader = ["工号", "姓名", "角色", "手机号", "范围"]

    /// The student header, in the order of the student-information system's export.
    public static let studentHeader = [
        "学号", "姓名", "性别", "学院", "班级", "年级", "校区", "楼栋", "楼层", "寝室", "床位",
        "手机号", "身份证号", "家长姓名", "家长电话", "辅导员", "网格角色", "在校状态",
    ]

    /// The staff table; row 0 is `staffHeader`.
    public var staff: [[String]]
    /// The student table; row 0 is `studentHeader`.
    public var students: [[String]]
    /// The demo sign-ins to show a newcomer; the App sets these passwords.
    public var accounts: [DemoAccount]

    public init(staff: [[String]], students: [[String]], accounts: [DemoAccount]) {
        self.staff = staff
        self.students = students
        self.accounts = accounts
    }
}
