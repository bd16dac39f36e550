import CampusKit
import CheckIns
import Foundation
import GateAccess
import Notifications
import Roster
import Storage

/// The gates' scheduled work (C6): on every tick, an alert for each approved leave whose student is out past its end
/// (once per leave); once a day after the policy's curfew, an alert for each student still off campus without leave.
/// Each run's alerts, the counsellors' messages (`GateNotices.alerts`) and, for the curfew, the claim of the day's
/// slot commit in one unit of work: a crash between them loses nothing and sends nothing twice.
struct GateJobs: ScheduledJobs {
    let app: ShouhuApp
    let runs: SQLJobRuns

    @discardableResult
    func runDue() async throws -> [String] {
        let now = app.clock.now()
        let (gates, roster, notifications, school) = (app.gateStore, app.rosterStore, app.notifications, app.school)
        var ran: [String] = []
        let overdue = try await app.database.perform {
            let raised = try await gates.raise(LeaveTracker.overdue(try await gates.departedLeaves(school: school), at: now), school: school)
            let students = try await roster.students(school: school, numbers: raised)
            try await notifications.send(GateNotices.alerts(.leaveOverdue, students: students, at: now), school: school)
            return raised.count
        }
        if overdue > 0 { ran.append("access.leave_overdue \(overdue)") }
        let policy = try await gates.policy(school: school)
        let tz = app.config.timeZone
        let day = CampusDay(now, in: tz)
        if let curfew = policy.curfew, CheckInPolicy.minuteOfDay(now, in: tz) >= curfew {
            let runs = self.runs
            let done = try await app.database.perform { () -> Bool in
                guard try await runs.claim(school: school, job: "access.curfew", slot: "\(day)", at: now) else { return false }
                let away = try await gates.lastOut(school: school, at: now)
                let raised = try await gates.raise(Curfew.absentees(away.passages, onLeave: away.onLeave, day: day, at: now, timeZone: tz), school: school)
                let students = try await roster.students(school: school, numbers: raised)
                try await notifications.send(GateNotices.alerts(.curfew, students: students, at: now), school: school)
                try await runs.finish(school: school, job: "access.curfew", slot: "\(day)", detail: "\(raised.count) alerts")
                return true
            }
            if done { ran.append("access.curfew \(day)") }
        }
        return ran
    }
}
