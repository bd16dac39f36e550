import CampusKit
import Hummingbird
import Separation

extension PageModule {
    /// Space-time separation (C10): the office's plans and editor, a plan's timetables and chart, its adherence
    /// report, and the student's own timetable on the phone.
    static let separation = PageModule(menu: [
        MenuEntry(.daily, "/separation", "separation_title", shows: SeparationPermissions.mayRead),
        MenuEntry(.daily, "/separation/mine", "separation_mine_title", shows: MenuEntry.students),
    ], routes: { c, pages in
        let readers = RouteRule.staff()
        let planners = RouteRule.roles(SeparationPermissions.planners)
        pages.get("separation", readers, use: c.separationPage)
        pages.post("separation/plans", planners, use: c.separationPlanForm)
        pages.get("separation/plans/:id", readers, use: c.separationPlanPage)
        pages.post("separation/plans/:id/publish", planners, use: c.separationPublishForm)
        pages.get("separation/plans/:id/adherence", readers, use: c.separationAdherencePage)
        pages.get("separation/mine", RouteRule.people, use: c.separationMinePage)
    })
}
