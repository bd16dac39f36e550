import App
import CampusKit
import Foundation
import HummingbirdTesting
import Notifications
import ShouhuTestSupport
import Testing

/// `/metrics` in the Prometheus text format, for the monitoring host only.
@Suite("Operations: /metrics")
struct MetricsTests {
    @Test("A read:metrics token reads requests by route pattern (never a student number), job runs, the outbox backlog and the database connections; nobody else reads it",
          arguments: TestEngine.available)
    func metrics(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let counsellor = Actor(school: h.app.school, accountID: "T001", username: "T001", displayName: "王老师", kind: .staff,
                                   roles: [.counsellor], scope: .nothing)
            _ = try await h.app.notifications.saveSettings(NotificationSettings(username: "T001", email: "t001@example.edu"), by: counsellor)
            try await OutboxMailTests.abnormal(h, "2021000002")
            let reader = try await h.app.accounts.createIntegrationToken(name: "prometheus", scopes: ["read:all"], by: nil)
            #expect(try await h.get("/api/v1/students/2021000001", token: reader).status == .ok)

            #expect(try await h.get("/metrics", token: nil).status == .unauthorized)
            #expect(try await h.get("/metrics", token: try await h.tokenFor("2021000001")).status == .forbidden)
            #expect(try await h.get("/metrics", token: reader).status == .forbidden, "read:all is not read:metrics")
            let ran = try await h.app.runDueJobs()
            #expect(!ran.isEmpty, "at 08:30 the check-in day has work due")
            let monitor = try await h.app.accounts.createIntegrationToken(name: "monitor", scopes: ["read:metrics"], by: nil)
            let answer = try await h.get("/metrics", token: monitor)
            #expect(answer.status == .ok && (answer.headers[.contentType] ?? "").hasPrefix("text/plain; version=0.0.4"))
            let text = answer.text
            #expect(text.contains(#"shouhu_outbox_backlog{channel="email",status="pending"} 1"#), "the counsellor's e-mail waits")
            #expect(text.contains("hb_requests") && text.contains("/api/v1/students/"), "requests are counted by route")
            #expect(!text.contains("2021000001"), "by the route's pattern, not the student's number")
            #expect(text.contains("http_server_request_duration"), "with their durations")
            for slot in ran {
                // Counted by job, never by the slot's date (a label per day would grow without end).
                let job = String(slot.prefix { $0 != " " })
                #expect(text.contains(#"shouhu_job_runs_total{job="\#(job)"}"#), "the run of \(slot) is counted under \(job)")
            }
            let engineName = engine == .sqlite ? "sqlite" : "postgres"
            for state in ["in_use", "waiting", "max"] {
                #expect(text.contains(#"shouhu_db_connections{engine="\#(engineName)",state="\#(state)"}"#), "the connection gauge \(state)")
            }
        }
    }
}
