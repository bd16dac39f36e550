import Audit
import CampusKit
import CheckIns
import Foundation
import Notifications
import Roster
import Storage

extension ShouhuApp {
    /// "Remind everyone who has not checked in": each student in the actor's scope still missing today gets the
    /// reminder the morning job sends (`CheckInJobs.reminders`), worded for after the cutoff once it has passed. The
    /// messages and the audit entry commit together. Returns how many students were reminded; `.rateLimited` when
    /// the same person reminded within `remindEvery` minutes.
    /// Minutes within which a person's second "remind all" is refused.
    public static let remindEvery = 15

    public func remindMissing(by actor: Actor) async throws -> Int {
        guard CheckInPermissions.mayRemind(actor) else {
            throw DomainError.forbidden("只有教职工可以发送打卡提醒 (staff only)")
        }
        let day = checkIns.today
        let policy = try await checkIns.policy(school: actor.school)
        var missing: [MissingStudent] = []
        var after: String?
        repeat {
            let page = try await checkIns.missing(on: day, filter: StudentFilter(), page: PageRequest(limit: 1000, after: after), actor: actor)
            missing += page.items
            after = page.next
        } while after != nil
        guard !missing.isEmpty else { return 0 }
        let now = clock.now()
        let minute = CheckInPolicy.minuteOfDay(now, in: config.timeZone)
        let late = minute >= policy.cutoff
        let messages = CheckInJobs.reminders(missing: missing, leaders: [], cutoff: CheckInPolicy.clock(policy.cutoff), late: late, at: now)
        let (notifications, audit, count, runs) = (self.notifications, self.audit, missing.count, SQLJobRuns(database: database))
        // One press per person and quarter of an hour, however many tabs or servers: a second press would remind the
        // same students again within minutes.
        let slot = "\(actor.username) \(day) \(minute / Self.remindEvery)"
        try await database.perform {
            guard try await runs.claim(school: actor.school, job: "checkin.remind", slot: slot, at: now) else {
                throw DomainError(.rateLimited, "\(Self.remindEvery) 分钟内已经提醒过，请稍后再试 (reminded within the last \(Self.remindEvery) minutes)")
            }
            try await notifications.send(messages, school: actor.school)
            try await audit.record(AuditEntry(actor, at: now, action: "checkin.remind", subject: "\(day)",
                                              detail: "\(count) 名学生 (students)"))
        }
        return missing.count
    }
}
