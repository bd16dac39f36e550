import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// The case page's handling: the stage and the response deadline in words, the next step by form, the overdue mark on
/// the list, the school's response time on the list page.
@Suite("Case handling: pages")
struct CaseHandlingPageTests {
    typealias P = CheckInPagesTests

    @Test("The case page says when to answer by; a step by form moves the case and answers it; a wrong step is said in Chinese and changes nothing; the list marks an overdue case",
          arguments: TestEngine.available)
    func handlingThroughThePages(engine: TestEngine) async throws {
        let clock = FixedClock(CheckInsTests.morning)
        try await AppHarness.run(engine, clock: clock) { h in
            _ = try await h.importQuarantineCollege()
            let answered = try await CaseHandlingTests.feverCase(h, "2021000001")
            let late = try await CaseHandlingTests.feverCase(h, "2021000002")
            let (cookie, csrf) = try await P.signIn(h, "T001")
            let page = try await PagesTests.page(h, "/cases/\(answered)", cookie: cookie).text
            #expect(page.contains("待处置"))
            #expect(page.contains("请在 11月27日 09:00 前响应（还剩 30 分钟）") || page.contains("前响应（还剩 30 分钟）"), "\(page)")
            #expect(page.contains("转为医学观察") && page.contains("单间隔离"), "the two steps from open")
            #expect(!page.contains("排除风险"), "no step the chain does not allow from here")

            let wrong = try await P.post(h, "/cases/\(answered)/stage", cookie: cookie, form: "_csrf=\(csrf)&stage=cleared")
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("个案当前所处阶段不能转到所选阶段") && !wrong.text.contains("does not follow"))
            let none = try await P.post(h, "/cases/\(answered)/stage", cookie: cookie, form: "_csrf=\(csrf)")
            #expect(none.status == .unprocessableContent)
            #expect(try await CaseHandlingTests.detail(h, answered, token: try await h.tokenFor("T001")).case["stage"] as? String == "open")

            clock.advance(by: 300)
            let moved = try await P.post(h, "/cases/\(answered)/stage", cookie: cookie,
                                         form: "_csrf=\(csrf)&stage=isolated&note=%E5%8D%95%E9%97%B4%E8%A7%82%E5%AF%9F")
            #expect(moved.status == .seeOther)
            let after = try await PagesTests.page(h, "/cases/\(answered)", cookie: cookie).text
            #expect(after.contains("单间隔离") && after.contains("单间观察") && after.contains("已于"), "the step, its note and the first response")
            #expect(!after.contains("/quarantine?studentNo="), "a counsellor does not place students in quarantine")
            let (office, _) = try await P.signIn(h, "admin")
            let officeView = try await PagesTests.page(h, "/cases/\(answered)", cookie: office).text
            #expect(officeView.contains("/quarantine?studentNo=2021000001&amp;reason=symptoms"), "the office is offered the placement form")
            let form = try await PagesTests.page(h, "/quarantine?studentNo=2021000001&reason=symptoms", cookie: office).text
            #expect(form.contains(#"value="2021000001""#) && form.contains(#"value="symptoms" selected"#), "the form comes filled in")

            clock.advance(by: 40 * 60)
            _ = try await h.app.runDueJobs()
            let (cookie2, _) = try await P.signIn(h, "T001")
            let list = try await PagesTests.page(h, "/cases", cookie: cookie2).text
            #expect(list.contains("超时未响应"), "the unanswered case is marked")
            let latePage = try await PagesTests.page(h, "/cases/\(late)", cookie: cookie2).text
            #expect(latePage.contains("已超时") && latePage.contains("已上报学工处"), "信息工程学院 has no secretary: the leaders were told")
            #expect(latePage.contains("超时未响应，已上报") && latePage.contains("孙处长"), "the timeline names who was told")
        }
    }

    @Test("The response time: a leader changes it on the list page (0 is refused in words, nothing changes); a counsellor has no form and cannot post one",
          arguments: TestEngine.available)
    func responseTimeForm(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            let (leader, leaderCSRF) = try await P.signIn(h, "T006")
            #expect(try await PagesTests.page(h, "/cases", cookie: leader).text.contains(#"name="responseMinutes""#))
            let refused = try await P.post(h, "/case-policy", cookie: leader, form: "_csrf=\(leaderCSRF)&responseMinutes=0")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("首次响应时限应在 5 到 1440 分钟之间"))
            #expect(try await h.get("/api/v1/case-policy", token: admin).json()["responseMinutes"] as? Int == 30)
            #expect(try await P.post(h, "/case-policy", cookie: leader, form: "_csrf=\(leaderCSRF)&responseMinutes=20").status == .seeOther)
            #expect(try await h.get("/api/v1/case-policy", token: admin).json()["responseMinutes"] as? Int == 20)

            let (counsellor, csrf) = try await P.signIn(h, "T001")
            let page = try await PagesTests.page(h, "/cases", cookie: counsellor).text
            #expect(!page.contains(#"name="responseMinutes""#) && page.contains("首次响应时限"))
            #expect(try await P.post(h, "/case-policy", cookie: counsellor, form: "_csrf=\(csrf)&responseMinutes=60").status == .forbidden)
            #expect(try await h.get("/api/v1/case-policy", token: admin).json()["responseMinutes"] as? Int == 20)
        }
    }
}
