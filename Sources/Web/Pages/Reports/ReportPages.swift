import CampusKit
import Hummingbird
import Reports

extension PageModule {
    /// The pages of the daily zero report (C4).
    static let reports = PageModule(menu: [
        MenuEntry(.daily, "/reports/daily", "nav_reports", shows: ReportPermissions.mayRead)
    ], routes: { c, pages in
        pages.get("reports/daily", RouteRule.people, use: c.reportsPage)
        pages.post("reports/daily", RouteRule.people, use: c.attestReportForm)
        pages.get("reports/daily/export", RouteRule.people, use: c.exportReport)
    })
}
