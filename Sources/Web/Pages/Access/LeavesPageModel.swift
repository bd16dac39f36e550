/// `leaves.mustache`: leave waiting for my decision, then my students' recent decisions.
struct LeavesPageModel: PageModel {
    static let template = "leaves"

    var pending: [LeaveRow]
    var hasPending: Bool
    /// The reader decides leave (`GatePermissions.mayDecideLeave`): the pending ones are theirs to decide, with
    /// buttons; anyone else sees them as waiting for their approver.
    var decides: Bool
    var pendingTitle: String
    var recent: [LeaveRow]
    var hasRecent: Bool
    /// A refused decision's reason.
    var error: String?
}
