import CampusKit
import Foundation
import Hummingbird
import Accounts
import Roster

/// The server-rendered pages: sign-in, the student's check-in, the staff dashboard, cases, the inbox, the grid and the roster.
struct PagesController {
    let services: WebServices
    let renderer: PageRenderer

    func addRoutes(to router: GuardedRoutes) {
        router.get("/", RouteRule.anyone.evenWhileRestricted.asPage) { _, context in
            let home = switch context.actor?.kind {
            case nil: "/signin"
            case .student?: "/checkin"
            default: "/dashboard"
            }
            return Response(status: .seeOther, headers: [.location: home])
        }
        router.get("signin", RouteRule.anyone.evenWhileRestricted.asPage, use: signInPage)
        router.post("signin", RouteRule(audience: .anyone, whileRestricted: true, throttled: true).asPage, use: signIn)
        router.post("signout", RouteRule.anyone.evenWhileRestricted.asPage, use: signOut)
        router.get("grid", RouteRule.people.asPage, use: gridPage)
        router.get("roster/import", RouteRule.roles(APIRouteRules.rosterWriters).asPage, use: importPage)
        router.get("admin/audit", RouteRule.administrators.asPage, use: auditPage)
        router.get("account", RouteRule.people.evenWhileRestricted.asPage, use: accountPage)
        router.post("account/password", RouteRule.people.evenWhileRestricted.asPage, use: changePasswordForm)
        router.post("account/two-factor", RouteRule.people.evenWhileRestricted.asPage, use: beginTwoFactorForm)
        router.post("account/two-factor/confirm", RouteRule.people.evenWhileRestricted.asPage, use: confirmTwoFactorForm)
        router.get("admin/accounts", RouteRule.administrators.asPage, use: accountsPage)
        router.post("admin/accounts/:username/unlock", RouteRule.administrators.asPage, use: unlockForm)
        router.post("admin/accounts/:username/reset", RouteRule.administrators.asPage, use: resetForm)
        router.post("admin/accounts/:username/roles", RouteRule.administrators.asPage, use: rolesForm)
        router.get("admin/tokens", RouteRule.administrators.asPage, use: tokensPage)
        router.post("admin/tokens", RouteRule.administrators.asPage, use: createTokenForm)
        router.post("admin/tokens/:id/revoke", RouteRule.administrators.asPage, use: revokeTokenForm)
        router.get("accounts/activation", RouteRule.roles(AccountService.activationRoles).asPage, use: activationPage)
        router.get("students/:studentNo", RouteRule.people.asPage, use: studentPage)
        router.post("students/:studentNo/reveal", RouteRule.people.asPage, use: revealStudent)
        router.post("accounts/activation", RouteRule.roles(AccountService.activationRoles).asPage, use: activationForm)
        router.get("checkin", RouteRule.people.asPage, use: checkInPage)
        router.post("checkin", RouteRule.people.asPage, use: submitCheckInForm)
        router.get("dashboard", RouteRule.people.asPage, use: dashboardPage)
        router.get("cases", RouteRule.people.asPage, use: casesPage)
        router.post("cases", RouteRule.people.asPage, use: reportCaseForm)
        router.get("cases/:id", RouteRule.people.asPage, use: casePage)
        router.post("cases/:id/close", RouteRule.people.asPage, use: closeCaseForm)
        router.post("cases/:id/notes", RouteRule.people.asPage, use: noteCaseForm)
        router.get("reports/daily", RouteRule.people.asPage, use: reportsPage)
        router.post("reports/daily", RouteRule.people.asPage, use: attestReportForm)
        router.get("reports/daily/export", RouteRule.people.asPage, use: exportReport)
        router.get("checkins/signals", RouteRule.people.asPage, use: signalsPage)
        router.get("admin/checkins", RouteRule.people.asPage, use: timetablePage)
        router.post("admin/checkins", RouteRule.people.asPage, use: timetableForm)
        router.get("leave", RouteRule.people.asPage, use: leavePage)
        router.post("leave", RouteRule.people.asPage, use: requestLeaveForm)
        router.post("leave/:id/cancel", RouteRule.people.asPage, use: cancelLeaveForm)
        router.get("leaves", RouteRule.people.asPage, use: leavesPage)
        router.post("leaves/:id/:decision", RouteRule.people.asPage, use: decideLeaveForm)
        router.get("access", RouteRule.people.asPage, use: accessPage)
        router.post("access/policy", RouteRule.people.asPage, use: policyForm)
        router.get("students/:studentNo/trajectory", RouteRule.people.asPage, use: trajectoryPage)
        router.get("investigations", RouteRule.people.asPage, use: investigationsPage)
        router.post("investigations", RouteRule.people.asPage, use: startInvestigationForm)
        router.get("investigations/:id", RouteRule.people.asPage, use: investigationPage)
        router.post("investigations/:id/follow-ups", RouteRule.people.asPage, use: followUpForm)
        router.get("investigations/:id/export", RouteRule.people.asPage, use: exportInvestigation)
        router.get("testing", RouteRule.people.asPage, use: testingPage)
        router.post("testing/campaigns", RouteRule.people.asPage, use: createCampaignForm)
        router.post("testing/rotations", RouteRule.people.asPage, use: createRotationForm)
        router.post("testing/schedules", RouteRule.people.asPage, use: saveScheduleForm)
        router.post("testing/results", RouteRule.people.asPage, use: resultsForm)
        router.get("testing/mine", RouteRule.people.asPage, use: myTestingPage)
        router.get("testing/:id", RouteRule.people.asPage, use: campaignPage)
        router.get("testing/:id/missing.xlsx", RouteRule.people.asPage, use: exportMissing)
        router.post("testing/:id/exemptions", RouteRule.people.asPage, use: exemptForm)
        router.post("testing/:id/close", RouteRule.people.asPage, use: closeCampaignForm)
        router.get("testing/:id/sample", RouteRule.people.asPage, use: samplePage)
        router.post("testing/:id/sample", RouteRule.people.asPage, use: sampleForm)
        router.get("inbox", RouteRule.people.asPage, use: inboxPage)
        router.post("inbox/:id/read", RouteRule.people.asPage, use: readNotificationForm)
    }

    /// Pages need a signed-in person; everyone else goes to the sign-in page and comes back.
    static func signInRedirect(_ request: Request) -> Response {
        let back = request.uri.description.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/grid"
        return Response(status: .seeOther, headers: [.location: "/signin?next=\(back)"])
    }
}
