import CampusKit
import Foundation
import Hummingbird
import Roster

/// The server-rendered pages: sign-in, the student's check-in, the staff dashboard, cases, the inbox, the grid and the roster.
struct PagesController {
    let services: WebServices
    let renderer: PageRenderer

    func addRoutes(to router: Router<ShouhuContext>) {
        router.get("/") { _, context in
            let home = switch context.actor?.kind {
            case nil: "/signin"
            case .student?: "/checkin"
            default: "/dashboard"
            }
            return Response(status: .seeOther, headers: [.location: home])
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
        router.get("checkin", use: checkInPage)
        router.post("checkin", use: submitCheckInForm)
        router.get("dashboard", use: dashboardPage)
        router.get("cases", use: casesPage)
        router.post("cases", use: reportCaseForm)
        router.get("cases/:id", use: casePage)
        router.post("cases/:id/close", use: closeCaseForm)
        router.post("cases/:id/notes", use: noteCaseForm)
        router.get("reports/daily", use: reportsPage)
        router.post("reports/daily", use: attestReportForm)
        router.get("reports/daily/export", use: exportReport)
        router.get("checkins/signals", use: signalsPage)
        router.get("admin/checkins", use: timetablePage)
        router.post("admin/checkins", use: timetableForm)
        router.get("leave", use: leavePage)
        router.post("leave", use: requestLeaveForm)
        router.post("leave/:id/cancel", use: cancelLeaveForm)
        router.get("leaves", use: leavesPage)
        router.post("leaves/:id/:decision", use: decideLeaveForm)
        router.get("access", use: accessPage)
        router.post("access/policy", use: policyForm)
        router.get("students/:studentNo/trajectory", use: trajectoryPage)
        router.get("investigations", use: investigationsPage)
        router.post("investigations", use: startInvestigationForm)
        router.get("investigations/:id", use: investigationPage)
        router.post("investigations/:id/follow-ups", use: followUpForm)
        router.get("investigations/:id/export", use: exportInvestigation)
        router.get("testing", use: testingPage)
        router.post("testing/campaigns", use: createCampaignForm)
        router.post("testing/rotations", use: createRotationForm)
        router.post("testing/schedules", use: saveScheduleForm)
        router.post("testing/results", use: resultsForm)
        router.get("testing/mine", use: myTestingPage)
        router.get("testing/:id", use: campaignPage)
        router.get("testing/:id/missing.xlsx", use: exportMissing)
        router.post("testing/:id/exemptions", use: exemptForm)
        router.post("testing/:id/close", use: closeCampaignForm)
        router.get("testing/:id/sample", use: samplePage)
        router.post("testing/:id/sample", use: sampleForm)
        router.get("inbox", use: inboxPage)
        router.post("inbox/:id/read", use: readNotificationForm)
    }

    /// Pages need a signed-in person; everyone else goes to the sign-in page and comes back.
    static func signInRedirect(_ request: Request) -> Response {
        let back = request.uri.description.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/grid"
        return Response(status: .seeOther, headers: [.location: "/signin?next=\(back)"])
    }
}
