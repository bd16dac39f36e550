import App
import CampusKit
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Notifications
import ShouhuTestSupport
import Storage
import Tabular
import Testing

/// The outbox across a crash: the real server binary sends e-mail to a real SMTP sink and posts to a real HTTP
/// receiver, is killed with SIGKILL in the middle of its sending, and is started again. Nothing is lost; what the
/// receivers got twice is only what was in flight at the kill, and a copy carries the same id as the first (the
/// e-mail's Message-ID, the post's Idempotency-Key), so a receiver can tell.
@Suite("Durability of the outbox", .serialized)
struct OutboxKillTests {
    static let students = ["2021000001", "2021000002", "2021000003"]

    static func startServer(path: String, port: Int, smtp: SMTPSink) throws -> ChildProcess {
        try ServerProcess.start(database: "sqlite:\(path)", port: port,
                                environment: ["SHOUHU_SMTP_URL": smtp.url("?starttls=never"), "SHOUHU_OUTBOX_LEASE_SECONDS": "5"])
    }

    /// The Message-ID of each stored e-mail (the delivery's id before the `@`).
    static func messageIDs(_ smtp: SMTPSink) -> [String] {
        ((try? smtp.storedMessages()) ?? []).compactMap { text in
            text.split(separator: "\r\n").first { $0.lowercased().hasPrefix("message-id:") }
                .map { $0.dropFirst("message-id:".count).trimmingCharacters(in: CharacterSet(charactersIn: " <>")) }
                .map { String($0.split(separator: "@").first ?? "") }
        }
    }

    /// How many e-mail and webhook rows the running server has not recorded as delivered yet.
    static func undelivered(_ path: String) async throws -> Int {
        let database = try await Database.open(.sqliteFile(path: path))
        let n = try? await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM notifications WHERE channel <> 'inapp' AND status <> 'delivered'").first()?
                .decode(column: "n", as: Int.self)
        }
        await database.close()
        return n ?? -1
    }

    @Test("Killed with SIGKILL mid-batch and started again, the server delivers every e-mail and group post; only those in flight at the kill arrive twice, each with its first copy's id",
          .enabled(if: DurabilityTests.binary != nil, "the shouhu binary is not built"))
    func killNineWhileSending() async throws {
        let smtp = try await SMTPSink()
        let http = try await HTTPSink()
        defer { smtp.stop(); http.stop() }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shouhu-outbox-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }

        // The roster, the counsellor's address, the building's robot and a token, before the server starts.
        let token = try await ServerProcess.prepare(path: path, scopes: ["checkin:write"]) { app in
            let counsellor = Actor(school: app.school, accountID: "T001", username: "T001", displayName: "王老师", kind: .staff, roles: [.counsellor], scope: .nothing)
            _ = try await app.notifications.saveSettings(NotificationSettings(username: "T001", email: "t001@example.edu"), by: counsellor)
            _ = try await app.outboxAdmin.addWebhook(WebhookTarget(id: "", name: "1号楼群", url: http.url("/robot"), format: .wecom, unit: "1号楼"), by: app.systemActor)
        }

        let port = Int.random(in: 20_000...40_000)
        let base = "http://127.0.0.1:\(port)"
        var server = try Self.startServer(path: path, port: port, smtp: smtp)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        try #require(try await ServerProcess.ready(base), "the server did not become ready")

        // Abnormal check-ins, each an e-mail to the counsellor and a post to the building's group, four at a time;
        // the server is killed as soon as the sink has a few, while the dispatcher is sending and check-ins arrive.
        let total = 150
        let acknowledged = Acknowledged()
        let killedAt = Acknowledged()
        let victim = server.processIdentifier
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for _ in 0..<5000 {
                    let got = Self.messageIDs(smtp).count
                    if got >= 5 {
                        kill(victim, SIGKILL)
                        for _ in 0..<got { _ = killedAt.add(UUID().uuidString) }
                        return
                    }
                    try? await Task.sleep(for: .milliseconds(2))
                }
            }
            for lane in 0..<4 {
                group.addTask {
                    for i in stride(from: lane, to: total, by: 4) {
                        var request = URLRequest(url: URL(string: "\(base)/api/v1/checkins")!)
                        request.httpMethod = "POST"
                        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                        request.httpBody = Data(#"{"studentNo":"\#(Self.students[i % 3])","temperature":38.\#(i % 9),"symptoms":["cough"],"onCampus":true,"city":null,"healthCode":"green","riskContact":false}"#.utf8)
                        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return }
                        if (response as? HTTPURLResponse)?.statusCode == 201 { _ = acknowledged.add("\(i)") }
                    }
                }
            }
        }
        if server.isRunning { kill(server.processIdentifier, SIGKILL) }
        server.waitUntilExit()
        let before = Set(Self.messageIDs(smtp))
        #expect(killedAt.ids.count >= 5 && acknowledged.ids.count >= 5, "killed while sending")

        // Started again: it sends what was left, and what the dead server held once its lease (5 s here) ends.
        server = try Self.startServer(path: path, port: port, smtp: smtp)
        try #require(try await ServerProcess.ready(base), "the server did not come back")
        for _ in 0..<600 {
            if try await Self.undelivered(path) == 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let ids = Self.messageIDs(smtp)
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()

        let reopened = try await Database.open(.sqliteFile(path: path))
        let rows = try await reopened.read { db in
            try await db.raw("SELECT id, channel, status, kind FROM notifications WHERE channel <> 'inapp'").all().map {
                (try $0.decode(column: "id", as: String.self), try $0.decode(column: "channel", as: String.self), try $0.decode(column: "status", as: String.self),
                 try $0.decode(column: "kind", as: String.self))
            }
        }
        await reopened.close()
        // The check-ins' case alerts are what the count is about: a real clock past the day's check-in cutoff also has
        // the server e-mail the staff who still miss students (no group post), which is no case of ours.
        let emailRows = Set(rows.filter { $0.1 == "email" && $0.3 == "case_alert" }.map(\.0))
        let webhookRows = Set(rows.filter { $0.1 == "webhook" }.map(\.0))
        let allEmailRows = Set(rows.filter { $0.1 == "email" }.map(\.0))
        #expect(emailRows.count >= acknowledged.ids.count && webhookRows.count == emailRows.count, "an e-mail and a post for every acknowledged check-in")
        #expect(rows.allSatisfy { $0.2 == "delivered" }, "every row delivered after the restart: \(rows.filter { $0.2 != "delivered" }.count) not")
        #expect(Set(ids) == allEmailRows, "nothing lost: every e-mail row reached the sink, by its Message-ID")
        #expect(Set(http.requests().compactMap { $0.headers["idempotency-key"] }) == webhookRows, "nothing lost: every post reached the receiver")
        // A copy is only of what had arrived before the kill and was not yet recorded as delivered.
        let copies = Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys
        #expect(copies.allSatisfy(before.contains), "only e-mails in flight at the kill came twice")
        #expect(Dictionary(grouping: ids, by: { $0 }).values.allSatisfy { $0.count <= 2 }, "none came three times")
    }
}
