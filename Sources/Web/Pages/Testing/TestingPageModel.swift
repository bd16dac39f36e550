/// `testing.mustache`: the campaigns with their progress, and for planners the forms (campaign, rotation,
/// schedule, lab results), each with its own errors and what was typed.
struct TestingPageModel: PageModel {
    static let template = "testing"

    struct Item: Sendable {
        var id: String
        var name: String
        var date: String
        var kind: String
        var pool: Int
        var expected: Int
        var sampled: Int
        var percent: Int
        var complete: Bool
        var negative: Int
        var positive: Int
        var anyPositive: Bool
        var pending: Int
        var tubes: Int
        var closed: Bool
        var isToday: Bool
    }
    struct Schedule: Sendable {
        var name: String
        var days: String
        var start: String
        var pool: Int
        var active: Bool
    }
    struct Weekday: Sendable { var value: Int; var label: String }

    var items: [Item]
    var hasItems: Bool
    /// The reader sees the whole school: tube counts (whole campaigns) sit beside student counts only then; a
    /// counsellor's counts are their students', and a school's tubes beside them would not add up.
    var wholeSchool: Bool
    var planner: Bool
    var schedules: [Schedule]
    var hasSchedules: Bool
    var weekdays: [Weekday]
    var formDate: String
    var formStartDate: String
    var formName: String
    var formPool: String
    var formStart: String
    var formDays: String
    var formCapacity: String
    /// "如：1号楼，6号楼": the placeholder of the building fields, from the roster's own buildings.
    var buildingsExample: String
    /// How a fixed site is typed, with the capacity assumed when none is given.
    var sitesFormat: String
    var formBuildings = ""
    var formStudents = ""
    var formSites = ""
    var formResults = ""
    var targeted = false
    var campaignError: String?
    var campaignErrors: [String]?
    var rotationError: String?
    var rotationErrors: [String]?
    var scheduleError: String?
    var scheduleErrors: [String]?
    var resultsError: String?
    var resultsErrors: [String]?
    /// The summary of lab results just applied.
    var resultsDone: String?
    var unknownTubes = ""
    var hasUnknown = false
    var conflictTubes = ""
    var hasConflicts = false
    /// Retest campaigns the results just opened.
    var retests: [String] = []
    var hasRetests = false
}
