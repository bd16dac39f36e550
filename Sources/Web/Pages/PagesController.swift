import CampusKit
import Foundation
import Hummingbird
import Roster

/// The server-rendered pages: sign-in, sign-out, the grid browser and the roster import.
struct PagesController {
    let services: WebServices
    let renderer: PageRenderer

    func addRoutes(to router: Router<ShouhuContext>) {
        router.get("/") { _, context in
            Response(status: .seeOther, headers: [.location: context.actor == nil ? "/signin" : "/grid"])
        }
        router.get("signin", use: signInPage)
        router.post("signin", use: signIn)
        router.post("signout", use: signOut)
        router.get("grid", use: gridPage)
        router.get("roster/import", use: importPage)
        router.get("admin/audit", use: auditPage)
        router.get("account", use: accountPage)
        router.post("account/password", use: changePasswordForm)
        router.post("account/two-factor", use: beginTwoFactorForm)
        router.post("account/two-factor/confirm", use: confirmTwoFactorForm)
        router.get("admin/accounts", use: accountsPage)
        router.post("admin/accounts/:username/unlock", use: unlockForm)
        router.post("admin/accounts/:username/reset", use: resetForm)
        router.post("admin/accounts/:username/roles", use: rolesForm)
        router.get("accounts/activation", use: activationPage)
        router.get("students/:studentNo", use: studentPage)
        router.post("students/:studentNo/reveal", use: revealStudent)
        router.post("accounts/activation", use: activationForm)
    }

    /// Pages need a signed-in person; everyone else goes to the sign-in page and comes back.
    static func signInRedirect(_ request: Request) -> Response {
        let back = request.uri.description.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/grid"
        return Response(status: .seeOther, headers: [.location: "/signin?next=\(back)"])
    }
}
