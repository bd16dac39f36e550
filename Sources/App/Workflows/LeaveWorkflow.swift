import CampusKit
import Foundation
import GateAccess
import Notifications
import Roster
import Storage

extension ShouhuApp {
    /// A leave request, and word to whoever decides it next (`GateNotices.request`), in one unit of work.
    public func requestLeave(_ request: LeaveRequest, by actor: Actor) async throws -> Leave {
        let (leaves, roster, notifications, now) = (self.leaves, rosterStore, self.notifications, clock.now())
        return try await database.perform {
            let leave = try await leaves.request(request, by: actor)
            let student = try await roster.student(school: actor.school, number: leave.studentNo, scope: .school)
            try await notifications.send(GateNotices.request(leave, student: student, by: actor.username, at: now), school: actor.school)
            return leave
        }
    }

    /// Approves, refuses or withdraws a leave, and tells the student (`GateNotices.decision`), in one unit of work.
    public func decideLeave(_ id: String, decision: LeaveDecision, note: String?, by actor: Actor) async throws -> Leave {
        let (leaves, notifications, now) = (self.leaves, self.notifications, clock.now())
        return try await database.perform {
            let leave: Leave = switch decision {
            case .refuse: try await leaves.refuse(id, note: note, by: actor)
            case .cancel: try await leaves.cancel(id, by: actor)
            case .approve: try await leaves.approve(id, note: note, by: actor)
            }
            try await notifications.send(GateNotices.decision(leave, by: actor.username, at: now), school: actor.school)
            return leave
        }
    }
}
