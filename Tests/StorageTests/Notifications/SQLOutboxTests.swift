import CampusKit
import Foundation
import Notifications
import ShouhuTestSupport
import Storage
import Testing

private typealias F = CheckInStoreFixtures

/// The outbox on both engines: routing by settings in the sender's transaction, leases, outcomes, dead letters.
@Suite("Outbox store: e-mail rows routed by settings, leased once, outcomes kept by the lease holder")
struct SQLOutboxTests {
    static func message(_ id: String, to recipient: String, kind: InboxMessage.Kind = .caseAlert, at hour: Int = 8) -> InboxMessage {
        InboxMessage(id: id, recipient: recipient, kind: kind, subject: "体温异常 \(id)", body: "甲二 38.4℃", link: "/cases", createdAt: F.at(hour))
    }

    @Test("A message makes an e-mail row for a recipient with an address, none for one without; a kind switched off is not e-mailed unless urgent; quiet hours delay what is not urgent; the inbox shows in-app rows only",
          arguments: TestEngine.available)
    func routing(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let store = stores.notifications
            try await store.save(NotificationSettings(username: "T001", email: "t001@example.edu", emailOff: [.leaveRequest, .caseAlert],
                                                      quietFrom: 22 * 60, quietTo: 7 * 60), school: F.school, at: F.at(7))
            try await store.send([Self.message("a", to: "T001"), Self.message("b", to: "T002"),
                                  Self.message("c", to: "T001", kind: .leaveRequest), Self.message("d", to: "T001", kind: .leaveDecision, at: 23)],
                                 school: F.school)
            let pending = try await store.deliveries(school: F.school, status: .pending, limit: 10)
            #expect(Set(pending.map(\.messageID)) == ["a", "d"], "a is urgent whatever the setting; c is off; T002 has no address")
            #expect(pending.allSatisfy { $0.channel == .email && $0.address == "t001@example.edu" })
            #expect(pending.first { $0.messageID == "a" }?.dueAt == F.at(8))
            #expect(pending.first { $0.messageID == "d" }?.dueAt == F.at(7, on: F.day.adding(days: 1)), "sent when the quiet hours end")
            #expect(try await store.inbox(school: F.school, recipient: "T001", unreadOnly: false, limit: 10).map(\.id).sorted() == ["a", "c", "d"])
            #expect(try await store.unreadCount(school: F.school, recipient: "T001") == 3, "e-mail rows are not inbox rows")
            #expect(try await store.settings(school: F.school, username: "T001")?.emailOff == [.leaveRequest, .caseAlert])
        }
    }

    @Test("Two servers leasing at once share the due rows without overlap; only the holder records; a lapsed lease is taken over; transient goes back with its due time, permanent is dead",
          arguments: TestEngine.available)
    func leases(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let store = stores.notifications
            try await store.save(NotificationSettings(username: "T001", email: "t001@example.edu"), school: F.school, at: F.at(7))
            try await store.send((0..<40).map { Self.message("m\($0)", to: "T001") }, school: F.school)
            let now = F.at(8, 1)
            async let a = store.lease(school: F.school, channel: .email, limit: 25, worker: "a", until: now.addingTimeInterval(60), now: now)
            async let b = store.lease(school: F.school, channel: .email, limit: 25, worker: "b", until: now.addingTimeInterval(60), now: now)
            let (first, second) = try await (a, b)
            #expect(first.count + second.count == 40 && Set(first.map(\.id)).isDisjoint(with: second.map(\.id)), "\(first.count) + \(second.count)")
            #expect(try await store.lease(school: F.school, channel: .email, limit: 50, worker: "c", until: now.addingTimeInterval(60), now: now).isEmpty)
            #expect(try await store.lease(school: F.school, channel: .webhook, limit: 50, worker: "c", until: now.addingTimeInterval(60), now: now).isEmpty)

            let (x, y, z) = (first[0], first[1], first[2])
            #expect(try await store.record(x.id, school: F.school, worker: "b", outcome: .delivered(receipt: "250 ok"), nextAttempt: nil, at: now) == false,
                    "not b's row")
            #expect(try await store.record(x.id, school: F.school, worker: "a", outcome: .delivered(receipt: "250 queued as X1"), nextAttempt: nil, at: now))
            #expect(try await store.record(y.id, school: F.school, worker: "a", outcome: .transient("connection refused"),
                                           nextAttempt: now.addingTimeInterval(30), at: now))
            #expect(try await store.record(z.id, school: F.school, worker: "a", outcome: .permanent("550 no such user"), nextAttempt: nil, at: now))
            let dead = try await store.deliveries(school: F.school, status: .dead, limit: 10)
            #expect(dead.map(\.id) == [z.id] && dead.first?.lastError == "550 no such user" && dead.first?.attempts == 1)
            #expect(try await store.deliveries(school: F.school, status: .delivered, limit: 10).first?.receipt == "250 queued as X1")

            // After the leases lapse: the retried row once due, and every row b and a never finished.
            let later = now.addingTimeInterval(61)
            let taken = try await store.lease(school: F.school, channel: .email, limit: 50, worker: "c", until: later.addingTimeInterval(60), now: later)
            #expect(taken.count == 38, "37 unfinished and the retried one")
            #expect(taken.first { $0.id == y.id }?.attempts == 1)
            #expect(try await store.record(first[3].id, school: F.school, worker: "a", outcome: .delivered(receipt: "late"), nextAttempt: nil, at: later) == false,
                    "a's lease lapsed: its late record is refused")
        }
    }
}
