import CampusKit
import CheckIns
import Foundation
import Notifications
import Reports
import Roster
import Storage

/// The check-in day's scheduled work (C3, C4): reminders before the cutoff to missing students and their room
/// leaders; after the cutoff, the list of who is still missing to floor leaders, building leaders and
/// counsellors; after the report deadline, word to the units that have not reported and to the leaders.
/// Each slot runs once however many servers tick (`SQLJobRuns`).
struct CheckInJobs: ScheduledJobs {
    let app: ShouhuApp
    let runs: SQLJobRuns

    /// Runs every slot that is due now and has not run; returns the slots it ran.
    @discardableResult
    func runDue() async throws -> [String] {
        let now = app.clock.now()
        let tz = app.config.timeZone
        let day = CampusDay(now, in: tz)
        let minute = CheckInPolicy.minuteOfDay(now, in: tz)
        let policy = try await app.checkIns.policy(school: app.school)
        var due: [(job: String, slot: String, work: @Sendable () async throws -> String)] = []
        if minute < policy.cutoff, let last = policy.reminders.last(where: { $0 <= minute }) {
            // Only the latest reminder that has come due: a server starting at 09:40 does not send the 08:00 one too.
            due.append(("checkin.reminder", "\(day) \(CheckInPolicy.clock(last))", { try await remind(day: day, policy: policy) }))
        }
        if minute >= policy.cutoff {
            due.append(("checkin.escalation", "\(day)", { try await escalate(day: day) }))
        }
        if minute >= policy.reportDeadline {
            due.append(("report.overdue", "\(day)", { try await reportOverdue(day: day, policy: policy) }))
        }
        var ran: [String] = []
        let (runs, school) = (self.runs, app.school)
        for job in due {
            // The claim, the messages and the record of the run commit together: a crash or a failed run leaves the
            // slot free for the next tick, and a slot that ran never sends twice.
            let done = try await app.database.perform { () -> Bool in
                guard try await runs.claim(school: school, job: job.job, slot: job.slot, at: now) else { return false }
                try await runs.finish(school: school, job: job.job, slot: job.slot, detail: try await job.work())
                return true
            }
            if done { ran.append("\(job.job) \(job.slot)") }
        }
        return ran
    }

    private func allMissing(day: CampusDay) async throws -> [MissingStudent] {
        var all: [MissingStudent] = []
        var after: String?
        repeat {
            let page = try await app.checkIns.missing(on: day, filter: StudentFilter(), page: PageRequest(limit: 1000, after: after), actor: app.systemActor)
            all += page.items
            after = page.next
        } while after != nil
        return all
    }

    private func remind(day: CampusDay, policy: CheckInPolicy) async throws -> String {
        let missing = try await allMissing(day: day)
        let leaders = try await app.rosterStore.gridLeaders(school: app.school)
        let messages = Self.reminders(missing: missing, leaders: leaders, cutoff: CheckInPolicy.clock(policy.cutoff), at: app.clock.now())
        try await app.notifications.send(messages, school: app.school)
        return "\(missing.count) missing, \(messages.count) reminders"
    }

    private func escalate(day: CampusDay) async throws -> String {
        let missing = try await allMissing(day: day)
        let leaders = try await app.rosterStore.gridLeaders(school: app.school)
        let staff = try await app.rosterStore.staff(school: app.school)
        let messages = Self.escalations(missing: missing, leaders: leaders, staff: staff, day: day, at: app.clock.now())
        try await app.notifications.send(messages, school: app.school)
        return "\(missing.count) missing, \(messages.count) escalations"
    }

    private func reportOverdue(day: CampusDay, policy: CheckInPolicy) async throws -> String {
        let report = try await app.reports.schoolReport(on: day, deadlineMinutes: policy.reportDeadline, by: app.systemActor)
        let staff = try await app.rosterStore.staff(school: app.school)
        let messages = Self.overdueReports(report.overdue, staff: staff, day: day, at: app.clock.now())
        try await app.notifications.send(messages, school: app.school)
        return "\(report.overdue.count) overdue units, \(messages.count) messages"
    }

    // MARK: - Who is told what (pure, so the rules can be read and tested apart from the clock and the database)

    /// Each missing student is reminded; each room leader gets the names of their missing roommates.
    /// `late`: the cutoff has passed (a reminder sent by hand in the afternoon asks for a late check-in instead).
    static func reminders(missing: [MissingStudent], leaders: [Student], cutoff: String, late: Bool = false, at: Date) -> [InboxMessage] {
        let subject = late ? "今日尚未健康打卡，请尽快补报" : "今日尚未健康打卡，请在 \(cutoff) 前完成"
        var messages = missing.map {
            InboxMessage(id: UUID().uuidString.lowercased(), recipient: $0.studentNo, kind: .checkinReminder,
                         subject: subject, body: "点击进入打卡页面，约 30 秒完成。", link: "/checkin", createdAt: at,
                         wording: Wording(late ? "checkin_reminder_late" : "checkin_reminder", ["cutoff": cutoff]))
        }
        let byRoom = Dictionary(grouping: missing.filter { $0.building != nil && $0.room != nil }) { "\($0.building!)/\($0.room!)" }
        for leader in leaders where leader.gridRole == .roomLeader {
            guard let b = leader.building, let r = leader.room,
                  let roommates = byRoom["\(b)/\(r)"]?.filter({ $0.studentNo != leader.studentNo }), !roommates.isEmpty else { continue }
            messages.append(InboxMessage(id: UUID().uuidString.lowercased(), recipient: leader.studentNo, kind: .checkinReminder,
                                         subject: "本寝室 \(roommates.count) 人尚未打卡",
                                         body: roommates.map(\.name).joined(separator: "、") + "，请提醒他们在 \(cutoff) 前完成。",
                                         link: "/dashboard", createdAt: at,
                                         wording: Wording("checkin_room", ["count": "\(roommates.count)", "names": roommates.map(\.name).joined(separator: "、"),
                                                                           "cutoff": cutoff])))
        }
        return messages
    }

    /// After the cutoff: each floor leader, building leader and counsellor gets the list of their students still missing.
    static func escalations(missing: [MissingStudent], leaders: [Student], staff: [StaffMember], day: CampusDay, at: Date) -> [InboxMessage] {
        var lists: [String: [MissingStudent]] = [:]
        for leader in leaders where leader.gridRole == .floorLeader {
            guard let b = leader.building, let f = leader.floor else { continue }
            let list = missing.filter { $0.building == b && $0.floor == f }
            if !list.isEmpty { lists[leader.studentNo, default: []] += list }
        }
        for member in staff where member.roles.contains(.buildingLeader) {
            let list = missing.filter { $0.building.map(member.scope.contains) ?? false }
            if !list.isEmpty { lists[member.staffNo, default: []] += list }
        }
        for m in missing { if let c = m.counsellor { lists[c, default: []].append(m) } }
        return lists.sorted { $0.key < $1.key }.map { recipient, list in
            let unique = Dictionary(list.map { ($0.studentNo, $0) }, uniquingKeysWith: { a, _ in a }).values.sorted { $0.studentNo < $1.studentNo }
            let names = unique.prefix(30).map { "\($0.name)（\($0.building ?? "") \($0.room ?? "")）" }.joined(separator: "、")
            return InboxMessage(id: UUID().uuidString.lowercased(), recipient: recipient, kind: .checkinEscalation,
                                subject: "已过打卡截止时间，仍有 \(unique.count) 人未打卡",
                                body: names + (unique.count > 30 ? " 等" : ""), link: "/dashboard?date=\(day)", createdAt: at,
                                wording: Wording(unique.count > 30 ? "checkin_escalation_more" : "checkin_escalation", ["count": "\(unique.count)", "names": names]))
        }
    }

    /// After the report deadline: each unit's responsible staff, and every leader, about the units that have not reported.
    static func overdueReports(_ overdue: [ReportLine], staff: [StaffMember], day: CampusDay, at: Date) -> [InboxMessage] {
        guard !overdue.isEmpty else { return [] }
        var messages: [InboxMessage] = []
        for line in overdue {
            let role: Role = line.unit.level == .college ? .secretary : .buildingLeader
            for member in staff where member.roles.contains(role) && member.scope.contains(line.unit.key) {
                messages.append(InboxMessage(id: UUID().uuidString.lowercased(), recipient: member.staffNo, kind: .reportOverdue,
                                             subject: "\(line.unit.key) \(day) 日报逾期未报", body: "请尽快核对数据并确认上报。",
                                             link: "/reports/daily?date=\(day)", createdAt: at,
                                             wording: Wording("report_overdue_unit", ["unit": line.unit.key, "day": "\(day)"])))
            }
        }
        let names = overdue.map(\.unit.key).joined(separator: "、")
        for member in staff where member.roles.contains(.leader) {
            messages.append(InboxMessage(id: UUID().uuidString.lowercased(), recipient: member.staffNo, kind: .reportOverdue,
                                         subject: "\(day) 有 \(overdue.count) 个单位日报逾期", body: names,
                                         link: "/reports/daily?date=\(day)", createdAt: at,
                                         wording: Wording("report_overdue_school", ["day": "\(day)", "count": "\(overdue.count)", "units": names])))
        }
        return messages
    }
}
