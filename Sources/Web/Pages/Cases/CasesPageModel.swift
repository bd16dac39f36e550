/// `cases.mustache`: the cases I follow, filtered in the URL, and the form to report one.
struct CasesPageModel: PageModel {
    static let template = "cases"

    struct Row: Sendable {
        var id: String
        var studentNo: String
        var name: String
        var source: String
        var open: Bool
        var status: String
        var openedAt: String
        var summary: String
        /// The stage in words, and whether nobody answered in time.
        var stage: String
        var overdue: Bool
    }

    var rows: [Row]
    var hasRows: Bool
    var filters: [PageLink]
    var more: Bool
    var formStudentNo: String
    var formSummary: String
    /// The refused report's reason; nil when there is none (an empty text would open the section).
    var error: String?
    /// The school's response time in minutes, and whether this reader may change it.
    var responseMinutes: Int
    var mayEditPolicy: Bool
    var policyError: String?
}
