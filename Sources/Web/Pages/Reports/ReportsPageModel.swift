/// `reports.mustache`: the day's reports, unit by unit, and the attestation forms of the units I answer for.
struct ReportsPageModel: PageModel {
    static let template = "reports"

    struct Line: Sendable {
        var level: String
        var levelValue: String
        var unit: String
        var expected: Int
        var reported: Int
        var missing: Int
        var abnormal: Int
        var openCases: Int
        var state: String
        var stateClass: String
        var attestedBy: String
        var attestedAt: String
        var hasAbnormal: Bool
        var zero: Bool
        var late: Bool
        var dataZero: Bool
        var mine: Bool
        var errors: [String]
        var hasErrors: Bool
        /// Already attested (the button says "attest again"); a `Bool`, so a line never reads the day's count.
        var submitted: Bool
    }

    var date: String
    var deadline: String
    var lines: [Line]
    var hasLines: Bool
    var mine: [Line]
    var hasMine: Bool
    var expected: Int
    var reported: Int
    var abnormal: Int
    var openCases: Int
    /// How many units have reported.
    var submitted: Int
    var units: Int
    var overdue: Int
    var anyOverdue: Bool
    var anyAbnormal: Bool
    var anyOpen: Bool
    var mayExport: Bool
    var prev: String
    var next: String?
}
