import Foundation
import Notifications

/// Messages as each reader reads them: a message's wording (catalog template and values) filled in from the
/// string catalogs in the reader's language — the inbox page's, an e-mail recipient's, a group's. What has no
/// wording, or a key the catalogs lack, reads as it was stored.
public struct NoticeTexts: Sendable {
    let catalog: StringCatalog

    init(catalog: StringCatalog) {
        self.catalog = catalog
    }

    /// The catalogs the pages use.
    public static func load() throws -> NoticeTexts {
        NoticeTexts(catalog: try StringCatalog.embedded())
    }

    public func words(subject: String, body: String, wording: Wording?, language: String) -> Worded {
        let lang = Language(tag: language)
        return Worded.of(subject: subject, body: body, wording: wording) { catalog.lookup($0, lang) }
    }

    public func words(of d: Delivery) -> Worded {
        words(subject: d.subject, body: d.body, wording: d.wording, language: d.language)
    }

    public func words(of m: InboxMessage, in language: Language) -> Worded {
        words(subject: m.subject, body: m.body, wording: m.wording, language: language.rawValue)
    }

    /// A catalog text in `language`.
    public func text(_ key: String, language: String) -> String {
        catalog.text(key, Language(tag: language))
    }

    /// `path` under the server's public address when it is known (an e-mail or a group post is read outside the
    /// site, where a bare path leads nowhere); the path itself otherwise.
    public func link(_ path: String?, base: String?) -> String? {
        guard let path else { return nil }
        guard let base = base?.trimmingCharacters(in: .whitespaces), !base.isEmpty, path.hasPrefix("/") else { return path }
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
    }
}

extension StringCatalog {
    /// The text of `key` in `language`, falling back to Chinese; nil when neither has it.
    func lookup(_ key: String, _ language: Language) -> String? {
        text(key, language) == key ? nil : text(key, language)
    }
}
