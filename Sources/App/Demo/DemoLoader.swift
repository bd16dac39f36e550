import CampusKit
import DemoCollege
import Foundation
import Notifications
import Roster
import Storage
import Web

extension ShouhuApp {
    /// Fills an empty roster with the deterministic demo college, its last 14 days of check-ins, cases, reports and gate events,
    /// quarantine, and today's separation timetable with the passages that measure it,
    /// and sets the demo accounts' passwords, all before it returns (tests and benchmarks; `serve --demo` loads the
    /// history in the background).
    /// Returns the accounts to print, or an empty list when the roster already had students.
    /// `progress` hears each part as it is done, with the seconds it took.
    public func loadDemoIfEmpty(spec: DemoCollegeSpec = DemoCollegeSpec(),
                                progress: @Sendable (DemoPart, Double) -> Void = { _, _ in }) async throws -> [DemoAccount] {
        guard let accounts = try await loadDemoRosterIfEmpty(spec: spec, progress: progress) else { return [] }
        try await loadDemoHistory(progress: progress)
        return accounts
    }

    /// The demo's roster and accounts on an empty roster: what people sign in with, loaded in seconds, so the server
    /// can answer while `loadDemoHistory` fills in the rest. Nil when the roster already had students.
    public func loadDemoRosterIfEmpty(spec: DemoCollegeSpec = DemoCollegeSpec(),
                                      progress: @Sendable (DemoPart, Double) -> Void = { _, _ in }) async throws -> [DemoAccount]? {
        let existing = try await roster.students(matching: StudentFilter(), page: PageRequest(limit: 1), by: systemActor)
        guard existing.items.isEmpty else { return nil }
        let tables = DemoCollegeGenerator.generate(spec)
        try await Self.timed(.roster, progress) {
            _ = try await roster.importStaff(tables.staff, dryRun: false, by: systemActor)
            _ = try await roster.importStudents(tables.students, dryRun: false, by: systemActor)
        }
        let mail = SQLNotificationStore(database: database, timeZone: config.timeZone)
        try await Self.timed(.accounts, progress) {
            for account in tables.accounts {
                try await setPassword(username: account.username, password: account.password)
                // Staff of the demo get an address, so the outbox shows what it would e-mail (as files, SHOUHU_MAIL_DIR).
                if !account.username.allSatisfy(\.isNumber) {
                    try await mail.save(NotificationSettings(username: account.username, email: "\(account.username.lowercased())@demo.shouhu.invalid"),
                                        school: school, at: clock.now())
                }
            }
        }
        _ = try await SQLJobRuns(database: database).claim(school: school, job: Self.demoHistoryJob, slot: "started", at: clock.now())
        return tables.accounts
    }

    /// The demo's history after its roster: each part in turn, said on every page while it loads
    /// (`site.background`); recorded as complete at the end, so a restart can tell a demo cut short.
    public func loadDemoHistory(progress: @Sendable (DemoPart, Double) -> Void = { _, _ in }) async throws {
        do {
            for (done, part) in DemoPart.history.enumerated() {
                site.background.set(part.loading(done: done))
                try await Self.timed(part, progress) { try await loadDemo(part) }
            }
            try await database.refreshStatistics()
            _ = try await SQLJobRuns(database: database).claim(school: school, job: Self.demoHistoryJob, slot: "complete", at: clock.now())
            site.background.set(.idle)
        } catch {
            site.background.set(.incomplete)
            throw error
        }
    }

    /// True when the demo's history began to load on this database and never completed; the pages then say so.
    public func demoHistoryCutShort() async throws -> Bool {
        let runs = SQLJobRuns(database: database)
        guard try await runs.ran(school: school, job: Self.demoHistoryJob, slot: "started") else { return false }
        return !(try await runs.ran(school: school, job: Self.demoHistoryJob, slot: "complete"))
    }

    static let demoHistoryJob = "demo.history"

    private func loadDemo(_ part: DemoPart) async throws {
        switch part {
        case .roster, .accounts: break   // loadDemoRosterIfEmpty
        case .checkIns: try await DemoDays(app: self).load()
        case .gates: try await DemoGates(app: self).load()
        case .testing: try await DemoTesting(app: self).load()
        case .quarantine:
            try await DemoQuarantine(app: self).load()
            try await DemoKeyStudents(app: self).load()
        case .separation: try await DemoSeparation(app: self).load()
        }
    }

    private static func timed(_ part: DemoPart, _ progress: @Sendable (DemoPart, Double) -> Void,
                              _ body: () async throws -> Void) async throws {
        let took = try await ContinuousClock().measure { try await body() }
        progress(part, Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18)
    }
}

/// The parts of the demo college, loaded in this order.
public enum DemoPart: String, Sendable, CaseIterable {
    case roster, accounts, checkIns, gates, testing, quarantine, separation
}

extension DemoPart {
    /// The parts after the roster and accounts, which `serve --demo` loads in the background.
    public static let history: [DemoPart] = [.checkIns, .gates, .testing, .quarantine, .separation]

    /// The pages' state while this part, the `done`-th of the history, loads.
    public func loading(done: Int) -> BackgroundWork.State {
        .running(done: done, total: Self.history.count, name: "demo_part_\(rawValue)")
    }

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
