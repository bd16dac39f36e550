import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// The sick-leave pages: the student's phone form, the counsellor's list with the ones waiting for today's follow-up
/// first, and one sick leave's page with its forms — all in Chinese, and out of scope as missing.
@Suite("Sick leave pages")
struct SickLeavePageTests {
    typealias P = CheckInPagesTests

    @Test("A student asks on the phone page (errors in Chinese next to their fields, typed values kept); the counsellor's list names the student first and highlighted; the close form refuses without a cause in Chinese; another counsellor gets 404",
          arguments: TestEngine.available)
    func pages(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            _ = try await h.importQuarantineCollege()
            let (student, studentCSRF) = try await P.signIn(h, "2021000002")
            let form = try await PagesTests.page(h, "/sick-leave", cookie: student)
            #expect(form.status == .ok)
            #expect(form.text.contains("我要请病假") && form.text.contains(#"action="/sick-leave""#))

            let bad = try await P.post(h, "/sick-leave", cookie: student,
                                       form: "_csrf=\(studentCSRF)&symptoms=&onset=2026-11-26&from=2026-11-28&to=&clinicVisited=yes")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("请描述症状"), "the symptoms error, in Chinese")
            #expect(bad.text.contains("请假开始日期不能晚于今天"), "the from error, in Chinese")
            #expect(!bad.text.contains("describe the symptoms") && !bad.text.contains("cannot lie after today"), "no English tail on a Chinese page")
            #expect(bad.text.contains(#"value="2026-11-28""#), "what was typed is kept")
            #expect(try await h.sickLeaveIds(token: try await h.adminToken()).isEmpty, "nothing stored")

            let good = try await P.post(h, "/sick-leave", cookie: student,
                                        form: "_csrf=\(studentCSRF)&symptoms=%E5%8F%91%E7%83%AD&onset=2026-11-26&from=2026-11-27&to=&clinicVisited=yes")
            #expect(good.status == .seeOther)
            let id = try #require(try await h.sickLeaveIds(token: try await h.adminToken()).first)
            #expect(try await PagesTests.page(h, "/sick-leave", cookie: student).text.contains("发热"), "the student's list shows it")

            let (counsellor, csrf) = try await P.signIn(h, "T001")
            let list = try await PagesTests.page(h, "/sick-leaves", cookie: counsellor)
            #expect(list.status == .ok)
            #expect(list.text.contains("病假追踪") && list.text.contains("甲二"))
            #expect(list.text.contains(#"<tr class="needs">"#) && list.text.contains("今日尚未随访"), "not followed up today: highlighted")

            let noCause = try await P.post(h, "/sick-leaves/\(id)/close", cookie: counsellor, form: "_csrf=\(csrf)&cause=&cleared=yes")
            #expect(noCause.status == .unprocessableContent)
            #expect(noCause.text.contains("病因不明不能结束病假"))
            #expect(!noCause.text.contains("cannot close"), "no English tail on a Chinese page")

            let noted = try await P.post(h, "/sick-leaves/\(id)/follow-ups", cookie: counsellor, form: "_csrf=\(csrf)&note=%E5%B7%B2%E9%80%80%E7%83%A7")
            #expect(noted.status == .seeOther)
            let page = try await PagesTests.page(h, "/sick-leaves/\(id)", cookie: counsellor)
            #expect(page.text.contains(#"已退烧 <span class="muted">· 王老师</span>"#), "the follow-up and who wrote it, by name")
            let after = try await PagesTests.page(h, "/sick-leaves", cookie: counsellor)
            #expect(!after.text.contains(#"<tr class="needs">"#) && after.text.contains("今日已随访"))

            let (other, otherCSRF) = try await P.signIn(h, "T002")
            #expect(try await PagesTests.page(h, "/sick-leaves/\(id)", cookie: other).status == .notFound)
            #expect(try await P.post(h, "/sick-leaves/\(id)/close", cookie: other, form: "_csrf=\(otherCSRF)&cause=x&cleared=yes").status == .notFound)
            #expect(try await PagesTests.page(h, "/sick-leaves", cookie: other).text.contains("甲二") == false)
            let (classmate, _) = try await P.signIn(h, "2021000001")
            #expect(try await PagesTests.page(h, "/sick-leaves/\(id)", cookie: classmate).status == .notFound)
        }
    }
}
