import App
import CampusKit
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ShouhuTestSupport
import Storage
import Tabular
import Testing

/// A check-in acknowledged with 201 is on disk: the real server binary is killed with SIGKILL in the middle of a
/// stream of check-ins, and every acknowledged one is found when the file is opened again.
@Suite("Durability of acknowledged check-ins")
struct DurabilityTests {
    static var binary: String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return [".build/debug/shouhu", ".build/release/shouhu"].map { root.appendingPathComponent($0).path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test("Every check-in answered 201 survives kill -9 of the server", .enabled(if: binary != nil, "the shouhu binary is not built"))
    func killNine() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shouhu-durability-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        // The roster and a checkin:write token, written before the server starts.
        let token = try await ServerProcess.prepare(path: path, scopes: ["checkin:write"])
        let port = Int.random(in: 20_000...40_000)
        let server = try ServerProcess.start(database: "sqlite:\(path)", port: port)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let base = "http://127.0.0.1:\(port)"
        try #require(try await ServerProcess.ready(base), "the server did not become ready")

        let acknowledged = Acknowledged()
        let students = ["2021000001", "2021000002", "2021000003", "2021000005", "2021000006"]
        // Requests keep coming; the server is killed once 120 have been acknowledged, with others in flight.
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<400 {
                group.addTask {
                    var request = URLRequest(url: URL(string: "\(base)/api/v1/checkins")!)
                    request.httpMethod = "POST"
                    request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                    request.httpBody = Data(#"{"studentNo":"\#(students[i % 5])","temperature":36.\#(i % 9),"symptoms":[],"onCampus":true,"city":null,"healthCode":"green","riskContact":false}"#.utf8)
                    guard let (data, response) = try? await URLSession.shared.data(for: request),
                          (response as? HTTPURLResponse)?.statusCode == 201,
                          let id = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["id"] as? String else { return }
                    if acknowledged.add(id) == 120 { kill(server.processIdentifier, SIGKILL) }
                }
            }
        }
        // Fewer than 120 acknowledged (a broken server) must fail the test, not wait for ever.
        if server.isRunning { kill(server.processIdentifier, SIGKILL) }
        server.waitUntilExit()
        let ids = acknowledged.ids
        #expect(ids.count >= 120)

        let reopened = try await Database.open(.sqliteFile(path: path))
        let stored = try await reopened.read { db in
            try await db.raw("SELECT id FROM checkins").all().map { try $0.decode(column: "id", as: String.self) }
        }
        await reopened.close()
        let missing = ids.subtracting(stored)
        #expect(missing.isEmpty, "\(missing.count) of \(ids.count) acknowledged check-ins were lost")
    }
}

/// Ids answered 201, shared by the request tasks.
final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var set: Set<String> = []
    func add(_ id: String) -> Int { lock.withLock { set.insert(id); return set.count } }
    var ids: Set<String> { lock.withLock { set } }
}
