import App
import CampusKit
import DemoCollege
import Foundation
import Roster
import Separation
import ShouhuTestSupport
import Testing

/// What `serve --demo` promises for separation (issue 16's demo): the college's ten buildings, two canteens, a
/// bathhouse and two grounds on a map; today's plan verifies and is published per building; its adherence report reads
/// the demo's passages at those places, in and outside the slots.
@Suite("Demo: space-time separation")
struct DemoSeparationTests {
    @Test("The demo's plan verifies, is today's timetable for each building, and its adherence report reads yesterday's passages",
          arguments: TestEngine.available)
    func demoSeparation(engine: TestEngine) async throws {
        let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai
        try await TestApp.with(engine, clock: FixedClock(morning)) { app in
            let heard = HeardParts()
            _ = try await app.loadDemoIfEmpty(spec: DemoCollegeSpec(students: 1_000, buildings: 10, seed: 7)) { part, seconds in
                heard.add(part)
                #expect(seconds >= 0)
            }
            #expect(heard.parts == DemoPart.allCases, "the console hears each part once, in order")
            let actor = app.systemActor
            let today = CampusDay(morning, in: app.config.timeZone)
            let plans = try await app.separation.plans(by: actor)
            let summary = try #require(plans.first)
            #expect(summary.publishedOn == today && summary.feasible && summary.demands == 40, "\(summary)")
            let plan = try await app.separation.plan(summary.id, by: actor)
            #expect(plan.problem.groups.count == 10)
            #expect(Set(plan.problem.facilities.map(\.kind)) == ["canteen_pickup", "bath", "outdoor"])
            #expect(try Verifier.verify(plan.problem, visits: plan.result.visits).isEmpty, "the published plan verifies")

            let student = try #require(try await app.roster.students(matching: StudentFilter(building: "1号楼", status: .active),
                                                                      page: PageRequest(limit: 1), by: actor).items.first)
            let timetable = StudentTimetable.of(units: ["1号楼", "1号楼/\(student.floor ?? 1)"], plan: plan, day: today)
            #expect(timetable.entries.count == 4 && timetable.entries.allSatisfy { $0.route.first == "1号楼" })
            #expect(timetable.entries.contains { $0.facility.hasSuffix("食堂") })

            let (_, report) = try await app.separation.adherence(summary.id, on: today.adding(days: -1), by: actor)
            #expect(report.rows.count == 40)
            #expect(report.rows.reduce(0) { $0 + $1.students } > 300, "a third of each building at each visit")
            #expect(report.rows.contains { !$0.outside.isEmpty }, "some were seen outside their slot")
        }
    }
}

/// The demo parts the loader reported, in order.
private final class HeardParts: @unchecked Sendable {
    private let lock = NSLock()
    private var heard: [DemoPart] = []
    func add(_ part: DemoPart) { lock.withLock { heard.append(part) } }
    var parts: [DemoPart] { lock.withLock { heard } }
}
