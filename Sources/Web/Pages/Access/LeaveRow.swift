/// One leave as `leave.mustache` and `leaves.mustache` list it. Optional texts are nil when there is nothing to
/// say, so their sections stay closed.
struct LeaveRow: Sendable {
    var id: String
    var studentNo: String
    var name: String
    var from: String
    var to: String
    var reason: String
    var destination: String
    var state: String
    var pending: Bool
    var approved: Bool
    var refused: Bool
    var overdue: Bool
    var long: Bool
    var cancellable: Bool
    var note: String?
    var departed: String?
    var returned: String?
}
