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
    /// messages and the audit entry commit together. Returns how many students were reminded.
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
        let late = CheckInPolicy.minuteOfDay(now, in: config.timeZone) >= policy.cutoff
        let messages = CheckInJobs.reminders(missing: missing, leaders: [], cutoff: CheckInPolicy.clock(policy.cutoff), late: late, at: now)
        let (notifications, audit, count) = (self.notifications, self.audit, missing.count)
        try await database.perform {
            try await notifications.send(messages, school: actor.school)
            try await audit.record(AuditEntry(actor, at: now, action: "checkin.remind", subject: "\(day)",
                                              detail: "\(count) 名学生 (students)"))
        }
        return missing.count
    }
}
