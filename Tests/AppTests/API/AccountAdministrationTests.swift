import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

@Suite("Account administration and student activation")
struct AccountAdministrationTests {
    @Test("A counsellor issues activation codes for a class in scope; the student signs in with one and must choose a password", arguments: TestEngine.available)
    func activation(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            try await h.importFixtureCollege()
            let counsellor = try await h.tokenFor("T001")
            let issued = try await h.post("/api/v1/accounts/activation-codes", token: counsellor, body: #"{"class":"信息2101"}"#)
            #expect(issued.status == .created)
            let items = try issued.json()["items"] as? [[String: Any]] ?? []
            #expect(items.compactMap { $0["username"] as? String } == ["2021000001", "2021000002"])
            let code = try #require(items.first?["code"] as? String)

            let student = try await h.token("2021000001", code)
            #expect(try await h.get("/api/v1/students", token: student).status == .forbidden)
            let changed = try await h.post("/api/v1/account/password", token: student,
                                           body: #"{"currentPassword":"\#(code)","newPassword":"Lake&Pine2026"}"#)
            #expect(changed.status == .noContent)
            // A room leader: their own room.
            #expect(try await h.get("/api/v1/students", token: student).studentNumbers() == ["2021000001", "2021000002"])

            // A second round skips the student who chose a password; a class outside the scope gives nothing.
            let again = try await h.post("/api/v1/accounts/activation-codes", token: counsellor, body: #"{"class":"信息2101"}"#)
            #expect((try again.json()["items"] as? [[String: Any]])?.compactMap { $0["username"] as? String } == ["2021000002"])
            let outside = try await h.post("/api/v1/accounts/activation-codes", token: counsellor, body: #"{"class":"机电2101"}"#)
            #expect((try outside.json()["items"] as? [[String: Any]])?.isEmpty == true)
            // A student cannot issue codes, and a request naming nothing is 422.
            #expect(try await h.post("/api/v1/accounts/activation-codes", token: student, body: #"{"class":"信息2101"}"#).status == .forbidden)
            #expect(try await h.post("/api/v1/accounts/activation-codes", token: counsellor, body: "{}").status == .unprocessableContent)
        }
    }

    @Test("Administrators list accounts, lift locks and reset passwords; others cannot", arguments: TestEngine.available)
    func administration(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            try await h.importFixtureCollege()
            _ = try await h.tokenFor("T001")
            for _ in 0..<5 {
                _ = try await h.post("/api/v1/sessions", token: nil, body: #"{"username":"T001","password":"wrong-wrong"}"#)
            }
            let admin = try await h.adminToken()
            let list = try await h.get("/api/v1/accounts", token: admin).json()["items"] as? [[String: Any]] ?? []
            #expect(list.first { $0["username"] as? String == "T001" }?["locked"] as? Bool == true)
            #expect(try await h.post("/api/v1/accounts/T001/unlock", token: admin, body: "").status == .noContent)
            #expect(try await h.token("T001", "password-123").isEmpty == false)

            let reset = try await h.post("/api/v1/accounts/T001/reset", token: admin, body: "")
            #expect(reset.status == .created)
            let code = try #require(try reset.json()["code"] as? String)
            let afterReset = try await h.token("T001", code)
            #expect(try await h.get("/api/v1/students", token: afterReset).status == .forbidden)
            #expect(try await h.post("/api/v1/accounts/nobody/unlock", token: admin, body: "").status == .notFound)

            let counsellor = try await h.tokenFor("T002")
            #expect(try await h.get("/api/v1/accounts", token: counsellor).status == .forbidden)
            #expect(try await h.post("/api/v1/accounts/T001/reset", token: counsellor, body: "").status == .forbidden)
            let actions = try await h.app.audit.search(.init(subject: "T001"), by: h.app.systemActor, at: Date()).map(\.entry.action)
            #expect(actions.contains("account.unlock") && actions.contains("account.password.reset"))

            // Granting a school-wide role widens the counsellor's scope; unit-bound roles cannot be granted here.
            _ = try await h.tokenFor("T002")
            #expect(try await h.client.execute(uri: "/api/v1/accounts/T002/roles", method: .put, headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                                               body: .init(string: #"{"roles":["counsellor"]}"#)).status == .unprocessableContent)
            let unchanged = try await h.get("/api/v1/accounts", token: admin).json()["items"] as? [[String: Any]] ?? []
            #expect(unchanged.first { $0["username"] as? String == "T002" }?["grantedRoles"] as? [String] == [])
            #expect(try await h.client.execute(uri: "/api/v1/accounts/T002/roles", method: .put, headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                                               body: .init(string: #"{"roles":["leader"]}"#)).status == .noContent)
            let widened = try await h.token("T002", "password-123")
            #expect(Set(try await h.get("/api/v1/students", token: widened).studentNumbers()) == Set(Fixtures.allStudents))
            #expect(try await h.client.execute(uri: "/api/v1/accounts/admin/roles", method: .put, headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                                               body: .init(string: #"{"roles":[]}"#)).status == .conflict)
        }
    }

    @Test("The pages: an administrator resets a password and sees the code once; a counsellor prints a class's codes")
    func pages() async throws {
        try await AppHarness.run(.sqlite) { h in
            try await h.importFixtureCollege()
            let admin = try await PagesTests.cookie(h, "admin", TestApp.adminPassword)
            let list = try await PagesTests.page(h, "/admin/accounts", cookie: admin)
            #expect(list.status == .ok)
            let csrf = try #require(PagesTests.csrf(in: list.text))
            let headers: HTTPFields = [.cookie: admin, .contentType: "application/x-www-form-urlencoded"]
            _ = try await h.tokenFor("T003")
            let granted = try await h.client.execute(uri: "/admin/accounts/T003/roles", method: .post, headers: headers,
                                                     body: .init(string: "_csrf=\(csrf)&roles[]=clinic&roles[]=aid"))
            #expect(granted.status == .seeOther)
            let grantedList = try await h.get("/api/v1/accounts", token: try await h.adminToken()).json()["items"] as? [[String: Any]] ?? []
            #expect(grantedList.first { $0["username"] as? String == "T003" }?["grantedRoles"] as? [String] == ["aid", "clinic"])
            let reset = try await h.client.execute(uri: "/admin/accounts/admin/reset", method: .post, headers: headers, body: .init(string: "_csrf=\(csrf)"))
            #expect(reset.status == .ok)
            #expect(reset.text.contains("class=\"secret\""))

            try await h.app.setPassword(username: "T001", password: "password-123")
            let counsellor = try await PagesTests.cookie(h, "T001", "password-123")
            #expect(try await PagesTests.page(h, "/admin/accounts", cookie: counsellor).status == .forbidden)
            let form = try await PagesTests.page(h, "/accounts/activation", cookie: counsellor)
            let token = try #require(PagesTests.csrf(in: form.text))
            let printed = try await h.client.execute(uri: "/accounts/activation", method: .post,
                                                     headers: [.cookie: counsellor, .contentType: "application/x-www-form-urlencoded"],
                                                     body: .init(string: "_csrf=\(token)&className=%E4%BF%A1%E6%81%AF2102"))
            #expect(printed.status == .ok)
            // 2021000004 is suspended (休学) and gets no code.
            #expect(printed.text.contains("2021000003") && !printed.text.contains("2021000004"))
        }
    }
}
