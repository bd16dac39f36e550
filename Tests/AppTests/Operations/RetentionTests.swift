import App
import Audit
import CampusKit
import Cases
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import SQLKit
import Storage
import Testing

/// The daily purge removes exactly the rows older than their class's retention, audits what went, and leaves the
/// audit trail, open cases and mail still waiting alone (issue 19, PIPL).
@Suite("Operations: retention and the daily purge")
struct RetentionTests {
    static func count(_ h: AppHarness, _ sql: String) async throws -> Int {
        try await h.app.database.read { db in try await db.raw(SQLQueryString(stringLiteral: sql)).first()?.decode(column: "n", as: Int.self) ?? -1 }
    }

    @Test("Check-ins, gate passages, closed cases and notifications older than 30 days go, newer ones and an old open case stay; the purge is audited and the chain still verifies; the job runs once a day after 03:00",
          arguments: TestEngine.available)
    func purge(engine: TestEngine) async throws {
        let day: TimeInterval = 86_400
        let clock = FixedClock(CheckInsTests.morning.addingTimeInterval(-40 * day))
        try await AppHarness.run(engine, clock: clock) { h in
            try await h.importFixtureCollege()
            let counsellor = h.app.systemActor
            // 40 days ago: two abnormal check-ins; one case is closed then, the other stays open.
            try await OutboxMailTests.abnormal(h, "2021000002")
            try await OutboxMailTests.abnormal(h, "2021000003")
            let old = try await h.app.cases.cases(matching: CaseFilter(studentNo: "2021000002"), page: PageRequest(), by: counsellor)
            let closed = try #require(old.items.first)
            _ = try await h.app.cases.close(id: closed.id, outcome: "已退烧，返校", by: counsellor)
            let oldMs = Int64(clock.now().timeIntervalSince1970 * 1000)
            try await h.app.database.write { db in
                for (i, ms) in [oldMs, oldMs + Int64(35 * day * 1000)].enumerated() {
                    try await db.raw("""
                        INSERT INTO access_events (school_id, point, event_id, student_no, direction, at_ms, granted, place, kind, received_at)
                        VALUES ('main', 'G1', \(bind: "e\(i)"), '2021000001', 'out', \(bind: ms), 1, 'G1', 'gate', '2026-01-01T00:00:00.000Z')
                        """).run()
                }
            }
            // 5 days ago: a check-in that stays.
            clock.advance(by: 35 * day)
            try await OutboxMailTests.abnormal(h, "2021000001")
            clock.advance(by: 5 * day)

            let before = (checkins: try await Self.count(h, "SELECT COUNT(*) AS n FROM checkins"),
                          audit: try await Self.count(h, "SELECT COUNT(*) AS n FROM audit_events"))
            #expect(before.checkins == 3)
            var days = Dictionary(uniqueKeysWithValues: DataClass.allCases.map { ($0, 30) })
            days[.testing] = nil
            let gone = try await h.app.purge(olderThan: days, at: clock.now())
            #expect(gone[.checkins] == 4, "two check-ins and their two day rows: \(gone)")
            #expect(gone[.gate] == 1 && gone[.cases] ?? 0 >= 2 && gone[.notifications] ?? 0 >= 1, "\(gone)")
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM checkins") == 1)
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM access_events") == 1, "the newer passage stays")
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM cases WHERE student_no = '2021000002'") == 0, "the closed case went")
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM cases WHERE student_no = '2021000003'") == 1, "an open case is kept however old")
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM case_events WHERE case_id NOT IN (SELECT id FROM cases)") == 0, "no orphans")
            let audit = try await Self.count(h, "SELECT COUNT(*) AS n FROM audit_events")
            #expect(audit > before.audit, "the purge is audited, the trail kept")
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'retention.purge'") == 4)
            #expect(try await h.app.audit.verify().intact)

            // Nothing more is old: a second purge deletes nothing. The job claims the day once, after 03:00.
            #expect(try await h.app.purge(olderThan: days, at: clock.now()).values.reduce(0, +) == 0)
            let ranFirst = try await h.app.runDueJobs().filter { $0.hasPrefix("retention.purge") }
            let ranAgain = try await h.app.runDueJobs().filter { $0.hasPrefix("retention.purge") }
            #expect(ranFirst.count == 1 && ranAgain.isEmpty)
        }
    }

    @Test("Quarantine placements that ended before the cut-off go with their health records and history, and closed sick leaves with their follow-ups; a placement still running and an open sick leave stay however old",
          arguments: TestEngine.available)
    func quarantineAndSickLeave(engine: TestEngine) async throws {
        let now = CheckInsTests.morning
        let stored = ISO8601DateFormatter()
        stored.formatOptions = [.withInternetDateTime, .withFractionalSeconds]   // as the stores write instants
        let (old, recent) = (stored.string(from: now.addingTimeInterval(-40 * 86_400)), stored.string(from: now.addingTimeInterval(-5 * 86_400)))
        try await AppHarness.run(engine, clock: FixedClock(now)) { h in
            try await h.importFixtureCollege()
            try await h.app.database.write { db in
                // P1 ended 40 days ago, P2 five days ago, P3 began 40 days ago and still runs.
                for (id, student, released) in [("P1", "2021000001", old as String?), ("P2", "2021000002", recent), ("P3", "2021000003", nil)] {
                    try await db.raw("""
                        INSERT INTO quarantine_placements (id, school_id, student_no, reason, site, room, start_at, start_day, status, protocol,
                          origin, placed_by, released_at)
                        VALUES (\(bind: id), 'main', \(bind: student), 'close_contact', 'Q1', 'A101', \(bind: old), '2026-10-18',
                          \(bind: released == nil ? "active" : "released"), '{}', 'manual', 'T005', \(bind: released))
                        """).run()
                    for n in 0..<2 {
                        try await db.raw("""
                            INSERT INTO quarantine_records (school_id, placement_id, recorded_at, temperature_tenths, symptoms, abnormal, recorded_by)
                            VALUES ('main', \(bind: id), \(bind: old), \(bind: 365 + n), '[]', 0, 'T005')
                            """).run()
                    }
                    try await db.raw("""
                        INSERT INTO quarantine_changes (school_id, placement_id, at, by_user, action, before, after)
                        VALUES ('main', \(bind: id), \(bind: old), 'T005', 'placed', '', 'active')
                        """).run()
                }
                // L1 closed 40 days ago, L2 open since then.
                for (id, closed) in [("L1", old as String?), ("L2", nil)] {
                    try await db.raw("""
                        INSERT INTO sick_leaves (id, school_id, student_no, symptoms, onset, clinic_visited, from_day, status, created_by, created_at, closed_at)
                        VALUES (\(bind: id), 'main', '2021000005', '["fever"]', \(bind: old), 1, '2026-10-18',
                          \(bind: closed == nil ? "open" : "closed"), 'T001', \(bind: old), \(bind: closed))
                        """).run()
                    try await db.raw("""
                        INSERT INTO sick_leave_follow_ups (school_id, sick_leave_id, ordinal, at, day, note, by_user)
                        VALUES ('main', \(bind: id), 1, \(bind: old), '2026-10-18', '已退烧', 'T001')
                        """).run()
                }
            }
            let gone = try await h.app.purge(olderThan: [.quarantine: 30, .sickLeave: 30], at: now)
            #expect(gone[.quarantine] == 4 && gone[.sickLeave] == 2, "P1 with two records and its change; L1 with its follow-up: \(gone)")
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM quarantine_placements") == 2)
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM quarantine_placements WHERE id = 'P1'") == 0)
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM quarantine_records WHERE placement_id = 'P1'") == 0)
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM quarantine_records") == 4, "P2's and P3's records stay")
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM quarantine_changes") == 2)
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM sick_leaves") == 1)
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM sick_leave_follow_ups WHERE sick_leave_id = 'L2'") == 1)
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'retention.purge' AND subject IN ('quarantine', 'sick_leave')") == 2)
        }
    }
}
