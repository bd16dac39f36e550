import CampusKit
import Hummingbird
import Roster

extension PageModule {
    /// The pages of the grid and the roster import (C1).
    static let roster = PageModule(menu: [
        MenuEntry(.roster, "/grid", "grid_title", shows: RosterPermissions.mayBrowseGrid),
        MenuEntry(.roster, "/roster/import", "import_title", shows: RosterPermissions.mayImport)
    ], routes: { c, pages in
        pages.get("grid", RouteRule.people, use: c.gridPage)
        pages.get("roster/import", RouteRule.roles(RosterPermissions.importers), use: c.importPage)
        pages.get("roster/template/:kind", RouteRule.roles(RosterPermissions.importers), use: c.rosterTemplate)
    })
}
