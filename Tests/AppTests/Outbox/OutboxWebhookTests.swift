import App
import CampusKit
import Foundation
import HummingbirdTesting
import Notifications
import ShouhuTestSupport
import Storage
import Testing

/// Webhooks end to end against a real HTTP receiver (`HTTPSink`, Python's http.server): an abnormal check-in reaches
/// the counsellor's mailbox and the building's group exactly once through an outage and a change of server; a
/// receiver that fails is retried, then given up, and holds nothing else up.
@Suite("Outbox: group robots by webhook", .serialized)
struct OutboxWebhookTests {
    static func admin(_ h: AppHarness) -> Actor {
        Actor(school: h.app.school, accountID: "admin", username: "admin", displayName: "管理员", kind: .staff, roles: [.admin], scope: .school)
    }

    /// A stored e-mail as Python's `email` package reads it (subject and body decoded).
    static func decode(_ file: URL) async throws -> [String: Any] {
        let process = ChildProcess()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", SMTPSink.resources.appendingPathComponent("decode_message.py").path, file.path]
        process.standardOutput = output
        try process.run()
        let data = try await offTaskThreads {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return data
        }
        return (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    @Test("An abnormal check-in reaches the counsellor by e-mail and the building's group by webhook, each once, through a minute's outage of both receivers and a second server taking over; another building's group hears nothing",
          arguments: TestEngine.available)
    func doneWhen(engine: TestEngine) async throws {
        let smtp = try await SMTPSink()
        let http = try await HTTPSink()
        defer { smtp.stop(); http.stop() }
        let (smtpPort, httpPort) = (smtp.port, http.port)
        let config = TestApp.config {
            $0.smtpURL = smtp.url("?starttls=never")
            $0.publicURL = "https://shouhu.example.edu"
        }
        let clock = FixedClock(CheckInsTests.morning)
        try await AppHarness.run(engine, config: config, clock: clock) { h in
            try await h.importFixtureCollege()
            let counsellor = Actor(school: h.app.school, accountID: "T001", username: "T001", displayName: "王老师", kind: .staff,
                                   roles: [.counsellor], scope: .nothing)
            _ = try await h.app.notifications.saveSettings(NotificationSettings(username: "T001", email: "t001@example.edu", language: "en"), by: counsellor)
            _ = try await h.app.outboxAdmin.addWebhook(WebhookTarget(id: "", name: "1号楼群", url: http.url("/robot/one?key=SECRET"), format: .wecom, unit: "1号楼"), by: Self.admin(h))
            _ = try await h.app.outboxAdmin.addWebhook(WebhookTarget(id: "", name: "2号楼群", url: http.url("/robot/two"), format: .dingtalk, unit: "2号楼"), by: Self.admin(h))

            // The counsellor and the building leader are both told; the group hears once.
            try await OutboxMailTests.abnormal(h, "2021000002")
            let first = try await h.app.outbox.runOnce(school: h.app.school, worker: "server-1")
            #expect(first.delivered == 2, "one e-mail, one group post: \(first)")
            let posts = http.requests()
            #expect(posts.count == 1 && posts.first?.path == "/robot/one?key=SECRET")
            let content = ((posts.first?.json["text"] as? [String: Any])?["content"] as? String) ?? ""
            #expect(content.hasPrefix("【新异常个案：甲二（2021000002）】") && content.contains("https://shouhu.example.edu/cases/"), "\(content)")
            let mail = try smtp.storedMessages()
            #expect(mail.count == 1 && mail[0].contains("X-Sink-Rcpt-To: t001@example.edu"))
            let decoded = try await Self.decode(try #require(smtp.storedFiles().first))
            #expect(decoded["subject"] as? String == "New case: 甲二 (2021000002)", "in her language: \(decoded["subject"] ?? "")")
            #expect((decoded["body"] as? String ?? "").contains("Open it in Shouhu: https://shouhu.example.edu/cases/"), "with a link that opens")

            // Both receivers go down: the next case waits on both channels.
            smtp.stop()
            http.stop()
            try await OutboxMailTests.abnormal(h, "2021000003")
            let down = try await h.app.outbox.runOnce(school: h.app.school, worker: "server-1")
            #expect(down.retrying == 2 && down.delivered == 0, "\(down)")

            // A minute later they are back on their ports and another server's dispatcher takes over.
            let smtpBack = try await SMTPSink(["--port", "\(smtpPort)"])
            let httpBack = try await HTTPSink(port: httpPort)
            defer { smtpBack.stop(); httpBack.stop() }
            clock.advance(by: 60)
            let store = SQLNotificationStore(database: h.app.database)
            let second = Dispatcher(store: store, couriers: try ShouhuApp.couriers(config), clock: clock)
            #expect(try await second.runOnce(school: h.app.school, worker: "server-2").delivered == 2)
            #expect(try await second.runOnce(school: h.app.school, worker: "server-2").isEmpty, "nothing twice")
            #expect(httpBack.requests().count == 1 && httpBack.requests().allSatisfy { $0.path.hasPrefix("/robot/one") })
            #expect(try smtpBack.storedMessages().count == 1)
        }
    }

    @Test("A receiver answering 500 is retried with backoff and then given up (a dead letter to send again); a wrong robot key is given up at once; an unreachable one is retried; a good group in the same batch is delivered",
          arguments: TestEngine.available)
    func failures(engine: TestEngine) async throws {
        let http = try await HTTPSink()
        defer { http.stop() }
        let clock = FixedClock(CheckInsTests.morning)
        try await AppHarness.run(engine, clock: clock) { h in
            try await h.importFixtureCollege()
            let closed = try await HTTPSink()
            let closedURL = closed.url("/gone")
            closed.stop()
            for (name, url, format) in [("好群", http.url("/ok"), WebhookFormat.json), ("坏服务器", http.url("/status/500"), .json),
                                        ("错密钥", http.url("/errcode/93000"), .wecom), ("关机", closedURL, .json)] {
                _ = try await h.app.outboxAdmin.addWebhook(WebhookTarget(id: "", name: name, url: url, format: format), by: Self.admin(h))
            }
            let store = SQLNotificationStore(database: h.app.database)
            let texts = try ShouhuApp.couriers(h.app.config).filter { $0.channel == .webhook }
            let dispatcher = Dispatcher(store: store, couriers: texts, policy: RetryPolicy(first: 10, longest: 10, attempts: 3), clock: clock)
            try await OutboxMailTests.abnormal(h, "2021000002")

            let round = try await dispatcher.runOnce(school: h.app.school, worker: "w")
            #expect(round.delivered == 1 && round.dead == 1 && round.retrying == 2, "\(round)")
            for _ in 0..<2 {
                clock.advance(by: 11)
                _ = try await dispatcher.runOnce(school: h.app.school, worker: "w")
            }
            let dead = try await h.app.outboxAdmin.deliveries(.dead, by: Self.admin(h))
            #expect(dead.count == 3, "500 and unreachable after three attempts, the wrong key at once: \(dead.map(\.lastError))")
            #expect(dead.contains { ($0.lastError ?? "").contains("errcode 93000") && $0.attempts == 1 })
            #expect(dead.contains { ($0.lastError ?? "").contains("HTTP 500") && $0.attempts == 3 })
            #expect(http.requests().filter { $0.path == "/ok" }.count == 1, "the good group heard once")
            #expect(http.requests().filter { $0.path == "/status/500" }.count == 3)
            #expect(http.requests().first { $0.path == "/ok" }?.headers["idempotency-key"] != nil, "receivers can tell a resent copy")

            // Sent again by the administrator: pending with a fresh count; a delivered one cannot be "resent".
            let again = try #require(dead.first { ($0.lastError ?? "").contains("HTTP 500") })
            try await h.app.outboxAdmin.resend(again.id, by: Self.admin(h))
            #expect(try await store.deliveries(school: h.app.school, status: .pending, limit: 10).map(\.id) == [again.id])
            let delivered = try #require(try await store.deliveries(school: h.app.school, status: .delivered, limit: 10).first)
            await #expect(throws: DomainError.self) { try await h.app.outboxAdmin.resend(delivered.id, by: Self.admin(h)) }
            let counsellor = Actor(school: h.app.school, accountID: "T001", username: "T001", displayName: "王老师", kind: .staff,
                                   roles: [.counsellor], scope: .nothing)
            await #expect(throws: DomainError.self) { try await h.app.outboxAdmin.resend(again.id, by: counsellor) }
            await #expect(throws: DomainError.self) { _ = try await h.app.outboxAdmin.webhooks(by: counsellor) }
        }
    }
}
