import CampusKit
import Foundation

/// A group chat or system that hears of a unit's events by webhook (CONTRACT.md, Notifications): a WeCom or DingTalk
/// group robot, or any receiver of plain JSON. A target listens to the whole school or to one unit (a building or a
/// college, by its roster key) and to the kinds it names; it reads in its language.
public struct WebhookTarget: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Where the POST goes. For robots the URL carries the robot's key: shown only as its host.
    public var url: String
    public var format: WebhookFormat
    /// The unit whose events it hears (a building or college key); nil for the whole school.
    public var unit: String?
    public var kinds: Set<InboxMessage.Kind>
    /// `zh-CN` or `en`.
    public var language: String

    public init(id: String, name: String, url: String, format: WebhookFormat, unit: String? = nil,
                kinds: Set<InboxMessage.Kind> = WebhookTarget.defaultKinds, language: String = "zh-CN") {
        self.id = id
        self.name = name
        self.url = url
        self.format = format
        self.unit = unit
        self.kinds = kinds
        self.language = language
    }

    /// What a group hears unless told otherwise: the urgent kinds.
    public static let defaultKinds: Set<InboxMessage.Kind> = Set(InboxMessage.Kind.allCases.filter(\.isUrgent))

    /// The recipient a target's deliveries are recorded under.
    public var recipient: String { "webhook:\(id)" }

    /// The URL as it may be shown: scheme and host only (a robot's URL holds its secret key).
    public static func shown(_ url: String) -> String {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, let host = parts.host else { return "…" }
        return "\(scheme)://\(host)\(parts.port.map { ":\($0)" } ?? "")/…"
    }

    /// The target as kept: a name, an http(s) URL with a host and no user or password, a known language, at least
    /// one kind; `.invalid` naming each field otherwise.
    public func validated() throws(DomainError) -> WebhookTarget {
        var valid = self
        valid.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        valid.url = url.trimmingCharacters(in: .whitespacesAndNewlines)
        valid.unit = unit.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
        var errors: [FieldError] = []
        if valid.name.isEmpty || valid.name.count > 60 {
            errors.append(FieldError(field: "name", message: "请填写名称（最多 60 字） (a name of at most 60 characters is required)"))
        }
        if !Self.isURL(valid.url) {
            errors.append(FieldError(field: "url", message: "地址应为 http:// 或 https:// 开头的完整网址 (an http or https URL is required)"))
        }
        if !["zh-CN", "en"].contains(valid.language) {
            errors.append(FieldError(field: "language", message: "语言应为中文或英文 (the language is zh-CN or en)"))
        }
        if valid.kinds.isEmpty {
            errors.append(FieldError(field: "kinds", message: "请至少选择一类通知 (choose at least one kind)"))
        }
        if !errors.isEmpty { throw DomainError(.invalid, "群机器人设置有误 (the webhook is not valid)", fieldErrors: errors) }
        return valid
    }

    public var isValidURL: Bool { Self.isURL(url) }

    static func isURL(_ text: String) -> Bool {
        guard text.count <= 1000, !text.contains(where: { $0.isWhitespace }), let parts = URLComponents(string: text),
              let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parts.host, !host.isEmpty, parts.user == nil, parts.password == nil else { return false }
        return true
    }
}

/// The body a receiver accepts, and how its answer reads.
public enum WebhookFormat: String, Sendable, Codable, CaseIterable {
    /// Shouhu's own JSON: `{"id", "kind", "subject", "body", "link", "createdAt"}`.
    case json
    /// A WeCom (企业微信) group robot: `{"msgtype":"text","text":{"content":…}}`, content at most 2,048 bytes.
    case wecom
    /// A DingTalk (钉钉) group robot: the same shape; content kept within 5,000 bytes.
    case dingtalk

    /// The most UTF-8 bytes the receiver takes in the message's text.
    public var limit: Int {
        switch self {
        case .json: 60_000
        case .wecom: 2_048
        case .dingtalk: 5_000
        }
    }

    /// The POST body for a delivery worded as `words`, with `link` (absolute when the server knows its address).
    /// A text over the receiver's limit is cut at a character boundary and ends with a pointer to the full message,
    /// so nothing is refused for its length and the link survives.
    public func payload(_ d: Delivery, words: Worded, link: String?, more: String) -> Data {
        let text = Self.text(subject: words.subject, body: words.body, link: link, more: more, limit: limit)
        let object: [String: Any] = switch self {
        case .json:
            ["id": d.messageID, "kind": d.kind.rawValue, "subject": words.subject, "body": text.body, "link": link ?? NSNull(),
             "createdAt": ISO8601DateFormatter().string(from: d.createdAt)]
        case .wecom, .dingtalk:
            ["msgtype": "text", "text": ["content": text.whole]]
        }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    /// The text of a post: subject, body, link — the body shortened with `more` when the whole would pass `limit` bytes.
    static func text(subject: String, body: String, link: String?, more: String, limit: Int) -> (whole: String, body: String) {
        let tail = link.map { "\n\($0)" } ?? ""
        func whole(_ b: String) -> String { "【\(subject)】\n\(b)\(tail)" }
        if whole(body).utf8.count <= limit { return (whole(body), body) }
        let room = limit - whole("").utf8.count - more.utf8.count
        var cut = ""
        var used = 0
        for ch in body {
            let n = String(ch).utf8.count
            if used + n > room { break }
            cut.append(ch)
            used += n
        }
        let shortened = cut + more
        return (whole(shortened), shortened)
    }

    /// What the receiver's answer means: 2xx is delivered unless a robot's `errcode` says otherwise (robots answer
    /// 200 with an error code); 408, 429 and 5xx, and a robot's rate limit, are worth trying again; any other answer
    /// will not change.
    public func outcome(status: Int, body: Data) -> DeliveryOutcome {
        let snippet = String(decoding: body.prefix(200), as: UTF8.self)
        guard (200..<300).contains(status) else {
            let why = "HTTP \(status) \(snippet)"
            return status == 408 || status == 429 || status >= 500 ? .transient(why) : .permanent(why)
        }
        guard self != .json else { return .delivered(receipt: "HTTP \(status)") }
        let answer = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        guard let code = (answer?["errcode"] as? NSNumber)?.intValue else { return .delivered(receipt: "HTTP \(status)") }
        if code == 0 { return .delivered(receipt: "HTTP \(status) errcode 0") }
        let why = "errcode \(code) \(answer?["errmsg"] as? String ?? "")"
        // WeCom 45009 and DingTalk 130101 / 410100: sent too fast; -1: the robot's server is busy.
        return [45009, 130101, 410100, -1].contains(code) ? .transient(why) : .permanent(why)
    }
}

/// One post to the groups that hear of an event, whichever people's messages it also made: a message carrying a
/// group post names the units it concerns; every message of one event carries the same `key`, so each group hears
/// of the event once.
public struct GroupPost: Sendable, Equatable, Codable {
    public var key: String
    /// The units the event concerns (a student's building and college).
    public var units: [String]

    public init(key: String, units: [String]) {
        self.key = key
        self.units = units
    }
}

extension OutboxRouting {
    /// One webhook delivery per event and target: for each group post, each target of the whole school or of one of
    /// its units that hears the message's kind.
    public static func webhooks(_ messages: [InboxMessage], targets: [WebhookTarget]) -> [Delivery] {
        guard !targets.isEmpty else { return [] }
        var seen = Set<String>()
        var out: [Delivery] = []
        for m in messages {
            guard let post = m.group else { continue }
            for t in targets where t.kinds.contains(m.kind) && (t.unit == nil || post.units.contains(t.unit!)) {
                guard seen.insert("\(post.key)\u{0}\(t.id)").inserted else { continue }
                out.append(Delivery(id: UUID().uuidString.lowercased(), messageID: post.key, channel: .webhook, recipient: t.recipient,
                                    address: t.url, kind: m.kind, subject: m.subject, body: m.body, link: m.link, createdAt: m.createdAt,
                                    wording: m.wording, language: t.language, format: t.format))
            }
        }
        return out
    }
}
