import CampusKit
import Hummingbird
import TestingCampaigns

extension PageModule {
    /// The pages of mass testing: plans, campaigns, sampling, results and the student's own tests (C8).
    static let testing = PageModule(menu: [
        MenuEntry(.daily, "/testing/mine", "testing_mine_title", shows: MenuEntry.students),
        MenuEntry(.testing, "/testing", "testing_title", shows: TestingPermissions.mayView)
    ], routes: { c, pages in
        pages.get("testing", RouteRule.people, use: c.testingPage)
        pages.post("testing/campaigns", RouteRule.people, use: c.createCampaignForm)
        pages.post("testing/rotations", RouteRule.people, use: c.createRotationForm)
        pages.post("testing/schedules", RouteRule.people, use: c.saveScheduleForm)
        pages.post("testing/results", RouteRule.people, use: c.resultsForm)
        pages.get("testing/mine", RouteRule.people, use: c.myTestingPage)
        pages.get("testing/:id", RouteRule.people, use: c.campaignPage)
        pages.get("testing/:id/missing.xlsx", RouteRule.people, use: c.exportMissing)
        pages.post("testing/:id/exemptions", RouteRule.people, use: c.exemptForm)
        pages.post("testing/:id/close", RouteRule.people, use: c.closeCampaignForm)
        pages.get("testing/:id/sample", RouteRule.people, use: c.samplePage)
        pages.post("testing/:id/sample", RouteRule.people, use: c.sampleForm)
    })
}
