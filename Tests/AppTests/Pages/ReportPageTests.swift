import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// The daily report page as a building leader reads it: the tiles count the units they answer for, and the button
/// says what pressing it does.
@Suite("Pages: the daily report for a building leader")
struct ReportPageTests {
    typealias P = CheckInPagesTests

    /// The text of the tile labelled `label` (its `<strong>`), tags removed.
    static func tile(_ html: String, _ label: String) -> String? {
        guard let start = html.range(of: #"<span class="label">\#(label)</span>"#),
              let open = html.range(of: "<strong", range: start.upperBound..<html.endIndex),
              let close = html.range(of: "</strong>", range: open.upperBound..<html.endIndex) else { return nil }
        let inner = html[open.upperBound..<close.lowerBound]
        return inner.replacingOccurrences(of: #"<[^>]*>"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: ">", with: "").trimmingCharacters(in: .whitespaces)
    }

    @Test("A building leader's tiles count their building (not 0 / 0), and the button reads 确认上报 until the report is sent, 重新上报 after",
          arguments: TestEngine.available)
    func buildingLeader(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let student = try await h.tokenFor("2021000001")
            #expect(try await h.post("/api/v1/checkins", token: student, body: CheckInsTests.body("2021000001")).status == .created)
            let (cookie, csrf) = try await P.signIn(h, "T003")
            let before = try await PagesTests.page(h, "/reports/daily", cookie: cookie)
            #expect(before.status == .ok)
            #expect(Self.tile(before.text, "已打卡") == "1 / 3", "1号楼 has three enrolled students, one checked in: \(Self.tile(before.text, "已打卡") ?? "-")")
            #expect(before.text.contains("确认上报") && !before.text.contains("重新上报"), "nothing was sent yet")
            let form = "_csrf=\(csrf)&date=2026-11-27&level=building&unit=1%E5%8F%B7%E6%A5%BC&expected=3&reported=1&abnormal=0&openCases=0&zero=yes"
            #expect(try await P.post(h, "/reports/daily", cookie: cookie, form: form).status == .seeOther)
            let after = try await PagesTests.page(h, "/reports/daily?date=2026-11-27", cookie: cookie)
            #expect(after.text.contains("重新上报"), "the report was sent once")
            #expect(Self.tile(after.text, "已报告单位") == "1 / 1")
        }
    }
}
