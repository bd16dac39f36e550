import App
import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// Issue 14's everyday stumbles on the student side: staying signed in on a phone, the first sign-in with an
/// activation code, and the check-in form's details.
@Suite("Pages: remember-me, the first sign-in, and the check-in form's details")
struct EverydayUseTests {
    static func sessionHeader(_ r: TestResponse) -> String? {
        r.headers[values: .setCookie].first { $0.hasPrefix("shouhu_session=") }
    }

    @Test("Ticking 30 天内保持登录 gives a student a 30-day cookie (Max-Age) and session: still signed in after 29 days, not after 31; without it the cookie is a session cookie")
    func rememberMe() async throws {
        let clock = FixedClock(CheckInsTests.morning)
        try await AppHarness.run(.sqlite, clock: clock) { h in
            try await h.importFixtureCollege()
            try await h.app.setPassword(username: "2021000002", password: "password-123")
            let plain = try await PagesTests.signInForm(h, "username=2021000002&password=password-123&next=%2F")
            #expect(plain.status == .seeOther)
            #expect(Self.sessionHeader(plain)?.contains("Max-Age") == false, "without the box: a session cookie")
            let kept = try await PagesTests.signInForm(h, "username=2021000002&password=password-123&remember=1&next=%2F")
            #expect(Self.sessionHeader(kept)?.contains("Max-Age=2592000") == true, "\(Self.sessionHeader(kept) ?? "no cookie")")
            let plainCookie = try #require(PagesTests.setCookie(plain, "shouhu_session"))
            let keptCookie = try #require(PagesTests.setCookie(kept, "shouhu_session"))
            clock.advance(by: 29 * 86_400)
            #expect(try await PagesTests.page(h, "/checkin", cookie: keptCookie).status == .ok, "remembered after 29 days")
            #expect(try await PagesTests.page(h, "/checkin", cookie: plainCookie).status == .seeOther, "a plain session has ended")
            clock.advance(by: 2 * 86_400)
            #expect(try await PagesTests.page(h, "/checkin", cookie: keptCookie).status == .seeOther, "not after 31 days")
        }
    }

    @Test("A remembered session ends by signing out, by a password change elsewhere, and by an administrator's reset; staff ticking the box keep a session cookie")
    func rememberMeRevocable() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            for user in ["2021000002", "T001"] { try await h.app.setPassword(username: user, password: "password-123") }
            func remembered() async throws -> String {
                let r = try await PagesTests.signInForm(h, "username=2021000002&password=password-123&remember=1&next=%2F")
                return try #require(PagesTests.setCookie(r, "shouhu_session"))
            }
            // Signing out.
            let first = try await remembered()
            let page = try await PagesTests.page(h, "/account", cookie: first)
            let csrf = try #require(PagesTests.csrf(in: page.text))
            _ = try await CheckInPagesTests.post(h, "/signout", cookie: first, form: "_csrf=\(csrf)")
            #expect(try await PagesTests.page(h, "/checkin", cookie: first).status == .seeOther, "signing out ends it")
            // A password change from another device.
            let phone = try await remembered()
            let laptop = try await remembered()
            let account = try await PagesTests.page(h, "/account", cookie: laptop)
            let changed = try await CheckInPagesTests.post(h, "/account/password", cookie: laptop,
                form: "_csrf=\(try #require(PagesTests.csrf(in: account.text)))&currentPassword=password-123&newPassword=Lake%26Pine2026&confirmPassword=Lake%26Pine2026")
            #expect(changed.status == .seeOther)
            #expect(try await PagesTests.page(h, "/checkin", cookie: phone).status == .seeOther, "a password change ends the others")
            // An administrator's reset.
            try await h.app.setPassword(username: "2021000002", password: "password-123")
            let third = try await remembered()
            _ = try await h.app.accounts.resetPassword(username: "2021000002", by: h.app.systemActor)
            #expect(try await PagesTests.page(h, "/checkin", cookie: third).status == .seeOther, "a reset ends it")
            // Staff: the box does not make a lasting cookie.
            let staff = try await PagesTests.signInForm(h, "username=T001&password=password-123&remember=1&next=%2F")
            #expect(staff.status == .seeOther)
            #expect(Self.sessionHeader(staff)?.contains("Max-Age") == false)
        }
    }

    @Test("The sign-in page explains the activation code, keeps the two-factor field folded away, and offers remember-me")
    func signInPage() async throws {
        try await AppHarness.run(.sqlite) { h in
            let page = try await PagesTests.page(h, "/signin", cookie: nil)
            #expect(page.text.contains("辅导员发给你的激活码"))
            #expect(page.text.contains(#"<details class="totp">"#), "the code field is behind 我有动态验证码, closed")
            #expect(page.text.contains("我有动态验证码"))
            #expect(page.text.contains(#"name="remember""#) && page.text.contains("30 天内保持登录"))
            let wrong = try await PagesTests.signInForm(h, "username=nobody&password=wrong-password")
            #expect(wrong.status == .unauthorized)
            #expect(!wrong.text.contains(#"<details class="totp" open>"#), "a wrong password does not ask for a code")
        }
        var week = TestApp.config()
        week.access.rememberedLifetime = 7 * 86400
        try await AppHarness.run(.sqlite, config: week) { h in
            let page = try await PagesTests.page(h, "/signin", cookie: nil)
            #expect(page.text.contains("7 天内保持登录") && !page.text.contains("30 天"), "the offer says the configured lifetime")
        }
    }

    @Test("After signing in with an activation code the password form asks no current password; the change is confirmed with a way home")
    func firstSignIn() async throws {
        try await AppHarness.run(.sqlite) { h in
            try await h.importFixtureCollege()
            let issued = try await h.post("/api/v1/accounts/activation-codes", token: try await h.tokenFor("T001"), body: #"{"class":"信息2101"}"#)
            let items = try issued.json()["items"] as? [[String: Any]] ?? []
            let code = try #require(items.first { $0["username"] as? String == "2021000002" }?["code"] as? String)
            let cookie = try await PagesTests.cookie(h, "2021000002", code.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            let account = try await PagesTests.page(h, "/account", cookie: cookie)
            #expect(account.text.contains("请先修改密码"))
            #expect(!account.text.contains(#"name="currentPassword""#), "the code was just given")
            let csrf = try #require(PagesTests.csrf(in: account.text))
            let changed = try await CheckInPagesTests.post(h, "/account/password", cookie: cookie,
                                                           form: "_csrf=\(csrf)&newPassword=Lake%26Pine2026&confirmPassword=Lake%26Pine2026")
            #expect(changed.status == .seeOther)
            let location = try #require(changed.headers[.location])
            let confirmed = try await PagesTests.page(h, location, cookie: cookie)
            #expect(confirmed.text.contains("密码已修改"))
            #expect(confirmed.text.contains(#"<a href="/checkin">返回首页</a>"#))
            // Once chosen, a later change asks for the current password again.
            let later = try await PagesTests.page(h, "/account", cookie: cookie)
            #expect(later.text.contains(#"name="currentPassword""#))
        }
    }

    @Test("修改今日打卡 shows today's answers; full-width ３６．５ is accepted as 36.5; the hint and the button say the same words")
    func checkInDetails() async throws {
        let clock = FixedClock(CheckInsTests.morning)
        try await AppHarness.run(.sqlite, clock: clock) { h in
            try await h.importFixtureCollege()
            let (cookie, csrf) = try await CheckInPagesTests.signIn(h, "2021000002")
            let fullWidth = "３６．５".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let first = try await CheckInPagesTests.post(h, "/checkin", cookie: cookie,
                                                         form: "_csrf=\(csrf)&temperature=\(fullWidth)&onCampus=yes&healthCode=green&riskContact=no")
            #expect(first.status == .seeOther, "full-width digits and point are accepted")
            let mixed = "３６.８".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let second = try await CheckInPagesTests.post(h, "/checkin", cookie: cookie,
                form: "_csrf=\(csrf)&temperature=\(mixed)&onCampus=no&city=%E6%9D%AD%E5%B7%9E&healthCode=green&riskContact=no&remark=%E5%97%93%E5%AD%90%E5%B9%B2")
            #expect(second.status == .seeOther)
            let done = try await PagesTests.page(h, "/checkin", cookie: cookie)
            #expect(done.text.contains("36.8℃ · 杭州 · 绿码"))
            #expect(done.text.contains(#"id="temperature" name="temperature" inputmode="decimal" autocomplete="off" placeholder="36.5" value="36.8""#), "today's temperature")
            #expect(done.text.contains(#"value="杭州""#) && done.text.contains(#"value="嗓子干""#), "today's city and remark")
            #expect(done.text.contains(#"value="no" checked"#), "today's off-campus answer")
            clock.advance(by: 86_400)
            let (fresh, _) = try await CheckInPagesTests.signIn(h, "2021000002")
            let next = try await PagesTests.page(h, "/checkin", cookie: fresh)
            #expect(next.text.contains("与上次相同：") && next.text.contains("与上次相同，一键提交"))
        }
    }

    @Test("After an error the page starts with a summary linking to the field, and the field is marked invalid")
    func errorSummary() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let (cookie, csrf) = try await CheckInPagesTests.signIn(h, "2021000002")
            let bad = try await CheckInPagesTests.post(h, "/checkin", cookie: cookie,
                                                       form: "_csrf=\(csrf)&temperature=3x.5&onCampus=no&city=&healthCode=green&riskContact=no")
            #expect(bad.status == .unprocessableContent)
            let summary = try #require(bad.text.range(of: #"class="error-summary""#))
            let form = try #require(bad.text.range(of: #"id="checkin-form""#))
            #expect(summary.lowerBound < form.lowerBound, "the summary comes before the form")
            #expect(bad.text.contains(##"<a href="#temperature">请填写 34.0 到 43.0 之间的体温"##))
            #expect(bad.text.contains(#"value="3x.5" required aria-invalid="true""#))
            let noCity = try await CheckInPagesTests.post(h, "/checkin", cookie: cookie,
                                                          form: "_csrf=\(csrf)&temperature=36.6&onCampus=no&city=&healthCode=green&riskContact=no")
            #expect(noCity.text.contains(##"<a href="#city">不在校时请填写所在城市"##))
            #expect(noCity.text.contains(#"autocomplete="address-level2" aria-invalid="true""#))
        }
    }
}
