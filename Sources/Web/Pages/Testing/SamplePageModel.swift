/// `testing_sample.mustache`: the sampling point: the tube in hand, its pips, the last scan, the open tubes.
struct SamplePageModel: PageModel {
    static let template = "testing_sample"

    struct Pip: Sendable { var on: Bool }
    struct OpenTube: Sendable { var code: String; var fill: String }

    /// Read by the layout: the page fills the screen (no side menu on a sampler's phone).
    let workPage = true
    var id: String
    var name: String
    var pool: Int
    var tube: String
    var filled: Int
    var hasTube: Bool
    var fill: String
    var slots: [Pip]
    var members: [String]
    var last: String
    var hasLast: Bool
    var error: String
    var hasError: Bool
    var studentNo: String
    var closed: Bool
    var recent: [OpenTube]
}
