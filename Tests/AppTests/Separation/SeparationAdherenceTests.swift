import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// Adherence (C10): a plan's groups are buildings of the roster, its facilities places of access points; the report
/// reads the access events of a day and shows, per visit, who was seen within the slot and who outside it.
@Suite("Separation: adherence from access events")
struct SeparationAdherenceTests {
    @Test("Students seen at the canteen within their building's slot (±5 min) count; those seen outside it are named with the minute; a counsellor sees only their own students", arguments: TestEngine.available)
    func adherence(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(SeparationAPITests.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            let point = try await h.post("/api/v1/access/points", token: admin,
                                         body: #"{"code":"canteen-1-east","name":"一食堂东门","kind":"canteen","place":"canteen-1"}"#)
            #expect(point.status == .created, "\(point.text)")
            let leader = try await h.tokenFor("T006")
            let plan = try await h.planned(token: leader)
            let id = try #require(plan["id"] as? String)
            let starts = plan.objects("visits").compactMap { $0["start"] as? Int }
            let day = try #require(CampusDay("2026-11-26"))
            let tz = TimeZone(identifier: "Asia/Shanghai")!
            func at(_ minute: Int) -> String { day.instant(minutes: minute, in: tz).formatted(.iso8601) }
            let events = [
                AppHarness.event("e1", "canteen-1-east", "2021000001", "in", at(starts[0] + 3)),
                AppHarness.event("e2", "canteen-1-east", "2021000002", "in", at(starts[0] + 60)),
                AppHarness.event("e3", "canteen-1-east", "2021000003", "in", at(starts[0] - 30)),
                AppHarness.event("e4", "canteen-1-east", "2021000005", "in", at(starts[1] + 19)),
                AppHarness.event("e5", "canteen-1-east", "2021000001", "in", at(starts[0] + 1440)),   // the next day: not read
            ]
            let sent = try await h.sendEvents(events, token: admin)
            #expect(sent.status == .ok, "\(sent.text)")

            let r = try await h.get("/api/v1/separation/plans/\(id)/adherence?date=2026-11-26", token: leader)
            #expect(r.status == .ok, "\(r.text)")
            #expect(try r.json()["date"] as? String == "2026-11-26")
            let rows = try r.json().objects("visits")
            #expect(rows.count == 4)
            #expect(rows[0]["group"] as? String == "1号楼" && rows[0]["facility"] as? String == "canteen-1")
            #expect(rows[0]["planned"] as? [Int] == [starts[0], starts[0] + 15])
            #expect(rows[0]["students"] as? Int == 1)
            let outside = rows[0].objects("outside")
            #expect(outside.compactMap { $0["studentNo"] as? String } == ["2021000002", "2021000003"])
            #expect(outside.first?["minutes"] as? [Int] == [starts[0] + 60])
            #expect(outside.first?["name"] as? String == "甲二")
            #expect(rows[1]["students"] as? Int == 1 && rows[1].objects("outside").isEmpty, "19 min after the start is within 15 + 5")
            #expect(rows[2]["students"] as? Int == 0)

            let elsewhere = try await h.get("/api/v1/separation/plans/\(id)/adherence?date=2026-11-25", token: leader).json().objects("visits")
            #expect(elsewhere.allSatisfy { $0["students"] as? Int == 0 && $0.objects("outside").isEmpty })
            let theirs = try await h.get("/api/v1/separation/plans/\(id)/adherence?date=2026-11-26", token: try await h.tokenFor("T002")).json().objects("visits")
            #expect(theirs[0]["students"] as? Int == 0 && theirs[0].objects("outside").isEmpty, "1号楼 is not T002's")
            #expect(theirs[1]["students"] as? Int == 1)
            #expect(try await h.get("/api/v1/separation/plans/\(id)/adherence?date=26.11", token: leader).status == .unprocessableContent)
        }
    }
}
