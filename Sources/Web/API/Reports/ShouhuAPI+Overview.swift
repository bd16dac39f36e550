import CampusKit
import Foundation
import Reports

extension ShouhuAPI {
    /// The leadership dashboard's figures: what the `/overview` page shows, from the same `OverviewService` call.
    func getOverview(_ input: Operations.GetOverview.Input) async throws -> Operations.GetOverview.Output {
        let actor = try RequestActor.require()
        let overview = try await services.overview.overview(on: try day(input.query.date), by: actor)
        let g = overview.glance
        return .ok(.init(body: .json(.init(
            date: overview.day.description, expected: g.expected, reported: g.reported, percent: g.percent, abnormal: g.abnormal,
            openCases: g.openCases, overdueLeaves: g.overdueLeaves, pendingLeaves: g.pendingLeaves,
            testing: g.testing.map { .init(name: $0.name, date: $0.day.description, expected: $0.expected, tested: $0.tested, percent: $0.percent) },
            trend: overview.trend.map {
                .init(date: $0.day.description, expected: $0.expected, reported: $0.reported, percent: $0.percent, abnormal: $0.abnormal,
                      casesOpened: $0.casesOpened, samples: $0.samples)
            },
            campuses: overview.campuses.map(Self.unit), buildings: overview.buildings.map(Self.unit), colleges: overview.colleges.map(Self.unit)))))
    }

    static func unit(_ line: Overview.UnitLine) -> Components.Schemas.OverviewUnit {
        let f = line.figures
        return .init(unit: line.key, expected: f.expected, reported: f.reported, missing: f.missing, percent: line.percent, abnormal: f.abnormal,
                     openCases: f.openCases)
    }
}
