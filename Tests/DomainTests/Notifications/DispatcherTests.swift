import CampusKit
import Foundation
import Notifications
import Testing

@Suite("Outbox dispatcher: backoff, dead letters, leases and receipts")
struct DispatcherTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_132_800)

    /// An outbox in memory that honours leases as the SQL store must.
    final class Box: OutboxStore, @unchecked Sendable {
        struct Row { var delivery: Delivery; var due: Date; var worker: String?; var until: Date? }
        let lock = NSLock()
        var rows: [Row] = []

        init(_ deliveries: [Delivery], due: Date) { rows = deliveries.map { Row(delivery: $0, due: due) } }

        func lease(school: SchoolID, channel: Channel, limit: Int, worker: String, until: Date, now: Date) async throws -> [Delivery] {
            lock.withLock {
                var out: [Delivery] = []
                for i in rows.indices where out.count < limit && rows[i].delivery.channel == channel && rows[i].delivery.status == .pending
                    && rows[i].due <= now && (rows[i].until.map { $0 <= now } ?? true) {
                    rows[i].worker = worker
                    rows[i].until = until
                    out.append(rows[i].delivery)
                }
                return out
            }
        }

        func record(_ id: String, school: SchoolID, worker: String, outcome: DeliveryOutcome, nextAttempt: Date?, at now: Date) async throws -> Bool {
            lock.withLock {
                guard let i = rows.firstIndex(where: { $0.delivery.id == id }), rows[i].worker == worker, (rows[i].until ?? now) > now else { return false }
                rows[i].worker = nil
                rows[i].until = nil
                rows[i].delivery.attempts += 1
                switch outcome {
                case .delivered(let receipt): rows[i].delivery.status = .delivered; rows[i].delivery.receipt = receipt
                case .permanent(let why): rows[i].delivery.status = .dead; rows[i].delivery.lastError = why
                case .transient(let why):
                    rows[i].delivery.lastError = why
                    if let next = nextAttempt { rows[i].due = next } else { rows[i].delivery.status = .dead }
                }
                return true
            }
        }

        func status(_ id: String) -> Delivery? { lock.withLock { rows.first { $0.delivery.id == id }?.delivery } }
    }

    /// A courier that answers by address: `down` while `isDown`, `bad…` permanent, anything else delivered.
    final class Courier: Notifications.Courier, @unchecked Sendable {
        let channel: Channel = .email
        let lock = NSLock()
        var isDown = false
        var received: [String] = []
        func deliver(_ batch: [Delivery]) async -> [DeliveryOutcome] {
            lock.withLock {
                batch.map { d in
                    if isDown { return .transient("connection refused") }
                    if d.address.hasPrefix("bad") { return .permanent("550 no such mailbox") }
                    received.append(d.id)
                    return .delivered(receipt: "250 queued as \(d.id)")
                }
            }
        }
    }

    static func delivery(_ id: String, _ address: String) -> Delivery {
        Delivery(id: id, messageID: "m-\(id)", channel: .email, recipient: "T001", address: address, kind: .caseAlert,
                 subject: "体温异常", body: "甲二 38.4℃", link: "/cases", createdAt: t0)
    }

    @Test("Backoff doubles from the first wait up to the longest, and gives up after the last attempt")
    func backoff() {
        let policy = RetryPolicy(first: 30, longest: 300, attempts: 5)
        let waits = (1...5).map { policy.nextAttempt(after: $0, at: Self.t0)?.timeIntervalSince(Self.t0) }
        #expect(waits == [30, 60, 120, 240, nil])
        #expect(RetryPolicy(first: 30, longest: 100, attempts: 9).nextAttempt(after: 6, at: Self.t0)?.timeIntervalSince(Self.t0) == 100)
    }

    @Test("Delivered with a receipt; a permanent failure is a dead letter at once without holding the others up")
    func outcomes() async throws {
        let box = Box([Self.delivery("1", "t001@example.edu"), Self.delivery("2", "bad@"), Self.delivery("3", "t002@example.edu")], due: Self.t0)
        let courier = Courier()
        let dispatcher = Dispatcher(store: box, couriers: [courier], clock: FixedClock(Self.t0))
        let round = try await dispatcher.runOnce(school: .main, worker: "a")
        #expect(round.delivered == 2 && round.dead == 1 && round.retrying == 0)
        #expect(box.status("1")?.receipt == "250 queued as 1")
        #expect(box.status("2")?.status == .dead && box.status("2")?.lastError == "550 no such mailbox")
        #expect(try await dispatcher.runOnce(school: .main, worker: "a").isEmpty, "nothing is sent twice")
        #expect(courier.received == ["1", "3"])
    }

    @Test("A server down: retried with backoff, delivered once it is back; down past the last attempt: dead")
    func outage() async throws {
        let clock = FixedClock(Self.t0)
        let box = Box([Self.delivery("1", "t001@example.edu")], due: Self.t0)
        let courier = Courier()
        courier.isDown = true
        let dispatcher = Dispatcher(store: box, couriers: [courier], policy: RetryPolicy(first: 30, longest: 60, attempts: 3), clock: clock)
        #expect(try await dispatcher.runOnce(school: .main, worker: "a").retrying == 1)
        #expect(try await dispatcher.runOnce(school: .main, worker: "a").isEmpty, "not due before its backoff")
        clock.advance(by: 30)
        #expect(try await dispatcher.runOnce(school: .main, worker: "a").retrying == 1)
        courier.isDown = false
        clock.advance(by: 60)
        #expect(try await dispatcher.runOnce(school: .main, worker: "a").delivered == 1)
        #expect(box.status("1")?.attempts == 3 && courier.received == ["1"])

        let dying = Box([Self.delivery("9", "t009@example.edu")], due: Self.t0)
        courier.isDown = true
        let hopeless = Dispatcher(store: dying, couriers: [courier], policy: RetryPolicy(first: 1, longest: 1, attempts: 2), clock: clock)
        #expect(try await hopeless.runOnce(school: .main, worker: "a").retrying == 1)
        clock.advance(by: 1)
        #expect(try await hopeless.runOnce(school: .main, worker: "a").dead == 1)
        #expect(dying.status("9")?.status == .dead)
    }

    @Test("A delivery leased by a worker that died is taken over once its lease ends, and the dead worker's late record is refused")
    func leases() async throws {
        let clock = FixedClock(Self.t0)
        let box = Box([Self.delivery("1", "t001@example.edu")], due: Self.t0)
        let leased = try await box.lease(school: .main, channel: .email, limit: 10, worker: "dead", until: Self.t0.addingTimeInterval(120), now: Self.t0)
        #expect(leased.count == 1)
        let courier = Courier()
        let other = Dispatcher(store: box, couriers: [courier], clock: clock, lease: 120)
        #expect(try await other.runOnce(school: .main, worker: "b").isEmpty, "still leased")
        clock.advance(by: 121)
        #expect(try await other.runOnce(school: .main, worker: "b").delivered == 1)
        #expect(try await box.record("1", school: .main, worker: "dead", outcome: .delivered(receipt: "late"), nextAttempt: nil, at: clock.now()) == false)
        #expect(box.status("1")?.receipt == "250 queued as 1")
    }
}
