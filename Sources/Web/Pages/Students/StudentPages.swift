import CampusKit
import Hummingbird

extension PageModule {
    /// The pages of one student's page and its audited unmasking (C1).
    static let students = PageModule(routes: { c, pages in
        pages.get("students/:studentNo", RouteRule.people, use: c.studentPage)
        pages.post("students/:studentNo/reveal", RouteRule.people, use: c.revealStudent)
    })
}
