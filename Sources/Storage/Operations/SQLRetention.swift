import CampusKit
import Foundation
import SQLKit

/// Personal data the law says must not be kept longer than needed (PIPL Art. 19, 47), by class, each with how it
/// ages: check-ins by their day, gate passages and stays by their time, testing by its campaign's day, cases from
/// when they were closed (open ones are kept), investigations by their window's end, notifications by when they were
/// sent (one still waiting to go is kept). The audit trail is never purged.
public enum DataClass: String, Sendable, CaseIterable, Codable {
    case checkins, gate, testing, cases, investigations, notifications, quarantine
    case sickLeave = "sick_leave"

    /// Days kept unless configured otherwise (README, Retention).
    public var defaultDays: Int {
        switch self {
        case .checkins: 180
        case .gate: 90
        case .testing: 180
        case .cases: 365
        case .investigations: 180
        case .notifications: 180
        case .quarantine: 365
        case .sickLeave: 180
        }
    }
}

/// Deletes one class's rows older than a cut-off, in chunks of their own transactions (a purge of a year of gate
/// passages never holds the writer for long), children before parents.
public struct SQLRetention: Sendable {
    let database: Database
    /// Rows a chunk deletes at most.
    let chunk: Int

    public init(database: Database, chunk: Int = 2000) {
        self.database = database
        self.chunk = chunk
    }

    /// Deletes the rows of `dataClass` older than `cutoff` (days before `cutoff`'s school day for those counted by
    /// day); returns how many rows went, by table.
    public func purge(_ dataClass: DataClass, school: SchoolID, before cutoff: Date, timeZone: TimeZone) async throws -> [String: Int] {
        let s = school.rawValue
        let day = CampusDay(cutoff, in: timeZone).description
        let at = Instant.format(cutoff)
        let ms = Int64((cutoff.timeIntervalSince1970 * 1000).rounded(.down))
        var gone: [String: Int] = [:]
        func delete(_ table: String, keys: [String], where condition: SQLQueryString) async throws {
            let columns = keys.joined(separator: ", ")
            while true {
                let n = try await database.write { db in
                    try await db.raw("""
                        DELETE FROM \(unsafeRaw: table) WHERE (\(unsafeRaw: columns)) IN (
                          SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: table) WHERE school_id = \(bind: s) AND \(condition) LIMIT \(bind: chunk))
                        RETURNING 1 AS gone
                        """).all().count
                }
                gone[table, default: 0] += n
                if n < chunk { break }
            }
        }
        switch dataClass {
        case .checkins:
            try await delete("checkin_days", keys: ["school_id", "day", "student_no"], where: "day < \(bind: day)")
            try await delete("checkins", keys: ["id"], where: "day < \(bind: day)")
        case .gate:
            try await delete("access_events", keys: ["school_id", "point", "event_id"], where: "at_ms < \(bind: ms)")
            try await delete("stays", keys: ["school_id", "student_no", "from_ms", "point", "event_id"], where: "to_ms < \(bind: ms)")
            try await delete("access_alerts", keys: ["id"], where: "at < \(bind: at)")
        case .testing:
            let old: SQLQueryString = "campaign_id IN (SELECT id FROM testing_campaigns WHERE school_id = \(bind: s) AND day < \(bind: day))"
            try await delete("testing_flags", keys: ["school_id", "student_no", "tube_code"],
                             where: "tube_code IN (SELECT code FROM testing_tubes WHERE school_id = \(bind: s) AND \(old))")
            for table in ["testing_samples", "testing_voided", "testing_expected"] {
                try await delete(table, keys: table == "testing_voided" ? ["campaign_id", "student_no", "tube_code"] : ["campaign_id", "student_no"], where: old)
            }
            try await delete("testing_tubes", keys: ["school_id", "code"], where: old)
            try await delete("testing_slots", keys: ["campaign_id", "group_key"], where: old)
            try await delete("testing_sites", keys: ["campaign_id", "site_no"], where: old)
            try await delete("testing_campaigns", keys: ["id"], where: "day < \(bind: day)")
        case .cases:
            try await delete("case_events", keys: ["case_id", "ordinal"],
                             where: "case_id IN (SELECT id FROM cases WHERE school_id = \(bind: s) AND closed_at IS NOT NULL AND closed_at < \(bind: at))")
            try await delete("cases", keys: ["id"], where: "closed_at IS NOT NULL AND closed_at < \(bind: at)")
        case .investigations:
            try await delete("investigation_followups", keys: ["investigation_id", "student_no"],
                             where: "investigation_id IN (SELECT id FROM investigations WHERE school_id = \(bind: s) AND to_at < \(bind: at))")
            try await delete("investigations", keys: ["id"], where: "to_at < \(bind: at)")
        case .notifications:
            try await delete("notifications", keys: ["id"], where: "created_at < \(bind: at) AND (channel = 'inapp' OR status <> 'pending')")
        case .quarantine:
            // Placements that ended before the cut-off, with their health records and history; a placement still
            // running is kept however long ago it began.
            let ended: SQLQueryString = "released_at IS NOT NULL AND released_at < \(bind: at)"
            let of: SQLQueryString = "placement_id IN (SELECT id FROM quarantine_placements WHERE school_id = \(bind: s) AND \(ended))"
            try await delete("quarantine_records", keys: ["school_id", "placement_id"], where: of)
            try await delete("quarantine_changes", keys: ["school_id", "placement_id"], where: of)
            try await delete("quarantine_placements", keys: ["id"], where: ended)
        case .sickLeave:
            let closed: SQLQueryString = "closed_at IS NOT NULL AND closed_at < \(bind: at)"
            try await delete("sick_leave_follow_ups", keys: ["school_id", "sick_leave_id"],
                             where: "sick_leave_id IN (SELECT id FROM sick_leaves WHERE school_id = \(bind: s) AND \(closed))")
            try await delete("sick_leaves", keys: ["id"], where: closed)
        }
        return gone.filter { $0.value > 0 }
    }
}
