import App
import CampusKit
import CheckIns
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Tabular
import Testing
import TestingCampaigns
import Web

/// Key pages in a real browser (headless Chromium from Debian): the student's check-in on a phone-sized window and
/// the counsellor's dashboard refreshing itself. CI installs Chromium and sets SHOUHU_TEST_BROWSER=required.
@Suite("Browser: the check-in on a phone and the live dashboard", .serialized,
       .enabled(if: Chromium.binary != nil || Chromium.required, "chromium is not installed"))
struct BrowserTests {
    /// Runs the app on a real port with the fixture college.
    static func live(_ body: @escaping @Sendable (ShouhuApp, String) async throws -> Void) async throws {
        try await TestApp.with(.sqlite, clock: FixedClock(CheckInsTests.morning)) { app in
            for (path, csv) in [("staff", Fixtures.staffCSV), ("students", Fixtures.studentsCSV)] {
                let rows = try CSVReader.rows(from: Data(csv.utf8))
                if path == "staff" { _ = try await app.roster.importStaff(rows, dryRun: false, by: app.systemActor) }
                else { _ = try await app.roster.importStudents(rows, dryRun: false, by: app.systemActor) }
            }
            for user in ["2021000002", "T001", "2021000001"] { try await app.setPassword(username: user, password: "password-123") }
            let router = try await Routes.build(services: app)
            let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await application.test(.live) { client in
                try await body(app, "http://127.0.0.1:\(client.port!)")
            }
        }
    }

    static func signIn(_ tab: Chromium.Tab, base: String, _ username: String) async throws {
        try await tab.go("\(base)/signin")
        _ = try await tab.evaluate("""
            document.querySelector('[name=username]').value = '\(username)';
            document.querySelector('[name=password]').value = 'password-123'; true
            """)
        try await tab.clickAndWait("form button")
    }

    @Test("A student signs in on a phone, sees what to do, checks in, and sees it done")
    func studentOnPhone() async throws {
        try await Self.live { _, base in
            let browser = try Chromium(width: 360, height: 740)
            defer { browser.stop() }
            let tab = try await browser.open("about:blank")
            try await Self.signIn(tab, base: base, "2021000002")
            #expect(try await tab.text("location.pathname") == "/checkin")
            #expect(try await tab.text("document.querySelector('.status').textContent").contains("尚未打卡，截止 10:00"))
            let fits = try await tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth") as? Bool
            #expect(fits == true, "no horizontal scrolling at 360 px")
            let buttonHeight = try await tab.evaluate("document.querySelector('#submit').getBoundingClientRect().height") as? Double ?? 0
            #expect(buttonHeight >= 44, "the submit button is a thumb-sized target")
            _ = try await tab.evaluate("document.querySelector('#temperature').value = '36.6'; true")
            try await tab.clickAndWait("#submit")
            #expect(try await tab.text("document.querySelector('.status').textContent").contains("今日已打卡 08:30"))
            #expect(try await tab.text("document.querySelector('ul.history').textContent").contains("36.6℃"))
        }
    }

    @Test("A student asks for leave on a phone: the page fits, the button is thumb-sized, and the request shows as waiting")
    func leaveOnPhone() async throws {
        try await Self.live { _, base in
            let browser = try Chromium(width: 360, height: 740)
            defer { browser.stop() }
            let tab = try await browser.open("about:blank")
            try await Self.signIn(tab, base: base, "2021000001")
            try await tab.go("\(base)/leave")
            let fits = try await tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth") as? Bool
            #expect(fits == true, "no horizontal scrolling at 360 px")
            let buttonHeight = try await tab.evaluate("document.querySelector('#leave-submit').getBoundingClientRect().height") as? Double ?? 0
            #expect(buttonHeight >= 44)
            _ = try await tab.evaluate("""
                document.querySelector('#from').value = '2026-11-27T13:00';
                document.querySelector('#to').value = '2026-11-27T17:30';
                document.querySelector('#reason').value = '看牙医';
                document.querySelector('#destination').value = '市口腔医院'; true
                """)
            try await tab.clickAndWait("#leave-submit")
            let text = try await tab.text("document.querySelector('section.leave').textContent")
            #expect(text.contains("待审批") && text.contains("市口腔医院"), "\(text)")
        }
    }

    @Test("The counsellor's dashboard refreshes itself when a student checks in")
    func liveDashboard() async throws {
        try await Self.live { app, base in
            let browser = try Chromium(width: 1280, height: 900)
            defer { browser.stop() }
            let tab = try await browser.open("about:blank")
            try await Self.signIn(tab, base: base, "T001")
            #expect(try await tab.text("location.pathname") == "/dashboard")
            #expect(try await tab.text("document.querySelector('.tile strong').textContent") == "0 / 3")
            #expect(try await tab.text("document.querySelector('table.missing').textContent").contains("2021000002"))
            let actor = Actor(school: app.school, accountID: "2021000002", username: "2021000002", displayName: "甲二", kind: .student,
                              roles: [.student], scope: Scope(students: ["2021000002"]))
            _ = try await app.checkIns.submit(.init(studentNo: "2021000002", temperature: 36.5), by: actor)
            _ = try await tab.evaluate("document.dispatchEvent(new Event('shouhu:refresh')); true")
            try await tab.waitUntil("document.querySelector('.tile strong').textContent === '1 / 3'")
            #expect(!(try await tab.text("document.querySelector('table.missing').textContent").contains("2021000002")))
        }
    }

    @Test("A sampler fills a tube on a phone: scan the tube, then students; the fill shows, a second swab of one student is refused, a full tube asks for a new one; the student sees their slot")
    func samplingOnPhone() async throws {
        try await Self.live { app, base in
            let plan = try await app.testing.createCampaign(
                CampaignDraft(name: "信息学院定向检测", day: "2026-11-27", kind: "targeted", poolSize: 3,
                              students: ["2021000001", "2021000002", "2021000003"]), by: app.systemActor)
            let browser = try Chromium(width: 360, height: 740)
            defer { browser.stop() }
            let tab = try await browser.open("about:blank")
            try await Self.signIn(tab, base: base, "T001")
            try await tab.go("\(base)/testing/\(plan.campaign.id)/sample")
            let fits = try await tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth") as? Bool
            #expect(fits == true, "no horizontal scrolling at 360 px")
            let buttonHeight = try await tab.evaluate("document.querySelector('form.sample button').getBoundingClientRect().height") as? Double ?? 0
            #expect(buttonHeight >= 44)
            #expect(try await tab.text("document.activeElement.id") == "tubeCode", "a new tube is scanned first")
            func scan(_ tube: String?, _ student: String) async throws {
                if let tube { _ = try await tab.evaluate("document.querySelector('#tubeCode').value = '\(tube)'; true") }
                _ = try await tab.evaluate("document.querySelector('#studentNo').value = '\(student)'; true")
                try await tab.clickAndWait("form.sample button")
            }
            try await scan("TB-01", "2021000001")
            #expect(try await tab.text("document.querySelector('.tube .fill').textContent") == "1/3")
            #expect(try await tab.text("document.activeElement.id") == "studentNo", "with a tube in hand the next scan is a student")
            try await scan(nil, "2021000001")
            #expect(try await tab.text("document.querySelector('p.error').textContent").contains("已采样"))
            try await scan(nil, "2021000002")
            try await scan(nil, "2021000003")
            #expect(try await tab.text("document.querySelector('p.ok').textContent").contains("TB-01 #3 ✓"))
            #expect(try await tab.text("document.querySelector('#tubeCode').value") == "", "the full tube is sealed: the form asks for a new one")

            try await tab.clickAndWait("header form button")  // sign out
            try await Self.signIn(tab, base: base, "2021000001")
            try await tab.go("\(base)/testing/mine")
            let card = try await tab.text("document.querySelector('main').textContent")
            #expect(card.contains("信息学院定向检测") && card.contains("1号楼 楼下采样点") && card.contains("已采样"), "\(card)")
        }
    }
}
