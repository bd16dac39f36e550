import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// The mass-testing pages: who sees what, errors named on the form, nothing stored by a refused form.
@Suite("Pages: mass testing")
struct TestingPagesTests {
    typealias P = CheckInPagesTests

    @Test("Planners see the forms and others do not; a building leader's board and missing list show only their building; a student is sent to their own page and cannot open a board",
          arguments: TestEngine.available)
    func whoSeesWhat(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            let admin = try await h.importTestingCollege()
            let id = try await h.fullCampaign(token: admin)
            _ = try await h.targetedCampaign(["2021000001", "2021000002"], token: admin)
            let (adminCookie, _) = try await P.signIn(h, "admin")
            let planning = try await PagesTests.page(h, "/testing", cookie: adminCookie)
            #expect(planning.status == .ok && planning.text.contains(#"action="/testing/campaigns""#) && planning.text.contains(#"action="/testing/results""#))

            let (counsellor, _) = try await P.signIn(h, "T002")
            let list = try await PagesTests.page(h, "/testing", cookie: counsellor)
            #expect(list.status == .ok && list.text.contains("全员核酸"))
            #expect(!list.text.contains(#"action="/testing/campaigns""#), "a counsellor does not plan")
            #expect(list.text.contains("0 / 22"), "the counsellor's list counts their 22 students")
            #expect(!list.text.contains("0 / 0"), "a campaign of none of their students is not listed")
            #expect(!list.text.contains("<th class=\"num\">试管</th>") && list.text.contains("人数只含您负责的学生"),
                    "the school's tube count is not set beside the counsellor's own students")
            #expect(planning.text.contains("0 / 2") && planning.text.contains("<th class=\"num\">试管</th>"), "the whole school's tubes for the whole school")

            let (leader, _) = try await P.signIn(h, "T003")
            let board = try await PagesTests.page(h, "/testing/\(id)", cookie: leader)
            #expect(board.status == .ok)
            #expect(board.text.contains("0 / 19") && board.text.contains("1号楼"))
            #expect(!board.text.contains("6号楼") && !board.text.contains("9号楼"), "only the leader's building: units, slots and missing list")
            let leaderStudents = TestingFixtures.inBuilding("1号楼").map(\.studentNo)
            #expect(leaderStudents.allSatisfy { board.text.contains($0) })
            #expect(!TestingFixtures.inBuilding("6号楼").contains { board.text.contains($0.studentNo) })

            let (student, _) = try await P.signIn(h, "2021000001")
            let mine = try await PagesTests.page(h, "/testing", cookie: student)
            #expect(mine.status == .seeOther && mine.headers[.location] == "/testing/mine")
            #expect(try await PagesTests.page(h, "/testing/\(id)", cookie: student).status == .forbidden)
            #expect(try await PagesTests.page(h, "/testing/\(id)/sample", cookie: student).status == .forbidden)
            let own = try await PagesTests.page(h, "/testing/mine", cookie: student)
            #expect(own.text.contains("1号楼 楼下采样点") && own.text.contains("待采样"))
        }
    }

    @Test("A refused campaign form names the fields and keeps what was typed; a lab paste with bad rows names them and applies nothing; a refused scan keeps the tube",
          arguments: TestEngine.available)
    func formErrors(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            let admin = try await h.importTestingCollege()
            let (cookie, csrf) = try await P.signIn(h, "admin")
            let bad = try await P.post(h, "/testing/campaigns", cookie: cookie,
                                       form: "_csrf=\(csrf)&name=%E5%A4%9C%E6%A3%80&date=2026-13-01&kind=full&poolSize=21&startTime=07:00&capacityPerHour=240")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("poolSize") && bad.text.contains("date") && bad.text.contains("夜检"))
            #expect(try await h.get("/api/v1/testing/campaigns", token: admin).json().objects("items").isEmpty, "nothing stored")

            let sites = "南校区体育馆,480\n北校区礼堂,120".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let fixed = try await P.post(h, "/testing/campaigns", cookie: cookie,
                                         form: "_csrf=\(csrf)&name=fixed&date=2026-11-27&kind=full&poolSize=10&startTime=07:00&capacityPerHour=240&sites=\(sites)")
            #expect(fixed.status == .seeOther)
            let fixedID = try #require(fixed.headers[.location]?.split(separator: "/").last.map(String.init))
            let plan = try await h.get("/api/v1/testing/campaigns/\(fixedID)", token: admin).json()
            #expect(plan.objects("sites").compactMap { $0["name"] as? String } == ["南校区体育馆", "北校区礼堂"])
            #expect(plan.objects("sites").compactMap { $0["capacityPerHour"] as? Int } == [480, 120])
            let badSite = try await P.post(h, "/testing/campaigns", cookie: cookie,
                                           form: "_csrf=\(csrf)&name=fixed&date=2026-11-27&kind=full&poolSize=10&startTime=07:00&capacityPerHour=240&sites=gym%2Cmany")
            #expect(badSite.status == .unprocessableContent && badSite.text.contains("采样点“gym”的每小时采样量应为 10 到 2000"))
            #expect(!badSite.text.contains("sites[0]") && !badSite.text.contains("an hour)"), "no field key and no English tail on the Chinese page")

            let id = try await h.fullCampaign(token: admin)
            try await h.fill(id, "P-1", ["2021000001", "2021000002"], token: admin)
            let paste = "P-1,阴性\nP-2,maybe\n,阳性"
            let refused = try await P.post(h, "/testing/results", cookie: cookie,
                                           form: "_csrf=\(csrf)&results=\(paste.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("第 2 行") && refused.text.contains("第 3 行") && !refused.text.contains("第 1 行"))
            #expect(try await h.tube("P-1", token: admin).json()["status"] as? String == "open", "nothing applied")

            let twice = try await P.post(h, "/testing/\(id)/sample", cookie: cookie, form: "_csrf=\(csrf)&tubeCode=P-1&studentNo=2021000001")
            #expect(twice.status == .conflict && twice.text.contains("已采样"))
            #expect(twice.text.contains(#"name="tubeCode" value="P-1""#), "the tube in hand stays in the form")
        }
    }
}
