import CampusKit
import DemoCollege
import Foundation
import Notifications
import Roster
import Storage

extension ShouhuApp {
    /// Fills an empty roster with the deterministic demo college, its last 14 days of check-ins, cases, reports and gate events,
    /// quarantine, and today's separation timetable with the passages that measure it,
    /// and sets the demo accounts' passwords.
    /// Returns the accounts to print, or an empty list when the roster already had students.
    public func loadDemoIfEmpty(spec: DemoCollegeSpec = DemoCollegeSpec()) async throws -> [DemoAccount] {
        let existing = try await roster.students(matching: StudentFilter(), page: PageRequest(limit: 1), by: systemActor)
        guard existing.items.isEmpty else { return [] }
        let tables = DemoCollegeGenerator.generate(spec)
        _ = try await roster.importStaff(tables.staff, dryRun: false, by: systemActor)
        _ = try await roster.importStudents(tables.students, dryRun: false, by: systemActor)
        let mail = SQLNotificationStore(database: database, timeZone: config.timeZone)
        for account in tables.accounts {
            try await setPassword(username: account.username, password: account.password)
            // Staff of the demo get an address, so the outbox shows what it would e-mail (as files, SHOUHU_MAIL_DIR).
            if !account.username.allSatisfy(\.isNumber) {
                try await mail.save(NotificationSettings(username: account.username, email: "\(account.username.lowercased())@demo.shouhu.invalid"),
                                    school: school, at: clock.now())
            }
        }
        try await DemoDays(app: self).load()
        try await DemoGates(app: self).load()
        try await DemoTesting(app: self).load()
        try await DemoQuarantine(app: self).load()
        try await DemoKeyStudents(app: self).load()
        try await DemoSeparation(app: self).load()
        try await database.refreshStatistics()
        return tables.accounts
    }
}
