import App
import Cases
import CampusKit
import DemoCollege
import Foundation
import Quarantine
import ShouhuTestSupport
import Testing

/// What `serve --demo` promises for quarantine and cases (issue 15's demo): a site with rooms, a dozen students placed
/// from the demo's investigation and from a positive tube, one due for release today, cases at several stages, one
/// sick leave open and one closed with its cause.
@Suite("Demo: quarantine, cases and sick leave")
struct DemoQuarantineTests {
    @Test("The demo college's quarantine: placements from the investigation and from a positive tube, one due today; cases moved on; sick leave open and closed",
          arguments: TestEngine.available)
    func demoQuarantine(engine: TestEngine) async throws {
        let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai: this morning's rotation tubes exist
        try await TestApp.with(engine, clock: FixedClock(morning)) { app in
            _ = try await app.loadDemoIfEmpty(spec: DemoCollegeSpec(students: 1_500, buildings: 2, seed: 7))
            let actor = app.systemActor
            let today = CampusDay(morning, in: app.config.timeZone)
            let active = try await app.quarantine.ledger(PlacementFilter(status: .active), page: PageRequest(limit: 500), by: actor).items
            #expect(active.count >= 12, "a dozen students placed: \(active.count)")
            #expect(active.count { $0.origin == .investigation && $0.investigationId != nil } >= 5)
            let fromTube = active.filter { $0.origin == .testing }
            #expect(fromTube.count >= 5 && fromTube.allSatisfy { $0.tube != nil && $0.reason == .positive }, "the positive tube's members")
            #expect(active.contains { $0.plannedEnd == today }, "one is due for release today")
            #expect(try await app.quarantine.sites(by: actor).first?.occupied == active.count)

            let stages = try await app.cases.cases(matching: CaseFilter(status: .open), page: PageRequest(limit: 200), by: actor).items.map(\.stage)
            #expect(stages.contains(.tested) && stages.contains(.observing) && stages.contains(.open))
            let testing = try await app.cases.cases(matching: CaseFilter(status: .open, source: .testing), page: PageRequest(limit: 50), by: actor).items
            #expect(Set(testing.map(\.studentNo)) == Set(fromTube.map(\.studentNo)), "the positive tube opened its members' cases")

            let leaves = try await app.sickLeaves.sickLeaves(SickLeaveFilter(), page: PageRequest(limit: 50), by: actor).items
            #expect(leaves.contains { $0.status == .open })
            #expect(leaves.contains { $0.status == .closed && !($0.cause ?? "").isEmpty })
        }
    }
}
