/// `case.mustache`: one case, its timeline, and the forms to annotate and close it.
struct CasePageModel: PageModel {
    static let template = "case"

    struct Event: Sendable {
        var at: String
        var kind: String
        var detail: String
        var by: String
        var closing: Bool
    }

    var id: String
    var studentNo: String
    var name: String
    var source: String
    var open: Bool
    var status: String
    var summary: String
    var openedAt: String
    var outcome: String
    var closedAt: String
    var timeline: [Event]
    var error: String?
    /// Where the handling stands, in words.
    var stage: String
    /// The first response: due by when, answered when, or overdue and who was told (one sentence).
    var response: String
    var overdue: Bool
    /// The steps that may follow from the current stage (empty when none may).
    var steps: [Choice]
    var hasSteps: Bool
    /// Quarantine is where the case went and this reader places students: the placement form, filled in.
    var quarantineLink: String?

    struct Choice: Sendable { var value: String; var label: String }
}
