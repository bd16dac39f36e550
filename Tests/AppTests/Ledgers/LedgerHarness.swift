import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport

/// Key students and the on-campus ledger over the API, for the ledger suites.
extension AppHarness {
    func flagKeyStudent(_ body: String, token: String) async throws -> TestResponse {
        try await post("/api/v1/ledgers/key-students", token: token, body: body)
    }

    func changeKeyStudent(_ student: String, _ body: String, token: String) async throws -> TestResponse {
        try await put("/api/v1/ledgers/key-students/\(student)", token: token, body: body)
    }

    func clearKeyStudent(_ student: String, _ body: String, token: String) async throws -> TestResponse {
        try await post("/api/v1/ledgers/key-students/\(student)/clear", token: token, body: body)
    }

    /// The student numbers of `GET /api/v1/ledgers/key-students` for a query; fails unless 200.
    func keyStudents(_ query: String = "", token: String) async throws -> [String] {
        let r = try await get("/api/v1/ledgers/key-students\(query)", token: token)
        guard r.status == .ok else { throw HarnessError("key students: \(r.status) \(r.text)") }
        return try r.json().objects("items").compactMap { $0["studentNo"] as? String }
    }

    /// `GET …/history`'s changes; fails unless 200.
    func keyStudentChanges(_ student: String, token: String) async throws -> [[String: Any]] {
        let r = try await get("/api/v1/ledgers/key-students/\(student)/history", token: token)
        guard r.status == .ok else { throw HarnessError("history: \(r.status) \(r.text)") }
        return try r.json().objects("changes")
    }

    /// `GET /api/v1/ledgers/on-campus` for a query as student number → status; fails unless 200.
    func onCampus(_ query: String = "", token: String) async throws -> [String: String] {
        let r = try await get("/api/v1/ledgers/on-campus\(query)", token: token)
        guard r.status == .ok else { throw HarnessError("on campus: \(r.status) \(r.text)") }
        var result: [String: String] = [:]
        for item in try r.json().objects("items") { result[item["studentNo"] as? String ?? ""] = item["status"] as? String }
        return result
    }
}
