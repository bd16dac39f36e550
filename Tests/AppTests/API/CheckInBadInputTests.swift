import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// Bad input to the completeness, history, case, notification and report routes: a clear 4xx naming the field, and
/// nothing stored changes.
@Suite("Bad input to the check-in, case and report routes")
struct CheckInBadInputTests {
    static func fields(_ r: TestResponse) throws -> [String] { try r.problemErrors().compactMap { $0["field"] as? String } }

    @Test("Reads refuse bad dates, levels, limits and days naming the parameter", arguments: TestEngine.available)
    func reads(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let admin = try await h.adminToken()
            for (uri, status, field) in [
                ("/api/v1/checkins/completeness?date=2026-13-01", 422, "date"),
                ("/api/v1/checkins/completeness?date=yesterday", 422, "date"),
                ("/api/v1/checkins/missing?date=2026-02-30", 422, "date"),
                ("/api/v1/checkins/missing?limit=0", 422, "limit"),
                ("/api/v1/students/2021000001/checkins?days=0", 422, "days"),
                ("/api/v1/students/2021000001/checkins?days=61", 422, "days"),
                ("/api/v1/reports/daily?date=20261127", 422, "date"),
                ("/api/v1/cases?limit=1001", 422, "limit"),
            ] {
                let r = try await h.get(uri, token: admin)
                #expect(r.status.code == status, "\(uri) → \(r.status)")
                #expect(r.headers[.contentType] == "application/problem+json")
                #expect(try Self.fields(r) == [field], "\(uri): \(r.text)")
            }
            for (uri, name) in [("/api/v1/checkins/completeness?groupBy=planet", "groupBy"), ("/api/v1/cases?status=gone", "status"),
                                ("/api/v1/checkins/signals?days=many", "days")] {
                let r = try await h.get(uri, token: admin)
                #expect(r.status == .badRequest, "\(uri)")
                #expect((try r.json()["detail"] as? String)?.contains(name) == true, "\(uri): \(r.text)")
            }
        }
    }

    @Test("Case reports, notes and notifications refuse bad input and store nothing", arguments: TestEngine.available)
    func caseWrites(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let counsellor = try await h.tokenFor("T001")
            let empty = try await h.post("/api/v1/cases", token: counsellor, body: #"{"studentNo":"2021000001","summary":"  "}"#)
            #expect(empty.status == .unprocessableContent)
            #expect(try Self.fields(empty) == ["summary"])
            let long = try await h.post("/api/v1/cases", token: counsellor,
                                        body: #"{"studentNo":"2021000001","summary":"\#(String(repeating: "很", count: 501))"}"#)
            #expect(long.status == .unprocessableContent)
            #expect(try await h.post("/api/v1/cases", token: counsellor, body: #"{"studentNo":"2099999999","summary":"发热"}"#).status == .notFound)
            #expect(try await h.post("/api/v1/cases", token: counsellor, body: #"{"studentNo":"2021000001"}"#).status == .badRequest)
            #expect(try await h.post("/api/v1/cases", token: counsellor, body: #"{"studentNo":"2021000001","summary":"#).status == .badRequest)
            #expect(try await h.get("/api/v1/cases", token: counsellor).studentNumbers().isEmpty, "no case was opened")
            let opened = try await h.post("/api/v1/cases", token: counsellor, body: #"{"studentNo":"2021000001","summary":"宿舍反映咳嗽"}"#)
            #expect(opened.status == .created)
            let id = try #require(try opened.json()["id"] as? String)
            let before = try await h.get("/api/v1/cases/\(id)", token: counsellor).text
            let note = try await h.post("/api/v1/cases/\(id)/notes", token: counsellor, body: #"{"note":""}"#)
            #expect(note.status == .unprocessableContent)
            #expect(try Self.fields(note) == ["note"])
            #expect(try await h.post("/api/v1/cases/\(id)/notes", token: counsellor, body: #"{"text":"x"}"#).status == .badRequest)
            #expect(try await h.post("/api/v1/cases/no-such-case/notes", token: counsellor, body: #"{"note":"x"}"#).status == .notFound)
            #expect(try await h.get("/api/v1/cases/\(id)", token: counsellor).text == before, "the timeline did not change")
            #expect(try await h.post("/api/v1/notifications/no-such-id/read", token: counsellor, body: "").status == .notFound)
        }
    }

    @Test("A report for a bad or future date, a bad level or an over-long note is refused and nothing is stored", arguments: TestEngine.available)
    func reportWrites(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let leader = try await h.tokenFor("T003")
            func attest(_ date: String, level: String = "building", note: String = "") async throws -> TestResponse {
                try await h.post("/api/v1/reports/daily", token: leader, body: """
                    {"date":"\(date)","level":"\(level)","unit":"1号楼","expected":3,"reported":0,"abnormal":0,"openCases":0,"zero":true,"note":"\(note)"}
                    """)
            }
            for (response, field) in [(try await attest("2026-11-31"), "date"), (try await attest("2026-11-28"), "date"),
                                      (try await attest("2026-11-27", note: String(repeating: "长", count: 501)), "note")] {
                #expect(response.status == .unprocessableContent, "\(response.text)")
                #expect(try Self.fields(response) == [field])
            }
            #expect(try await attest("2026-11-27", level: "floor").status == .badRequest)
            let report = try await h.get("/api/v1/reports/daily?date=2026-11-27", token: leader).json()
            #expect(DailyReportTests.line(report, "1号楼")?["state"] as? String == "pending", "nothing was stored")
            #expect(try await attest("2026-11-27").status == .created, "the same report with good values is taken")
        }
    }
}
