import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// The audit page reads the hash-chained entries as they were written and words them for people.
extension AdminPagesTests {
    /// Entries in the shapes their producers write (some from before this page worded them), by T001.
    static func entries(_ h: AppHarness) -> [AuditEntry] {
        func entry(_ action: String, _ subject: String, _ detail: String, by actor: String = "T001") -> AuditEntry {
            AuditEntry(school: h.app.school, at: Date(), actorID: "a-\(actor)", actorName: actor, action: action, subject: subject,
                       ip: "10.0.0.8", detail: detail)
        }
        return [
            entry("roster.import.students", "roster", "1145 rows"),
            entry("roster.import.staff", "roster", "2 rows; T001:counsellor T003:building_leader+admin"),
            entry("testing.tube.read", "P-1", "3 members"),
            entry("access.trajectory.read", "2021000001", "12 events"),
            entry("testing.student.read", "2021000002", "5 campaigns"),
            entry("checkin.missing.export", "2026-11-27", "未打卡名单 (missing list): 3 rows, xlsx"),
            entry("checkin.missing.export", "2026-11-26", "未打卡名单 (missing list): 4 rows, csv, desensitised"),
            entry("testing.exempt", "2021000005", "c-fade: 发烧居家观察"),
            entry("testing.campaign.create", "4f0c2e9a-fade-beef-cafe-000000000001", "全员核酸: 7 students, 2 sites"),
            entry("checkin.status.read", "2021000003", "今日未打卡 (none today)"),
            entry("account.roles", "T002", " → admin,leader"),
            entry("auth.signin.failure", "T002", "wrong password (2 of 5)", by: "T002"),
            entry("auth.signin", "T001", "page"),
            entry("student.unmask", "2021000001", "phone, id_number, guardian_phone"),
            entry("leave.list", "leaves", "4 条请假 (leaves), 3 名学生 (students); pending"),
            entry("account.password.set", "T001", "", by: "cli"),
        ]
    }

    @Test("The audit page words the stored entries in Chinese: counts, lists, sign-ins and exports in words, ids as links, students and staff by name with a link to the student; no English word or raw key")
    func auditInChinese() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            try await h.app.audit.record(Self.entries(h))
            let (admin, _) = try await P.signIn(h, "admin")
            let page = try await PagesTests.page(h, "/admin/audit", cookie: admin)
            #expect(page.status == .ok)
            let text = PageWordsTests.visibleText(page.text)
            for shown in ["1145 行", "2 行；T001 辅导员；T003 楼长、管理员", "3 人", "12 条出入记录", "5 次检测", "未打卡名单：3 行，XLSX", "未打卡名单：4 行，CSV（脱敏）",
                          "发烧居家观察", "全员核酸：7 名学生，2 个采样点", "检测批次", "今日未打卡", "无 → 管理员、学工处", "网页",
                          "手机号、身份证号、家长手机号", "4 条请假，3 名学生、待审批", "名册", "11月27日", "命令行", "王老师"] {
                #expect(text.contains(shown), "shows \(shown)")
            }
            for raw in ["rows", "desensitised", "members", "events", "campaigns", "missing list", "none today", "c-fade:", "4f0c2e9a", "building_leader",
                        "id_number", "(leaves)", "pending"] {
                #expect(!text.contains(raw), "no \(raw)")
            }
            #expect(PageWordsTests.strangers(text).isEmpty, "\(PageWordsTests.strangers(text))")
            #expect(page.text.contains(#"<a href="/students/2021000001">甲一</a> <span class="muted">2021000001</span>"#), "a student by name, linked")
            #expect(page.text.contains(#"<a href="/testing/c-fade">发烧居家观察</a>"#), "the exemption's campaign is linked")
            #expect(page.text.contains(#"title="4f0c2e9a-fade-beef-cafe-000000000001""#), "the stored id stays at hand")

            let failures = PageWordsTests.visibleText(try await PagesTests.page(h, "/admin/audit?actor=T002", cookie: admin).text)
            #expect(failures.contains("密码错误（第 2 次，满 5 次锁定）") && failures.contains("李老师"))
        }
    }

    @Test("The audit page in English (by ?lang=en or the language cookie): the English half of each stored sentence, counts in English, no Chinese words but names")
    func auditInEnglish() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            try await h.app.audit.record(Self.entries(h))
            let (admin, _) = try await P.signIn(h, "admin")
            let byQuery = try await PagesTests.page(h, "/admin/audit?lang=en", cookie: admin)
            let byCookie = try await PagesTests.page(h, "/admin/audit", cookie: admin + "; shouhu_lang=en")
            for page in [byQuery, byCookie] {
                let text = PageWordsTests.visibleText(page.text)
                for shown in ["1145 rows", "2 rows; T001 Counsellor; T003 Building leader, Administrator", "3 people", "12 gate events",
                              "5 campaigns", "Missing list: 3 rows, XLSX", "None today", "none → Administrator", "web page", "2026-11-27",
                              "4 leaves, 3 students, Pending", "command line"] {
                    #expect(text.contains(shown), "shows \(shown)")
                }
                for chinese in ["行", "未打卡名单", "今日未打卡", "名册", "网页", "辅导员", "请假"] {
                    #expect(!text.contains(chinese), "no \(chinese)")
                }
                #expect(text.contains("甲一"), "names stay names")
            }
        }
    }

    @Test("A search of the audit trail is itself recorded with its fields, and shown as 操作：查看完整联系方式")
    func auditSearchWorded() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            let (admin, _) = try await P.signIn(h, "admin")
            _ = try await PagesTests.page(h, "/admin/audit?action=student.unmask", cookie: admin)
            let searches = try await h.app.audit.search(.init(action: "audit.search"), by: h.app.systemActor, at: Date())
            #expect(searches.contains { $0.entry.subject == "action=student.unmask" })
            let page = PageWordsTests.visibleText(try await PagesTests.page(h, "/admin/audit?action=audit.search", cookie: admin).text)
            #expect(page.contains("操作：查看完整联系方式"))
            #expect(PageWordsTests.strangers(page).isEmpty, "\(PageWordsTests.strangers(page))")
        }
    }
}
