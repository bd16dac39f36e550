import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// The leadership dashboard (`/overview`) against the API and the pages it summarises, on three days of the fixture
/// college (five active students: 001, 002, 003, 005, 006).
@Suite("Pages: the school overview")
struct OverviewPageTests {
    typealias P = CheckInPagesTests

    /// Three days ending today (2026-11-27): 001 and 002 (abnormal, opens a case) the day before yesterday; 001, 003
    /// and 005 yesterday; 001, 002 and 005 (abnormal, opens a case) today, and a full testing campaign today with two swabs.
    static func seedThreeDays(_ h: AppHarness, clock: FixedClock) async throws {
        try await h.importFixtureCollege()
        let days: [[(String, String)]] = [
            [("2021000001", "36.5"), ("2021000002", "38.5")],
            [("2021000001", "36.5"), ("2021000003", "36.6"), ("2021000005", "36.4")],
            [("2021000001", "36.5"), ("2021000002", "36.7"), ("2021000005", "38.6")],
        ]
        for (i, day) in days.enumerated() {
            if i > 0 { clock.advance(by: 86_400) }
            for (student, temperature) in day {
                let token = try await h.tokenFor(student)
                let r = try await h.post("/api/v1/checkins", token: token, body: CheckInsTests.body(student, temperature: temperature))
                #expect(r.status == .created, "\(student) on day \(i): \(r.status) \(r.text)")
            }
        }
        let admin = try await h.adminToken()
        let campaign = try await h.fullCampaign(token: admin)
        try await h.fill(campaign, "TUBE-OV", ["2021000001", "2021000002"], token: admin)
    }

    static func start() -> FixedClock { FixedClock(CheckInsTests.morning.addingTimeInterval(-2 * 86_400)) }

    // MARK: - Reading the page

    /// The rows of the `index`th table whose opening tag contains `marker`, each row its cells' text without tags.
    static func rows(_ html: String, _ marker: String, index: Int = 0) -> [[String]] {
        let tables = html.components(separatedBy: "<table").dropFirst().filter { $0.prefix { $0 != ">" }.contains(marker) }
        guard index < tables.count, let body = tables[index].components(separatedBy: "</table>")[0].components(separatedBy: "<tbody>").dropFirst().first
        else { return [] }
        return body.components(separatedBy: "<tr").dropFirst().map { row in
            row.components(separatedBy: "<td").dropFirst().map { cell in
                String(cell.drop { $0 != ">" }.dropFirst()).components(separatedBy: "</td>")[0]
                    .replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
                    .split(separator: " ").joined(separator: " ")
            }
        }
    }

    /// The first whole number in `text`.
    static func number(_ text: String) -> Int? {
        text.split { !$0.isNumber }.first.flatMap { Int($0) }
    }

    /// The text right after `data-figure="name">`.
    static func figure(_ html: String, _ name: String) -> String? {
        html.components(separatedBy: #"data-figure="\#(name)">"#).dropFirst().first.map { String($0.prefix { $0 != "<" }) }
    }

    // MARK: - Tests

    @Test("The page and GET /api/v1/overview show the same numbers; the page's head count and check-ins are /dashboard's and /reports/daily's",
          arguments: TestEngine.available)
    func pageEqualsAPI(engine: TestEngine) async throws {
        let clock = Self.start()
        try await AppHarness.run(engine, clock: clock) { h in
            try await Self.seedThreeDays(h, clock: clock)
            let api = try await h.get("/api/v1/overview", token: try await h.adminToken())
            #expect(api.status == .ok)
            let json = try api.json()
            #expect(json["date"] as? String == "2026-11-27")
            #expect(OverviewAPITests.ints(json, ["expected", "reported", "percent", "abnormal", "openCases", "overdueLeaves", "pendingLeaves"]) == [5, 3, 60, 1, 2, 0, 0])
            let testing = try #require(json["testing"] as? [String: Any])
            #expect(OverviewAPITests.ints(testing, ["expected", "tested", "percent"]) == [5, 2, 40])
            let trend = json["trend"] as? [[String: Any]] ?? []
            #expect(trend.count == 14 && trend.first?["date"] as? String == "2026-11-14" && trend.last?["date"] as? String == "2026-11-27")
            #expect(trend.suffix(3).map { OverviewAPITests.ints($0, ["expected", "reported", "percent", "abnormal", "casesOpened", "samples"]) }
                    == [[5, 2, 40, 1, 1, 0], [5, 3, 60, 0, 0, 0], [5, 3, 60, 1, 1, 2]])

            let (cookie, _) = try await P.signIn(h, "admin")
            let page = try await PagesTests.page(h, "/overview", cookie: cookie)
            #expect(page.status == .ok)
            let html = page.text
            #expect(HeadCountTests.headCounts(html) == [5])
            #expect(ReportPageTests.tile(html, "已打卡 / 应打卡") == "3 / 5")
            #expect(Self.figure(html, "percent") == "60%" && Self.figure(html, "abnormal") == "1" && Self.figure(html, "openCases") == "2")
            #expect(Self.figure(html, "testing") == "2 / 5")
            // The trend tables: the same numbers, day by day.
            #expect(Self.rows(html, "trend", index: 0).map { $0.dropFirst().compactMap(Self.number) }
                    == trend.map { OverviewAPITests.ints($0, ["expected", "reported", "percent"]) })
            #expect(Self.rows(html, "trend", index: 1).map { $0.dropFirst().compactMap(Self.number) }
                    == trend.map { OverviewAPITests.ints($0, ["abnormal", "casesOpened"]) })
            #expect(Self.rows(html, "trend", index: 2).map { $0.dropFirst().compactMap(Self.number) } == trend.map { OverviewAPITests.ints($0, ["samples"]) })
            // The unit tables: the same units in the same order with the same figures.
            for level in ["campuses", "buildings", "colleges"] {
                let units = json[level] as? [[String: Any]] ?? []
                let marker = #"data-level="\#(level == "campuses" ? "campus" : String(level.dropLast()))""#
                let shown = Self.rows(html, marker).map { row in [row[0]] + row.dropFirst().map { Self.number($0).map(String.init) ?? "?" } }
                let expected = units.map { u in
                    [(u["unit"] as? String).map { $0.isEmpty ? "未分配" : $0 } ?? "?"]
                        + OverviewAPITests.ints(u, ["expected", "reported", "missing", "percent", "abnormal", "openCases"]).map(String.init)
                }
                #expect(shown == expected, "\(level)")
                #expect(!units.isEmpty)
            }
            #expect((json["buildings"] as? [[String: Any]])?.map { $0["unit"] as? String ?? "" } == ["6号楼", "1号楼"], "1 of 2 before 2 of 3")

            // One head count: the administrator's dashboard and daily report count the same students and check-ins.
            let dashboard = try await PagesTests.page(h, "/dashboard", cookie: cookie).text
            #expect(HeadCountTests.headCounts(dashboard) == [5] && ReportPageTests.tile(dashboard, "已打卡") == "3 / 5")
            let report = try await PagesTests.page(h, "/reports/daily", cookie: cookie).text
            #expect(HeadCountTests.headCounts(report) == [5] && ReportPageTests.tile(report, "已打卡") == "3 / 5")
            #expect(ReportPageTests.tile(report, "未结个案") == "2")

            // An earlier day: its own check-ins, the trend ending there.
            let earlier = try await h.get("/api/v1/overview?date=2026-11-26", token: try await h.adminToken()).json()
            #expect(OverviewAPITests.ints(earlier, ["expected", "reported", "abnormal"]) == [5, 3, 0])
            #expect((earlier["trend"] as? [[String: Any]])?.last?["date"] as? String == "2026-11-26")
            let earlierPage = try await PagesTests.page(h, "/overview?date=2026-11-26", cookie: cookie).text
            #expect(ReportPageTests.tile(earlierPage, "已打卡 / 应打卡") == "3 / 5")
        }
    }

    @Test("A counsellor, a building leader and a student are refused the page and the API (403), with no figure shown; signed out, the API answers 401 and the page asks to sign in; the menu offers it only to those it admits")
    func refused() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            for username in ["T001", "T003", "2021000001"] {
                let (cookie, _) = try await P.signIn(h, username)
                let page = try await PagesTests.page(h, "/overview", cookie: cookie)
                #expect(page.status == .forbidden, "\(username): \(page.status)")
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true && !page.text.contains("data-headcount"))
                #expect(!MenuTests.menuLinks(page.text).contains("/overview"))
                let api = try await h.get("/api/v1/overview", token: try await h.tokenFor(username))
                #expect(api.status == .forbidden, "\(username): \(api.status)")
                #expect(api.headers[.contentType] == "application/problem+json")
            }
            #expect(try await h.get("/api/v1/overview", token: nil).status == .unauthorized)
            let signedOut = try await PagesTests.page(h, "/overview", cookie: nil)
            #expect(signedOut.status == .seeOther && signedOut.headers[.location]?.hasPrefix("/signin") == true)
            let noScope = try await h.integrationToken("闸机", scopes: ["access:decide"])
            #expect(try await h.get("/api/v1/overview", token: noScope).status == .forbidden)
        }
    }

    @Test("A leader of student affairs, the administrator and a read:all token are admitted; the menu's daily section offers the overview after the daily report")
    func admitted() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let staff = try await h.post("/api/v1/roster/staff", token: try await h.adminToken(), body: MenuTests.moreStaff, contentType: "text/csv")
            try #require(staff.status == .ok)
            for username in ["T005", "admin"] {
                let (cookie, _) = try await P.signIn(h, username)
                let page = try await PagesTests.page(h, "/overview", cookie: cookie)
                #expect(page.status == .ok, "\(username)")
                let links = MenuTests.menuLinks(page.text)
                #expect(page.text.contains(#"<a href="/overview" aria-current="page">"#))
                if let report = links.firstIndex(of: "/reports/daily"), let overview = links.firstIndex(of: "/overview") {
                    #expect(overview == report + 1)
                } else {
                    Issue.record("\(username)'s menu: \(links)")
                }
            }
            let leader = try await h.tokenFor("T005")
            #expect(try await h.get("/api/v1/overview", token: leader).status == .ok)
            let reader = try await h.integrationToken("大屏", scopes: ["read:all"])
            #expect(try await h.get("/api/v1/overview", token: reader).status == .ok)
        }
    }

    @Test("The page is Chinese by default and English with the language switch, with no catalog key showing; each chart is an image with a title, dates on its axis and a table of its numbers right below")
    func wordsAndCharts() async throws {
        let clock = Self.start()
        try await AppHarness.run(.sqlite, clock: clock) { h in
            try await Self.seedThreeDays(h, clock: clock)
            let (cookie, _) = try await P.signIn(h, "admin")
            let zh = try await PagesTests.page(h, "/overview", cookie: cookie).text
            #expect(zh.contains(#"<html lang="zh-CN">"#) && zh.contains("<h1>全校概览</h1>") && zh.contains("按楼栋") && zh.contains("近 14 天趋势"))
            let en = try await PagesTests.page(h, "/overview?lang=en", cookie: cookie).text
            #expect(en.contains(#"<html lang="en">"#) && en.contains("<h1>School overview</h1>") && en.contains("By building"))
            #expect(en.contains("2026-11-27") && zh.contains("11月27日"), "dates as each language writes them")
            for html in [zh, en] {
                #expect(!html.contains("overview_") && !html.contains("nav_overview") && !html.contains("{{"), "a catalog key or a tag shows")
                let charts = html.components(separatedBy: "<svg").dropFirst()
                #expect(charts.count == 3)
                for chart in charts {
                    let svg = chart.components(separatedBy: "</svg>")[0]
                    #expect(svg.contains(#"role="img""#) && svg.contains("viewBox=") && svg.contains("<title id="))
                    #expect(!svg.contains("style="), "the stylesheet colours the charts: no inline style under the page's CSP")
                    let after = chart.components(separatedBy: "</svg>")[1].trimmingCharacters(in: .whitespacesAndNewlines)
                    #expect(after.hasPrefix(#"<table class="trend">"#), "a table follows the chart")
                }
            }
            #expect(zh.contains(">11月27日</text>") && zh.contains(">11月24日</text>"), "the axis names the newest day and every third before it")
            #expect(Self.rows(zh, "trend").count == 14 && Self.rows(zh, "trend").last?.first == "11月27日")
        }
    }
}
