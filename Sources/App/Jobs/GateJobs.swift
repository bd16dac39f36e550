import CampusKit
import CheckIns
import Foundation
import GateAccess
import Notifications
import Roster
import Storage

/// The gates' scheduled work (C6): on every tick, an alert for each approved leave whose student is out past its end
/// (once per leave); once a day after the policy's curfew, an alert for each student still off campus without leave.
/// Each student's counsellor gets one inbox message per run naming their students.
struct GateJobs: Sendable {
    let app: ShouhuApp
    let runs: SQLJobRuns

    @discardableResult
    func runDue() async throws -> [String] {
        let now = app.clock.now()
        var ran: [String] = []
        let overdue = try await app.gateStore.raiseOverdueLeaveAlerts(school: app.school, at: now)
        if !overdue.isEmpty {
            try await tellCounsellors(overdue, kind: .leaveOverdue, at: now)
            ran.append("access.leave_overdue \(overdue.count)")
        }
        let policy = try await app.gateStore.policy(school: app.school)
        let tz = app.config.timeZone
        let day = CampusDay(now, in: tz)
        if let curfew = policy.curfew, CheckInPolicy.minuteOfDay(now, in: tz) >= curfew,
           try await runs.claim(school: app.school, job: "access.curfew", slot: "\(day)", at: now) {
            do {
                let raised = try await app.gateStore.raiseCurfewAlerts(school: app.school, day: day, at: now)
                try await tellCounsellors(raised, kind: .curfew, at: now)
                try await runs.finish(school: app.school, job: "access.curfew", slot: "\(day)", detail: "\(raised.count) alerts")
                ran.append("access.curfew \(day)")
            } catch {
                try? await runs.release(school: app.school, job: "access.curfew", slot: "\(day)")
                throw error
            }
        }
        return ran
    }

    /// One message to each counsellor, naming their students of `numbers`.
    private func tellCounsellors(_ numbers: [String], kind: AccessAlert.Kind, at now: Date) async throws {
        var byCounsellor: [String: [Student]] = [:]
        for number in numbers {
            guard let s = try await app.rosterStore.student(school: app.school, number: number, scope: .school), let c = s.counsellor else { continue }
            byCounsellor[c, default: []].append(s)
        }
        let messages = byCounsellor.sorted { $0.key < $1.key }.map { Self.notice(kind, students: $0.value, to: $0.key, at: now) }
        try await app.notifications.send(messages, school: app.school)
    }

    /// "3 名学生请假逾期未返校：…" — who, for the counsellor, with a link to the alerts.
    static func notice(_ kind: AccessAlert.Kind, students: [Student], to counsellor: String, at now: Date) -> InboxMessage {
        let what = kind == .leaveOverdue ? "请假逾期未返校" : "查寝时间后仍在校外且未请假"
        let names = students.map { "\($0.name)（\($0.studentNo)，\($0.className)）" }.joined(separator: "、")
        return InboxMessage(id: UUID().uuidString.lowercased(), recipient: counsellor, kind: .accessAlert,
                            subject: "\(students.count) 名学生\(what)", body: names + "。请尽快联系学生并核实。",
                            link: "/access?kind=\(kind.rawValue)", createdAt: now)
    }
}
