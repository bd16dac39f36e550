import App
import CampusKit
import DemoCollege
import Foundation
import Roster
import Separation
import ShouhuTestSupport
import Testing
import Web

/// What `serve --demo` promises for separation (issue 16's demo): the college's ten buildings, two canteens, a
/// bathhouse and two grounds on a map; today's plan verifies and is published per building; its adherence report reads
/// the demo's passages at those places, in and outside the slots.
@Suite("Demo: loading in the background; space-time separation")
struct DemoSeparationTests {
    @Test("The demo answers once its roster is in, saying on every page that its history is loading; then the plan verifies, is today's timetable for each building, and its adherence report reads yesterday's passages",
          arguments: TestEngine.available)
    func demoSeparation(engine: TestEngine) async throws {
        let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai
        try await AppHarness.run(engine, clock: FixedClock(morning)) { h in
            let app = h.app
            let heard = HeardParts()
            let say: @Sendable (DemoPart, Double) -> Void = { part, seconds in
                heard.add(part)
                #expect(seconds >= 0)
            }
            // `serve --demo`: the roster and accounts first, then the server answers while the history loads.
            let accounts = try #require(try await app.loadDemoRosterIfEmpty(spec: DemoCollegeSpec(students: 1_000, buildings: 10, seed: 7), progress: say))
            let counsellor = try #require(accounts.first { $0.role == "辅导员" })
            let cookie = try await PagesTests.cookie(h, counsellor.username, counsellor.password)
            #expect(try await app.demoHistoryCutShort(), "begun, not complete: a restart now would say the demo is cut short")
            app.site.background.set(DemoPart.history[0].loading(done: 0))
            let loading = try await PagesTests.page(h, "/inbox", cookie: cookie).text
            #expect(loading.contains("示范学院的历史数据正在后台载入（第 1/5 部分：14 天的健康打卡、零报告与异常）"), "every page says the history is loading")
            #expect(try await PagesTests.page(h, "/inbox?lang=en", cookie: cookie).text.contains("part 1 of 5: 14 days of check-ins"))
            app.site.background.set(.incomplete)
            #expect(try await PagesTests.page(h, "/inbox", cookie: cookie).text.contains("示范学院的历史数据没有载入完整"),
                    "a history cut short is said too")

            try await app.loadDemoHistory(progress: say)
            #expect(heard.parts == DemoPart.allCases, "the console hears each part once, in order")
            #expect(!(try await PagesTests.page(h, "/inbox", cookie: cookie).text.contains("示范学院的历史数据")), "the line goes once it is complete")
            #expect(!(try await app.demoHistoryCutShort()))
            #expect(try await app.loadDemoRosterIfEmpty() == nil, "a second start loads nothing")
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
