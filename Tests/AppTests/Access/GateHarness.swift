import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import ShouhuTestSupport

/// Points and tokens the gate tests share: a campus gate, the doors of the fixture's two buildings, a canteen with
/// two doors, a library and a classroom.
extension AppHarness {
    static let gatePoints: [(code: String, name: String, kind: String, place: String?)] = [
        ("south-gate", "南门", "campus_gate", "campus"),
        ("b1-door", "1号楼门", "building_door", "1号楼"),
        ("b6-door", "6号楼门", "building_door", "6号楼"),
        ("canteen-1-east", "一食堂东门", "canteen", "canteen-1"),
        ("canteen-1-west", "一食堂西门", "canteen", "canteen-1"),
        ("library", "图书馆", "library", nil),
        ("room-a101", "教学楼A101", "classroom", nil),
    ]

    /// Registers the gate points as admin and returns a token with `scopes`.
    func setUpGates(scopes: [String] = ["access:write", "access:decide"]) async throws -> String {
        let admin = try await adminToken()
        for p in Self.gatePoints {
            let place = p.place.map { #","place":"\#($0)""# } ?? ""
            let r = try await post("/api/v1/access/points", token: admin, body: #"{"code":"\#(p.code)","name":"\#(p.name)","kind":"\#(p.kind)"\#(place)}"#)
            guard r.status == .created else { throw HarnessError("registering \(p.code): \(r.status) \(r.text)") }
        }
        let list = scopes.map { "\"\($0)\"" }.joined(separator: ",")
        let created = try await post("/api/v1/tokens", token: admin, body: #"{"name":"gate","scopes":[\#(list)]}"#)
        guard let token = try created.json()["token"] as? String else { throw HarnessError("token: \(created.text)") }
        return token
    }

    /// One event as JSON.
    static func event(_ id: String, _ point: String, _ student: String, _ direction: String, _ at: String, granted: Bool = true) -> String {
        #"{"eventId":"\#(id)","accessPoint":"\#(point)","studentNo":"\#(student)","direction":"\#(direction)","at":"\#(at)","granted":\#(granted)}"#
    }

    func sendEvents(_ events: [String], token: String) async throws -> TestResponse {
        try await post("/api/v1/access/events", token: token, body: #"{"events":[\#(events.joined(separator: ","))]}"#)
    }

    func put(_ uri: String, token: String?, body: String) async throws -> TestResponse {
        var headers = Self.auth(token)
        headers[.contentType] = "application/json"
        return try await client.execute(uri: uri, method: .put, headers: headers, body: ByteBuffer(string: body))
    }

    static let lockdownPolicy = """
    {"name":"封闭管理","curfew":"22:00","secondApprovalHours":24,"rules":[
      {"kinds":["campus_gate"],"direction":"out","require":["approved_leave"]},
      {"kinds":["building_door"],"direction":"in","require":["checked_in_today","no_open_case"]}]}
    """
}
