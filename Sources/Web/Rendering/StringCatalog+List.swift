extension StringCatalog {
    /// Items of a list in one line: 、 in Chinese, a comma in English.
    func list(_ items: [String], _ language: Language) -> String {
        items.joined(separator: text("list_separator", language))
    }
}
