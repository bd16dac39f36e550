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
}
