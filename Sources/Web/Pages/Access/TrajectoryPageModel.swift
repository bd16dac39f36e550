/// `trajectory.mustache`: one student's day at the gates: events and stays.
struct TrajectoryPageModel: PageModel {
    static let template = "trajectory"

    struct Event: Sendable {
        var at: String
        var point: String
        var place: String
        var kind: String
        var direction: String
        var denied: Bool
    }
    struct Stay: Sendable {
        var place: String
        var kind: String
        var from: String
        var to: String
        var minutes: Int
        var counts: Bool
    }

    var studentNo: String
    var date: String
    var prev: String
    /// The next day's link; nil on today.
    var next: String?
    var events: [Event]
    var hasEvents: Bool
    var stays: [Stay]
    var hasStays: Bool
}
