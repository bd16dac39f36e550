/// `leave.mustache`: a student's leave requests and the form to ask for one, errors next to their fields.
struct LeavePageModel: PageModel {
    static let template = "leave"

    var items: [LeaveRow]
    var hasItems: Bool
    var formFrom: String
    var formTo: String
    var formReason: String
    var formDestination: String
    // Named as the template's fields: one error per form field.
    var error_from: String?
    var error_to: String?
    var error_reason: String?
    var error_destination: String?
    var hasErrors: Bool
}
