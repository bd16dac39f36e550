import CampusKit
import GateAccess
import Hummingbird

extension PageModule {
    /// The pages of leave, presence, gate policy and trajectories (C6).
    static let access = PageModule(menu: [
        MenuEntry(.daily, "/leave", "leave_title", shows: GatePermissions.mayAskLeave),
        MenuEntry(.gates, "/access", "access_title", shows: GatePermissions.mayFollowPresence),
        MenuEntry(.gates, "/leaves", "leaves_title", shows: GatePermissions.mayListLeave)
    ], routes: { c, pages in
        pages.get("leave", RouteRule.people, use: c.leavePage)
        pages.post("leave", RouteRule.people, use: c.requestLeaveForm)
        pages.post("leave/:id/cancel", RouteRule.people, use: c.cancelLeaveForm)
        pages.get("leaves", RouteRule.people, use: c.leavesPage)
        pages.post("leaves/:id/:decision", RouteRule.people, use: c.decideLeaveForm)
        pages.get("access", RouteRule.people, use: c.accessPage)
        pages.post("access/policy", RouteRule.people, use: c.policyForm)
        pages.get("students/:studentNo/trajectory", RouteRule.people, use: c.trajectoryPage)
    })
}
