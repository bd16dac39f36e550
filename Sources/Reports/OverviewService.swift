import CampusKit
import Foundation

/// The leadership dashboard (领导看板, C15): the whole school's day in counts, for those who read the whole school's
/// report. What is counted is decided here, once: the figures are the ones the dashboard, the daily report and the
/// testing pages show for the same day, so no two pages disagree.
public struct OverviewService: Sendable {
    /// How many days the trends cover, ending at the day shown.
    public static let trendDays = 14

    private let store: any OverviewStore
    private let clock: any Clock
    private let timeZone: TimeZone

    public init(store: any OverviewStore, clock: any Clock, timeZone: TimeZone) {
        self.store = store
        self.clock = clock
        self.timeZone = timeZone
    }

    /// Who reads the overview: whoever reads the whole school's daily report (administrators, leaders, `read:all` tokens).
    public static func mayRead(_ actor: Actor) -> Bool { ReportService.mayReadSchool(actor) }

    /// The overview of `day` (today in the school's time zone when nil). Check-in and testing figures are the day's;
    /// open cases and leaves are as they stand now. `.forbidden` for anyone `mayRead` refuses; `.invalid` for a day
    /// after today. Counts only, so reading it is not audited.
    public func overview(on day: CampusDay? = nil, by actor: Actor) async throws -> Overview {
        guard Self.mayRead(actor) else {
            throw DomainError.forbidden("只有学工处领导和管理员可以查看全校概览 (only leaders and administrators see the school overview)")
        }
        let now = clock.now()
        let today = CampusDay(now, in: timeZone)
        let day = day ?? today
        guard day <= today else {
            throw DomainError.invalid("不能查看今天以后的概览 (there is no overview of a day after today)", field: "date")
        }
        let days = Self.trend(endingAt: day)
        let windows = days.map { DayWindow($0, in: timeZone) }
        let school = actor.school
        async let campuses = store.units(school: school, day: day, level: .campus)
        async let buildings = store.units(school: school, day: day, level: .building)
        async let colleges = store.units(school: school, day: day, level: .college)
        async let checkIns = store.checkIns(school: school, from: days[0], to: day)
        async let opened = store.casesOpened(school: school, in: windows)
        async let samples = store.samples(school: school, in: windows)
        async let leaves = store.leaves(school: school, at: now)
        async let campaign = store.latestCampaign(school: school, onOrBefore: day)
        return Self.compile(day: day, campuses: try await campuses, buildings: try await buildings, colleges: try await colleges,
                            checkIns: try await checkIns, casesOpened: try await opened, samples: try await samples,
                            leaves: try await leaves, campaign: try await campaign)
    }

    /// The `trendDays` days ending at `day`, oldest first.
    public static func trend(endingAt day: CampusDay) -> [CampusDay] {
        (0..<trendDays).map { day.adding(days: $0 - trendDays + 1) }
    }

    /// The overview from what was loaded. The school's figures are the colleges' sums (every active student is in
    /// exactly one college, as in the daily report's totals). Every trend day expects the roster as it is now, as
    /// `/dashboard` does for a past day.
    public static func compile(day: CampusDay, campuses: [String: UnitFigures], buildings: [String: UnitFigures],
                               colleges: [String: UnitFigures], checkIns: [CampusDay: CheckInCount], casesOpened: [CampusDay: Int],
                               samples: [CampusDay: Int], leaves: LeaveCounts, campaign: CampaignCoverage?) -> Overview {
        let total = colleges.values.reduce(UnitFigures(expected: 0, reported: 0, abnormal: 0, openCases: 0)) { sum, f in
            UnitFigures(expected: sum.expected + f.expected, reported: sum.reported + f.reported, abnormal: sum.abnormal + f.abnormal,
                        openCases: sum.openCases + f.openCases)
        }
        let glance = Overview.Glance(expected: total.expected, reported: total.reported, percent: Share.percent(total.reported, of: total.expected),
                                     abnormal: total.abnormal, openCases: total.openCases, overdueLeaves: leaves.overdue,
                                     pendingLeaves: leaves.pending, testing: campaign)
        let trend = Self.trend(endingAt: day).map { d in
            let counted = checkIns[d] ?? CheckInCount(reported: 0, abnormal: 0)
            return Overview.TrendDay(day: d, expected: total.expected, reported: counted.reported,
                                     percent: Share.percent(counted.reported, of: total.expected), abnormal: counted.abnormal,
                                     casesOpened: casesOpened[d] ?? 0, samples: samples[d] ?? 0)
        }
        return Overview(day: day, glance: glance, trend: trend, campuses: worstFirst(campuses), buildings: worstFirst(buildings),
                        colleges: worstFirst(colleges))
    }

    /// Lowest completeness first, compared exactly (2 of 3 before 7 of 10, though both show 66–70 %), a unit nobody is
    /// expected in counting as complete; then the most missing; then by name, numbers in names compared as numbers.
    public static func worstFirst(_ units: [String: UnitFigures]) -> [Overview.UnitLine] {
        func share(_ f: UnitFigures) -> (part: Int, whole: Int) { f.expected == 0 ? (1, 1) : (f.reported, f.expected) }
        return units.map { Overview.UnitLine(key: $0.key, figures: $0.value) }.sorted { a, b in
            let (x, y) = (share(a.figures), share(b.figures))
            let (left, right) = (x.part * y.whole, y.part * x.whole)
            if left != right { return left < right }
            if a.figures.missing != b.figures.missing { return a.figures.missing > b.figures.missing }
            return a.key.compare(b.key, options: .numeric) == .orderedAscending
        }
    }
}
