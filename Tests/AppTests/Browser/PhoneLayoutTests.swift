import App
import CampusKit
import Foundation
import GateAccess
import ShouhuTestSupport
import Testing

/// Every page a student or a room leader can reach, the counsellor's leave approval and the administrator's overview,
/// on a 360 px phone: nothing scrolls sideways, and the top bar with the collapsed menu leaves the screen to the page.
@Suite("Browser: every student page fits a 360 px phone", .serialized,
       .enabled(if: Chromium.binary != nil || Chromium.required, "chromium is not installed"))
struct PhoneLayoutTests {
    static let width = 360, height = 740

    /// The pages `username` reaches: their menu's links plus the ones every student has.
    static func reachable(_ tab: Chromium.Tab) async throws -> [String] {
        let menu = try await tab.evaluate("[...document.querySelectorAll('.sidenav a')].map(a => a.pathname)") as? [String] ?? []
        var seen = Set<String>()
        return (menu + ["/checkin", "/leave", "/testing/mine", "/account"]).filter { seen.insert($0).inserted }
    }

    static func overflow(_ tab: Chromium.Tab) async throws -> Double {
        try await tab.evaluate("document.documentElement.scrollWidth") as? Double ?? .infinity
    }

    /// The height the top bar and the menu take before the page's own content.
    static func chrome(_ tab: Chromium.Tab) async throws -> Double {
        try await tab.evaluate("""
            (() => { const nav = document.querySelector('.sidenav');
              const navHeight = nav && getComputedStyle(nav).display !== 'none' ? nav.getBoundingClientRect().height : 0;
              return document.querySelector('.topbar').getBoundingClientRect().height + navHeight; })()
            """) as? Double ?? .infinity
    }

    @Test("A plain student and a room leader: no page they can reach scrolls sideways at 360 px; the menu takes at most 15 % of the first screen and opens on demand; no grid for a plain student",
          arguments: ["2021000002", "2021000001"])
    func studentPagesFit(username: String) async throws {
        try await BrowserTests.live { app, base in
            let browser = try Chromium(width: Self.width, height: Self.height)
            defer { browser.stop() }
            let tab = try await browser.open("about:blank")
            try await BrowserTests.signIn(tab, base: base, username)
            let pages = try await Self.reachable(tab)
            if username == "2021000002" { #expect(!pages.contains("/grid"), "a plain student is not offered the grid") }
            #expect(pages.count >= 4)
            let innerHeight = try await tab.evaluate("window.innerHeight") as? Double ?? 0
            #expect(try await Self.chrome(tab) <= 0.15 * innerHeight, "the top bar and the menu leave the screen to the page")
            _ = try await tab.evaluate("document.querySelector('.menu-button').click(); true")
            let opened = try await tab.evaluate("getComputedStyle(document.querySelector('.sidenav')).display") as? String
            #expect(opened == "block", "the menu button opens the menu")
            for path in pages {
                try await tab.go(base + path)
                let wide = try await tab.evaluate("JSON.stringify([window.innerWidth, document.documentElement.scrollWidth, [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361).slice(0, 4).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))])") as? String ?? ""
                #expect(try await Self.overflow(tab) <= Double(Self.width), "\(path) scrolls sideways for \(username): \(wide)")
            }
            // The check-in once done: the "change today's check-in" form opened.
            try await tab.go(base + "/checkin")
            _ = try await tab.evaluate("document.querySelector('#temperature').value = '36.6'; true")
            try await tab.clickAndWait("#submit")
            _ = try await tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = true); true")
            #expect(try await Self.overflow(tab) <= Double(Self.width), "the check-in edit form scrolls sideways")
            if username == "2021000001" {
                try await tab.go(base + "/dashboard")
                // No visible header or label is broken one character a line (taller than two lines of its text).
                let broken = try await tab.evaluate("""
                    [...document.querySelectorAll('main th, main .tile .label')].filter(e => e.getClientRects().length)
                      .filter(e => e.getBoundingClientRect().height > 2.5 * parseFloat(getComputedStyle(e).fontSize) + 16)
                      .map(e => e.textContent)
                    """) as? [String] ?? ["?"]
                #expect(broken.isEmpty, "broken one character a line: \(broken)")
            }
        }
    }

    @Test("A counsellor approves leave on a 360 px phone: the pending request is a card, 批准 is on screen and nothing scrolls sideways")
    func leaveApprovalFits() async throws {
        try await BrowserTests.live { app, base in
            let student = Actor(school: app.school, accountID: "2021000001", username: "2021000001", displayName: "甲一", kind: .student,
                                roles: [.student], scope: Scope(students: ["2021000001"]))
            let day = CheckInsTests.morning
            _ = try await app.leaves.request(LeaveRequest(studentNo: "2021000001", from: day.addingTimeInterval(4 * 3600),
                                                          to: day.addingTimeInterval(9 * 3600), reason: "去市口腔医院看牙医，预约下午两点",
                                                          destination: "市口腔医院"), by: student)
            let browser = try Chromium(width: Self.width, height: Self.height)
            defer { browser.stop() }
            let tab = try await browser.open("about:blank")
            try await BrowserTests.signIn(tab, base: base, "T001")
            try await tab.go(base + "/leaves")
            #expect(try await tab.text("document.querySelector('table.leaves').textContent").contains("市口腔医院"))
            #expect(try await Self.overflow(tab) <= Double(Self.width), "the leave list scrolls sideways")
            let right = try await tab.evaluate("document.querySelector('form[action$=approve] button').getBoundingClientRect().right") as? Double ?? .infinity
            #expect(right <= Double(Self.width), "批准 is on screen")
        }
    }

    @Test("The administrator's overview on a 360 px phone: nothing scrolls sideways, and each of the three charts is drawn within the screen")
    func overviewFits() async throws {
        try await BrowserTests.live { app, base in
            try await app.setPassword(username: "admin", password: "password-123")
            let browser = try Chromium(width: Self.width, height: Self.height)
            defer { browser.stop() }
            let tab = try await browser.open("about:blank")
            try await BrowserTests.signIn(tab, base: base, "admin")
            try await tab.go(base + "/overview")
            let charts = try await tab.evaluate("[...document.querySelectorAll('svg.chart')].map(s => [s.getBoundingClientRect().left, s.getBoundingClientRect().right, s.getBoundingClientRect().height])") as? [[Double]] ?? []
            #expect(charts.count == 3)
            #expect(charts.allSatisfy { $0[0] >= 0 && $0[1] <= Double(Self.width) && $0[2] > 100 }, "charts: \(charts)")
            let wide = try await tab.evaluate("JSON.stringify([...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361).slice(0, 4).map(e => e.tagName + '.' + e.className))") as? String ?? ""
            #expect(try await Self.overflow(tab) <= Double(Self.width), "/overview scrolls sideways: \(wide)")
        }
    }

    @Test("Choosing no file and pressing 检查 on the import page says to choose a file")
    func importWithoutFile() async throws {
        try await BrowserTests.live { app, base in
            try await app.setPassword(username: "admin", password: "password-123")
            let browser = try Chromium(width: 1280, height: 900)
            defer { browser.stop() }
            let tab = try await browser.open("about:blank")
            try await BrowserTests.signIn(tab, base: base, "admin")
            try await tab.go(base + "/roster/import")
            _ = try await tab.evaluate("document.querySelector('#check').click(); true")
            try await tab.waitUntil("document.querySelector('#import-status').textContent.length > 0", seconds: 10)
            #expect(try await tab.text("document.querySelector('#import-status').textContent") == "请先选择要导入的文件。")
            #expect(try await tab.text("document.querySelector('#import-status').className") == "error")
        }
    }
}
