import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// What people read on a Chinese page: Chinese words, names and numbers — never a key or an English word.
@Suite("Page words: no raw key or English word in the Chinese text")
struct PageWordsTests {
    typealias P = CheckInPagesTests

    /// Words allowed in Chinese text: proper names, file formats and encodings people know by these names, and the
    /// administrator's sign-in name.
    static let allowed: Set<String> = ["Excel", "CSV", "XLSX", "UTF", "GBK", "English", "Shouhu", "admin"]

    /// The text a person reads: the page without its scripts, styles and tags (attribute values are not read), and
    /// without `<code>`: commands and codes to type as they are, not words to translate.
    static func visibleText(_ html: String) -> String {
        var text = html
        for tag in ["script", "style", "code"] {
            while let open = text.range(of: "<\(tag)"), let close = text.range(of: "</\(tag)>", range: open.upperBound..<text.endIndex) {
                text.removeSubrange(open.lowerBound..<close.upperBound)
            }
        }
        text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        return text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&nbsp;", with: " ")
    }

    /// Keys (`snake_case`, `dotted.key`) and English words in `text`.
    static func strangers(_ text: String) -> [String] {
        let keys = text.matches(of: /[a-z]+(?:_[a-z]+)+|[a-z]+\.[a-z]+/).map { String($0.output) }
        let words = text.matches(of: /[A-Za-z]{3,}/).map { String($0.output) }.filter { !allowed.contains($0) }
        return keys + words
    }

    @Test("Every page of every role's menu, in Chinese, holds no raw key and no English word",
          arguments: ["admin", "T001", "T003", "T004", "2021000001", "2021000002"])
    func chinesePages(username: String) async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let (cookie, _) = try await P.signIn(h, username)
            let links = MenuTests.menuLinks(try await PagesTests.page(h, "/inbox", cookie: cookie).text)
            for link in links + ["/students/2021000001", "/no-such-page"] {
                let page = try await h.client.execute(uri: link, method: .get, headers: [.cookie: cookie, .accept: "text/html"], body: nil)
                let found = Self.strangers(Self.visibleText(page.text))
                #expect(found.isEmpty, "\(username) \(link): \(Array(Set(found)).sorted())")
            }
        }
    }
}
