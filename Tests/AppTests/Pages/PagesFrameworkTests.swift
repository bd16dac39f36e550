import Audit
import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Tabular
import Testing

/// What every page shares: the sign-in redirect of the signed-in group, the one HTML error path, the one export
/// helper, and a menu read from the domains' permissions.
@Suite("Pages: the shared page machinery")
struct PagesFrameworkTests {
    typealias P = CheckInPagesTests

    static func allEntries(_ h: AppHarness) async throws -> [AuditEntry] {
        try await h.app.audit.store.search(school: .main, query: AuditQuery(), limit: 10_000).map(\.entry)
    }

    @Test("A signed-out GET or POST of a signed-in page goes to the sign-in page with the whole address to come back to")
    func signedOutRedirects() async throws {
        try await AppHarness.run(.sqlite) { h in
            for uri in ["/cases?status=open", "/reports/daily/export?date=2026-11-27&format=csv", "/testing/x/missing.xlsx",
                        "/investigations/x/export", "/account", "/admin/audit", "/students/2021000001/trajectory?date=2026-11-27"] {
                let r = try await PagesTests.page(h, uri, cookie: nil)
                #expect(r.status == .seeOther, "\(uri)")
                let back = uri.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                #expect(r.headers[.location] == "/signin?next=\(back)", "\(uri)")
            }
            let post = try await h.client.execute(uri: "/cases", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                  body: .init(string: "studentNo=2021000001&summary=x"))
            #expect(post.status == .seeOther && post.headers[.location] == "/signin?next=%2Fcases")
        }
    }

    @Test("Page errors are HTML message pages with the status, in the reader's language: a missing subject, a refused rule, a service's refusal, a missing CSRF token")
    func errorsAreHTML() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let zh = try StringCatalogTests.catalog("zh-CN"), en = try StringCatalogTests.catalog("en")
            let (counsellor, _) = try await P.signIn(h, "T001")
            func isPage(_ r: TestResponse, _ status: HTTPResponse.Status, _ text: String, lang: String = "zh-CN") {
                #expect(r.status == status)
                #expect(r.headers[.contentType]?.hasPrefix("text/html") == true, "HTML, never problem+json")
                #expect(r.text.contains(#"<html lang="\#(lang)">"#))
                #expect(r.text.contains(text), "\(text) in \(r.text.prefix(300))")
            }
            isPage(try await PagesTests.page(h, "/cases/no-such-case", cookie: counsellor), .notFound, zh["case_missing"]!)
            isPage(try await PagesTests.page(h, "/cases/no-such-case?lang=en", cookie: counsellor), .notFound, en["case_missing"]!, lang: "en")
            // Refused by the route's rule, before the handler runs.
            isPage(try await PagesTests.page(h, "/roster/import", cookie: counsellor), .forbidden, zh["error_forbidden"]!)
            // Refused by the service: a counsellor does not read the school's report.
            isPage(try await PagesTests.page(h, "/reports/daily/export?date=2026-11-27", cookie: counsellor), .forbidden, zh["error_forbidden"]!)
            // A form without its CSRF token.
            isPage(try await P.post(h, "/cases", cookie: counsellor, form: "studentNo=2021000001&summary=x"), .forbidden, zh["error_forbidden"]!)
            let (student, _) = try await P.signIn(h, "2021000001")
            isPage(try await PagesTests.page(h, "/admin/checkins", cookie: student), .forbidden, zh["timetable_forbidden"]!)
        }
    }

    @Test("The daily report exports with the catalog's headers in each language, an ASCII filename, a UTF-8 filename* and one audit entry a download",
          arguments: TestEngine.available)
    func reportExport(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let (admin, _) = try await P.signIn(h, "admin")
            let columns = ["level", "unit", "expected", "reported", "missing", "abnormal", "openCases", "zero", "state",
                           "attestedBy", "attestedAt", "late", "note"]
            let expectations = [
                ("zh-CN", "%E5%AD%A6%E7%94%9F%E5%81%A5%E5%BA%B7%E6%97%A5%E6%8A%A5-2026-11-27"),
                ("en", "daily-health-report-2026-11-27"),
            ]
            for (lang, encodedName) in expectations {
                let catalog = try StringCatalogTests.catalog(lang)
                let header = columns.map { catalog["export_report_col_\($0)"]! }
                for format in ["csv", "xlsx"] {
                    let before = try await Self.allEntries(h).count
                    let r = try await PagesTests.page(h, "/reports/daily/export?date=2026-11-27&format=\(format)&lang=\(lang)", cookie: admin)
                    #expect(r.status == .ok)
                    let rows = try TableReader.rows(from: Data(buffer: r.body), as: format == "csv" ? .csv : .xlsx)
                    #expect(rows.first == header, "\(lang) \(format)")
                    #expect(rows.last?.first == catalog["export_report_total_unit"])
                    let disposition = try #require(r.headers[.contentDisposition])
                    #expect(disposition == "attachment; filename=\"daily-report-2026-11-27.\(format)\"; filename*=UTF-8''\(encodedName).\(format)")
                    let after = try await Self.allEntries(h)
                    #expect(after.count == before + 1, "one audit entry per download")
                    #expect(after.contains { $0.action == "report.daily.export" && $0.subject == "2026-11-27" && $0.detail.hasSuffix(format) })
                }
            }
        }
    }

    @Test("The testing missing list and an investigation export through the same helper: catalog headers, filename*, one export entry each",
          arguments: TestEngine.available)
    func otherExports(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            let token = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: token)
            let (admin, _) = try await P.signIn(h, "admin")
            let en = try StringCatalogTests.catalog("en")
            let before = try await Self.allEntries(h).count
            let missing = try await PagesTests.page(h, "/testing/\(id)/missing.xlsx?lang=en", cookie: admin)
            #expect(missing.status == .ok)
            #expect(try TableReader.rows(from: Data(buffer: missing.body), as: .xlsx).first?.first == en["export_missing_col_studentNo"])
            let disposition = try #require(missing.headers[.contentDisposition])
            #expect(disposition.hasPrefix("attachment; filename=\"missing-") && disposition.contains("filename*=UTF-8''not-tested-"))
            // The service records the export as it reads the list; the helper adds nothing.
            #expect(try await Self.allEntries(h).count == before + 1)
            #expect(try await SensitiveReadAuditTests.entries(h, "testing.missing.export").count == 1)
            let csv = try await PagesTests.page(h, "/testing/\(id)/missing.xlsx?format=csv", cookie: admin)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(try TableReader.rows(from: Data(buffer: csv.body), as: .csv).first?.first == "学号")
        }
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            _ = try await InvestigationTests.seed(h)
            let (counsellor, csrf) = try await P.signIn(h, "T001")
            let run = try await P.post(h, "/investigations", cookie: counsellor,
                                       form: "_csrf=\(csrf)&indexStudentNo=2021000001&from=2026-11-26T00:00&to=2026-11-27T08:00&minOverlapMinutes=15")
            let location = try #require(run.headers[.location])
            let en = try StringCatalogTests.catalog("en")
            let csv = try await PagesTests.page(h, location + "/export?format=csv&lang=en", cookie: counsellor)
            let table = try TableReader.rows(from: Data(buffer: csv.body), as: .csv)
            #expect(table.first == ["studentNo", "name", "className", "home", "degree", "rule", "place", "from", "to", "minutes", "via", "followUp"]
                .map { en["export_investigation_col_\($0)"]! })
            #expect(table.dropFirst().allSatisfy { [en["export_investigation_degree_1"], en["export_investigation_degree_2"]].contains($0[4]) })
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"investigation-2021000001.csv\"; filename*=UTF-8''investigation-2021000001.csv")
            #expect(try await SensitiveReadAuditTests.entries(h, "investigation.export").count == 1)
        }
    }

    @Test("The menu offers what the domains' permissions allow: a building leader follows testing but does not investigate or issue codes; a counsellor does all three; a student none")
    func menuFromPermissions() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            func menu(_ username: String) async throws -> (testing: Bool, investigations: Bool, activation: Bool, cases: Bool) {
                let (cookie, _) = try await P.signIn(h, username)
                let page = try await PagesTests.page(h, "/inbox", cookie: cookie).text
                return (page.contains(#"href="/testing""#), page.contains(#"href="/investigations""#),
                        page.contains(#"href="/accounts/activation""#), page.contains(#"href="/cases""#))
            }
            let leader = try await menu("T003")
            #expect(leader.testing && !leader.investigations && !leader.activation && leader.cases)
            let counsellor = try await menu("T001")
            #expect(counsellor.testing && counsellor.investigations && counsellor.activation && counsellor.cases)
            let student = try await menu("2021000001")
            #expect(!student.testing && !student.investigations && !student.activation && !student.cases)
        }
    }
}
