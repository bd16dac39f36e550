/// `inbox.mustache`: my notifications, newest first.
struct InboxPageModel: PageModel {
    static let template = "inbox"

    struct Item: Sendable {
        var id: String
        var subject: String
        var body: String
        var at: String
        var unread: Bool
        var urgent: Bool
        var link: String?
    }

    var items: [Item]
    var hasItems: Bool
}
