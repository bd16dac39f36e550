import CampusKit
import Foundation

/// What a person wants sent to them outside the app: an e-mail address, the kinds they do not want e-mailed, and
/// quiet hours (minutes after local midnight; `from > to` spans midnight) during which nothing urgent-less is sent.
public struct NotificationSettings: Sendable, Equatable, Codable {
    public var username: String
    public var email: String?
    public var emailOff: Set<InboxMessage.Kind>
    public var quietFrom: Int?
    public var quietTo: Int?
    /// The language e-mails are written in (`zh-CN` or `en`).
    public var language: String

    public init(username: String, email: String? = nil, emailOff: Set<InboxMessage.Kind> = [], quietFrom: Int? = nil, quietTo: Int? = nil,
                language: String = "zh-CN") {
        self.username = username
        self.email = email
        self.emailOff = emailOff
        self.quietFrom = quietFrom
        self.quietTo = quietTo
        self.language = language
    }

    /// The settings as kept: no address when blank, urgent kinds never off, quiet hours only as a whole pair within
    /// the day; `.invalid` naming the field otherwise.
    public func validated() throws(DomainError) -> NotificationSettings {
        var valid = self
        var errors: [FieldError] = []
        let address = (email ?? "").trimmingCharacters(in: .whitespaces)
        valid.email = address.isEmpty ? nil : address
        if let a = valid.email, !Self.isAddress(a) {
            errors.append(FieldError(field: "email", message: "邮箱地址格式不对 (not an e-mail address)"))
        }
        valid.emailOff = emailOff.filter { !$0.isUrgent }
        switch (quietFrom, quietTo) {
        case (nil, nil): break
        case (let f?, let t?) where (0..<1440).contains(f) && (0..<1440).contains(t) && f != t: break
        default: errors.append(FieldError(field: "quietFrom", message: "免打扰时段应为一天内的开始和结束时间 (quiet hours need a start and an end within the day)"))
        }
        if !["zh-CN", "en"].contains(language) {
            errors.append(FieldError(field: "language", message: "语言应为中文或英文 (the language is zh-CN or en)"))
        }
        if !errors.isEmpty { throw DomainError(.invalid, "通知设置有误 (the settings are not valid)", fieldErrors: errors) }
        return valid
    }

    /// A plain address: one `@`, a dotted domain, no spaces or line breaks, at most 254 characters.
    public static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !text.unicodeScalars.contains { CharacterSet.whitespacesAndNewlines.contains($0) || $0.value < 0x20 || "<>\",;".unicodeScalars.contains($0) }
    }

    /// When a message that is not urgent may go at `now`: now, or the end of the quiet hours it falls in.
    func due(at now: Date, timeZone: TimeZone) -> Date {
        guard let from = quietFrom, let to = quietTo else { return now }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.startOfDay(for: now)
        let minute = Int(now.timeIntervalSince(start) / 60)
        let quiet = from < to ? (from..<to).contains(minute) : (minute >= from || minute < to)
        guard quiet else { return now }
        let end = start.addingTimeInterval(Double(to) * 60)
        return end > now ? end : end.addingTimeInterval(86_400)
    }
}

extension InboxMessage.Kind {
    /// Kinds that reach people whatever they chose, at once: a sick student, students out past their leave,
    /// who is still missing after the cutoff.
    public var isUrgent: Bool {
        switch self {
        case .caseAlert, .accessAlert, .checkinEscalation: true
        case .checkinReminder, .reportOverdue, .leaveRequest, .leaveDecision, .testingSlot: false
        }
    }
}

/// Which outbox rows beyond the inbox a message makes.
public enum OutboxRouting {
    /// One e-mail per message to each recipient with an address who has not switched its kind off, due when the
    /// message was made if urgent, otherwise then or at the end of the recipient's quiet hours.
    public static func email(_ messages: [InboxMessage], settings: [String: NotificationSettings], timeZone: TimeZone) -> [Delivery] {
        messages.compactMap { m in
            guard let s = settings[m.recipient], let address = s.email, m.kind.isUrgent || !s.emailOff.contains(m.kind) else { return nil }
            return Delivery(id: UUID().uuidString.lowercased(), messageID: m.id, channel: .email, recipient: m.recipient, address: address,
                            kind: m.kind, subject: m.subject, body: m.body, link: m.link, createdAt: m.createdAt,
                            dueAt: m.kind.isUrgent ? m.createdAt : s.due(at: m.createdAt, timeZone: timeZone), wording: m.wording, language: s.language)
        }
    }
}
