import App
import CampusKit
import CheckIns
import Foundation
import GateAccess
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Tabular
import Testing
import TestingCampaigns
import Web

/// Issue 14's everyday use, in a real browser: a stale form comes back with its answers, every menu link of every
/// role opens, no Chinese page shows a key or an English word (see `EverydayBrowserWordsTests.swift`), and the head
/// counts of the grid, the dashboard, the gates page and the daily report agree. One Chromium per test; roles take
/// turns in one tab by signing out and in.
@Suite("Browser: everyday use — stale forms, menus, words and head counts", .serialized,
       .enabled(if: Chromium.binary != nil || Chromium.required, "chromium is not installed"))
struct EverydayBrowserTests {
    /// Everyone of the fixture college and `MenuTests.moreStaff`: ten roles, each signing in with "password-123".
    static let users = ["admin", "T001", "T003", "T004", "T005", "T006", "T007", "2021000001", "2021000002", "2021000003"]

    /// The app on a real port with the fixture college, the staff of every role, and a day with something in it:
    /// an abnormal check-in (so a case), a leave waiting for approval and a testing campaign.
    static func live(_ body: @escaping @Sendable (ShouhuApp, String) async throws -> Void) async throws {
        try await TestApp.with(.sqlite, clock: FixedClock(CheckInsTests.morning)) { app in
            for csv in [MenuTests.moreStaff, Fixtures.studentsCSV] {
                let rows = try CSVReader.rows(from: Data(csv.utf8))
                if csv == MenuTests.moreStaff { _ = try await app.roster.importStaff(rows, dryRun: false, by: app.systemActor) }
                else { _ = try await app.roster.importStudents(rows, dryRun: false, by: app.systemActor) }
            }
            for user in users { try await app.setPassword(username: user, password: "password-123") }
            func student(_ number: String) -> Actor {
                Actor(school: app.school, accountID: number, username: number, displayName: number, kind: .student,
                      roles: [.student], scope: Scope(students: [number]))
            }
            _ = try await app.checkIns.submit(.init(studentNo: "2021000002", temperature: 38.4), by: student("2021000002"))
            _ = try await app.checkIns.submit(.init(studentNo: "2021000005", temperature: 36.5), by: student("2021000005"))
            let day = CheckInsTests.morning
            _ = try await app.leaves.request(LeaveRequest(studentNo: "2021000001", from: day.addingTimeInterval(4 * 3600),
                                                          to: day.addingTimeInterval(9 * 3600), reason: "看牙医", destination: "市口腔医院"),
                                             by: student("2021000001"))
            _ = try await app.testing.createCampaign(
                CampaignDraft(name: "信息学院定向检测", day: "2026-11-28", kind: "targeted", poolSize: 3,
                              students: ["2021000001", "2021000002", "2021000003"]), by: app.systemActor)
            let router = try await Routes.build(services: app)
            let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await application.test(.live) { client in
                try await body(app, "http://127.0.0.1:\(client.port!)")
            }
        }
    }

    /// The HTTP status of the document the tab shows (after redirects, the last one).
    static func status(_ tab: Chromium.Tab) async throws -> Int {
        Int(try await tab.evaluate("performance.getEntriesByType('navigation')[0]?.responseStatus ?? 0") as? Double ?? 0)
    }

    /// The side menu's links, as written in the page.
    static func menu(_ tab: Chromium.Tab) async throws -> [String] {
        try await tab.evaluate("[...document.querySelectorAll('.sidenav a')].map(a => a.getAttribute('href'))") as? [String] ?? []
    }

    /// Signs `username` in with the sign-in page's own form (a signed-in page's first form is the top bar's 退出).
    static func signIn(_ tab: Chromium.Tab, base: String, _ username: String) async throws {
        try await tab.go("\(base)/signin")
        _ = try await tab.evaluate("""
            document.querySelector('#username').value = '\(username)';
            document.querySelector('#password').value = 'password-123'; true
            """)
        try await tab.clickAndWait("form[action=\"/signin\"] button")
        let path = try await tab.text("location.pathname")
        try #require(path != "/signin", "\(username) could not sign in")
    }

    /// Signs out whoever is signed in (if anyone) and signs `username` in, in the same tab.
    static func switchTo(_ tab: Chromium.Tab, base: String, _ username: String) async throws {
        if try await tab.evaluate("Boolean(document.querySelector('header form[action=\"/signout\"] button'))") as? Bool == true {
            try await tab.clickAndWait("header form[action=\"/signout\"] button")
        }
        try await signIn(tab, base: base, username)
    }

    @Test("A leave form from before signing in again in another tab comes back as a page with every answer kept and a fresh token; 重新提交 asks the leave once")
    func staleFormKeepsAnswers() async throws {
        try await Self.live { app, base in
            let browser = try Chromium(width: 1280, height: 900)
            defer { browser.stop() }
            let old = try await browser.open("about:blank")
            try await Self.signIn(old, base: base, "2021000002")
            try await old.go(base + "/leave")
            let oldToken = try await old.text("document.querySelector('main form [name=_csrf]').value")
            _ = try await old.evaluate("""
                document.querySelector('#from').value = '2026-11-28T09:00';
                document.querySelector('#to').value = '2026-11-28T18:00';
                document.querySelector('#reason').value = '去医院 复诊';
                document.querySelector('#destination').value = '市第一医院'; true
                """)
            // The same student signs in again in another tab: the first tab's form carries the old session's token.
            let other = try await browser.open("about:blank")
            try await Self.signIn(other, base: base, "2021000002")
            try await old.clickAndWait("#leave-submit")

            #expect(try await Self.status(old) == 403)
            #expect(try await old.text("document.title").hasPrefix("页面已过期"), "the stale page, in Chinese")
            let (title, text) = try await Self.shownWords(old)
            #expect(Self.strangers(title + "\n" + text).isEmpty, "\(title): \(text)")
            let kept = try await old.evaluate("""
                Object.fromEntries([...document.querySelectorAll('main form input[type=hidden]')].map(i => [i.name, i.value]))
                """) as? [String: String] ?? [:]
            #expect(kept["reason"] == "去医院 复诊" && kept["destination"] == "市第一医院", "the answers are kept: \(kept)")
            #expect(kept["from"] == "2026-11-28T09:00" && kept["to"] == "2026-11-28T18:00", "the times are kept: \(kept)")
            #expect(kept["_csrf"] != nil && kept["_csrf"] != oldToken, "the page carries the current session's token")
            #expect(try await old.text("document.querySelector('main form a').getAttribute('href')") == "/leave", "the way back is the form's page")
            #expect(try await app.leaves.leaves(.init(), page: .init(), by: app.systemActor).items.allSatisfy { $0.studentNo != "2021000002" },
                    "nothing was done with the stale form")

            try await old.clickAndWait("main form button")
            #expect(try await Self.status(old) == 200)
            #expect(try await old.text("location.pathname") == "/leave")
            let mine = try await old.text("document.querySelector('section.leave').textContent")
            #expect(mine.contains("市第一医院") && mine.contains("待审批"), "\(mine)")
            let asked = try await app.leaves.leaves(.init(), page: .init(), by: app.systemActor).items.filter { $0.studentNo == "2021000002" }
            #expect(asked.count == 1 && asked.first?.reason == "去医院 复诊")
        }
    }

    @Test("Every role's menu links answer 200 in the browser, mark themselves current and keep the menu; the home address opens the first of them")
    func everyMenuLinkOpens() async throws {
        try await Self.live { _, base in
            let browser = try Chromium(width: 1280, height: 900)
            defer { browser.stop() }
            let tab = try await browser.open("about:blank")
            for username in Self.users {
                try await Self.switchTo(tab, base: base, username)
                let links = try await Self.menu(tab)
                #expect(links.contains("/inbox") && links.contains("/account"), "\(username): everyone reads their messages and their account")
                for link in links {
                    try await tab.go(base + link)
                    let shown = try await tab.evaluate("""
                        ({ status: performance.getEntriesByType('navigation')[0]?.responseStatus ?? 0,
                           current: [...document.querySelectorAll('.sidenav a[aria-current=page]')].map(a => a.getAttribute('href')),
                           menu: [...document.querySelectorAll('.sidenav a')].map(a => a.getAttribute('href')) })
                        """) as? [String: Any] ?? [:]
                    let status = shown["status"] as? Double ?? 0
                    #expect(status == 200, "\(username): \(link) answered \(status)")
                    #expect(shown["current"] as? [String] == [link], "\(username): \(link) is not marked current (\(shown["current"] ?? "none"))")
                    #expect(shown["menu"] as? [String] == links, "\(username): the menu changes on \(link)")
                }
                try await tab.go(base + "/")
                #expect(try await tab.text("location.pathname") == links.first, "\(username) starts on their first menu entry")
            }
        }
    }

    /// The numbers the page marks as the enrolled head count, as shown.
    static func headCounts(_ tab: Chromium.Tab) async throws -> [String] {
        try await tab.evaluate("[...document.querySelectorAll('[data-headcount=enrolled]')].map(e => e.innerText.trim())") as? [String] ?? []
    }

    @Test("The grid, the dashboard, the gates page and the daily report show one enrolled head count, for the administrator, a building leader and a secretary")
    func headCountsAgree() async throws {
        try await Self.live { _, base in
            let browser = try Chromium(width: 1280, height: 900)
            defer { browser.stop() }
            let tab = try await browser.open("about:blank")
            // 在校 = on the roster and active: 乙二 (休学) and 丙三 (离校) are not counted.
            for (username, enrolled) in [("admin", 5), ("T003", 3), ("T004", 2)] {
                try await Self.switchTo(tab, base: base, username)
                let links = try await Self.menu(tab)
                var seen: [String: [String]] = [:]
                for path in ["/grid", "/dashboard", "/access", "/reports/daily"] {
                    #expect(links.contains(path), "\(username) is offered \(path)")
                    try await tab.go(base + path)
                    #expect(try await Self.status(tab) == 200, "\(username): \(path)")
                    seen[path] = try await Self.headCounts(tab)
                }
                #expect(seen.values.allSatisfy { !$0.isEmpty }, "\(username): each page shows the count: \(seen)")
                let all = Set(seen.values.flatMap { $0 })
                #expect(all == ["\(enrolled)"], "\(username) reads one head count everywhere, \(enrolled) enrolled: \(seen)")
            }
        }
    }
}
