/// `overview.mustache`: the leadership dashboard. Colour flags are `Bool` (Mustache treats 0 as true); the charts are
/// SVG drawn by `TrendChart`, each followed by a table of its numbers.
struct OverviewPageModel: PageModel {
    static let template = "overview"

    /// A row of the trend tables.
    struct Day: Sendable {
        var label: String
        var expected: Int
        var reported: Int
        var percent: Int
        var abnormal: Int
        var casesOpened: Int
        var samples: Int
        var hasAbnormal: Bool
        var hasCases: Bool
    }

    /// A campus, building or college.
    struct Line: Sendable {
        var label: String
        var href: String
        var expected: Int
        var reported: Int
        var missing: Int
        var percent: Int
        var abnormal: Int
        var openCases: Int
        var hasMissing: Bool
        var hasAbnormal: Bool
        var hasOpen: Bool
        var complete: Bool
    }

    /// The table of one level.
    struct Level: Sendable {
        var id: String
        var title: String
        var lines: [Line]
        var hasLines: Bool
    }

    var date: String
    var dayLabel: String
    var isToday: Bool
    var prev: String
    /// The next day's link; nil on today (nothing later to show).
    var next: String?
    var updatedAt: String

    var expected: Int
    var reported: Int
    var percent: Int
    var missing: Int
    var complete: Bool
    var abnormal: Int
    var anyAbnormal: Bool
    var openCases: Int
    var anyOpen: Bool
    var overdueLeaves: Int
    var anyOverdue: Bool
    var pendingLeaves: Int
    var anyPending: Bool
    var hasTesting: Bool
    var testingName: String
    var testingDay: String
    var testingTested: Int
    var testingExpected: Int
    var testingPercent: Int
    var testingComplete: Bool

    var completenessChart: String
    var eventsChart: String
    var samplesChart: String
    var days: [Day]

    var levels: [Level]
}
