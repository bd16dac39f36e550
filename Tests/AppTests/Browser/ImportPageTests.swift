import App
import CampusKit
import Foundation
import ShouhuTestSupport
import Testing

/// The import page talks to the API, which answers "中文 (English)"; a person reads only their own language.
@Suite("Browser: the import page says what went wrong in the reader's language", .serialized,
       .enabled(if: Chromium.binary != nil || Chromium.required, "chromium is not installed"))
struct ImportPageTests {
    /// Puts a file with `content` into the page's file field, presses 检查 and waits for the answer.
    static func check(_ tab: Chromium.Tab, name: String, content: String, until prefix: String) async throws -> String {
        _ = try await tab.evaluate("""
            (() => { const t = new DataTransfer(); t.items.add(new File([\(Chromium.Tab.quote(content))], \(Chromium.Tab.quote(name)), { type: 'text/csv' }));
              document.querySelector('#file').files = t.files; document.querySelector('#check').click(); return true; })()
            """)
        try await tab.waitUntil("document.querySelector('#import-status').textContent.startsWith(\(Chromium.Tab.quote(prefix)))", seconds: 20)
        return try await tab.text("document.querySelector('#import-status').textContent + ' ' + document.querySelector('#import-errors').textContent")
    }

    @Test("An empty file says the file is empty (never the API's bilingual sentence); a refused file's reasons carry no English tail")
    func importSaysItInChinese() async throws {
        try await BrowserTests.live { app, base in
            try await app.setPassword(username: "admin", password: "password-123")
            let browser = try Chromium(width: 1280, height: 900)
            defer { browser.stop() }
            let tab = try await browser.open("about:blank")
            try await BrowserTests.signIn(tab, base: base, "admin")
            try await tab.go(base + "/roster/import")

            let empty = try await Self.check(tab, name: "empty.csv", content: "", until: "所选文件")
            #expect(empty.hasPrefix("所选文件是空的"), "\(empty)")
            #expect(!empty.contains("请求体为空") && !empty.contains("body is empty"))

            let refused = try await Self.check(tab, name: "staff.csv", content: "工号,姓名\nT009,\n", until: "未导入")
            #expect(!refused.contains("("), "no English tail: \(refused)")
            #expect(PageWordsTests.strangers(refused).isEmpty, "\(PageWordsTests.strangers(refused))")
            #expect(refused.contains("角色") && refused.range(of: #"[a-z]+_[a-z]+"#, options: .regularExpression) == nil,
                    "the missing column by its Chinese header: \(refused)")
        }
    }
}
