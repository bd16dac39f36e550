import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// A student named by a campaign hears of it: one inbox message with the day, their slot's time and site.
@Suite("Testing: students are told their slot")
struct TestingNoticesTests {
    typealias T = TestingFixtures

    /// The student's inbox as the API lists it.
    static func inbox(_ h: AppHarness, _ student: String) async throws -> [[String: Any]] {
        try await h.get("/api/v1/notifications", token: try await h.tokenFor(student)).json().objects("items")
    }

    @Test("A campaign for tomorrow tells each of its students, once, when and where (their floor's slot at their building's site); a student it does not name hears nothing; a refused campaign tells nobody",
          arguments: TestEngine.available)
    func campaignTellsItsStudents(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            let admin = try await h.importTestingCollege()
            let refused = try await h.postCampaign(#"{"name":"定向","date":"2026-11-28","kind":"targeted","students":["2021000001","9999"]}"#, token: admin)
            #expect(refused.status == .unprocessableContent)
            #expect(try await Self.inbox(h, "2021000001").isEmpty, "nothing was planned, nobody is told")

            let r = try await h.postCampaign(#"{"name":"定向复查","date":"2026-11-28","kind":"targeted","poolSize":1,"students":["2021000001","2021000005"]}"#,
                                             token: admin)
            #expect(r.status == .created, "\(r.text)")
            let c = try r.json()
            let sites = c.objects("sites")
            for student in ["2021000001", "2021000005"] {
                let messages = try await Self.inbox(h, student).filter { $0["kind"] as? String == "testing_slot" }
                #expect(messages.count == 1, "\(student) is told once")
                let m = try #require(messages.first)
                let member = T.of(student)
                let slot = try #require(c.objects("slots").first { "\($0["building"] as? String ?? "-")/\($0["floor"] as? Int ?? -1)" == member.floorKey })
                let site = try #require(sites[slot["site"] as? Int ?? -1]["name"] as? String)
                let from = try #require(slot["from"] as? String), to = try #require(slot["to"] as? String)
                #expect((m["subject"] as? String ?? "").contains("11月28日 \(from)–\(to)"), "\(m)")
                #expect((m["body"] as? String ?? "").contains(site) && (m["body"] as? String ?? "").contains("定向复查"), "\(m)")
                #expect(m["link"] as? String == "/testing/mine")
            }
            #expect(try await Self.inbox(h, "2021000002").isEmpty, "not named, not told")
        }
    }

    @Test("A rotation tells each student their own day", arguments: TestEngine.available)
    func rotationTellsTheirDay(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            let admin = try await h.importTestingCollege()
            let r = try await h.post("/api/v1/testing/rotations", token: admin, body: #"{"startDate":"2026-11-28","days":3}"#)
            #expect(r.status == .created, "\(r.text)")
            for day in try r.json().objects("days") {
                let date = try #require(day["date"] as? String)
                let label = "\(Int(date.dropFirst(5).prefix(2))!)月\(Int(date.suffix(2))!)日"
                for student in day.strings("students").prefix(2) {
                    let subjects = try await Self.inbox(h, student).compactMap { $0["subject"] as? String }
                    #expect(subjects.count == 1 && subjects[0].contains(label), "\(student) is told \(label) only: \(subjects)")
                }
            }
        }
    }

    @Test("A recurring plan's campaign, made by the daily job, tells its students too", arguments: TestEngine.available)
    func scheduledRoundTells(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            let admin = try await h.importTestingCollege()
            let saved = try await h.post("/api/v1/testing/schedules", token: admin,
                                         body: #"{"name":"每周五全员","weekdays":[5],"scope":{"buildings":["1号楼"]},"startTime":"12:00"}"#)
            #expect(saved.status == .ok || saved.status == .created, "\(saved.text)")
            #expect(try await Self.inbox(h, "2021000001").isEmpty, "a plan alone tells nobody")
            _ = try await h.app.runDueJobs()
            let told = try await Self.inbox(h, "2021000001").filter { $0["kind"] as? String == "testing_slot" }
            #expect(told.count == 1 && (told.first?["body"] as? String ?? "").contains("每周五全员"), "\(told)")
            _ = try await h.app.runDueJobs()
            #expect(try await Self.inbox(h, "2021000001").count { $0["kind"] as? String == "testing_slot" } == 1, "the day's round is made and told once")
        }
    }
}
