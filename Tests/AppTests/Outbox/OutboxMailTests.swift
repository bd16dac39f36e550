import App
import CampusKit
import Foundation
import HummingbirdTesting
import Notifications
import ShouhuTestSupport
import Storage
import Testing

/// The outbox end to end: an abnormal check-in reaches the counsellor's mailbox on a real SMTP server, exactly once,
/// through an outage of that server and a change of the server that sends.
@Suite("Outbox: an abnormal check-in reaches the counsellor by e-mail", .serialized)
struct OutboxMailTests {
    static func abnormal(_ h: AppHarness, _ student: String) async throws {
        let token = try await h.tokenFor(student)
        #expect(try await h.post("/api/v1/checkins", token: token, body: CheckInsTests.body(student, temperature: "38.6")).status == .created)
    }

    @Test("Delivered once with its receipt; while the sink is down the next one waits and is retried; a second server takes over a lease the first left; nothing arrives twice",
          arguments: TestEngine.available)
    func abnormalCheckInByEmail(engine: TestEngine) async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        let port = sink.port
        let config = TestApp.config { $0.smtpURL = sink.url("?starttls=never") }
        let clock = FixedClock(CheckInsTests.morning)
        try await AppHarness.run(engine, config: config, clock: clock) { h in
            try await h.importFixtureCollege()
            let counsellor = Actor(school: h.app.school, accountID: "T001", username: "T001", displayName: "王老师", kind: .staff,
                                   roles: [.counsellor], scope: .nothing)
            _ = try await h.app.notifications.saveSettings(NotificationSettings(username: "T001", email: "t001@example.edu"), by: counsellor)

            try await Self.abnormal(h, "2021000002")
            #expect(try await h.app.outbox.runOnce(school: h.app.school, worker: "server-1").delivered == 1)
            var stored = try sink.storedMessages()
            #expect(stored.count == 1 && stored[0].contains("X-Sink-Rcpt-To: t001@example.edu"), "\(stored)")
            let store = SQLNotificationStore(database: h.app.database)
            let delivered = try await store.deliveries(school: h.app.school, status: .delivered, limit: 10)
            #expect(delivered.count == 1 && (delivered.first?.receipt ?? "").hasPrefix("OK"), "the server's answer is kept: \(delivered)")
            #expect(try await h.app.outbox.runOnce(school: h.app.school, worker: "server-1").isEmpty, "nothing is sent twice")

            // The sink goes down: the next alert waits, retried with backoff, nothing else blocked.
            sink.stop()
            try await Self.abnormal(h, "2021000003")
            let down = try await h.app.outbox.runOnce(school: h.app.school, worker: "server-1")
            #expect(down.retrying == 1 && down.delivered == 0)
            let waiting = try await store.deliveries(school: h.app.school, status: .pending, limit: 10)
            #expect(waiting.count == 1 && waiting.first?.attempts == 1 && waiting.first?.lastError != nil)

            // A minute later the sink is back on its port; another server, with a dispatcher of its own, takes over.
            let back = try await SMTPSink(["--port", "\(port)"])
            defer { back.stop() }
            clock.advance(by: 60)
            let second = Dispatcher(store: store, couriers: try ShouhuApp.couriers(config), clock: clock)
            // The first server leased a row and died before sending it: the second waits out the lease, then sends.
            try await Self.abnormal(h, "2021000001")
            let orphan = try await store.lease(school: h.app.school, channel: .email, limit: 1, worker: "server-1",
                                               until: clock.now().addingTimeInterval(120), now: clock.now())
            #expect(orphan.count == 1)
            #expect(try await second.runOnce(school: h.app.school, worker: "server-2").delivered == 1, "the retried one")
            clock.advance(by: 121)
            #expect(try await second.runOnce(school: h.app.school, worker: "server-2").delivered == 1, "the orphan, once its lease ended")
            #expect(try await second.runOnce(school: h.app.school, worker: "server-2").isEmpty)
            stored = try back.storedMessages()
            #expect(stored.count == 2, "the restarted sink got the two that waited, each once")
            #expect(try await store.deliveries(school: h.app.school, status: .delivered, limit: 10).count == 3)
        }
    }
}
