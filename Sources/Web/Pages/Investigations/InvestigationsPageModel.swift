/// `investigations.mustache`: the form to start an investigation, errors by field, and the saved ones.
struct InvestigationsPageModel: PageModel {
    static let template = "investigations"

    struct Item: Sendable {
        var id: String
        var studentNo: String
        var name: String
        var from: String
        var to: String
        var degree1: Int
        var degree2: Int
        var by: String
        var at: String
    }

    var items: [Item]
    var hasItems: Bool
    var formStudentNo: String
    var formFrom: String
    var formTo: String
    var formMinutes: String
    var floorChecked: Bool
    var depth1: Bool
    // Named as the template's fields: one error per form field.
    var error_indexStudentNo: String?
    var error_from: String?
    var error_to: String?
    var error_minOverlapMinutes: String?
    var error_depth: String?
    var hasErrors: Bool
}
