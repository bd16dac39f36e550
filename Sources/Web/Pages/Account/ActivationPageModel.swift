/// `activation.mustache`: first credentials printed for a class chosen among the classes of the reader's students.
struct ActivationPageModel: PageModel {
    static let template = "activation"
    /// Up to this many classes are a drop-down list; more are a field that suggests them as one types.
    static let selectLimit = 30

    struct Issued: Sendable { var studentNo: String; var name: String; var code: String }
    struct ClassChoice: Sendable { var name: String; var selected: Bool }

    var error: String?
    var className: String?
    var issued: [Issued] = []
    var hasIssued = false
    var none = false
    var classes: [ClassChoice] = []
    var hasClasses = false
    var manyClasses = false
}
