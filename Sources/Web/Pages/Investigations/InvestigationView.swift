import ContactTracing
import Foundation

/// Which contacts of an investigation a page shows: a text filter (number, name or class), one degree, marked or
/// not, and 100 a page — so a 700-contact result is a list to work through, not one long page.
struct InvestigationView: Sendable {
    static let pageSize = 100

    var query: String?
    var degree: Int?
    /// `marked`, `unmarked`, or everyone.
    var show: String?
    var page: Int

    init(query: String?, degree: Int?, show: String?, page: Int?) {
        self.query = query.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        self.degree = degree.flatMap { [1, 2].contains($0) ? $0 : nil }
        self.show = show.flatMap { ["marked", "unmarked"].contains($0) ? $0 : nil }
        self.page = max(page ?? 1, 1)
    }

    /// The contacts of this page, and how many match in all.
    func select(_ contacts: [Contact], marked: Set<String>) -> (contacts: [Contact], total: Int) {
        let matching = contacts.filter { c in
            if let degree, c.degree != degree { return false }
            if show == "marked" && !marked.contains(c.studentNo) { return false }
            if show == "unmarked" && marked.contains(c.studentNo) { return false }
            if let query {
                return c.studentNo.hasPrefix(query) || c.name.contains(query) || c.className.contains(query)
            }
            return true
        }
        let start = (page - 1) * Self.pageSize
        guard start < matching.count else { return ([], matching.count) }
        return (Array(matching[start..<min(start + Self.pageSize, matching.count)]), matching.count)
    }

    /// The query string that shows this view (for links and for coming back after marking).
    func queryString(page: Int? = nil) -> String {
        var items: [URLQueryItem] = []
        if let query { items.append(.init(name: "q", value: query)) }
        if let degree { items.append(.init(name: "degree", value: String(degree))) }
        if let show { items.append(.init(name: "show", value: show)) }
        let page = page ?? self.page
        if page > 1 { items.append(.init(name: "page", value: String(page))) }
        guard !items.isEmpty else { return "" }
        var components = URLComponents()
        components.queryItems = items
        return "?" + (components.percentEncodedQuery ?? "")
    }

    /// The filter form's state and its summary line ("显示 100 / 共 700").
    func form(matching: Int, of all: Int, t: StringCatalog, lang: Language) -> InvestigationPageModel.Filter {
        let first = matching == 0 ? 0 : (page - 1) * Self.pageSize + 1
        let last = min(page * Self.pageSize, matching)
        return .init(query: query ?? "", degree1: degree == 1, degree2: degree == 2, marked: show == "marked", unmarked: show == "unmarked",
                     summary: t.text("investigation_showing", lang).replacingOccurrences(of: "{from}", with: String(first))
                         .replacingOccurrences(of: "{to}", with: String(last)).replacingOccurrences(of: "{total}", with: String(matching))
                         .replacingOccurrences(of: "{all}", with: String(all)),
                     back: queryString())
    }

    /// Links to every page of the matching contacts (none when one page holds them all).
    func pageLinks(total: Int, base: String) -> [PageLink] {
        let count = (total + Self.pageSize - 1) / Self.pageSize
        guard count > 1 else { return [] }
        return (1...count).map { PageLink(href: base + queryString(page: $0), label: String($0), current: $0 == page) }
    }
}
