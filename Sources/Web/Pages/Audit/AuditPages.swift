import Accounts
import CampusKit
import Hummingbird

extension PageModule {
    /// The pages of the audit trail.
    static let audit = PageModule(menu: [
        MenuEntry(.admin, "/admin/audit", "audit_title", shows: AccountPermissions.mayAdminister)
    ], routes: { c, pages in
        pages.get("admin/audit", RouteRule.administrators, use: c.auditPage)
    })
}
