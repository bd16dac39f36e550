/// `checkin.mustache`: a student's one screen: today's status, "same as yesterday", the form, the last two weeks.
struct CheckInPageModel: PageModel {
    static let template = "checkin"

    struct Choice: Sendable { var value: String; var label: String; var checked: Bool }
    /// Yesterday's answers, sent again by one tap.
    struct Same: Sendable {
        var temperature: String
        var symptoms: [String]
        var onCampus: String
        var city: String
        var healthCode: String
        var riskContact: String
        var summary: String
    }
    /// One line of the error summary: the field's id (the link target) and what to fix.
    struct FieldProblem: Sendable { var field: String; var message: String }
    struct Past: Sendable {
        var when: String
        var summary: String
        var abnormal: Bool
        var late: Bool
        var replaced: Bool
    }

    var cutoff: String
    var window: String
    var shownAt: String
    var submitted: Bool
    /// Field name → the error shown next to it.
    var errors: [String: String]
    var hasErrors: Bool
    var errorList: [FieldProblem] = []
    var done = false
    var doneAt: String?
    var doneLate = false
    var doneAbnormal = false
    var pastCutoff = false
    var temperature = ""
    var city = ""
    var remark = ""
    var onCampus = true
    var offCampus = false
    var risk = false
    var noRisk = true
    var symptoms: [Choice] = []
    var codes: [Choice] = []
    var same: Same?
    var history: [Past] = []
    var hasHistory = false
}
