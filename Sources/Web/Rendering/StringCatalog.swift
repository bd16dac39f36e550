import Foundation

/// The page texts, one JSON catalog a language (`Resources/strings/LANG.json`); templates contain no literals.
struct StringCatalog: Sendable {
    private let tables: [Language: [String: String]]

    /// The catalogs the binary carries (`Resources/strings`); a key missing in one language falls back to Chinese,
    /// then to the key.
    static func embedded() throws -> StringCatalog {
        try StringCatalog { language in
            guard let data = WebResources.files["Resources/strings/\(language.rawValue).json"] else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Resources/strings/\(language.rawValue).json"])
            }
            return data
        }
    }

    private init(_ read: (Language) throws -> Data) throws {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            tables[language] = try JSONDecoder().decode([String: String].self, from: try read(language))
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
