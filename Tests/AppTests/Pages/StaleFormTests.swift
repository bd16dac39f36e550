import CampusKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import ShouhuTestSupport
import Testing
@testable import Web

/// A form sent with an earlier session's token is shown again with its answers, never lost and never answered JSON.
@Suite("Stale forms and messages in one language")
struct StaleFormTests {
    typealias P = CheckInPagesTests

    static func post(_ h: AppHarness, _ uri: String, cookie: String, form: String, origin: String?) async throws -> TestResponse {
        var headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
        if let origin {
            headers[.origin] = origin
            headers[.referer] = origin + "/leave"
        }
        return try await h.client.execute(uri: uri, method: .post, headers: headers, body: .init(string: form))
    }

    @Test("A leave asked on a page from before signing in again is shown again with every answer; sending it once more asks the leave; from another site it is only refused",
          arguments: TestEngine.available)
    func staleFormKeepsAnswers(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let (oldCookie, oldToken) = try await P.signIn(h, "2021000002")
            // The same student signs in again in another tab: the old page's token belongs to the old session.
            let newCookie = try await PagesTests.cookie(h, "2021000002", "password-123")
            #expect(newCookie != oldCookie)
            let answers = "from=2026-11-28T09%3A00&to=2026-11-28T18%3A00&reason=%E5%8E%BB%E5%8C%BB%E9%99%A2+%E5%A4%8D%E8%AF%8A&destination=%E5%B8%82%E7%AC%AC%E4%B8%80%E5%8C%BB%E9%99%A2"
            let stale = try await Self.post(h, "/leave", cookie: newCookie, form: "_csrf=\(oldToken)&" + answers, origin: "http://localhost")
            #expect(stale.status == .forbidden)
            #expect(stale.headers[.contentType]?.hasPrefix("text/html") == true)
            let zh = try StringCatalogTests.catalog("zh-CN")
            #expect(stale.text.contains(zh["stale_title"]!) && stale.text.contains(zh["stale_resend"]!))
            for kept in [#"name="reason" value="去医院 复诊""#, #"name="destination" value="市第一医院""#, #"name="from" value="2026-11-28T09:00""#] {
                #expect(stale.text.contains(kept), "the answer \(kept) is kept")
            }
            #expect(!stale.text.contains(oldToken), "the old token is not sent again")
            let leaves = try await h.app.leaves.leaves(.init(), page: .init(), by: h.app.systemActor)
            #expect(leaves.items.isEmpty, "nothing was done with the stale form")

            let fresh = try #require(PagesTests.csrf(in: stale.text))
            let again = try await Self.post(h, "/leave", cookie: newCookie, form: "_csrf=\(fresh)&" + answers, origin: "http://localhost")
            #expect(again.status == .seeOther)
            let asked = try await h.app.leaves.leaves(.init(), page: .init(), by: h.app.systemActor).items
            #expect(asked.count == 1 && asked.first?.reason == "去医院 复诊")

            let foreign = try await Self.post(h, "/leave", cookie: newCookie, form: "_csrf=\(oldToken)&" + answers, origin: "https://evil.example.com")
            #expect(foreign.status == .forbidden)
            #expect(!foreign.text.contains("去医院") && !foreign.text.contains(zh["stale_resend"]!), "another site's form is not offered again")
            let otherPort = try await Self.post(h, "/leave", cookie: newCookie, form: "_csrf=\(oldToken)&" + answers, origin: "http://localhost:9999")
            #expect(!otherPort.text.contains(zh["stale_resend"]!), "another port is another site")
            let none = try await Self.post(h, "/leave", cookie: newCookie, form: "_csrf=\(oldToken)&" + answers, origin: nil)
            #expect(!none.text.contains(zh["stale_resend"]!), "without Origin or Referer nothing is offered again")
            #expect(try await h.app.leaves.leaves(.init(), page: .init(), by: h.app.systemActor).items.count == 1)
        }
    }

    @Test("A domain's sentence shows only the reader's half: no English tail on a Chinese page, no Chinese on an English one")
    func oneLanguage() {
        #expect(Language.zhCN.pick("结束时间应晚于开始时间 (must be after from)") == "结束时间应晚于开始时间")
        #expect(Language.en.pick("结束时间应晚于开始时间 (must be after from)") == "Must be after from")
        #expect(Language.zhCN.pick("这条请假已处理（approved）(already decided)") == "这条请假已处理（approved）")
        #expect(Language.zhCN.pick("查寝时间应为 HH:MM (curfew must be HH:MM (24 h))") == "查寝时间应为 HH:MM")
        #expect(Language.zhCN.pick("没有英文的句子") == "没有英文的句子")
        #expect(Language.en.pick("Only English (really)") == "Only English (really)", "a sentence with no Chinese half is kept whole")
    }

    @Test("A browser asking for an address nobody serves gets the HTML page in its language; the API and other clients keep problem+json")
    func unknownAddress() async throws {
        try await AppHarness.run(.sqlite) { h in
            let zh = try StringCatalogTests.catalog("zh-CN")
            let browser = try await h.client.execute(uri: "/no-such-page", method: .get, headers: [.accept: "text/html,application/xhtml+xml"], body: nil)
            #expect(browser.status == .notFound && browser.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(browser.text.contains(zh["error_notFound"]!))
            let api = try await h.client.execute(uri: "/api/v1/no-such-thing", method: .get, headers: [.accept: "text/html"], body: nil)
            #expect(api.status == .notFound && api.headers[.contentType] == "application/problem+json")
            let script = try await h.client.execute(uri: "/no-such-page", method: .get, headers: [:], body: nil)
            #expect(script.headers[.contentType] == "application/problem+json")
        }
    }
}
