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
}
