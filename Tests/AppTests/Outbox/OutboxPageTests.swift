import App
import CampusKit
import Foundation
import HummingbirdTesting
import Notifications
import ShouhuTestSupport
import Storage
import Testing

/// The administrator's 通知发送 page, and messages in the reader's language.
@Suite("Pages: the outbox's group robots and dead letters; messages in the reader's language")
struct OutboxPageTests {
    typealias P = CheckInPagesTests

    @Test("The administrator adds a building's robot (its key never shown again), a bad one is refused by field with nothing stored, removes it; a counsellor can neither read nor change the page",
          arguments: TestEngine.available)
    func robots(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let (admin, csrf) = try await P.signIn(h, "admin")
            let empty = try await PagesTests.page(h, "/admin/outbox", cookie: admin)
            #expect(empty.status == .ok && empty.text.contains("群机器人"))
            #expect(empty.text.contains("楼栋 1号楼") && empty.text.contains("学院 信息工程学院"), "units to choose by name")

            let bad = try await P.post(h, "/admin/outbox/webhooks", cookie: admin, form: "_csrf=\(csrf)&name=&url=ftp%3A%2F%2Fx&format=wecom&unit=1%E5%8F%B7%E6%A5%BC&kinds%5B%5D=case_alert")
            #expect(bad.status == .unprocessableContent && bad.text.contains("请填写名称") && bad.text.contains("http:// 或 https://"))
            #expect(try await h.app.outboxAdmin.webhooks(by: OutboxWebhookTests.admin(h)).isEmpty, "nothing stored")

            let url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET-KEY-123"
            let added = try await P.post(h, "/admin/outbox/webhooks", cookie: admin,
                                         form: "_csrf=\(csrf)&name=1%E5%8F%B7%E6%A5%BC%E7%BE%A4&url=\(url.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&format=wecom&unit=1%E5%8F%B7%E6%A5%BC&kinds%5B%5D=case_alert&kinds%5B%5D=access_alert&language=zh-CN")
            #expect(added.status == .seeOther && added.headers[.location] == "/admin/outbox?done=added")
            let listed = try await PagesTests.page(h, "/admin/outbox?done=added", cookie: admin)
            #expect(listed.text.contains("1号楼群") && listed.text.contains("企业微信群机器人") && listed.text.contains("https://qyapi.weixin.qq.com/…"))
            #expect(!listed.text.contains("SECRET-KEY-123"), "the robot's key is not shown")
            let target = try #require(try await h.app.outboxAdmin.webhooks(by: OutboxWebhookTests.admin(h)).first)
            #expect(target.unit == "1号楼" && target.kinds == [.caseAlert, .accessAlert] && target.url == url)

            let (counsellor, counsellorCSRF) = try await P.signIn(h, "T001")
            #expect(try await PagesTests.page(h, "/admin/outbox", cookie: counsellor).status == .forbidden)
            let sneaked = try await P.post(h, "/admin/outbox/webhooks", cookie: counsellor, form: "_csrf=\(counsellorCSRF)&name=x&url=https%3A%2F%2Fevil.example%2F&format=json")
            #expect(sneaked.status == .forbidden)
            #expect(try await P.post(h, "/admin/outbox/webhooks/\(target.id)/remove", cookie: counsellor, form: "_csrf=\(counsellorCSRF)").status == .forbidden)
            #expect(try await h.app.outboxAdmin.webhooks(by: OutboxWebhookTests.admin(h)).count == 1, "nothing changed by the counsellor")

            #expect(try await P.post(h, "/admin/outbox/webhooks/\(target.id)/remove", cookie: admin, form: "_csrf=\(csrf)").status == .seeOther)
            #expect(try await h.app.outboxAdmin.webhooks(by: OutboxWebhookTests.admin(h)).isEmpty)
            #expect(try await P.post(h, "/admin/outbox/webhooks/\(target.id)/remove", cookie: admin, form: "_csrf=\(csrf)").status == .notFound)
        }
    }

    @Test("A student's own inbox reads in English on the English page and in Chinese on the Chinese one, from the same stored message; e-mail settings keep the chosen language",
          arguments: TestEngine.available)
    func language(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            try await OutboxMailTests.abnormal(h, "2021000002")
            let (student, csrf) = try await P.signIn(h, "2021000002")
            let chinese = try await PagesTests.page(h, "/inbox", cookie: student)
            #expect(chinese.text.contains("你的异常打卡已送达辅导员"))
            let english = try await PagesTests.page(h, "/inbox?lang=en", cookie: student)
            #expect(english.text.contains("Your counsellor has your abnormal check-in") && !english.text.contains("你的异常打卡已送达辅导员"))

            let saved = try await P.post(h, "/account/notifications", cookie: student, form: "_csrf=\(csrf)&email=s%40example.edu&language=en")
            #expect(saved.status == .seeOther)
            let me = Actor(school: h.app.school, accountID: "2021000002", username: "2021000002", displayName: "甲二", kind: .student, roles: [], scope: .nothing)
            #expect(try await h.app.notifications.settings(of: me).language == "en")
            let refused = try await P.post(h, "/account/notifications", cookie: student, form: "_csrf=\(csrf)&email=s%40example.edu&language=fr")
            #expect(refused.status == .unprocessableContent)
            #expect(try await h.app.notifications.settings(of: me).language == "en", "nothing changed")
        }
    }
}
