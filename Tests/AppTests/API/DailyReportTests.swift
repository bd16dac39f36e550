import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Tabular
import Testing

/// The daily report and zero report (C4): attested per unit, refused when it contradicts the data, compiled and exported.
@Suite("Daily report and zero report")
struct DailyReportTests {
    static func attest(_ h: AppHarness, token: String, level: String, unit: String, expected: Int, reported: Int, abnormal: Int,
                       openCases: Int, zero: Bool, note: String = "") async throws -> TestResponse {
        try await h.post("/api/v1/reports/daily", token: token, body: """
            {"date":"2026-11-27","level":"\(level)","unit":"\(unit)","expected":\(expected),"reported":\(reported),"abnormal":\(abnormal),"openCases":\(openCases),"zero":\(zero),"note":"\(note)"}
            """)
    }

    static func line(_ report: [String: Any], _ unit: String) -> [String: Any]? {
        (report["units"] as? [[String: Any]])?.first { $0["unit"] as? String == unit }
    }

    @Test("A zero day is attested only as an explicit zero report with the data's figures; contradictions are refused with the reason", arguments: TestEngine.available)
    func zeroReport(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            _ = try await h.post("/api/v1/checkins", token: try await h.tokenFor("2021000005"), body: CheckInsTests.body("2021000005"))
            let secretary = try await h.tokenFor("T004")
            let college = "机电工程学院"
            let before = try await h.get("/api/v1/reports/daily?date=2026-11-27", token: secretary).json()
            let prefilled = try #require(Self.line(before, college))
            #expect(prefilled["expected"] as? Int == 2 && prefilled["reported"] as? Int == 1 && prefilled["missing"] as? Int == 1)
            #expect(prefilled["state"] as? String == "pending")
            #expect((before["units"] as? [Any])?.count == 1, "a secretary sees her own college only")
            let notExplicit = try await Self.attest(h, token: secretary, level: "college", unit: college, expected: 2, reported: 1, abnormal: 0, openCases: 0, zero: false)
            #expect(notExplicit.status == .unprocessableContent)
            #expect(try notExplicit.problemErrors().compactMap { $0["field"] as? String } == ["zero"])
            let wrong = try await Self.attest(h, token: secretary, level: "college", unit: college, expected: 2, reported: 2, abnormal: 0, openCases: 0, zero: true)
            #expect(wrong.status == .unprocessableContent)
            let reason = try wrong.problemErrors().first
            #expect(reason?["field"] as? String == "reported")
            #expect((reason?["message"] as? String)?.contains("报告为 2，系统记录为 1") == true)
            let still = try await h.get("/api/v1/reports/daily?date=2026-11-27", token: secretary).json()
            #expect(Self.line(still, college)?["state"] as? String == "pending", "a refused report stores nothing")
            let ok = try await Self.attest(h, token: secretary, level: "college", unit: college, expected: 2, reported: 1, abnormal: 0, openCases: 0, zero: true)
            #expect(ok.status == .created)
            #expect(try ok.json()["zero"] as? Bool == true)
            #expect(try ok.json()["late"] as? Bool == false)
            let after = try await h.get("/api/v1/reports/daily?date=2026-11-27", token: secretary).json()
            #expect(Self.line(after, college)?["state"] as? String == "submitted")
            #expect(Self.line(after, college)?["attestedBy"] as? String == "赵书记")
        }
    }

    @Test("A unit with an abnormal student cannot report zero; only its responsible staff attest; leaders see every unit and the late ones", arguments: TestEngine.available)
    func nonZeroAndScope(engine: TestEngine) async throws {
        let clock = FixedClock(CheckInsTests.morning)
        try await AppHarness.run(engine, clock: clock) { h in
            try await h.importFixtureCollege()
            _ = try await h.post("/api/v1/checkins", token: try await h.tokenFor("2021000002"), body: CheckInsTests.body("2021000002", temperature: "38.0"))
            let leader = try await h.tokenFor("T003")
            let zero = try await Self.attest(h, token: leader, level: "building", unit: "1号楼", expected: 3, reported: 1, abnormal: 0, openCases: 0, zero: true)
            #expect(zero.status == .unprocessableContent)
            #expect(Set(try zero.problemErrors().compactMap { $0["field"] as? String }) == ["abnormal", "openCases", "zero"])
            let counsellor = try await h.tokenFor("T001")
            #expect(try await Self.attest(h, token: counsellor, level: "building", unit: "1号楼", expected: 3, reported: 1, abnormal: 1, openCases: 1, zero: false).status == .forbidden)
            #expect(try await Self.attest(h, token: leader, level: "building", unit: "6号楼", expected: 2, reported: 0, abnormal: 0, openCases: 0, zero: true).status == .forbidden,
                    "another building's report")
            #expect(try await h.get("/api/v1/reports/daily", token: counsellor).status == .forbidden)
            clock.advance(by: 10 * 3600)   // 18:30, after the deadline
            let leaderAgain = try await h.tokenFor("T003", password: "password-456")
            let late = try await Self.attest(h, token: leaderAgain, level: "building", unit: "1号楼", expected: 3, reported: 1, abnormal: 1, openCases: 1, zero: false)
            #expect(late.status == .created)
            #expect(try late.json()["late"] as? Bool == true)
            let admin = try await h.adminToken()
            let school = try await h.get("/api/v1/reports/daily?date=2026-11-27", token: admin).json()
            #expect((school["units"] as? [[String: Any]])?.map { "\($0["unit"]!):\($0["state"]!)" }.sorted()
                    == ["1号楼:submitted", "6号楼:overdue", "信息工程学院:overdue", "机电工程学院:overdue"])
            #expect(school["expected"] as? Int == 5 && school["abnormal"] as? Int == 1 && school["openCases"] as? Int == 1)
        }
    }

    @Test("The school's report exports to XLSX and to CSV with a BOM, formula-like notes neutralised", arguments: TestEngine.available)
    func export(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let secretary = try await h.tokenFor("T004")
            #expect(try await Self.attest(h, token: secretary, level: "college", unit: "机电工程学院", expected: 2, reported: 0, abnormal: 0,
                                          openCases: 0, zero: true, note: "=HYPERLINK(1)").status == .created)
            let admin = try await h.adminToken()
            let xlsx = try await h.get("/reports/daily/export?date=2026-11-27&format=xlsx", token: admin)
            #expect(xlsx.status == .ok)
            #expect(xlsx.headers[.contentDisposition]?.contains("daily-report-2026-11-27.xlsx") == true)
            let rows = try XLSXReader.rows(from: Data(buffer: xlsx.body))
            #expect(rows.first == ["层级", "单位", "应报人数", "已报人数", "未报人数", "异常人数", "未结个案", "零报告", "状态", "报告人", "报告时间", "迟报", "说明"])
            let college = try #require(rows.first { $0.count > 1 && $0[1] == "机电工程学院" })
            #expect(Array(college.prefix(9)) == ["学院", "机电工程学院", "2", "0", "2", "0", "0", "是", "已报告"])
            #expect(college.last == "'=HYPERLINK(1)")
            #expect(rows.last?.prefix(3) == ["全校", "合计（按学院）", "5"])
            let csv = try await h.get("/reports/daily/export?date=2026-11-27&format=csv", token: admin)
            #expect(Array(Data(buffer: csv.body).prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(try CSVReader.rows(from: Data(buffer: csv.body)) == rows.map { row in row + Array(repeating: "", count: max(0, 13 - row.count)) })
            let student = try await h.tokenFor("2021000001")
            #expect(try await h.get("/reports/daily/export?date=2026-11-27", token: student).status == .forbidden)
        }
    }
}
