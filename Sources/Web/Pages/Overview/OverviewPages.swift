import CampusKit
import Hummingbird
import Reports

extension PageModule {
    /// The leadership dashboard (C15): for those who read the whole school's report, refused on the route to anyone else.
    static let overview = PageModule(menu: [
        MenuEntry(.daily, "/overview", "nav_overview", shows: OverviewService.mayRead)
    ], routes: { c, pages in
        pages.get("overview", RouteRule.roles(ReportPermissions.schoolReaderRoles), use: c.overviewPage)
    })
}
