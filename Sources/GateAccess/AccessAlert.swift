import CampusKit
import Foundation

/// Something at the gates that staff should look at.
public struct AccessAlert: Sendable, Equatable {
    /// What happened.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A device refused a passage.
        case denied
        /// Out through a campus gate while the policy needs approved leave, and none covered it.
        case exitWithoutLeave = "exit_without_leave"
        /// Off campus after the curfew without leave.
        case curfew
        /// Not back by the end of an approved leave.
        case leaveOverdue = "leave_overdue"
    }

    public var id: String
    public var kind: Kind
    public var studentNo: String
    public var studentName: String
    public var at: Date
    /// The point, the leave or the time concerned, for people.
    public var detail: String

    public init(id: String, kind: Kind, studentNo: String, studentName: String, at: Date, detail: String) {
        self.id = id
        self.kind = kind
        self.studentNo = studentNo
        self.studentName = studentName
        self.at = at
        self.detail = detail
    }
}
