import CampusKit
import Foundation

/// Where the overview's counts come from. Each is the count the other pages show (completeness with `/dashboard`,
/// unit figures with the daily report, coverage with the testing pages), read for the whole school.
public protocol OverviewStore: Sendable {
    /// Every unit of `level` (campus, building or college; "" for students without one) with its active students,
    /// their counted check-ins on `day` and the abnormal among them, and their cases open now.
    func units(school: SchoolID, day: CampusDay, level: UnitKey.Level) async throws -> [String: UnitFigures]

    /// For each day from `from` through `to` that has any: the counted check-ins of active students.
    func checkIns(school: SchoolID, from: CampusDay, to: CampusDay) async throws -> [CampusDay: CheckInCount]

    /// For each window with any: how many cases were opened within it.
    func casesOpened(school: SchoolID, in windows: [DayWindow]) async throws -> [CampusDay: Int]

    /// For each window with any: how many swabs (in tubes not found invalid) were taken within it.
    func samples(school: SchoolID, in windows: [DayWindow]) async throws -> [CampusDay: Int]

    /// Overdue and pending leaves at `now`.
    func leaves(school: SchoolID, at now: Date) async throws -> LeaveCounts

    /// The campaign of `day`, or else the latest before it (the latest created of a day's), with its coverage.
    func latestCampaign(school: SchoolID, onOrBefore day: CampusDay) async throws -> CampaignCoverage?
}
