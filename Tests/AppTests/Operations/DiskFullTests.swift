import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import SQLKit
import Storage
import Testing

/// SQLite out of space (issue 19): the database may not grow (`max_page_count` at its size, as a full disk looks to
/// SQLite: SQLITE_FULL), a write is answered 503 with Retry-After and a problem, never 500; nothing half-stored; the
/// file passes `PRAGMA integrity_check`; once there is room again the same write goes through.
@Suite("Operations: the disk full on SQLite")
struct DiskFullTests {
    /// 3,000 students more than the fixture's, enough to need new pages.
    static let manyStudents: String = {
        var csv = "name,student_no,college,class,campus,building,floor,room,bed,phone,id_number,counsellor,grid_role,status,gender\n"
        for i in 0..<3_000 {
            let floor = i % 6 + 1
            csv += "学生\(i),2030\(String(format: "%06d", i)),信息工程学院,信息2101,南校区,9号楼,\(floor),\(floor)\(String(format: "%02d", i / 6 % 40)),\(i % 4 + 1),,,T001,,在校,女\n"
        }
        return csv
    }()

    static func pragma(_ h: AppHarness, _ sql: String) async throws -> String {
        struct Row: Decodable { var value: String }
        return try await h.app.database.write { db in
            try await db.raw("SELECT CAST((\(unsafeRaw: sql)) AS TEXT) AS value").first(decoding: Row.self)?.value ?? ""
        }
    }

    @Test("A roster import that needs more space than there is answers 503 with a problem and stores nothing; integrity holds; with room again it is stored")
    func fullDisk() async throws {
        try await AppHarness.run(.sqlite) { h in
            try await h.importFixtureCollege()
            let admin = try await h.adminToken()
            let pages = try await h.app.database.write { db in
                struct Row: Decodable { var page_count: Int }
                let n = try await db.raw("PRAGMA page_count").first(decoding: Row.self)?.page_count ?? 0
                try await db.raw("PRAGMA max_page_count = \(unsafeRaw: String(n))").run()
                return n
            }
            #expect(pages > 0)
            let refused = try await h.post("/api/v1/roster/students", token: admin, body: Fixtures.studentsCSV + Self.manyStudents.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n",
                                           contentType: "text/csv")
            #expect(refused.status == .serviceUnavailable, "\(refused.status) \(refused.text.prefix(300))")
            #expect(refused.headers[.retryAfter] != nil)
            #expect((refused.headers[.contentType] ?? "").hasPrefix("application/problem+json"))
            #expect(try await h.get("/api/v1/students?q=2030000001", token: admin).studentNumbers().isEmpty, "nothing of the import is stored")
            #expect(try await h.get("/api/v1/students/2021000001", token: admin).status == .ok, "what was there stays")

            #expect(try await Self.pragma(h, "SELECT integrity_check FROM pragma_integrity_check") == "ok")
            try await h.app.database.write { db in try await db.raw("PRAGMA max_page_count = 1073741823").run() }
            let stored = try await h.post("/api/v1/roster/students", token: admin, body: Fixtures.studentsCSV + Self.manyStudents.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n",
                                          contentType: "text/csv")
            #expect(stored.status == .ok, "\(stored.status) \(stored.text.prefix(300))")
            #expect(try await h.get("/api/v1/students?q=2030000001", token: admin).studentNumbers() == ["2030000001"])
        }
    }
}
