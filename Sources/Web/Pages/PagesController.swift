import CampusKit
import Foundation
import Hummingbird
import Accounts
import Roster

/// The server-rendered pages: sign-in, the student's check-in, the staff dashboard, cases, the inbox, the grid and the roster.
struct PagesController {
    let services: WebServices
    let renderer: PageRenderer

    func addRoutes(to routes: GuardedRoutes) {
        let pages = PageRoutes(routes: routes, renderer: renderer)
        pages.open(.get, "/", RouteRule.anyone.evenWhileRestricted) { _, context in
            let home = switch context.actor?.kind {
            case nil: "/signin"
            case .student?: "/checkin"
            default: "/dashboard"
            }
            return Response(status: .seeOther, headers: [.location: home])
        }
        pages.open(.get, "signin", RouteRule.anyone.evenWhileRestricted, use: signInPage)
        pages.open(.post, "signin", RouteRule(audience: .anyone, whileRestricted: true, throttled: true), use: signIn)
        pages.open(.post, "signout", RouteRule.anyone.evenWhileRestricted, use: signOut)
        pages.get("grid", RouteRule.people, use: gridPage)
        pages.get("roster/import", RouteRule.roles(RosterPermissions.importers), use: importPage)
        pages.get("admin/audit", RouteRule.administrators, use: auditPage)
        pages.get("account", RouteRule.people.evenWhileRestricted, use: accountPage)
        pages.post("account/password", RouteRule.people.evenWhileRestricted, use: changePasswordForm)
        pages.post("account/two-factor", RouteRule.people.evenWhileRestricted, use: beginTwoFactorForm)
        pages.post("account/two-factor/confirm", RouteRule.people.evenWhileRestricted, use: confirmTwoFactorForm)
        pages.get("admin/accounts", RouteRule.administrators, use: accountsPage)
        pages.post("admin/accounts/:username/unlock", RouteRule.administrators, use: unlockForm)
        pages.post("admin/accounts/:username/reset", RouteRule.administrators, use: resetForm)
        pages.post("admin/accounts/:username/roles", RouteRule.administrators, use: rolesForm)
        pages.get("admin/tokens", RouteRule.administrators, use: tokensPage)
        pages.post("admin/tokens", RouteRule.administrators, use: createTokenForm)
        pages.post("admin/tokens/:id/revoke", RouteRule.administrators, use: revokeTokenForm)
        pages.get("accounts/activation", RouteRule.roles(AccountPermissions.activators), use: activationPage)
        pages.get("students/:studentNo", RouteRule.people, use: studentPage)
        pages.post("students/:studentNo/reveal", RouteRule.people, use: revealStudent)
        pages.post("accounts/activation", RouteRule.roles(AccountPermissions.activators), use: activationForm)
        pages.get("checkin", RouteRule.people, use: checkInPage)
        pages.post("checkin", RouteRule.people, use: submitCheckInForm)
        pages.get("dashboard", RouteRule.people, use: dashboardPage)
        pages.get("cases", RouteRule.people, use: casesPage)
        pages.post("cases", RouteRule.people, use: reportCaseForm)
        pages.get("cases/:id", RouteRule.people, use: casePage)
        pages.post("cases/:id/close", RouteRule.people, use: closeCaseForm)
        pages.post("cases/:id/notes", RouteRule.people, use: noteCaseForm)
        pages.get("reports/daily", RouteRule.people, use: reportsPage)
        pages.post("reports/daily", RouteRule.people, use: attestReportForm)
        pages.get("reports/daily/export", RouteRule.people, use: exportReport)
        pages.get("checkins/signals", RouteRule.people, use: signalsPage)
        pages.get("admin/checkins", RouteRule.people, use: timetablePage)
        pages.post("admin/checkins", RouteRule.people, use: timetableForm)
        pages.get("leave", RouteRule.people, use: leavePage)
        pages.post("leave", RouteRule.people, use: requestLeaveForm)
        pages.post("leave/:id/cancel", RouteRule.people, use: cancelLeaveForm)
        pages.get("leaves", RouteRule.people, use: leavesPage)
        pages.post("leaves/:id/:decision", RouteRule.people, use: decideLeaveForm)
        pages.get("access", RouteRule.people, use: accessPage)
        pages.post("access/policy", RouteRule.people, use: policyForm)
        pages.get("students/:studentNo/trajectory", RouteRule.people, use: trajectoryPage)
        pages.get("investigations", RouteRule.people, use: investigationsPage)
        pages.post("investigations", RouteRule.people, use: startInvestigationForm)
        pages.get("investigations/:id", RouteRule.people, use: investigationPage)
        pages.post("investigations/:id/follow-ups", RouteRule.people, use: followUpForm)
        pages.get("investigations/:id/export", RouteRule.people, use: exportInvestigation)
        pages.get("testing", RouteRule.people, use: testingPage)
        pages.post("testing/campaigns", RouteRule.people, use: createCampaignForm)
        pages.post("testing/rotations", RouteRule.people, use: createRotationForm)
        pages.post("testing/schedules", RouteRule.people, use: saveScheduleForm)
        pages.post("testing/results", RouteRule.people, use: resultsForm)
        pages.get("testing/mine", RouteRule.people, use: myTestingPage)
        pages.get("testing/:id", RouteRule.people, use: campaignPage)
        pages.get("testing/:id/missing.xlsx", RouteRule.people, use: exportMissing)
        pages.post("testing/:id/exemptions", RouteRule.people, use: exemptForm)
        pages.post("testing/:id/close", RouteRule.people, use: closeCampaignForm)
        pages.get("testing/:id/sample", RouteRule.people, use: samplePage)
        pages.post("testing/:id/sample", RouteRule.people, use: sampleForm)
        pages.get("inbox", RouteRule.people, use: inboxPage)
        pages.post("inbox/:id/read", RouteRule.people, use: readNotificationForm)
    }

    /// Pages need a signed-in person; everyone else goes to the sign-in page and comes back.
    static func signInRedirect(_ request: Request) -> Response {
        let back = request.uri.description.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/grid"
        return Response(status: .seeOther, headers: [.location: "/signin?next=\(back)"])
    }
}
