@testable import App
import Cases
import CampusKit
import DemoCollege
import Foundation
import Roster
import ShouhuTestSupport
import Testing
import TestingCampaigns

/// What `serve --demo` promises for testing: a finished full round with one positive tube resolved by retests, and a
/// rotation in progress — on both engines.
@Suite("The demo college's mass testing")
struct DemoTestingTests {
    @Test("A finished round (one positive tube, ten individual negatives, cases closed) and a five-day rotation: two days done, today filling up to now, two to come",
          arguments: TestEngine.available)
    func demoRound(engine: TestEngine) async throws {
        // 2026-11-27 07:30 in Shanghai: today's slots began at 07:00.
        try await TestApp.with(engine, clock: FixedClock(CheckInsTests.morning.addingTimeInterval(-3600))) { app in
            let tables = DemoCollegeGenerator.generate(DemoCollegeSpec(students: 1_500, buildings: 2, seed: 7))
            _ = try await app.roster.importStaff(tables.staff, dryRun: false, by: app.systemActor)
            _ = try await app.roster.importStudents(tables.students, dryRun: false, by: app.systemActor)
            try await DemoTesting(app: app).load()
            let actor = app.systemActor
            let campaigns = try await app.testing.campaigns(by: actor)
            #expect(campaigns.count == 7)

            let round = try #require(campaigns.first { $0.campaign.kind == .full })
            #expect(round.campaign.day.description == "2026-11-23" && round.campaign.status == .closed)
            let full = try await app.testing.coverage(of: round.campaign.id, groupBy: .building, by: actor)
            #expect(full.total.expected > 1_000 && full.total.sampled == full.total.expected, "coverage 100 %")
            #expect(full.total.positive == 10 && full.total.negative == full.total.expected - 10 && full.total.pending == 0)

            let retest = try #require(campaigns.first { $0.campaign.purpose == .retest })
            #expect(retest.campaign.poolSize == 1 && retest.campaign.status == .closed)
            #expect(retest.counts.expected == 10 && retest.counts.negative == 10)
            let testingCases = try await app.cases.cases(matching: CaseFilter(source: .testing), page: PageRequest(limit: 50), by: actor).items
            #expect(testingCases.count == 10 && testingCases.allSatisfy { $0.status == .closed })

            let days = campaigns.filter { $0.campaign.origin?.hasPrefix("rotation:") == true }.sorted { $0.campaign.day < $1.campaign.day }
            #expect(days.map(\.campaign.day.description) == ["2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29"])
            #expect(days.reduce(0) { $0 + $1.counts.expected + $1.counts.exempt } == full.total.expected, "everyone once over the five days")
            for done in days.prefix(2) {
                #expect(done.campaign.status == .closed && done.counts.sampled == done.counts.expected && done.counts.negative == done.counts.sampled)
                #expect(done.counts.exempt == 2)
            }
            let today = days[2]
            #expect(today.campaign.status == .open && today.counts.sampled > 0 && today.counts.sampled < today.counts.expected,
                    "slots from 07:00: by 07:30 part of the day is sampled")
            #expect(today.counts.pending == today.counts.sampled)
            #expect(days.suffix(2).allSatisfy { $0.counts.sampled == 0 })
        }
    }
}
