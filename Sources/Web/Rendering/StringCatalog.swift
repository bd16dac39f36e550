import Foundation

/// The page texts, one JSON catalog a language (`Resources/strings/LANG.json`); templates contain no literals.
struct StringCatalog: Sendable {
    private let tables: [Language: [String: String]]

    /// Loads every language's catalog; a key missing in one language falls back to Chinese, then to the key.
    init(directory: URL) throws {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let data = try Data(contentsOf: directory.appendingPathComponent("\(language.rawValue).json"))
            tables[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        self.tables = tables
    }

    /// All texts of `language`, for a template's `t`.
    func table(_ language: Language) -> [String: String] {
        (tables[.zhCN] ?? [:]).merging(tables[language] ?? [:]) { _, new in new }
    }

    func text(_ key: String, _ language: Language) -> String {
        tables[language]?[key] ?? tables[.zhCN]?[key] ?? key
    }
}
