import CampusKit
import Foundation
import Notifications
import Roster

/// Who hears of what at the gates, and what they read: alerts go to each student's counsellor, one message per run
/// naming their students; a leave request to the student's counsellor; a decision to the student.
public enum GateNotices {
    /// One message to each counsellor of `students` (alerts of one `kind`), naming their students.
    public static func alerts(_ kind: AccessAlert.Kind, students: [Student], at now: Date) -> [InboxMessage] {
        var byCounsellor: [String: [Student]] = [:]
        for s in students { if let c = s.counsellor, !c.isEmpty { byCounsellor[c, default: []].append(s) } }
        return byCounsellor.sorted { $0.key < $1.key }.map { counsellor, own in
            let what = switch kind {
            case .leaveOverdue: "请假逾期未返校"
            case .curfew: "查寝时间后仍在校外且未请假"
            case .exitWithoutLeave: "未经请假出校"
            case .denied: "通行被拒"
            }
            let names = own.map { "\($0.name)（\($0.studentNo)，\($0.className)）" }.joined(separator: "、")
            return InboxMessage(id: UUID().uuidString.lowercased(), recipient: counsellor, kind: .accessAlert,
                                subject: "\(own.count) 名学生\(what)", body: names + "。请尽快联系学生并核实。",
                                link: "/access?kind=\(kind.rawValue)", createdAt: now,
                                wording: Wording("access_\(kind.rawValue)", ["count": "\(own.count)", "names": names]))
        }
    }

    /// Word of a new leave request to whoever decides it first (the student's counsellor), unless they made it.
    public static func request(_ leave: Leave, student: Student?, by author: String, at now: Date) -> [InboxMessage] {
        guard let counsellor = student?.counsellor, !counsellor.isEmpty, counsellor != author else { return [] }
        return [InboxMessage(id: UUID().uuidString.lowercased(), recipient: counsellor, kind: .leaveRequest,
                             subject: "请假待审批：\(leave.studentName)（\(leave.studentNo)）",
                             body: "去向：\(leave.destination)；事由：\(leave.reason)。", link: "/leaves", createdAt: now,
                             wording: Wording("leave_request", ["name": leave.studentName, "studentNo": leave.studentNo,
                                                                "destination": leave.destination, "reason": leave.reason]))]
    }

    /// Word of a decision to the student, unless they made it (withdrawing their own request) or it is still pending
    /// (a long leave after its first approval: the second approvers see it in their list).
    public static func decision(_ leave: Leave, by author: String, at now: Date) -> [InboxMessage] {
        guard leave.status != .pending, leave.studentNo != author else { return [] }
        let state = switch leave.status {
        case .approved: "已批准"
        case .refused: "未批准"
        case .cancelled: "已撤回"
        case .pending: "待审批"
        }
        return [InboxMessage(id: UUID().uuidString.lowercased(), recipient: leave.studentNo, kind: .leaveDecision,
                             subject: "您的请假\(state)", body: "去向：\(leave.destination)。" + (leave.note.map { "意见：\($0)" } ?? ""),
                             link: "/leave", createdAt: now,
                             wording: Wording("leave_\(leave.status.rawValue)" + (leave.note == nil ? "" : "_note"),
                                              ["destination": leave.destination, "note": leave.note ?? ""]))]
    }
}
