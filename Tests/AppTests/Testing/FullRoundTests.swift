import App
import CampusKit
import DemoCollege
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// The issue's "done when": a full round on the demo college, end to end, through pages and the API — plan and slots,
/// every active student scanned into pooled tubes, the lab's CSV with one positive tube, the retest campaign sampled on
/// the sampling page and resolved through the results page, coverage at 100 %.
@Suite("Mass testing: a full round on the demo college, end to end")
struct FullRoundTests {
    typealias P = CheckInPagesTests

    @Test("Plan, 7,000+ scans into pooled tubes, lab CSV with one positive tube, retest on the pages, coverage 100 %", arguments: TestEngine.available)
    func fullRound(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            let tables = DemoCollegeGenerator.generate(DemoCollegeSpec())
            _ = try await h.app.roster.importStaff(tables.staff, dryRun: false, by: h.app.systemActor)
            _ = try await h.app.roster.importStudents(tables.students, dryRun: false, by: h.app.systemActor)
            let admin = try await h.adminToken()
            let (adminCookie, csrf) = try await P.signIn(h, "admin")

            // Plan on the page: a full campaign of the whole school.
            let planned = try await P.post(h, "/testing/campaigns", cookie: adminCookie,
                                           form: "_csrf=\(csrf)&name=round&date=2026-11-27&kind=full&poolSize=10&startTime=07:00&capacityPerHour=240&buildings=&students=")
            #expect(planned.status == .seeOther)
            let id = try #require(planned.headers[.location]?.split(separator: "/").last.map(String.init))
            let campaign = try await h.get("/api/v1/testing/campaigns/\(id)", token: admin).json()
            let expected = try #require(campaign["expected"] as? Int)
            let sites = try #require(campaign["sites"] as? [[String: Any]])
            let slots = try #require(campaign["slots"] as? [[String: Any]])
            #expect(expected > 7_000)
            #expect(sites.count == 10, "one site in each dormitory building")
            #expect(slots.reduce(0) { $0 + ($1["students"] as? Int ?? 0) } == expected)

            // The scanner at each site: a testing:write token, tubes as suggested.
            let created = try await h.post("/api/v1/tokens", token: admin, body: #"{"name":"scanner","scopes":["testing:write"]}"#)
            let scanner = try #require(try created.json()["token"] as? String)
            let pools = try #require(try await h.get("/api/v1/testing/campaigns/\(id)/pools", token: scanner).json()["items"] as? [[String: Any]])
            let scans: [(tube: String, student: String)] = pools.enumerated().flatMap { i, pool in
                (pool["students"] as? [String] ?? []).map { ("T\(i + 1)", $0) }
            }
            #expect(scans.count == expected)
            let floors = Set(slots.map { "\($0["building"] ?? "")/\($0["floor"] ?? "")" }).count
            #expect(pools.count <= (expected + 9) / 10 + floors, "tubes are filled: at most one partly filled tube per floor")
            let statuses = try await withThrowingTaskGroup(of: [HTTPResponse.Status].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var seen: [HTTPResponse.Status] = []
                        for (tube, student) in scans.enumerated().filter({ $0.offset % 8 == worker }).map(\.element) {
                            seen.append(try await h.post("/api/v1/testing/samples", token: scanner,
                                                         body: #"{"campaignId":"\#(id)","tubeCode":"\#(tube)","studentNo":"\#(student)"}"#).status)
                        }
                        return seen
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(statuses.count == expected && statuses.allSatisfy { $0 == .created })
            var coverage = try await h.get("/api/v1/testing/campaigns/\(id)/coverage?groupBy=floor", token: admin).json()
            #expect(coverage["sampled"] as? Int == expected && coverage["pending"] as? Int == expected)

            // The lab's CSV: every tube negative but one.
            let positiveIndex = try #require(pools.firstIndex { ($0["students"] as? [String])?.count == 10 })
            let positive = "T\(positiveIndex + 1)"
            let members = try #require(pools[positiveIndex]["students"] as? [String])
            let csv = "试管条码,结果\n" + pools.indices.map { "T\($0 + 1),\("T\($0 + 1)" == positive ? "阳性" : "阴性")" }.joined(separator: "\n")
            let applied = try await h.post("/api/v1/testing/results", token: scanner, body: csv, contentType: "text/csv").json()
            #expect(applied["applied"] as? Int == pools.count)
            #expect((applied["unknown"] as? [Any])?.isEmpty == true)
            #expect(Set(applied["flagged"] as? [String] ?? []) == Set(members))
            let retest = try #require((applied["retestCampaigns"] as? [String])?.first)
            let retestPlan = try await h.get("/api/v1/testing/campaigns/\(retest)", token: admin).json()
            #expect(retestPlan["poolSize"] as? Int == 1 && retestPlan["purpose"] as? String == "retest" && retestPlan["expected"] as? Int == 10)

            // The retest at the sampling page (one tube each) and its results pasted on the testing page.
            for (i, student) in members.enumerated() {
                let done = try await P.post(h, "/testing/\(retest)/sample", cookie: adminCookie, form: "_csrf=\(csrf)&tubeCode=R\(i + 1)&studentNo=\(student)")
                #expect(done.status == .seeOther)
                #expect(done.headers[.location]?.contains("tube=&") == true, "a tube of one is full at once: the page asks for a new tube")
            }
            let lines = members.indices.map { "R\($0 + 1),阴性" }.joined(separator: "\n")
            let resultsPage = try await P.post(h, "/testing/results", cookie: adminCookie,
                                               form: "_csrf=\(csrf)&results=\(lines.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(resultsPage.status == .ok)
            #expect(String(buffer: resultsPage.body).contains("复检阴性解除 10 人"))
            let retestCoverage = try await h.get("/api/v1/testing/campaigns/\(retest)/coverage", token: admin).json()
            #expect(retestCoverage["negative"] as? Int == 10)

            // Coverage at 100 %, on the API and on the board.
            coverage = try await h.get("/api/v1/testing/campaigns/\(id)/coverage?groupBy=building", token: admin).json()
            #expect(coverage["expected"] as? Int == expected && coverage["sampled"] as? Int == expected)
            #expect(coverage["positive"] as? Int == 10 && coverage["negative"] as? Int == expected - 10 && coverage["pending"] as? Int == 0)
            let board = try await PagesTests.page(h, "/testing/\(id)", cookie: adminCookie)
            #expect(board.text.contains("\(expected) / \(expected)") && board.text.contains("应检尽检"))
        }
    }
}
