/// `dashboard.mustache`: who in my units has not checked in, unit by unit, and the missing students.
/// Colour flags are `Bool`: Mustache treats 0 as true.
struct DashboardPageModel: PageModel {
    static let template = "dashboard"

    struct Group: Sendable {
        var label: String
        var reported: Int
        var expected: Int
        var percent: Int
        var abnormal: Int
        var late: Int
        var missing: Int
        var hasMissing: Bool
        var hasAbnormal: Bool
        var complete: Bool
        var href: String
        var selected: Bool
    }
    struct Missing: Sendable {
        var studentNo: String
        var name: String
        var className: String
        var building: String
        var room: String
        var leader: String
    }

    var date: String
    var isToday: Bool
    var prev: String
    /// The next day's link; nil on today (nothing later to show).
    var next: String?
    var expected: Int
    var reported: Int
    var percent: Int
    var abnormal: Int
    var late: Int
    var missingCount: Int
    var openCases: Int
    var isStaff: Bool
    var anyMissing: Bool
    var anyAbnormal: Bool
    var anyLate: Bool
    var anyOpen: Bool
    var groups: [Group]
    var hasGroups: Bool
    var levels: [PageLink]
    var unitLabel: String
    var hasUnit: Bool
    var allHref: String
    var missing: [Missing]
    var hasMissing: Bool
    var moreMissing: Bool
    var updatedAt: String
    /// Staff may remind everyone missing today and export the list.
    var mayRemind: Bool
    /// The missing list of the shown day and unit as a spreadsheet.
    var exportHref: String
    /// "Reminded N students", after the reminder was sent.
    var reminded: String?
}
