/// `signals.mustache`: check-ins that look automated, for review.
struct SignalsPageModel: PageModel {
    static let template = "signals"

    struct Item: Sendable {
        var studentNo: String
        var kind: String
        var occurrences: Int
        var detail: String
    }

    var days: Int
    var hasItems: Bool
    var items: [Item]
}
