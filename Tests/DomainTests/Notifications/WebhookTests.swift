import CampusKit
import Foundation
import Notifications
import Testing

@Suite("Webhooks and wording: group posts once per event and group, robot bodies within their limits, answers read right")
struct WebhookTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_132_800)

    static func alert(to recipient: String, post: GroupPost?, kind: InboxMessage.Kind = .caseAlert) -> InboxMessage {
        InboxMessage(id: UUID().uuidString, recipient: recipient, kind: kind, subject: "新异常个案：甲二（2021000002）", body: "体温 38.6℃",
                     link: "/cases/c1", createdAt: t0, wording: Wording("case_opened", ["name": "甲二", "studentNo": "2021000002", "summary": "体温 38.6℃"]),
                     group: post)
    }

    static let building = WebhookTarget(id: "b1", name: "1号楼群", url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET", format: .wecom, unit: "1号楼")
    static let other = WebhookTarget(id: "b2", name: "2号楼群", url: "https://oapi.dingtalk.com/robot/send?access_token=T", format: .dingtalk, unit: "2号楼")
    static let school = WebhookTarget(id: "all", name: "学工处", url: "http://10.0.0.5/hook", format: .json, kinds: [.caseAlert, .reportOverdue])

    @Test("One event told to the counsellor and the building leader is posted once to its building's group and the school's, not to another building's")
    func oncePerEventAndGroup() {
        let post = GroupPost(key: "case-c1-1", units: ["1号楼", "信息工程学院"])
        let deliveries = OutboxRouting.webhooks([Self.alert(to: "T001", post: post), Self.alert(to: "T003", post: post)],
                                                targets: [Self.building, Self.other, Self.school])
        #expect(deliveries.map(\.recipient).sorted() == ["webhook:all", "webhook:b1"])
        #expect(deliveries.allSatisfy { $0.messageID == "case-c1-1" && $0.channel == .webhook })
        #expect(deliveries.first { $0.recipient == "webhook:b1" }?.format == .wecom)
        // A message without a group post (a personal one) goes to no group; a kind a group does not hear neither.
        #expect(OutboxRouting.webhooks([Self.alert(to: "T001", post: nil)], targets: [Self.building]).isEmpty)
        #expect(OutboxRouting.webhooks([Self.alert(to: "T001", post: post, kind: .leaveRequest)], targets: [Self.building]).isEmpty)
    }

    @Test("A template is filled from the message's values in the reader's language; an unknown key or no wording keeps the stored text")
    func wording() {
        let w = Wording("case_opened", ["name": "甲二", "studentNo": "2021000002"])
        #expect(w.fill("New case: {name} ({studentNo}) {missing}") == "New case: 甲二 (2021000002) {missing}")
        #expect(Wording(json: w.json) == w)
        let english = ["notice_case_opened_subject": "New case: {name}"]
        #expect(Worded.of(subject: "中文", body: "正文", wording: w, lookup: { english[$0] }) == Worded(subject: "New case: 甲二", body: "正文"))
        #expect(Worded.of(subject: "中文", body: "正文", wording: Wording("nope"), lookup: { english[$0] }).subject == "中文")
        #expect(Worded.of(subject: "中文", body: "正文", wording: nil, lookup: { english[$0] }).subject == "中文")
    }

    @Test("A text over a robot's limit is cut at a character boundary, fits in the limit and keeps the link; a short one is whole")
    func robotLimits() throws {
        let d = Delivery(id: "d1", messageID: "m1", channel: .webhook, recipient: "webhook:b1", address: "http://x", kind: .checkinEscalation,
                         subject: "已过打卡截止时间，仍有 900 人未打卡", body: "", link: "/dashboard", createdAt: Self.t0)
        let long = Worded(subject: d.subject, body: String(repeating: "张三丰（1号楼 101）、", count: 400))
        for format in [WebhookFormat.wecom, .dingtalk] {
            let json = try #require(try JSONSerialization.jsonObject(with: format.payload(d, words: long, link: "https://s.edu/dashboard", more: "……（全文请在守护中查看）")) as? [String: Any])
            #expect(json["msgtype"] as? String == "text")
            let content = try #require((json["text"] as? [String: Any])?["content"] as? String)
            #expect(content.utf8.count <= format.limit, "\(format): \(content.utf8.count) bytes")
            #expect(content.utf8.count > format.limit - 40, "as much as fits is kept")
            #expect(content.hasSuffix("……（全文请在守护中查看）\nhttps://s.edu/dashboard"))
            #expect(content.hasPrefix("【已过打卡截止时间"))
        }
        let short = Worded(subject: "新异常个案", body: "体温 38.6℃")
        let json = try #require(try JSONSerialization.jsonObject(with: WebhookFormat.wecom.payload(d, words: short, link: nil, more: "…")) as? [String: Any])
        #expect((json["text"] as? [String: Any])?["content"] as? String == "【新异常个案】\n体温 38.6℃")
        let plain = try #require(try JSONSerialization.jsonObject(with: WebhookFormat.json.payload(d, words: short, link: "/x", more: "…")) as? [String: Any])
        #expect(plain["id"] as? String == "m1" && plain["kind"] as? String == "checkin_escalation" && plain["subject"] as? String == "新异常个案")
    }

    @Test("Answers: 2xx delivered unless a robot's errcode says otherwise; 5xx, 429 and rate limits are retried; other answers are final")
    func answers() {
        let ok = Data(#"{"errcode":0,"errmsg":"ok"}"#.utf8)
        #expect(WebhookFormat.wecom.outcome(status: 200, body: ok) == .delivered(receipt: "HTTP 200 errcode 0"))
        #expect(WebhookFormat.json.outcome(status: 204, body: Data()) == .delivered(receipt: "HTTP 204"))
        guard case .transient = WebhookFormat.json.outcome(status: 500, body: Data()) else { Issue.record("500 is retried"); return }
        guard case .transient = WebhookFormat.json.outcome(status: 429, body: Data()) else { Issue.record("429 is retried"); return }
        guard case .permanent = WebhookFormat.json.outcome(status: 404, body: Data()) else { Issue.record("404 is final"); return }
        guard case .transient = WebhookFormat.wecom.outcome(status: 200, body: Data(#"{"errcode":45009,"errmsg":"api freq out of limit"}"#.utf8)) else {
            Issue.record("a robot's rate limit is retried"); return
        }
        guard case .permanent = WebhookFormat.dingtalk.outcome(status: 200, body: Data(#"{"errcode":300001,"errmsg":"token is not exist"}"#.utf8)) else {
            Issue.record("a wrong robot key is final"); return
        }
    }

    @Test("A target needs a name, an http(s) URL without credentials, a language and a kind; its URL is shown by host only")
    func validation() throws {
        let bad = WebhookTarget(id: "", name: " ", url: "ftp://user:pw@x/y", format: .json, kinds: [], language: "fr")
        do {
            _ = try bad.validated()
            Issue.record("accepted")
        } catch {
            #expect(Set(error.fieldErrors.map(\.field)) == ["name", "url", "language", "kinds"])
        }
        #expect(!WebhookTarget(id: "", name: "n", url: "https://user:pw@host/x", format: .json).isValidURL)
        #expect(try Self.building.validated().unit == "1号楼")
        #expect(WebhookTarget.shown(Self.building.url) == "https://qyapi.weixin.qq.com/…")
    }
}
