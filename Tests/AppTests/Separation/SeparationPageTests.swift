import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// The separation pages: the editor prefilled from the grid, a plan made from its tables (a bad row said next to it,
/// nothing stored), the plan's timetables, chart and verdict, publishing, the student's phone sentence, adherence.
@Suite("Separation: pages")
struct SeparationPageTests {
    typealias P = CheckInPagesTests

    /// The editor's tables as a form: the fixture's buildings, a canteen, four paths, a lunch for each building.
    static func editorForm(csrf: String, lunchTo: String = "13:30") -> String {
        let fields: [(String, String)] = [
            ("_csrf", csrf), ("name", "11月27日"), ("slot", "5"),
            ("gc[]", "1号楼"), ("gh[]", "1号楼"), ("gs[]", "4"), ("gc[]", "6号楼"), ("gh[]", "6号楼"), ("gs[]", "3"), ("gc[]", ""), ("gh[]", ""), ("gs[]", ""),
            ("fc[]", "canteen-1"), ("fname[]", "一食堂"), ("fk[]", "canteen_pickup"), ("fnode[]", "食堂"), ("fb[]", "5"),
            ("ea[]", "1号楼"), ("eb[]", "西路口"), ("em[]", "3"), ("ea[]", "6号楼"), ("eb[]", "西路口"), ("em[]", "2"),
            ("ea[]", "西路口"), ("eb[]", "食堂"), ("em[]", "2"), ("ea[]", ""), ("eb[]", ""), ("em[]", ""),
            ("dg[]", "1号楼"), ("dk[]", "canteen_pickup"), ("dm[]", "15"), ("dfrom[]", "11:00"), ("dto[]", lunchTo), ("dpref[]", "11:30"),
            ("dg[]", "6号楼"), ("dk[]", "canteen_pickup"), ("dm[]", "15"), ("dfrom[]", "11:00"), ("dto[]", "13:30"), ("dpref[]", "11:30"),
        ]
        return fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
    }

    @Test("The office plans from the editor's tables, sees each building's timetable, the chart and the verdict, publishes; the student reads one sentence a visit on the phone; a window shorter than its visit is said on its row and nothing is stored",
          arguments: TestEngine.available)
    func throughThePages(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            let (cookie, csrf) = try await P.signIn(h, "T006")
            let editor = try await PagesTests.page(h, "/separation", cookie: cookie)
            #expect(editor.status == .ok)
            #expect(editor.text.contains(#"name="gc[]" value="1号楼""#) && editor.text.contains(#"name="gc[]" value="6号楼""#), "buildings from the grid")
            #expect(editor.text.contains("还没有分时方案"))

            let bad = try await P.post(h, "/separation/plans", cookie: cookie, form: Self.editorForm(csrf: csrf, lunchTo: "11:10"))
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("时间窗短于停留时长"), "said on its row")
            #expect(!bad.text.contains("window is shorter"), "Chinese only")
            #expect(bad.text.contains(#"value="11:10""#), "what was typed comes back")
            #expect(try await h.planIds(token: admin).isEmpty)

            let made = try await P.post(h, "/separation/plans", cookie: cookie, form: Self.editorForm(csrf: csrf))
            #expect(made.status == .seeOther, "\(made.text.prefix(500))")
            let location = try #require(made.headers[.location])
            let page = try await PagesTests.page(h, location, cookie: cookie).text
            #expect(page.contains("<svg") && page.contains("<rect"), "the time-space chart")
            #expect(page.contains("已验证：无时空交叉"))
            #expect(page.contains("1号楼 → 西路口 → 食堂") && page.contains("<h3>6号楼</h3>"))
            let published = try await P.post(h, location + "/publish", cookie: cookie, form: "_csrf=\(csrf)&date=2026-11-27")
            #expect(published.status == .seeOther)
            #expect(try await PagesTests.page(h, location, cookie: cookie).text.contains("已发布为这一天的分时安排"))
            #expect(try await PagesTests.page(h, location + "/adherence?date=2026-11-26", cookie: cookie).status == .ok)

            // A new draft by floor: each floor with active students is a group living at its building's node.
            let floors = try await PagesTests.page(h, "/separation?draft=floors", cookie: cookie).text
            for floor in ["1号楼/1", "1号楼/2", "6号楼/3"] { #expect(floors.contains(#"name="gc[]" value="\#(floor)""#), "\(floor)") }
            #expect(floors.contains(#"name="gh[]" value="1号楼""#) && !floors.contains(#"name="gc[]" value="1号楼""#))
            #expect(try await PagesTests.page(h, "/separation", cookie: cookie).text.contains(#"name="gc[]" value="1号楼""#),
                    "without a draft asked for, the editor starts from the newest plan")

            let (student, _) = try await P.signIn(h, "2021000001")
            let mine = try await PagesTests.page(h, "/separation/mine", cookie: student).text
            let sentence = try #require(mine.firstMatch(of: /今天 \d\d:\d\d–\d\d:\d\d 一食堂取餐，路线：1号楼 → 西路口 → 食堂/))
            #expect(!sentence.output.isEmpty)
            #expect(!mine.contains("6号楼"), "only their own building")
            #expect(try await PagesTests.page(h, location, cookie: student).status == .forbidden)
        }
    }
}
