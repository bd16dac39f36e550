import Audit
import CampusKit
import CheckIns
import Foundation
import Storage

/// The daily purge (PIPL Art. 19, 47): once a day after 03:00 school time, every class of personal data older than
/// its retention (`AppConfig.retention`) is deleted in chunks, and each class's purge is audited with what went.
/// The day's slot is claimed first, so two servers purge once; a purge cut short by a crash goes on the next day
/// (deleting what is old is the same work however often it starts). The audit trail is never touched.
struct RetentionJobs: ScheduledJobs {
    let app: ShouhuApp
    let runs: SQLJobRuns

    @discardableResult
    func runDue() async throws -> [String] {
        let now = app.clock.now()
        let tz = app.config.timeZone
        guard CheckInPolicy.minuteOfDay(now, in: tz) >= 3 * 60 else { return [] }
        let day = CampusDay(now, in: tz)
        guard try await runs.claim(school: app.school, job: "retention.purge", slot: "\(day)", at: now) else { return [] }
        let gone = try await app.purge(olderThan: app.config.retention, at: now)
        try await runs.finish(school: app.school, job: "retention.purge", slot: "\(day)", detail: "\(gone.values.reduce(0, +)) rows")
        return ["retention.purge \(day)"]
    }
}

extension ShouhuApp {
    /// Deletes each class's rows older than its days before `now`, auditing each class that lost rows (action
    /// `retention.purge`, subject the class, detail the rows by table); returns the rows deleted by class.
    @discardableResult
    public func purge(olderThan days: [DataClass: Int], at now: Date) async throws -> [DataClass: Int] {
        let retention = SQLRetention(database: database)
        var gone: [DataClass: Int] = [:]
        for dataClass in DataClass.allCases {
            guard let keep = days[dataClass] else { continue }
            let cutoff = now.addingTimeInterval(-Double(keep) * 86_400)
            let tables = try await retention.purge(dataClass, school: school, before: cutoff, timeZone: config.timeZone)
            let total = tables.values.reduce(0, +)
            gone[dataClass] = total
            guard total > 0 else { continue }
            let detail = tables.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            try await audit.record(AuditEntry(systemActor, at: now, action: "retention.purge", subject: dataClass.rawValue,
                                              detail: "\(detail); before \(cutoff.formatted(.iso8601))"))
        }
        return gone
    }
}

