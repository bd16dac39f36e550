import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// The on-campus ledger (在校学生台账, C5): every active student of the reader's scope with where they were at the end
/// of a day (now, for today) by the gates' presence rule, the last campus-gate crossing and the approved leave.
@Suite("On-campus ledger: status by day, filters, scope")
struct OnCampusLedgerTests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai

    /// Yesterday: 2021000001 went out and came back, 2021000002 went out in the evening; this morning 2021000002 came
    /// back and 2021000003 went out; 2021000005 and 2021000006 were never seen.
    static let events = [
        AppHarness.event("e1", "south-gate", "2021000001", "out", "2026-11-26T10:00:00+08:00"),
        AppHarness.event("e2", "south-gate", "2021000001", "in", "2026-11-26T18:00:00+08:00"),
        AppHarness.event("e3", "south-gate", "2021000002", "out", "2026-11-26T19:00:00+08:00"),
        AppHarness.event("e4", "south-gate", "2021000002", "in", "2026-11-27T07:30:00+08:00"),
        AppHarness.event("e5", "south-gate", "2021000003", "out", "2026-11-27T07:00:00+08:00"),
        AppHarness.event("e6", "b1-door", "2021000001", "in", "2026-11-26T18:10:00+08:00"),
    ]

    @Test("Who went out and who came back, by day: the end of yesterday and now; the last gate crossing by its point's name; the status filter",
          arguments: TestEngine.available)
    func statusByDay(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            let gate = try await h.setUpGates()
            #expect(try await h.sendEvents(Self.events, token: gate).status == .ok)

            let now = try await h.onCampus(token: admin)
            #expect(now == ["2021000001": "on", "2021000002": "on", "2021000003": "off", "2021000005": "unknown", "2021000006": "unknown"],
                    "active students only, now: \(now)")
            let yesterday = try await h.onCampus("?date=2026-11-26", token: admin)
            #expect(yesterday == ["2021000001": "on", "2021000002": "off", "2021000003": "unknown", "2021000005": "unknown", "2021000006": "unknown"],
                    "at the end of the 26th: \(yesterday)")
            #expect(try await h.onCampus("?date=2026-11-25", token: admin).values.allSatisfy { $0 == "unknown" }, "nobody seen before the 26th")

            let page = try await h.get("/api/v1/ledgers/on-campus?date=2026-11-26&status=off", token: admin)
            #expect(page.status == .ok)
            let body = try page.json()
            #expect(body["date"] as? String == "2026-11-26")
            let off = body.objects("items")
            #expect(off.compactMap { $0["studentNo"] as? String } == ["2021000002"])
            #expect(off.first?["lastGatePoint"] as? String == "南门" && off.first?["lastGateDirection"] as? String == "out")
            #expect(KeyStudentAPITests.instant(off.first?["lastGateAt"]) == (try Date.ISO8601FormatStyle().parse("2026-11-26T11:00:00Z")))
            #expect(try await h.onCampus("?status=off", token: admin) == ["2021000003": "off"])
            #expect(try await h.onCampus("?status=unknown&limit=1", token: admin).count == 1)

            // Paging through a status filter finds every match once.
            var seen: [String] = [], cursor: String? = nil
            repeat {
                let r = try await h.get("/api/v1/ledgers/on-campus?status=unknown&limit=1\(cursor.map { "&cursor=\($0)" } ?? "")", token: admin).json()
                seen += r.objects("items").compactMap { $0["studentNo"] as? String }
                cursor = r["nextCursor"] as? String
            } while cursor != nil
            #expect(seen == ["2021000005", "2021000006"])

            let later = try await h.get("/api/v1/ledgers/on-campus?date=2026-11-28", token: admin)
            #expect(try later.status == .unprocessableContent && later.problemFields() == ["date"], "\(later.text)")
            let malformed = try await h.get("/api/v1/ledgers/on-campus?date=yesterday", token: admin)
            #expect(try malformed.status == .unprocessableContent && malformed.problemFields() == ["date"])
            let reads = try await h.get("/api/v1/audit?action=ledger.on_campus.read", token: admin).json().objects("items")
            #expect(!reads.isEmpty, "reading whereabouts is audited")
        }
    }

    @Test("Filters by building, floor, class and college; an approved leave shows that day; a counsellor sees their classes only and a student is refused",
          arguments: TestEngine.available)
    func filtersLeaveAndScope(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            let gate = try await h.setUpGates()
            #expect(try await h.sendEvents(Self.events, token: gate).status == .ok)
            #expect(Set(try await h.onCampus("?building=6%E5%8F%B7%E6%A5%BC", token: admin).keys) == ["2021000005", "2021000006"])
            #expect(Set(try await h.onCampus("?floor=1%E5%8F%B7%E6%A5%BC%2F1", token: admin).keys) == ["2021000001", "2021000002"])
            #expect(Set(try await h.onCampus("?class=%E4%BF%A1%E6%81%AF2102", token: admin).keys) == ["2021000003"], "the suspended 2021000004 is not listed")
            #expect(Set(try await h.onCampus("?college=%E6%9C%BA%E7%94%B5%E5%B7%A5%E7%A8%8B%E5%AD%A6%E9%99%A2", token: admin).keys) == ["2021000005", "2021000006"])

            let student = try await h.tokenFor("2021000003")
            let asked = try await h.post("/api/v1/leaves", token: student, body: """
                {"studentNo":"2021000003","from":"2026-11-27T06:30:00+08:00","to":"2026-11-27T20:00:00+08:00","reason":"看牙医","destination":"市口腔医院"}
                """)
            #expect(asked.status == .created, "\(asked.text)")
            let leave = try #require(try asked.json()["id"] as? String)
            #expect(try await h.post("/api/v1/leaves/\(leave)/approve", token: try await h.tokenFor("T001"), body: "{}").status == .ok)
            let today = try await h.get("/api/v1/ledgers/on-campus?status=off", token: admin).json().objects("items")
            #expect((today.first?["leave"] as? [String: Any])?["destination"] as? String == "市口腔医院", "\(today)")
            let yesterday = try await h.get("/api/v1/ledgers/on-campus?date=2026-11-26", token: admin).json().objects("items")
            #expect(yesterday.allSatisfy { $0["leave"] == nil || $0["leave"] is NSNull }, "the leave was not that day")

            let counsellor = try await h.tokenFor("T002")   // 机电2101
            #expect(Set(try await h.onCampus(token: counsellor).keys) == ["2021000005", "2021000006"])
            #expect(try await h.onCampus("?building=1%E5%8F%B7%E6%A5%BC", token: counsellor).isEmpty, "a filter never widens the scope")
            #expect(try await h.get("/api/v1/ledgers/on-campus", token: student).status == .forbidden)
        }
    }
}
