import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// The side menu is built from each domain's permissions, so it never leads to a refusal.
@Suite("Menus: every link each role is offered opens")
struct MenuTests {
    typealias P = CheckInPagesTests

    /// The fixture college's staff plus the roles it lacks (a leader of student affairs, a class teacher, the clinic).
    static let moreStaff = """
    工号,姓名,角色,手机号,范围
    T001,王老师,辅导员,13800000001,信息2101;信息2102
    T002,李老师,辅导员,13800000002,机电2101
    T003,张楼长,楼长,13800000003,1号楼
    T004,赵书记,书记,13800000004,机电工程学院
    T005,钱处长,学工处,13800000005,
    T006,孙老师,班主任,13800000006,信息2101
    T007,周医生,校医,13800000007,

    """

    /// The links of the side menu in a page.
    static func menuLinks(_ html: String) -> [String] {
        guard let nav = html.range(of: #"<nav class="sidenav""#), let end = html.range(of: "</nav>", range: nav.upperBound..<html.endIndex) else {
            return []
        }
        let menu = html[nav.upperBound..<end.lowerBound]
        return menu.components(separatedBy: #"<a href=""#).dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test("Each role's menu links all answer 200 and mark themselves current; the home address opens the first of them",
          arguments: ["admin", "T001", "T003", "T004", "T005", "T006", "T007", "2021000001", "2021000002", "2021000003"])
    func everyLinkOpens(username: String) async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let admin = try await h.adminToken()
            let staff = try await h.post("/api/v1/roster/staff", token: admin, body: Self.moreStaff, contentType: "text/csv")
            try #require(staff.status == .ok)
            let (cookie, _) = try await P.signIn(h, username)
            let links = Self.menuLinks(try await PagesTests.page(h, "/inbox", cookie: cookie).text)
            #expect(links.contains("/inbox") && links.contains("/account"), "everyone reads their messages and their account")
            for link in links {
                let page = try await PagesTests.page(h, link, cookie: cookie)
                #expect(page.status == .ok, "\(username): \(link) answered \(page.status)")
                #expect(page.text.contains(#"<a href="\#(link)" aria-current="page">"#), "\(username): \(link) is not marked current")
                #expect(Self.menuLinks(page.text) == links, "\(username): the menu changes on \(link)")
            }
            let home = try await PagesTests.page(h, "/", cookie: cookie)
            #expect(home.status == .seeOther)
            #expect(home.headers[.location] == links.first, "\(username) starts on their first menu entry")
        }
    }

    @Test("What the menus hold follows the permissions: students see their own pages only; planners and readers differ")
    func menusDiffer() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            func links(_ username: String) async throws -> Set<String> {
                let (cookie, _) = try await P.signIn(h, username)
                return Set(Self.menuLinks(try await PagesTests.page(h, "/inbox", cookie: cookie).text))
            }
            #expect(try await links("2021000002") == ["/checkin", "/sick-leave", "/inbox", "/leave", "/testing/mine", "/quarantine/mine", "/separation/mine", "/account"])
            let roomLeader = try await links("2021000001")
            #expect(roomLeader.isSuperset(of: ["/checkin", "/dashboard", "/grid"]) && !roomLeader.contains("/cases"))
            let counsellor = try await links("T001")
            #expect(counsellor.isSuperset(of: ["/dashboard", "/cases", "/access", "/leaves", "/investigations", "/testing", "/accounts/activation",
                                                "/ledgers", "/ledgers/key-students", "/separation"]))
            #expect(counsellor.isDisjoint(with: ["/reports/daily", "/overview", "/roster/import", "/admin/accounts", "/checkin"]),
                    "a counsellor answers for no unit's report, reads no school overview, imports nothing, administers nothing")
            let buildingLeader = try await links("T003")
            #expect(buildingLeader.contains("/reports/daily") && !buildingLeader.contains("/checkins/signals") && !buildingLeader.contains("/investigations"))
            #expect(!buildingLeader.contains("/overview"), "a building leader reads their building's report, not the school overview")
            #expect(buildingLeader.contains("/ledgers") && !buildingLeader.contains("/ledgers/key-students"),
                    "a building leader reads the ledgers but keeps no key students")
            let admin = try await links("admin")
            #expect(admin.isSuperset(of: ["/admin/accounts", "/admin/audit", "/admin/tokens", "/roster/import", "/admin/checkins", "/overview"]))
        }
    }
}
