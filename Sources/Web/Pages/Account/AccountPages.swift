import Accounts
import CampusKit
import Hummingbird

extension PageModule {
    /// The pages of one's own account, activation codes, and account and token administration.
    static let accounts = PageModule(menu: [
        MenuEntry(.roster, "/accounts/activation", "activation_title", shows: AccountPermissions.mayActivate),
        MenuEntry(.account, "/account", "nav_account", shows: MenuEntry.everyone),
        MenuEntry(.admin, "/admin/accounts", "nav_accounts", shows: AccountPermissions.mayAdminister),
        MenuEntry(.admin, "/admin/tokens", "tokens_title", shows: AccountPermissions.mayAdminister)
    ], routes: { c, pages in
        pages.get("account", RouteRule.people.evenWhileRestricted, use: c.accountPage)
        pages.post("account/password", RouteRule.people.evenWhileRestricted, use: c.changePasswordForm)
        pages.post("account/notifications", RouteRule.people, use: c.notificationSettingsForm)
        pages.post("account/two-factor", RouteRule.people.evenWhileRestricted, use: c.beginTwoFactorForm)
        pages.post("account/two-factor/confirm", RouteRule.people.evenWhileRestricted, use: c.confirmTwoFactorForm)
        pages.get("admin/accounts", RouteRule.administrators, use: c.accountsPage)
        pages.post("admin/accounts/:username/unlock", RouteRule.administrators, use: c.unlockForm)
        pages.post("admin/accounts/:username/reset", RouteRule.administrators, use: c.resetForm)
        pages.post("admin/accounts/:username/roles", RouteRule.administrators, use: c.rolesForm)
        pages.get("admin/tokens", RouteRule.administrators, use: c.tokensPage)
        pages.post("admin/tokens", RouteRule.administrators, use: c.createTokenForm)
        pages.post("admin/tokens/:id/revoke", RouteRule.administrators, use: c.revokeTokenForm)
        pages.get("accounts/activation", RouteRule.roles(AccountPermissions.activators), use: c.activationPage)
        pages.post("accounts/activation", RouteRule.roles(AccountPermissions.activators), use: c.activationForm)
    })
}
