import CampusKit
import ContactTracing
import Hummingbird

extension PageModule {
    /// The pages of contact investigations (C7).
    static let investigations = PageModule(menu: [
        MenuEntry(.gates, "/investigations", "investigations_title", shows: InvestigationPermissions.mayInvestigate)
    ], routes: { c, pages in
        pages.get("investigations", RouteRule.people, use: c.investigationsPage)
        pages.post("investigations", RouteRule.people, use: c.startInvestigationForm)
        pages.get("investigations/:id", RouteRule.people, use: c.investigationPage)
        pages.post("investigations/:id/follow-ups", RouteRule.people, use: c.followUpForm)
        pages.get("investigations/:id/export", RouteRule.people, use: c.exportInvestigation)
    })
}
