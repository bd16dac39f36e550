import App
import CampusKit
import Foundation
import HummingbirdTesting
import Notifications
import ShouhuTestSupport
import Storage
import Testing

/// Where notifications go, set by each person on their account page.
@Suite("Pages: one's own notification settings")
struct NotificationSettingsPageTests {
    typealias P = CheckInPagesTests

    @Test("A counsellor gives an address, switches leave requests off and sets quiet hours; a bad address or half quiet hours is refused by field and changes nothing; urgent kinds cannot be switched off; an abnormal check-in is then queued for her e-mail",
          arguments: TestEngine.available)
    func settings(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let (cookie, csrf) = try await P.signIn(h, "T001")
            let page = try await PagesTests.page(h, "/account", cookie: cookie)
            #expect(page.text.contains(#"action="/account/notifications""#) && page.text.contains("以下通知不发邮件"))
            #expect(!page.text.contains(#"value="case_alert""#), "urgent kinds are not offered to switch off")

            let saved = try await P.post(h, "/account/notifications", cookie: cookie,
                                         form: "_csrf=\(csrf)&email=t001%40example.edu&off%5B%5D=leave_request&off%5B%5D=case_alert&quietFrom=22:00&quietTo=07:00")
            #expect(saved.status == .seeOther && saved.headers[.location] == "/account?notify=saved#notify")
            let after = try await PagesTests.page(h, "/account?notify=saved", cookie: cookie)
            #expect(after.text.contains("通知方式已保存") && after.text.contains(#"value="t001@example.edu""#) && after.text.contains(#"value="22:00""#))
            #expect(after.text.contains(#"value="leave_request" checked"#))
            let actor = Actor(school: h.app.school, accountID: "T001", username: "T001", displayName: "王老师", kind: .staff, roles: [.counsellor], scope: .nothing)
            #expect(try await h.app.notifications.settings(of: actor).emailOff == [.leaveRequest], "case_alert is urgent and stays on")

            for (form, field) in [("email=not-an-address", "邮箱"), ("email=t001%40example.edu&quietFrom=22:00", "免打扰")] {
                let bad = try await P.post(h, "/account/notifications", cookie: cookie, form: "_csrf=\(csrf)&\(form)")
                #expect(bad.status == .unprocessableContent)
                #expect(bad.text.contains(field) && bad.text.contains(#"role="alert""#), "\(form)")
            }
            #expect(try await h.app.notifications.settings(of: actor).quietFrom == 22 * 60, "nothing changed")
            #expect(try await P.post(h, "/account/notifications", cookie: cookie, form: "email=x%40y.z").status == .forbidden, "no CSRF token, no change")
            let wide = "_csrf=\(csrf)&email=t001%40example.edu&quietFrom=%EF%BC%92%EF%BC%93%EF%BC%9A%EF%BC%90%EF%BC%90&quietTo=06:30"   // ２３：００
            #expect(try await P.post(h, "/account/notifications", cookie: cookie, form: wide).status == .seeOther)
            #expect(try await h.app.notifications.settings(of: actor).quietFrom == 23 * 60, "full-width digits read as half-width")

            let student = try await h.tokenFor("2021000002")
            _ = try await h.post("/api/v1/checkins", token: student, body: CheckInsTests.body("2021000002", temperature: "38.6"))
            let queued = try await SQLNotificationStore(database: h.app.database).deliveries(school: h.app.school, status: .pending, limit: 10)
            #expect(queued.map(\.address) == ["t001@example.edu"] && queued.first?.kind == .caseAlert)
        }
    }
}
