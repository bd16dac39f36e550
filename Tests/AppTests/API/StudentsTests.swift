import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

@Suite("Students list and detail, within scope")
struct StudentsTests {
    @Test("Filters select by building, floor key, room key, college, class and status", arguments: TestEngine.available)
    func filters(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            try await h.importFixtureCollege()
            let admin = try await h.adminToken()
            func numbers(_ query: String) async throws -> [String] {
                try await h.get("/api/v1/students?\(query)", token: admin).studentNumbers()
            }
            #expect(try await numbers("building=6%E5%8F%B7%E6%A5%BC") == ["2021000005", "2021000006", "2021000007"])
            #expect(try await numbers("floor=1%E5%8F%B7%E6%A5%BC/2") == ["2021000003", "2021000004"])
            #expect(try await numbers("room=6%E5%8F%B7%E6%A5%BC/301") == ["2021000005", "2021000006"])
            #expect(try await numbers("class=%E4%BF%A1%E6%81%AF2102") == ["2021000003", "2021000004"])
            #expect(try await numbers("status=suspended") == ["2021000004"])
            #expect(try await numbers("q=2021000007") == ["2021000007"])
            #expect(try await numbers("floor=3") == ["2021000005", "2021000006", "2021000007"], "a bare number: that floor of every building")
            for odd in ["floor=abc", "floor=1%E5%8F%B7%E6%A5%BC/x", "floor=%27%3B"] {
                let r = try await h.get("/api/v1/students?\(odd)", token: admin)
                #expect(try r.status == .ok && r.studentNumbers().isEmpty, "\(odd): a floor that names none lists nobody, \(r.status)")
            }
        }
    }

    @Test("Pages of a list follow nextCursor to the end; bad limit, cursor or status values are refused naming the parameter")
    func paging() async throws {
        try await AppHarness.run(.sqlite) { h in
            try await h.importFixtureCollege()
            let admin = try await h.adminToken()
            var seen: [String] = []
            var uri = "/api/v1/students?limit=3"
            while true {
                let body = try await h.get(uri, token: admin).json()
                seen += (body["items"] as? [[String: Any]] ?? []).compactMap { $0["studentNo"] as? String }
                #expect(body.keys.contains("nextCursor"), "the contract always carries nextCursor")
                guard let next = body["nextCursor"] as? String else {
                    #expect(body["nextCursor"] is NSNull)
                    break
                }
                uri = "/api/v1/students?limit=3&cursor=\(next)"
            }
            #expect(seen == Fixtures.allStudents)
            // Values of the right type but out of range are 422 naming the field.
            for (query, field) in [("limit=0", "limit"), ("limit=1001", "limit"), ("cursor=%25%25%25", "cursor")] {
                let r = try await h.get("/api/v1/students?\(query)", token: admin)
                #expect(r.status == .unprocessableContent, "\(query)")
                #expect(try r.problemErrors().first?["field"] as? String == field)
            }
            // Values that are not of the documented type are malformed: 400, and the detail names the parameter.
            for (query, field) in [("limit=ten", "limit"), ("status=gone", "status")] {
                let r = try await h.get("/api/v1/students?\(query)", token: admin)
                #expect(r.status == .badRequest, "\(query)")
                #expect(r.headers[.contentType] == "application/problem+json")
                #expect((try r.json()["detail"] as? String)?.contains(field) == true, "\(r.text)")
            }
        }
    }

    @Test("Phone and ID numbers are masked in a student's detail")
    func masking() async throws {
        try await AppHarness.run(.sqlite) { h in
            try await h.importFixtureCollege()
            let body = try await h.get("/api/v1/students/2021000001", token: try await h.adminToken()).json()
            #expect(body["phone"] as? String == "138****5678")
            #expect(body["idNumber"] as? String == "1101**********002X")
            #expect(body["masked"] as? Bool == true)
            #expect(!(try await h.get("/api/v1/students?limit=1000", token: try await h.adminToken()).text.contains("13812345678")))
        }
    }

    @Test("A counsellor sees the students of their classes and nobody else; outside their scope is 404", arguments: TestEngine.available)
    func counsellorScope(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            try await h.importFixtureCollege()
            let t001 = try await h.tokenFor("T001")
            #expect(try await h.get("/api/v1/students?limit=1000", token: t001).studentNumbers() == ["2021000001", "2021000002", "2021000003", "2021000004"])
            #expect(try await h.get("/api/v1/students/2021000001", token: t001).status == .ok)
            let outside = try await h.get("/api/v1/students/2021000005", token: t001)
            #expect(outside.status == .notFound)
            #expect(!outside.text.contains("丙一"))
            // Filtering for another building does not widen the scope.
            #expect(try await h.get("/api/v1/students?building=6%E5%8F%B7%E6%A5%BC", token: t001).studentNumbers().isEmpty)
        }
    }

    @Test("A building leader sees their building, a secretary their college, a student only themself, a floor leader their floor", arguments: TestEngine.available)
    func otherScopes(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            try await h.importFixtureCollege()
            let building = try await h.tokenFor("T003")
            #expect(try await h.get("/api/v1/students", token: building).studentNumbers() == ["2021000001", "2021000002", "2021000003", "2021000004"])
            let secretary = try await h.tokenFor("T004")
            #expect(try await h.get("/api/v1/students", token: secretary).studentNumbers() == ["2021000005", "2021000006", "2021000007"])
            let student = try await h.tokenFor("2021000002")
            #expect(try await h.get("/api/v1/students", token: student).studentNumbers() == ["2021000002"])
            #expect(try await h.get("/api/v1/students/2021000001", token: student).status == .notFound)
            let floorLeader = try await h.tokenFor("2021000003")
            #expect(try await h.get("/api/v1/students", token: floorLeader).studentNumbers() == ["2021000003", "2021000004"])
            let roomLeader = try await h.tokenFor("2021000001")
            #expect(try await h.get("/api/v1/students", token: roomLeader).studentNumbers() == ["2021000001", "2021000002"])
        }
    }

    @Test("The grid counts students at every level within the caller's scope")
    func grid() async throws {
        try await AppHarness.run(.sqlite) { h in
            try await h.importFixtureCollege()
            let all = try await h.get("/api/v1/grid", token: try await h.adminToken()).json()
            #expect(all["students"] as? Int == 7)
            #expect(all["active"] as? Int == 5)
            let north = (all["campuses"] as? [[String: Any]])?.first { $0["name"] as? String == "北校区" }
            #expect(north?["students"] as? Int == 3)
            let mine = try await h.get("/api/v1/grid", token: try await h.tokenFor("T002")).json()
            #expect(mine["students"] as? Int == 3)
            #expect((mine["campuses"] as? [[String: Any]])?.count == 1)
        }
    }
}
