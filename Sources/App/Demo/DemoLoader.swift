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
    /// `progress` hears each part as it is done, with the seconds it took.
    public func loadDemoIfEmpty(spec: DemoCollegeSpec = DemoCollegeSpec(),
                                progress: @Sendable (DemoPart, Double) -> Void = { _, _ in }) async throws -> [DemoAccount] {
        let existing = try await roster.students(matching: StudentFilter(), page: PageRequest(limit: 1), by: systemActor)
        guard existing.items.isEmpty else { return [] }
        let timer = ContinuousClock()
        func part(_ name: DemoPart, _ body: () async throws -> Void) async throws {
            let took = try await timer.measure { try await body() }
            progress(name, Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18)
        }
        let tables = DemoCollegeGenerator.generate(spec)
        try await part(.roster) {
            _ = try await roster.importStaff(tables.staff, dryRun: false, by: systemActor)
            _ = try await roster.importStudents(tables.students, dryRun: false, by: systemActor)
        }
        let mail = SQLNotificationStore(database: database, timeZone: config.timeZone)
        try await part(.accounts) {
            for account in tables.accounts {
                try await setPassword(username: account.username, password: account.password)
                // Staff of the demo get an address, so the outbox shows what it would e-mail (as files, SHOUHU_MAIL_DIR).
                if !account.username.allSatisfy(\.isNumber) {
                    try await mail.save(NotificationSettings(username: account.username, email: "\(account.username.lowercased())@demo.shouhu.invalid"),
                                        school: school, at: clock.now())
                }
            }
        }
        try await part(.checkIns) { try await DemoDays(app: self).load() }
        try await part(.gates) { try await DemoGates(app: self).load() }
        try await part(.testing) { try await DemoTesting(app: self).load() }
        try await part(.quarantine) {
            try await DemoQuarantine(app: self).load()
            try await DemoKeyStudents(app: self).load()
        }
        try await part(.separation) { try await DemoSeparation(app: self).load() }
        try await database.refreshStatistics()
        return tables.accounts
    }
}

/// The parts of the demo college, loaded in this order.
public enum DemoPart: String, Sendable, CaseIterable {
    case roster, accounts, checkIns, gates, testing, quarantine, separation
}

extension DemoPart {
    /// What the console says when the part is loaded (Chinese, English).
    var words: (zh: String, en: String) {
        switch self {
        case .roster: ("名册：7,600 名学生与教职工", "roster")
        case .accounts: ("演示账号", "demo accounts")
        case .checkIns: ("14 天的健康打卡、零报告与异常", "14 days of check-ins, zero reports and cases")
        case .gates: ("门禁通行与流调", "gate passages and an investigation")
        case .testing: ("核酸检测轮次与结果", "testing rounds and results")
        case .quarantine: ("集中隔离、病假与重点学生", "quarantine, sick leave and key students")
        case .separation: ("分时错峰方案", "today's separation timetable")
        }
    }
}
