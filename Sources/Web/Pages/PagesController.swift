import CampusKit
import Foundation
import Hummingbird
import Accounts
import Roster

/// The server-rendered pages. Each domain adds its own (`PageModule`, next to its pages); the handlers are this
/// controller's methods, in one extension file per page.
struct PagesController {
    let services: any WebServices
    let renderer: PageRenderer

    /// Every domain's pages, in the order their menu entries are shown within a section.
    static let modules: [PageModule] = [
        .signIn, .checkIns, .cases, .sickLeaves, .reports, .overview, .access, .investigations, .testing, .quarantine, .ledgers, .separation, .roster, .students,
        .accounts, .outbox,
        .audit,
    ]

    /// Every domain's menu entries.
    static let menuEntries: [MenuEntry] = modules.flatMap(\.menu)

    func addRoutes(to routes: GuardedRoutes) {
        let pages = PageRoutes(routes: routes, renderer: renderer)
        for module in Self.modules { module.routes(self, pages) }
    }

    /// Pages need a signed-in person; everyone else goes to the sign-in page and comes back.
    static func signInRedirect(_ request: Request) -> Response {
        let back = request.uri.description.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/grid"
        return Response(status: .seeOther, headers: [.location: "/signin?next=\(back)"])
    }
}
