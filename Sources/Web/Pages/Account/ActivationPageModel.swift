/// `activation.mustache`: first credentials printed for a class.
struct ActivationPageModel: PageModel {
    static let template = "activation"

    struct Issued: Sendable { var studentNo: String; var name: String; var code: String }

    var error: String?
    var className: String?
    var issued: [Issued] = []
    var hasIssued = false
    var none = false
}
