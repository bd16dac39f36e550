import CampusKit
import Foundation
import GateAccess
import Notifications
import Roster
import Storage

extension ShouhuApp {
    /// A leave request, and word to whoever decides it next: the student's counsellor (GateAccess decides, the inbox tells).
    public func requestLeave(_ request: LeaveRequest, by actor: Actor) async throws -> Leave {
        let leave = try await leaves.request(request, by: actor)
        let student = try await rosterStore.student(school: actor.school, number: request.studentNo, scope: .school)
        if let counsellor = student?.counsellor, counsellor != actor.username {
            try await notifications.send([Self.leaveNotice(leave, to: counsellor, at: clock.now())], school: actor.school)
        }
        return leave
    }

    /// Approves, refuses or withdraws a leave, and tells the student (and, after a counsellor's first approval of a
    /// long leave, nobody yet: the second approvers see it in their list).
    public func decideLeave(_ id: String, decision: String, note: String?, by actor: Actor) async throws -> Leave {
        let leave: Leave = switch decision {
        case "refuse": try await leaves.refuse(id, note: note, by: actor)
        case "cancel": try await leaves.cancel(id, by: actor)
        default: try await leaves.approve(id, note: note, by: actor)
        }
        if leave.status != .pending, leave.studentNo != actor.username {
            try await notifications.send([Self.decisionNotice(leave, at: clock.now())], school: actor.school)
        }
        return leave
    }

    static func leaveNotice(_ leave: Leave, to recipient: String, at now: Date) -> InboxMessage {
        InboxMessage(id: UUID().uuidString.lowercased(), recipient: recipient, kind: .leaveRequest,
                     subject: "请假待审批：\(leave.studentName)（\(leave.studentNo)）",
                     body: "去向：\(leave.destination)；事由：\(leave.reason)。", link: "/leaves", createdAt: now)
    }

    static func decisionNotice(_ leave: Leave, at now: Date) -> InboxMessage {
        let state = switch leave.status {
        case .approved: "已批准"
        case .refused: "未批准"
        case .cancelled: "已撤回"
        case .pending: "待审批"
        }
        return InboxMessage(id: UUID().uuidString.lowercased(), recipient: leave.studentNo, kind: .leaveDecision,
                            subject: "您的请假\(state)", body: "去向：\(leave.destination)。" + (leave.note.map { "意见：\($0)" } ?? ""),
                            link: "/leave", createdAt: now)
    }
}
