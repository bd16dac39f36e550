import CampusKit
import Cases
import Hummingbird

extension PageModule {
    /// The pages of cases and the inbox (C5).
    static let cases = PageModule(menu: [
        MenuEntry(.daily, "/cases", "cases_title", shows: CasePermissions.mayFollow),
        MenuEntry(.daily, "/inbox", "inbox_title", shows: MenuEntry.everyone)
    ], routes: { c, pages in
        pages.get("cases", RouteRule.people, use: c.casesPage)
        pages.post("cases", RouteRule.people, use: c.reportCaseForm)
        pages.get("cases/:id", RouteRule.people, use: c.casePage)
        pages.post("cases/:id/close", RouteRule.people, use: c.closeCaseForm)
        pages.post("cases/:id/notes", RouteRule.people, use: c.noteCaseForm)
        pages.post("cases/:id/stage", RouteRule.roles(CasePermissions.followers), use: c.advanceCaseForm)
        pages.post("case-policy", RouteRule.roles(CasePermissions.policyEditors), use: c.casePolicyForm)
        pages.get("inbox", RouteRule.people, use: c.inboxPage)
        pages.post("inbox/:id/read", RouteRule.people, use: c.readNotificationForm)
    })
}
