import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import ShouhuTestSupport

/// A college big enough for 10-in-1 tubes and a five-day rotation: the fixture college (Fixtures.swift) plus 44
/// active students in three buildings.
///
/// | Building | Floor | Rooms       | Class              | Counsellor | Active |
/// | 1号楼     | 1     | 101         | 信息2101            | T001       | 2 (fixture 001, 002) |
/// | 1号楼     | 2     | 201, 202    | 信息2102            | T001       | 1 (fixture 003; 004 is suspended) |
/// | 1号楼     | 3, 4  | x01 / x02   | 信息2101 / 信息2102  | T001       | 16 |
/// | 6号楼     | 3     | 301, 302    | 机电2101            | T002       | 2 (fixture 005, 006; 007 is off campus) |
/// | 6号楼     | 4, 5  | x01, x02    | 机电2101            | T002       | 16 |
/// | 9号楼     | 1     | 101, 102    | 信息2102            | T001       | 8 |
/// | 9号楼     | 2     | 201         | 机电2101            | T002       | 4 |
///
/// So 49 students are active: T001 has 27 (19 in 1号楼, 8 in 9号楼), T002 and secretary T004 (机电工程学院) 22,
/// building leader T003 (1号楼) 19.
enum TestingFixtures {
    struct Member: Sendable, Hashable {
        let studentNo: String
        let building: String
        let floor: Int
        let room: String
        let className: String
        let counsellor: String
        var college: String { className.hasPrefix("信息") ? "信息工程学院" : "机电工程学院" }
        var floorKey: String { "\(building)/\(floor)" }
    }

    /// The fixture college's active students.
    static let fixtureActive: [Member] = [
        Member(studentNo: "2021000001", building: "1号楼", floor: 1, room: "101", className: "信息2101", counsellor: "T001"),
        Member(studentNo: "2021000002", building: "1号楼", floor: 1, room: "101", className: "信息2101", counsellor: "T001"),
        Member(studentNo: "2021000003", building: "1号楼", floor: 2, room: "201", className: "信息2102", counsellor: "T001"),
        Member(studentNo: "2021000005", building: "6号楼", floor: 3, room: "301", className: "机电2101", counsellor: "T002"),
        Member(studentNo: "2021000006", building: "6号楼", floor: 3, room: "301", className: "机电2101", counsellor: "T002"),
    ]

    /// The students added for testing, all active.
    static let extra: [Member] = {
        var rows: [Member] = []
        var n = 101
        func room(_ building: String, _ floor: Int, _ room: String, _ className: String, _ counsellor: String) {
            for _ in 0..<4 {
                rows.append(Member(studentNo: "2022000\(n)", building: building, floor: floor, room: room, className: className, counsellor: counsellor))
                n += 1
            }
        }
        for floor in [3, 4] {
            room("1号楼", floor, "\(floor)01", "信息2101", "T001")
            room("1号楼", floor, "\(floor)02", "信息2102", "T001")
        }
        for floor in [4, 5] {
            room("6号楼", floor, "\(floor)01", "机电2101", "T002")
            room("6号楼", floor, "\(floor)02", "机电2101", "T002")
        }
        room("9号楼", 1, "101", "信息2102", "T001")
        room("9号楼", 1, "102", "信息2102", "T001")
        room("9号楼", 2, "201", "机电2101", "T002")
        return rows
    }()

    /// Every active student, in student-number order.
    static let active: [Member] = (fixtureActive + extra).sorted { $0.studentNo < $1.studentNo }
    static let activeNumbers: Set<String> = Set(active.map(\.studentNo))

    static func of(_ studentNo: String) -> Member { active.first { $0.studentNo == studentNo }! }
    static func inBuilding(_ building: String) -> [Member] { active.filter { $0.building == building } }
    static func ofCounsellor(_ staffNo: String) -> [Member] { active.filter { $0.counsellor == staffNo } }

    static let studentsCSV: String = {
        var csv = Fixtures.studentsCSV
        if !csv.hasSuffix("\n") { csv += "\n" }
        for (i, m) in extra.enumerated() {
            csv += "测试\(i),\(m.studentNo),\(m.college),\(m.className),\(m.building == "6号楼" ? "北校区" : "南校区"),\(m.building),\(m.floor),\(m.room),\(i % 4 + 1),,,\(m.counsellor),,在校,男\n"
        }
        return csv
    }()

    static let today = "2026-11-27"
}

extension AppHarness {
    /// Imports the fixture college and the testing students as admin; returns the admin's token.
    @discardableResult
    func importTestingCollege() async throws -> String {
        let admin = try await adminToken()
        for (path, csv) in [("staff", Fixtures.staffCSV), ("students", TestingFixtures.studentsCSV)] {
            let r = try await post("/api/v1/roster/\(path)", token: admin, body: csv, contentType: "text/csv")
            guard r.status == .ok else { throw HarnessError("import of \(path) failed: \(r.status) \(r.text)") }
        }
        return admin
    }

    /// `POST /api/v1/testing/campaigns`; the answer whatever it is.
    func postCampaign(_ body: String, token: String) async throws -> TestResponse {
        try await post("/api/v1/testing/campaigns", token: token, body: body)
    }

    /// Creates a campaign and returns its body; fails unless 201.
    func createCampaign(_ body: String, token: String) async throws -> [String: Any] {
        let r = try await postCampaign(body, token: token)
        guard r.status == .created else { throw HarnessError("campaign: \(r.status) \(r.text)") }
        return try r.json()
    }

    /// A full campaign of the whole school today; its id.
    func fullCampaign(token: String, poolSize: Int = 10, name: String = "全员核酸") async throws -> String {
        let c = try await createCampaign(#"{"name":"\#(name)","date":"\#(TestingFixtures.today)","kind":"full","poolSize":\#(poolSize)}"#, token: token)
        guard let id = c["id"] as? String else { throw HarnessError("no id: \(c)") }
        return id
    }

    /// A targeted campaign of `students` today; its id.
    func targetedCampaign(_ students: [String], token: String, poolSize: Int = 10) async throws -> String {
        let list = students.map { "\"\($0)\"" }.joined(separator: ",")
        let c = try await createCampaign(#"{"name":"定向检测","date":"\#(TestingFixtures.today)","kind":"targeted","poolSize":\#(poolSize),"students":[\#(list)]}"#,
                                         token: token)
        guard let id = c["id"] as? String else { throw HarnessError("no id: \(c)") }
        return id
    }

    /// `POST /api/v1/testing/samples`; the answer whatever it is.
    func swab(_ campaign: String, _ tube: String, _ student: String, token: String) async throws -> TestResponse {
        try await post("/api/v1/testing/samples", token: token,
                       body: #"{"campaignId":"\#(campaign)","tubeCode":"\#(tube)","studentNo":"\#(student)"}"#)
    }

    /// Swabs every student into `tube`; fails unless each is 201.
    func fill(_ campaign: String, _ tube: String, _ students: [String], token: String) async throws {
        for s in students {
            let r = try await swab(campaign, tube, s, token: token)
            guard r.status == .created else { throw HarnessError("swab of \(s) into \(tube): \(r.status) \(r.text)") }
        }
    }

    /// `POST /api/v1/testing/results` as JSON.
    func labResults(_ results: [(String, String)], token: String) async throws -> TestResponse {
        let items = results.map { #"{"tubeCode":"\#($0.0)","result":"\#($0.1)"}"# }.joined(separator: ",")
        return try await post("/api/v1/testing/results", token: token, body: #"{"results":[\#(items)]}"#)
    }

    func coverage(_ campaign: String, groupBy: String = "building", token: String) async throws -> [String: Any] {
        let r = try await get("/api/v1/testing/campaigns/\(campaign)/coverage?groupBy=\(groupBy)", token: token)
        guard r.status == .ok else { throw HarnessError("coverage: \(r.status) \(r.text)") }
        return try r.json()
    }

    /// The missing list's items.
    func missing(_ campaign: String, token: String) async throws -> [[String: Any]] {
        let r = try await get("/api/v1/testing/campaigns/\(campaign)/missing", token: token)
        guard r.status == .ok else { throw HarnessError("missing: \(r.status) \(r.text)") }
        return try r.json()["items"] as? [[String: Any]] ?? []
    }

    /// The missing list as student number → reason ("" when none).
    func missingReasons(_ campaign: String, token: String) async throws -> [String: String] {
        var result: [String: String] = [:]
        for item in try await missing(campaign, token: token) {
            if let no = item["studentNo"] as? String { result[no] = item["reason"] as? String ?? "" }
        }
        return result
    }

    func tube(_ code: String, token: String) async throws -> TestResponse {
        try await get("/api/v1/testing/tubes/\(code)", token: token)
    }

    /// An integration token with `scopes`, made by admin.
    func integrationToken(_ name: String, scopes: [String]) async throws -> String {
        let list = scopes.map { "\"\($0)\"" }.joined(separator: ",")
        let r = try await post("/api/v1/tokens", token: try await adminToken(), body: #"{"name":"\#(name)","scopes":[\#(list)]}"#)
        guard let token = try r.json()["token"] as? String else { throw HarnessError("token \(name): \(r.status) \(r.text)") }
        return token
    }
}

extension TestResponse {
    /// The `field`s a problem answer names.
    func problemFields() throws -> [String] {
        try problemErrors().compactMap { $0["field"] as? String }
    }

    var isProblem: Bool { headers[.contentType]?.hasPrefix("application/problem+json") == true }
}

extension Dictionary where Key == String, Value == Any {
    func int(_ key: String) -> Int? { self[key] as? Int }
    func strings(_ key: String) -> [String] { self[key] as? [String] ?? [] }
    func objects(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }
}
