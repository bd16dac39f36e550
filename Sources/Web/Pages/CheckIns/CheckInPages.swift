import CampusKit
import CheckIns
import Hummingbird

extension PageModule {
    /// The pages of the student's check-in, the completeness dashboard, integrity signals and the check-in timetable (C2, C3).
    static let checkIns = PageModule(menu: [
        MenuEntry(.daily, "/checkin", "checkin_title", shows: MenuEntry.students),
        MenuEntry(.daily, "/dashboard", "dashboard_title", shows: CheckInPermissions.mayFollowCompleteness),
        MenuEntry(.daily, "/checkins/signals", "nav_signals", shows: CheckInPermissions.mayReview),
        MenuEntry(.roster, "/admin/checkins", "nav_timetable", shows: CheckInPermissions.mayEditTimetable)
    ], routes: { c, pages in
        pages.get("checkin", RouteRule.people, use: c.checkInPage)
        pages.post("checkin", RouteRule.people, use: c.submitCheckInForm)
        pages.get("dashboard", RouteRule.people, use: c.dashboardPage)
        pages.post("dashboard/remind", RouteRule.people, use: c.remindMissingForm)
        pages.get("dashboard/missing.xlsx", RouteRule.people, use: c.exportMissingCheckIns)
        pages.get("checkins/signals", RouteRule.people, use: c.signalsPage)
        pages.get("admin/checkins", RouteRule.people, use: c.timetablePage)
        pages.post("admin/checkins", RouteRule.people, use: c.timetableForm)
    })
}
