import CampusKit
import CheckIns
import Foundation
import GateAccess
import Notifications
import Storage

/// The gates' scheduled work (C6): on every tick, an alert for each approved leave whose student is out past its end
/// (once per leave); once a day after the policy's curfew, an alert for each student
/// still off campus without leave.
struct GateJobs: Sendable {
    let app: ShouhuApp
    let runs: SQLJobRuns

    @discardableResult
    func runDue() async throws -> [String] {
        let now = app.clock.now()
        var ran: [String] = []
        let overdue = try await app.gateStore.raiseOverdueLeaveAlerts(school: app.school, at: now)
        if overdue > 0 { ran.append("access.leave_overdue \(overdue)") }
        let policy = try await app.gateStore.policy(school: app.school)
        let tz = app.config.timeZone
        let day = CampusDay(now, in: tz)
        if let curfew = policy.curfew, CheckInPolicy.minuteOfDay(now, in: tz) >= curfew,
           try await runs.claim(school: app.school, job: "access.curfew", slot: "\(day)", at: now) {
            do {
                let raised = try await app.gateStore.raiseCurfewAlerts(school: app.school, day: day, at: now)
                try await runs.finish(school: app.school, job: "access.curfew", slot: "\(day)", detail: "\(raised) alerts")
                ran.append("access.curfew \(day)")
            } catch {
                try? await runs.release(school: app.school, job: "access.curfew", slot: "\(day)")
                throw error
            }
        }
        return ran
    }
}
