import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// Issue 14's everyday use of the staff pages: finding an account and seeing what the roster makes each person,
/// issuing activation codes for a class that exists, and planning forms one can fill in without guessing.
@Suite("Admin pages: account search with roster roles, activation by a known class, the planning forms")
struct AdminPagesTests {
    typealias P = CheckInPagesTests

    /// The usernames in the accounts table's first column, in order.
    static func listed(_ html: String) -> [String] {
        html.matches(of: /<tr[^>]*>\s*<td>([^<]+)<\/td><td>/).map { String($0.1) }
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    @Test("The accounts page finds accounts by name, staff number or student number on the server, says how many it shows of how many, and keeps the search; a counsellor still cannot open it")
    func accountSearch() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            for user in ["T001", "T002", "T003", "2021000001", "2021000005"] { try await h.app.setPassword(username: user, password: "password-123") }
            let (admin, _) = try await P.signIn(h, "admin")

            let all = try await PagesTests.page(h, "/admin/accounts", cookie: admin)
            #expect(all.status == .ok)
            #expect(Set(Self.listed(all.text)).isSuperset(of: ["admin", "T001", "T002", "T003", "2021000001", "2021000005"]))
            #expect(all.text.contains("显示 6 个，共 6 个账号"), "the count line")

            let byName = try await PagesTests.page(h, "/admin/accounts?q=\(Self.encoded("王"))", cookie: admin)
            #expect(Self.listed(byName.text) == ["T001"], "王老师 only: \(Self.listed(byName.text))")
            #expect(byName.text.contains("显示 1 个，共 1 个账号"))
            #expect(byName.text.contains(#"name="q" type="search" value="王""#), "the search stays in its field")
            #expect(byName.text.contains(#"<input type="hidden" name="q" value="王">"#), "actions on a row come back to the search")

            #expect(Self.listed(try await PagesTests.page(h, "/admin/accounts?q=t00", cookie: admin).text) == ["T001", "T002", "T003"],
                    "staff numbers, ignoring case")
            #expect(Self.listed(try await PagesTests.page(h, "/admin/accounts?q=2021000005", cookie: admin).text) == ["2021000005"])
            let nobody = try await PagesTests.page(h, "/admin/accounts?q=nobody", cookie: admin)
            #expect(Self.listed(nobody.text).isEmpty && nobody.text.contains("没有符合条件的账号"))

            let (counsellor, _) = try await P.signIn(h, "T001")
            let refused = try await PagesTests.page(h, "/admin/accounts?q=\(Self.encoded("王"))", cookie: counsellor)
            #expect(refused.status == .forbidden && Self.listed(refused.text).isEmpty)
        }
    }

    @Test("Each account shows the roles the roster gives it by name with their classes, building or room, next to the roles granted on the account; in English too")
    func rosterRoles() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            for user in ["T001", "T003", "T004", "2021000001", "2021000003", "2021000002"] {
                try await h.app.setPassword(username: user, password: "password-123")
            }
            let (admin, _) = try await P.signIn(h, "admin")
            func row(_ username: String, _ lang: String = "zh-CN") async throws -> String {
                let html = try await PagesTests.page(h, "/admin/accounts?q=\(username)&lang=\(lang)", cookie: admin).text
                return String(try #require(html.firstMatch(of: /<tr[^>]*>\s*<td>[^<]+<\/td>[\s\S]*?<\/tr>/)).output)
            }
            #expect(try await row("T001").contains("辅导员（信息2101、信息2102）"))
            #expect(try await row("T003").contains("楼长（1号楼）"))
            #expect(try await row("T004").contains("书记（机电工程学院）"))
            #expect(try await row("2021000001").contains("寝室长（1号楼 101 寝室）"))
            #expect(try await row("2021000003").contains("层长（1号楼 2 层）"))
            let plain = try await row("2021000002")
            #expect(!plain.contains("寝室长") && !plain.contains("层长"))
            let english = try await row("T001", "en")
            #expect(english.contains("(信息2101, 信息2102)") && !english.contains("辅导员"), "\(english)")
        }
    }

    @Test("Activation codes: the class is chosen among the reader's own classes; an unknown or foreign class is refused next to the field, the page comes back and nothing is issued or audited; a known class is issued")
    func activationByKnownClass() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let (cookie, csrf) = try await P.signIn(h, "T001")
            let page = try await PagesTests.page(h, "/accounts/activation", cookie: cookie)
            #expect(page.text.contains(#"<select id="className" name="className""#))
            #expect(page.text.contains(#"<option value="信息2101">"#) && page.text.contains(#"<option value="信息2102">"#))
            #expect(!page.text.contains("机电2101"), "only the counsellor's own classes")

            func issued() async throws -> Int {
                try await h.app.audit.search(.init(action: "account.activation.issue"), by: h.app.systemActor, at: Date()).count
            }
            for (typed, named) in [("机电2101", "“机电2101”"), ("信息9999", "“信息9999”"), ("", "请选择")] {
                let refused = try await P.post(h, "/accounts/activation", cookie: cookie, form: "_csrf=\(csrf)&className=\(Self.encoded(typed))")
                #expect(refused.status == .unprocessableContent, "\(typed)")
                #expect(refused.text.contains("班级：") && refused.text.contains(named), "the error names the field and the class: \(typed)")
                #expect(refused.text.contains(#"aria-invalid="true""#) && refused.text.contains(#"<option value="信息2101">"#),
                        "the page comes back with the list")
                #expect(!refused.text.contains(#"class="print-codes""#))
            }
            #expect(try await issued() == 0, "nothing audited for a refused class")
            #expect(try await h.app.accounts.accounts(containing: "2021000005", limit: 5, by: h.app.systemActor).total == 0,
                    "no account made for another counsellor's student")

            let done = try await P.post(h, "/accounts/activation", cookie: cookie, form: "_csrf=\(csrf)&className=\(Self.encoded("信息2101"))")
            #expect(done.status == .ok && done.text.contains(#"class="print-codes""#) && done.text.contains("2021000001"))
            #expect(done.text.contains(#"<option value="信息2101" selected>"#))
            #expect(try await issued() == 1)
        }
    }

    @Test("The planning forms: full-width textareas several lines tall, hints in words, the building example from the roster's own buildings; lab results pasted from Excel (tab-separated) are read")
    func planningForms() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let (admin, csrf) = try await P.signIn(h, "admin")
            let page = try await PagesTests.page(h, "/testing", cookie: admin).text
            #expect(!page.contains("D1, D2"), "no made-up building names")
            #expect(page.contains(#"id="c-buildings" name="buildings" value="" placeholder="如：1号楼、6号楼""#))
            #expect(page.contains(#"id="r-buildings" name="buildings" placeholder="如：1号楼、6号楼""#))
            #expect(page.contains(#"<textarea id="c-students" name="students" rows="8""#))
            #expect(page.contains(#"<textarea id="c-sites" name="sites" rows="4""#))
            #expect(page.contains(#"<textarea id="results" name="results" rows="10""#))
            #expect(page.contains("每行一个采样点：名称,每小时采样人数；不写人数时按每小时 240 人安排。"))
            #expect(page.contains("每行一管：试管条码,结果（阴性、阳性或无效）"))
            let english = try await PagesTests.page(h, "/testing?lang=en", cookie: admin).text
            #expect(english.contains(#"placeholder="e.g. 1号楼, 6号楼""#) && english.contains("One tube a line"))

            let pasted = "P-404\t阴性\nP-405，阳性"
            let read = try await P.post(h, "/testing/results", cookie: admin, form: "_csrf=\(csrf)&results=\(Self.encoded(pasted))")
            #expect(read.status == .ok, "tab- and full-width-comma-separated rows are read")
            #expect(read.text.contains("P-404") && read.text.contains("P-405"), "both tubes reported as unknown")
        }
    }
}
