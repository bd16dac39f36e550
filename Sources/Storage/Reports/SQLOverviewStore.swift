import CampusKit
import Foundation
import GateAccess
import Reports
import SQLKit
import TestingCampaigns

/// The overview's counts on SQLite or PostgreSQL: a handful of grouped, date-bounded queries (never one per day), most
/// of them the very queries the dashboard, the daily report, the leave pages and the testing pages run.
public struct SQLOverviewStore: OverviewStore {
    let database: Database

    public init(database: Database) { self.database = database }

    public func units(school: SchoolID, day: CampusDay, level: UnitKey.Level) async throws -> [String: UnitFigures] {
        try await database.read { db in try await UnitFigureCounts.figures(db, school: school, day: day, level: level) }
    }

    public func checkIns(school: SchoolID, from: CampusDay, to: CampusDay) async throws -> [CampusDay: CheckInCount] {
        let rows = try await database.read { db in
            try await SQLCheckInStore.counted(db, school: school, from: from, to: to, key: SQLColumn("day", table: "d"), scope: .school)
        }
        var result: [CampusDay: CheckInCount] = [:]
        for row in rows {
            guard let day = CampusDay(row.key) else { continue }
            result[day] = CheckInCount(reported: row.reported, abnormal: row.abnormal)
        }
        return result
    }

    public func casesOpened(school: SchoolID, in windows: [DayWindow]) async throws -> [CampusDay: Int] {
        guard let first = windows.first, let last = windows.last else { return [:] }
        return try await perDay(SQLQueryString("""
            SELECT \(Self.day(of: "c.opened_at", windows)) AS day FROM cases c
            WHERE c.school_id = \(bind: school.rawValue)
              AND c.opened_at >= \(bind: Instant.format(first.start)) AND c.opened_at < \(bind: Instant.format(last.end))
            """))
    }

    /// Swabs of campaigns held from the day before the first window to the day after the last (found through the
    /// campaigns' day index), counted by when they were taken.
    public func samples(school: SchoolID, in windows: [DayWindow]) async throws -> [CampusDay: Int] {
        guard let first = windows.first, let last = windows.last else { return [:] }
        return try await perDay(SQLQueryString("""
            SELECT \(Self.day(of: "p.sampled_at", windows)) AS day FROM testing_campaigns k
            JOIN testing_samples p ON p.campaign_id = k.id AND p.school_id = k.school_id
            WHERE k.school_id = \(bind: school.rawValue)
              AND k.day >= \(bind: first.day.adding(days: -1).description) AND k.day <= \(bind: last.day.adding(days: 1).description)
              AND p.sampled_at >= \(bind: Instant.format(first.start)) AND p.sampled_at < \(bind: Instant.format(last.end))
            """))
    }

    /// Overdue as the gates follow leaves (`TrackedLeave.isOverdue`, the leave pages' rule); pending: every request
    /// of a student on the roster waiting for a decision.
    public func leaves(school: SchoolID, at now: Date) async throws -> LeaveCounts {
        let departed = try await SQLGateStore(database: database).departedLeaves(school: school)
        let pending = try await database.read { db in
            try await db.select().column(SQLRaw("COUNT(*)"), as: "n")
                .from(SQLAlias(SQLIdentifier("leaves"), as: SQLIdentifier("l")))
                .join(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                      on: SQLRaw("s.school_id = l.school_id AND s.student_no = l.student_no"))
                .where(SQLColumn("school_id", table: "l"), .equal, SQLBind(school.rawValue))
                .where(SQLColumn("status", table: "l"), .equal, SQLBind(Leave.Status.pending.rawValue))
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return LeaveCounts(overdue: departed.count { $0.isOverdue(at: now) }, pending: pending)
    }

    /// The coverage is the testing pages' (`SQLTestingStore.countQuery`): exempted students are not expected.
    public func latestCampaign(school: SchoolID, onOrBefore day: CampusDay) async throws -> CampaignCoverage? {
        struct Latest: Decodable { var id: String; var name: String; var day: String }
        return try await database.read { db in
            guard let latest = try await db.raw("""
                SELECT c.id, c.name, c.day FROM testing_campaigns c
                WHERE c.school_id = \(bind: school.rawValue) AND c.day <= \(bind: day.description)
                ORDER BY c.day DESC, c.created_at DESC, c.id DESC LIMIT 1
                """).first(decoding: Latest.self), let held = CampusDay(latest.day) else { return nil }
            let row = try await SQLTestingStore.countQuery(db, school: school, scope: .school, campaignIds: [latest.id], groupColumns: []).first()
            let counts = try row.map(SQLTestingStore.counts) ?? Coverage.Counts()
            return CampaignCoverage(name: latest.name, day: held, expected: counts.expected, tested: counts.sampled)
        }
    }

    /// Counts the rows of `query` (one column, `day`) per campus day.
    private func perDay(_ query: SQLQueryString) async throws -> [CampusDay: Int] {
        struct Row: Decodable { var day: String?; var n: Int }
        var grouped = SQLQueryString("SELECT b.day, COUNT(*) AS n FROM (")
        grouped.appendInterpolation(query)
        grouped.appendInterpolation(unsafeRaw: ") b GROUP BY b.day")
        let sql = grouped
        let rows = try await database.read { db in try await db.raw(sql).all(decoding: Row.self) }
        var result: [CampusDay: Int] = [:]
        for row in rows {
            guard let day = row.day.flatMap(CampusDay.init) else { continue }
            result[day] = row.n
        }
        return result
    }

    /// The campus day an instant column falls on, as SQL: the windows follow one another, so the first whose end is
    /// after the instant is its day (instants are fixed-width UTC text, ordered as time).
    static func day(of column: String, _ windows: [DayWindow]) -> SQLQueryString {
        var sql = SQLQueryString("CASE")
        for window in windows {
            sql.appendInterpolation(unsafeRaw: " WHEN \(column) < ")
            sql.appendInterpolation(bind: Instant.format(window.end))
            sql.appendInterpolation(unsafeRaw: " THEN ")
            sql.appendInterpolation(literal: window.day.description)
        }
        sql.appendInterpolation(unsafeRaw: " END")
        return sql
    }
}
