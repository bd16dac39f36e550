import Foundation
import ShouhuTestSupport
import Testing

/// What people read on a Chinese page in the browser (`document.body.innerText` and `document.title`): Chinese
/// words, names and numbers — never a key (`snake_case`, `dotted.key`) or an English word.
extension EverydayBrowserTests {
    /// Proper names people know by these names, on top of the in-process test's list; e-mail addresses are removed
    /// before looking.
    static let allowedWords = PageWordsTests.allowed.union(["API"])

    static func strangers(_ text: String) -> [String] {
        let withoutAddresses = text.replacing(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/, with: " ")
        return PageWordsTests.strangers(withoutAddresses).filter { !allowedWords.contains($0) }
    }

    /// What a page shows, with every `<details>` opened: its title and its body's text.
    static func shownWords(_ tab: Chromium.Tab) async throws -> (title: String, text: String) {
        _ = try await tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = true); true")
        return (try await tab.text("document.title"), try await tab.text("document.body.innerText"))
    }

    /// A page's address without the parts that only name a record: path segments with digits become `*`, and only the
    /// names of the query's parameters count. `/students/2021000001` and `/students/2021000003` are one page.
    static func shape(_ url: URLComponents) -> String {
        let path = url.path.split(separator: "/").map { $0.contains(where: \.isNumber) ? "*" : String($0) }.joined(separator: "/")
        let names = (url.queryItems ?? []).map(\.name).sorted()
        return "/" + path + (names.isEmpty ? "" : "?" + names.joined(separator: "&"))
    }

    /// The links in the page's own content that lead to another page of ours: not downloads, not the language switch.
    static func pageLinks(_ tab: Chromium.Tab, base: String) async throws -> [String] {
        let hrefs = try await tab.evaluate("[...document.querySelectorAll('main a[href]')].filter(a => !a.hasAttribute('download')).map(a => a.href)") as? [String] ?? []
        return hrefs.compactMap { href in
            guard href.hasPrefix(base + "/"), var url = URLComponents(string: href) else { return nil }
            url.fragment = nil
            let names = (url.queryItems ?? []).map(\.name)
            let download = url.path.hasSuffix(".csv") || url.path.hasSuffix(".xlsx") || url.path.contains("/export") || names.contains("format")
            guard !download, !names.contains("lang"), url.path != "/signout" else { return nil }
            return url.string.map { String($0.dropFirst(base.count)) }
        }
    }

    /// Of `paths`, those that answer a web page (a link may lead to a file): asked in the page, all at once.
    static func htmlOnly(_ tab: Chromium.Tab, _ paths: [String]) async throws -> [String] {
        guard !paths.isEmpty else { return [] }
        let list = "[" + paths.map { Chromium.Tab.quote($0) }.joined(separator: ",") + "]"
        return try await tab.evaluate("""
            Promise.all(\(list).map(p => fetch(p).then(r => (r.headers.get('content-type') || '').startsWith('text/html') ? p : null, () => null)))
              .then(ps => ps.filter(p => p))
            """) as? [String] ?? []
    }

    /// Forms sent wrong on purpose, as people do: the errors they then read are the domain's sentences, which carry
    /// an English half for the API (`结束时间应晚于开始时间 (must be after from)`) that a Chinese page must not show.
    static let wrongForms: [(user: String, path: String, fill: [String: String], submit: String)] = [
        ("2021000001", "/leave", ["#from": "2026-11-28T18:00", "#to": "2026-11-28T09:00", "#reason": "看病", "#destination": "校医院"], "#leave-submit"),
        ("2021000001", "/checkin", ["#temperature": "45"], "#submit"),
        ("2021000001", "/account", ["#currentPassword": "password-123", "#newPassword": "short", "#confirmPassword": "short"],
         "form[action=\"/account/password\"] button"),
        ("admin", "/admin/checkins", ["#opensAt": "25:00", "#cutoff": "7", "#reminders": "早上", "#reportDeadline": "18:00"],
         "form[action=\"/admin/checkins\"] button"),
    ]

    @Test("No page any role reaches — its menu, the pages those link to and theirs, a student's page, an unknown address, the sign-in page, forms sent wrong — shows a raw key or an English word in Chinese, in its text or its title")
    func noKeysOrEnglish() async throws {
        try await Self.live { _, base in
            let browser = try Chromium(width: 1280, height: 900)
            defer { browser.stop() }
            let tab = try await browser.open("about:blank")
            var found: [String: Set<String>] = [:]
            func look(_ who: String, _ path: String) async throws {
                let (title, text) = try await Self.shownWords(tab)
                let strange = Self.strangers(title) + Self.strangers(text)
                if !strange.isEmpty { found["\(who) \(path)", default: []].formUnion(strange) }
            }
            try await tab.go(base + "/signin")
            try await look("-", "/signin")
            var pagesSeen = 0
            // Pages reached through links, by shape: looked at once, for the first role that reaches them (admin first).
            var shapes = Set<String>()
            func unseen(_ path: String) -> Bool { URLComponents(string: path).map { shapes.insert(Self.shape($0)).inserted } ?? false }
            for username in Self.users {
                try await Self.switchTo(tab, base: base, username)
                #expect(try await tab.text("document.documentElement.lang") == "zh-CN")
                // Every role's own menu, a student's page and an unknown address; then breadth first, two links deep.
                var level = try await Self.menu(tab) + ["/students/2021000001", "/no-such-page"]
                level.forEach { _ = unseen($0) }
                for depth in 0...2 {
                    var next: [String] = []
                    // The audit trail's details are the record as it was written at the time (see the issue note): not crawled.
                    for path in level where !path.hasPrefix("/admin/audit") {
                        try await tab.go(base + path)
                        pagesSeen += 1
                        try await look(username, path)
                        guard depth < 2 else { continue }
                        next += try await Self.htmlOnly(tab, try await Self.pageLinks(tab, base: base).filter(unseen))
                    }
                    level = next
                }
            }
            for form in Self.wrongForms {
                try await Self.switchTo(tab, base: base, form.user)
                try await tab.go(base + form.path)
                let fill = form.fill.map { "document.querySelector(\(Chromium.Tab.quote($0.key))).value = \(Chromium.Tab.quote($0.value));" }
                _ = try await tab.evaluate(fill.joined(separator: "\n") + " true")
                try await tab.clickAndWait(form.submit)
                let errors = try await tab.text("[...document.querySelectorAll('main .error')].map(e => e.innerText).join(' | ')")
                #expect(!errors.isEmpty, "\(form.user) \(form.path): the wrong form shows its errors")
                try await look(form.user, form.path + " (errors: \(errors))")
            }
            #expect(pagesSeen >= 100, "the crawl reached \(pagesSeen) pages")
            let report = found.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.sorted())" }.joined(separator: "\n")
            #expect(found.isEmpty, "keys or English words in Chinese pages:\n\(report)")
        }
    }
}
