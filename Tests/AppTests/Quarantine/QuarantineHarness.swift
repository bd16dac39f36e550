import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport

/// Sites, placements and records over the API, for the quarantine suites.
extension AppHarness {
    /// A clinic doctor (no units: quarantine is theirs school-wide) and a leader beside the fixture college's staff.
    static let quarantineStaffCSV = Fixtures.staffCSV + """
    T005,钱校医,校医,13800000005,
    T006,孙处长,学工处,13800000006,

    """

    /// The fixture college with the clinic doctor and the leader; the administrator's token.
    func importQuarantineCollege() async throws -> String {
        let admin = try await adminToken()
        for (path, csv) in [("staff", Self.quarantineStaffCSV), ("students", Fixtures.studentsCSV)] {
            let r = try await post("/api/v1/roster/\(path)", token: admin, body: csv, contentType: "text/csv")
            guard r.status == .ok else { throw HarnessError("import of \(path) failed: \(r.text)") }
        }
        return admin
    }

    /// Site `Q1` with rooms A101 (2 places) and A102 (1 place) unless other rooms are given.
    func createSite(_ code: String = "Q1", rooms: [(String, Int)] = [("A101", 2), ("A102", 1)], token: String) async throws {
        let list = rooms.map { #"{"code":"\#($0.0)","capacity":\#($0.1)}"# }.joined(separator: ",")
        let r = try await post("/api/v1/quarantine/sites", token: token, body: #"{"code":"\#(code)","name":"隔离点\#(code)","rooms":[\#(list)]}"#)
        guard r.status == .created else { throw HarnessError("site: \(r.status) \(r.text)") }
    }

    func place(_ student: String, reason: String = "close_contact", site: String = "Q1", extra: String = "", token: String) async throws -> TestResponse {
        try await post("/api/v1/quarantine/placements", token: token,
                       body: #"{"studentNo":"\#(student)","reason":"\#(reason)","site":"\#(site)"\#(extra)}"#)
    }

    /// Places a student and returns the placement's JSON; fails unless 201.
    func placed(_ student: String, reason: String = "close_contact", site: String = "Q1", extra: String = "", token: String) async throws -> [String: Any] {
        let r = try await place(student, reason: reason, site: site, extra: extra, token: token)
        guard r.status == .created else { throw HarnessError("placing \(student): \(r.status) \(r.text)") }
        return try r.json()
    }

    /// `GET /api/v1/quarantine/sites` as code → (occupied, rooms code → occupied).
    func occupancy(token: String) async throws -> [String: (Int, [String: Int])] {
        let r = try await get("/api/v1/quarantine/sites", token: token)
        guard r.status == .ok else { throw HarnessError("sites: \(r.status) \(r.text)") }
        var result: [String: (Int, [String: Int])] = [:]
        for site in try r.json().objects("items") {
            var rooms: [String: Int] = [:]
            for room in site["rooms"] as? [[String: Any]] ?? [] { rooms[room["code"] as? String ?? ""] = room["occupied"] as? Int }
            result[site["code"] as? String ?? ""] = (site["occupied"] as? Int ?? -1, rooms)
        }
        return result
    }

    /// The ledger's student numbers for a query.
    func ledger(_ query: String = "", token: String) async throws -> [String] {
        let r = try await get("/api/v1/quarantine/placements\(query)", token: token)
        guard r.status == .ok else { throw HarnessError("ledger: \(r.status) \(r.text)") }
        return try r.json().objects("items").compactMap { $0["studentNo"] as? String }
    }

    func release(_ id: String, body: String = "{}", token: String) async throws -> TestResponse {
        try await post("/api/v1/quarantine/placements/\(id)/release", token: token, body: body)
    }
}
