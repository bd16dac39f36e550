/// `leaves.mustache`: leave waiting for my decision, then my students' recent decisions.
struct LeavesPageModel: PageModel {
    static let template = "leaves"

    var pending: [LeaveRow]
    var hasPending: Bool
    var recent: [LeaveRow]
    var hasRecent: Bool
    /// A refused decision's reason.
    var error: String?
}
