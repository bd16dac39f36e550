/// `student.mustache`: one student's record, masked unless revealed.
struct StudentPageModel: PageModel {
    static let template = "student"

    struct Field: Sendable { var label: String; var value: String }

    var name: String
    var studentNo: String
    var fields: [Field]
    var revealed: Bool
    var mayReveal: Bool
}
