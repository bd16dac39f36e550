/// `testing_mine.mustache`: a student's own testing: where and when to go, and how it turned out.
struct MyTestingPageModel: PageModel {
    static let template = "testing_mine"

    struct Item: Sendable {
        var name: String
        var date: String
        var isToday: Bool
        var site: String
        var from: String
        var to: String
        var status: String
        var due: Bool
        var alert: Bool
    }

    var items: [Item]
    var hasItems: Bool
}
