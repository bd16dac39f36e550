import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport

/// Sick leave over the API, for the sick-leave suites.
extension AppHarness {
    static let sickBody = #"{"studentNo":"2021000002","symptoms":"发热、咳嗽","onset":"2026-11-26","clinicVisited":true,"from":"2026-11-27","to":"2026-11-29"}"#

    func askSickLeave(_ body: String = AppHarness.sickBody, token: String) async throws -> TestResponse {
        try await post("/api/v1/sick-leaves", token: token, body: body)
    }

    /// Records a sick leave and returns its id; fails unless 201 with status open.
    func sickLeave(_ body: String = AppHarness.sickBody, token: String) async throws -> String {
        let r = try await askSickLeave(body, token: token)
        guard r.status == .created, try r.json()["status"] as? String == "open", let id = try r.json()["id"] as? String else {
            throw HarnessError("sick leave: \(r.status) \(r.text)")
        }
        return id
    }

    /// The ids of `GET /api/v1/sick-leaves` for a query; fails unless 200.
    func sickLeaveIds(_ query: String = "", token: String) async throws -> [String] {
        let r = try await get("/api/v1/sick-leaves\(query)", token: token)
        guard r.status == .ok else { throw HarnessError("sick leaves: \(r.status) \(r.text)") }
        return try r.json().objects("items").compactMap { $0["id"] as? String }
    }

    func followUp(_ id: String, note: String = "体温 37.8，已服药", token: String) async throws -> TestResponse {
        try await post("/api/v1/sick-leaves/\(id)/follow-ups", token: token, body: #"{"note":"\#(note)"}"#)
    }

    func closeSickLeave(_ id: String, body: String = #"{"cause":"病毒性感冒","cleared":true}"#, token: String) async throws -> TestResponse {
        try await post("/api/v1/sick-leaves/\(id)/close", token: token, body: body)
    }
}
