import Foundation
import CampusKit

/// The languages of the pages. Chinese is the default; English is one click away.
public enum Language: String, Sendable, CaseIterable {
    case zhCN = "zh-CN"
    case en

    /// Reads a `lang` cookie or query value; anything unknown is Chinese.
    public init(tag: String?) {
        self = tag.flatMap { Language(rawValue: $0) } ?? (tag?.lowercased().hasPrefix("en") == true ? .en : .zhCN)
    }

    /// The other language, for the switch in the top bar.
    var other: Language { self == .zhCN ? .en : .zhCN }
}

extension Language {
    /// A domain's sentence as this language reads it. Domains write "中文句子 (English sentence)" so the API answers
    /// both; a page shows only the reader's half — no English tail on a Chinese page. A sentence without an English
    /// tail is shown as it is.
    func pick(_ text: String) -> String {
        guard text.hasSuffix(")"), let open = Self.tailStart(text) else { return text }
        let chinese = text[..<open].trimmingCharacters(in: .whitespaces)
        let english = text[text.index(after: open)..<text.index(before: text.endIndex)].trimmingCharacters(in: .whitespaces)
        guard chinese.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }), !english.isEmpty,
              english.unicodeScalars.allSatisfy({ $0.value < 0x2E80 }) else { return text }
        return self == .zhCN ? chinese : english.prefix(1).uppercased() + english.dropFirst()
    }

    /// Where the last top-level parenthesis of `text` opens, when it closes at the very end.
    private static func tailStart(_ text: String) -> String.Index? {
        var depth = 0
        var index = text.endIndex
        while index > text.startIndex {
            index = text.index(before: index)
            switch text[index] {
            case ")": depth += 1
            case "(":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }
}

extension DomainError {
    /// The error's sentence in the reader's language.
    func text(in language: Language) -> String { language.pick(message) }
}

extension FieldError {
    func text(in language: Language) -> String { language.pick(message) }
}

extension RowError {
    func text(in language: Language) -> String { language.pick(message) }
}
