import CampusKit
import CheckIns
import Foundation
import Notifications
import Quarantine
import Roster
import Storage
import TestingCampaigns

/// Quarantine's scheduled work (C9). From 06:00, the students whose protocol tests them today are tested through a
/// targeted campaign of pool size 1 per site (a student placed later in the day gets one at the next tick); each
/// student and day is claimed once, in the campaign's unit of work, so servers and retries never test anyone twice.
/// Health records are due before 10:00 and 18:00: at each deadline the students without one are reminded, half an
/// hour later the clinic (the site staff) hears who is still missing — each once a day across servers.
struct QuarantineJobs: ScheduledJobs {
    let app: ShouhuApp
    let runs: SQLJobRuns

    /// (deadline, the start of its window) in minutes after midnight.
    static let recordDeadlines = [(10 * 60, 0), (18 * 60, 10 * 60)]

    @discardableResult
    func runDue() async throws -> [String] {
        let now = app.clock.now()
        let day = CampusDay(now, in: app.config.timeZone)
        let minute = CheckInPolicy.minuteOfDay(now, in: app.config.timeZone)
        var ran: [String] = []
        if minute >= 6 * 60 { ran += try await testCampaigns(day: day, at: now) }
        for (deadline, from) in Self.recordDeadlines where minute >= deadline {
            // Expected of everyone placed at least an hour before the deadline.
            let window = (since: day.instant(minutes: from, in: app.config.timeZone), placedBefore: day.instant(minutes: deadline - 60, in: app.config.timeZone))
            ran += try await remind(day: day, deadline: deadline, window: window, staff: false, at: now)
            if minute >= deadline + 30 { ran += try await remind(day: day, deadline: deadline, window: window, staff: true, at: now) }
        }
        return ran
    }

    private func testCampaigns(day: CampusDay, at now: Date) async throws -> [String] {
        let due = try await app.quarantine.testsDue(on: day, school: app.school)
        guard !due.isEmpty else { return [] }
        let names = try await app.quarantine.siteNames(school: app.school)
        var ran: [String] = []
        for (site, students) in due.sorted(by: { $0.key < $1.key }) {
            let (runs, testing, notifications, school, actor, tz) = (self.runs, app.testing, app.notifications, app.school, app.systemActor,
                                                                 app.config.timeZone)
            let created: Int = try await app.database.perform {
                var fresh: [String] = []
                for s in students where try await runs.claim(school: school, job: "quarantine.test", slot: "\(day) \(s)", at: now) { fresh.append(s) }
                guard !fresh.isEmpty else { return 0 }
                // Sampling starts at the next quarter hour (07:00 at the earliest): a campaign planned at 14:00 has no slot at 07:00.
                let next = TestingService.retestStart(now, timeZone: tz)
                let start = next.day == day ? max(next.minute, 7 * 60) : 7 * 60
                let draft = CampaignDraft(name: "隔离检测 \(names[site] ?? site)", day: day.description, kind: "targeted", poolSize: 1, students: fresh,
                                          startTime: CampaignDraft.clock(start))
                let plan = try await testing.createCampaign(draft, by: actor)
                try await notifications.send(TestingNotices.slots(plan, at: now), school: school)
                return fresh.count
            }
            if created > 0 { ran.append("quarantine.test \(day) \(site) \(created)") }
        }
        return ran
    }

    private func remind(day: CampusDay, deadline: Int, window: (since: Date, placedBefore: Date), staff: Bool, at now: Date) async throws -> [String] {
        let job = staff ? "quarantine.missing" : "quarantine.remind"
        let slot = "\(day) \(CheckInPolicy.clock(deadline))"
        let missing = try await app.quarantine.missingRecords(since: window.since, placedBefore: window.placedBefore, school: app.school)
        let recipients: [String] = staff
            ? try await app.rosterStore.staff(school: app.school).filter { $0.roles.contains(.clinic) }.map(\.staffNo) : []
        guard !missing.isEmpty, !staff || !recipients.isEmpty else { return [] }
        let clock = CheckInPolicy.clock(deadline)
        let messages: [InboxMessage] = staff
            ? recipients.map { to in
                let names = missing.map { $0.studentName.isEmpty ? $0.studentNo : "\($0.studentName)（\($0.site)）" }.joined(separator: "、")
                return InboxMessage(id: UUID().uuidString.lowercased(), recipient: to, kind: .checkinEscalation,
                                    subject: "\(missing.count) 名隔离学生 \(clock) 前未填健康记录", body: names,
                                    link: "/quarantine/ledger?status=active", createdAt: now,
                                    wording: Wording("quarantine_records_missing", ["count": "\(missing.count)", "deadline": clock, "names": names]))
            }
            : missing.map {
                InboxMessage(id: UUID().uuidString.lowercased(), recipient: $0.studentNo, kind: .checkinReminder,
                             subject: "请填写隔离健康记录（\(clock) 前）", body: "点击进入“我的隔离”，填写体温和症状。",
                             link: "/quarantine/placements/\($0.id)", createdAt: now,
                             wording: Wording("quarantine_record_reminder", ["deadline": clock]))
            }
        let (runs, notifications, school) = (self.runs, app.notifications, app.school)
        let sent: Bool = try await app.database.perform {
            guard try await runs.claim(school: school, job: job, slot: slot, at: now) else { return false }
            try await notifications.send(messages, school: school)
            return true
        }
        return sent ? ["\(job) \(slot) \(missing.count)"] : []
    }
}
