import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// Staff record a sick leave for a student on the sick-leave list (the contract's "the student or staff").
@Suite("Sick leave: staff record one on the list page")
struct StaffSickLeavePageTests {
    @Test("A counsellor records one for their student; a wrong number or a missing symptom is said in Chinese next to its field and nothing is stored; another counsellor's student is unknown to them; a student cannot post it",
          arguments: TestEngine.available)
    func staffRecord(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            let (cookie, csrf) = try await CheckInPagesTests.signIn(h, "T001")
            let list = try await PagesTests.page(h, "/sick-leaves", cookie: cookie).text
            #expect(list.contains("代学生登记病假") && list.contains(#"action="/sick-leaves""#))
            func count() async throws -> Int { try await h.get("/api/v1/sick-leaves", token: admin).json().objects("items").count }

            let unknown = try await CheckInPagesTests.post(h, "/sick-leaves", cookie: cookie,
                                                          form: "_csrf=\(csrf)&studentNo=2099999999&symptoms=%E5%8F%91%E7%83%AD&onset=2026-11-27&from=2026-11-27")
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("2099999999") && unknown.text.contains("<details class=\"card\" open>"), "the form stays open with the reason")
            let noSymptoms = try await CheckInPagesTests.post(h, "/sick-leaves", cookie: cookie,
                                                             form: "_csrf=\(csrf)&studentNo=2021000001&symptoms=&onset=2026-11-27&from=2026-11-27")
            #expect(noSymptoms.status == .unprocessableContent)
            #expect(noSymptoms.text.contains(#"value="2021000001""#), "what was typed is kept")
            let otherStudent = try await CheckInPagesTests.post(h, "/sick-leaves", cookie: cookie,
                                                               form: "_csrf=\(csrf)&studentNo=2021000005&symptoms=%E5%8F%91%E7%83%AD&onset=2026-11-27&from=2026-11-27")
            #expect(otherStudent.status == .notFound, "机电2101 is not T001's")
            #expect(try await count() == 0, "nothing stored by a refused form")

            let done = try await CheckInPagesTests.post(h, "/sick-leaves", cookie: cookie,
                                                       form: "_csrf=\(csrf)&studentNo=2021000001&symptoms=%E5%8F%91%E7%83%AD&onset=2026-11-27&from=2026-11-27&clinicVisited=yes")
            #expect(done.status == .seeOther)
            #expect(done.headers[.location]?.hasPrefix("/sick-leaves/") == true)
            let items = try await h.get("/api/v1/sick-leaves", token: admin).json().objects("items")
            #expect(items.count == 1 && items.first?["studentNo"] as? String == "2021000001")

            let (student, studentCSRF) = try await CheckInPagesTests.signIn(h, "2021000002")
            let refused = try await CheckInPagesTests.post(h, "/sick-leaves", cookie: student,
                                                          form: "_csrf=\(studentCSRF)&studentNo=2021000002&symptoms=x&onset=2026-11-27&from=2026-11-27")
            #expect(refused.status == .forbidden)
            #expect(try await count() == 1)
        }
    }
}
