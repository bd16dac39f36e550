import Foundation

/// A message's words as the string catalogs hold them: a template key and the values it names, so each reader gets
/// the message in their language — the inbox in the page's, an e-mail in the recipient's, a group post in the
/// group's. The catalogs hold `notice_KEY_subject` and `notice_KEY_body` with `{name}` where a value goes.
/// A message keeps its Chinese subject and body too: what the API answers, and what is shown when a catalog lacks
/// the key.
public struct Wording: Sendable, Equatable, Codable {
    public var key: String
    public var values: [String: String]

    public init(_ key: String, _ values: [String: String] = [:]) {
        self.key = key
        self.values = values
    }

    public var subjectKey: String { "notice_\(key)_subject" }
    public var bodyKey: String { "notice_\(key)_body" }

    /// `template` with each `{name}` replaced by its value; a name without a value is left as it is written, so a
    /// missing value shows in the text instead of vanishing.
    public func fill(_ template: String) -> String {
        guard template.contains("{") else { return template }
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = values[name] { out += value } else { out += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The stored form (JSON with sorted keys).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    public init?(json: String?) {
        guard let data = json?.data(using: .utf8), let w = try? JSONDecoder().decode(Wording.self, from: data) else { return nil }
        self = w
    }
}

/// The words a reader gets: the catalog's template for their language filled with the message's values, or the
/// stored text when the catalog has no template for the key (or the message has no wording).
public struct Worded: Sendable, Equatable {
    public var subject: String
    public var body: String

    public init(subject: String, body: String) {
        self.subject = subject
        self.body = body
    }

    /// `lookup` answers a catalog key's template in the reader's language, nil when it has none.
    public static func of(subject: String, body: String, wording: Wording?, lookup: (String) -> String?) -> Worded {
        guard let wording, let s = lookup(wording.subjectKey) else { return Worded(subject: subject, body: body) }
        return Worded(subject: wording.fill(s), body: lookup(wording.bodyKey).map(wording.fill) ?? body)
    }
}
