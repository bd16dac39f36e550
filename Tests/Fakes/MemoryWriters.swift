import Cases
import CampusKit
import Foundation
import GateAccess
import Notifications
import Roster
import TestingCampaigns

// In-memory writers: what the store contract suites (Tests/StorageTests/Contracts) hold to the same promises as the
// SQL stores, and what domain tests drive instead of a database. What a fake does not implement fails loudly.

/// A call a fake does not implement: the test that needs it must use a real store.
public struct NotImplementedByFake: Error, CustomStringConvertible {
    public let method: String
    public init(_ method: String) { self.method = method }
    public var description: String { "\(method) is not implemented by the in-memory fake" }
}

/// Inboxes in memory: the whole `NotificationStore` (newest first, unread ones, marking read once).
public final class MemoryInbox: NotificationStore, @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [InboxMessage] = []
    public init() {}
    /// Messages sent to `recipient`, in the order sent.
    public func received(by recipient: String) -> [InboxMessage] { lock.withLock { sent.filter { $0.recipient == recipient } } }
    public func send(_ notifications: [InboxMessage], school: SchoolID) async throws { lock.withLock { sent += notifications } }

    public func inbox(school: SchoolID, recipient: String, unreadOnly: Bool, limit: Int) async throws -> [InboxMessage] {
        Array(received(by: recipient).filter { !unreadOnly || $0.readAt == nil }
            .sorted { ($0.createdAt, $1.id) > ($1.createdAt, $0.id) }.prefix(limit))
    }

    public func unreadCount(school: SchoolID, recipient: String) async throws -> Int {
        received(by: recipient).count { $0.readAt == nil }
    }

    public func markRead(school: SchoolID, recipient: String, id: String, at: Date) async throws -> Bool {
        lock.withLock {
            guard let i = sent.firstIndex(where: { $0.id == id && $0.recipient == recipient }) else { return false }
            if sent[i].readAt == nil { sent[i].readAt = at }
            return true
        }
    }

    private var kept: [String: NotificationSettings] = [:]

    public func settings(school: SchoolID, username: String) async throws -> NotificationSettings? {
        lock.withLock { kept[username] }
    }

    public func save(_ settings: NotificationSettings, school: SchoolID, at now: Date) async throws {
        lock.withLock { kept[settings.username] = settings }
    }
}

/// Gate alerts in memory, raised once per `dedupe`.
public final class MemoryAccessAlerts: AccessAlertWriter, @unchecked Sendable {
    private let lock = NSLock()
    private var raised: [String: AlertDraft] = [:]
    public init() {}
    public var alerts: [AlertDraft] { lock.withLock { Array(raised.values) } }
    public func raise(_ alerts: [AlertDraft], school: SchoolID) async throws -> [String] {
        lock.withLock { alerts.compactMap { a in raised[a.dedupe] == nil ? { raised[a.dedupe] = a; return a.studentNo }() : nil } }
    }
}

/// Tubes, swabs, retest flags and retest campaigns in memory: the `LabResultWriter` a lab report drives.
public final class MemoryLabResults: LabResultWriter, @unchecked Sendable {
    public struct Flag: Equatable, Sendable {
        public var tube: String
        public var status: String
        public var retest: String?
        public init(tube: String, status: String, retest: String?) {
            self.tube = tube
            self.status = status
            self.retest = retest
        }
    }

    private let lock = NSLock()
    private var tubes: [String: Tube] = [:]
    private var flagsByStudent: [String: Flag] = [:]
    private var voidedTubes: [String] = []
    private var retests: [CampaignPlan] = []

    public init() {}

    public func put(_ tube: Tube) { lock.withLock { tubes[tube.code] = tube } }
    public func tube(_ code: String) -> Tube? { lock.withLock { tubes[code] } }
    public var flags: [String: Flag] { lock.withLock { flagsByStudent } }
    public var voided: [String] { lock.withLock { voidedTubes } }
    public var retestPlans: [CampaignPlan] { lock.withLock { retests } }

    public func storedTubes(school: SchoolID, codes: [String]) async throws -> [String: StoredTube] {
        lock.withLock {
            var found: [String: StoredTube] = [:]
            for code in codes { if let t = tubes[code] { found[code] = StoredTube(code: code, status: t.status, poolSize: t.poolSize) } }
            return found
        }
    }

    public func setResult(_ result: TubeResult, tubes codes: [String], school: SchoolID, by: String, at: Date) async throws
        -> (moved: [String], others: [String: TubeStatus]) {
        lock.withLock {
            var moved: [String] = []
            var others: [String: TubeStatus] = [:]
            for code in codes {
                guard var t = tubes[code] else { continue }
                if t.status == .open {
                    t.status = TubeStatus(rawValue: result.rawValue) ?? .open
                    tubes[code] = t
                    moved.append(code)
                } else {
                    others[code] = t.status
                }
            }
            return (moved, others)
        }
    }

    public func members(school: SchoolID, tubes codes: [String]) async throws -> [String: [String]] {
        lock.withLock {
            var members: [String: [String]] = [:]
            for code in codes { if let t = tubes[code], !t.members.isEmpty { members[code] = t.members } }
            return members
        }
    }

    public func clearFlags(school: SchoolID, students: [String], at: Date) async throws -> [String] {
        lock.withLock {
            students.filter { s in
                guard flagsByStudent[s]?.status == "pending" else { return false }
                flagsByStudent[s]?.status = "cleared"
                return true
            }
        }
    }

    public func void(school: SchoolID, tubes codes: [String], at: Date) async throws {
        lock.withLock {
            for code in codes where tubes[code] != nil {
                voidedTubes.append(code)
                tubes[code]?.members = []
            }
        }
    }

    public func confirm(school: SchoolID, student: String, tube: String, at: Date) async throws {
        lock.withLock {
            if flagsByStudent[student]?.status == "pending" { flagsByStudent[student]?.status = "confirmed" }
            else if flagsByStudent[student] == nil { flagsByStudent[student] = Flag(tube: tube, status: "confirmed", retest: nil) }
        }
    }

    public func retestCampaign(_ plan: CampaignPlan, school: SchoolID) async throws -> String {
        lock.withLock {
            if let existing = retests.first(where: { $0.campaign.origin == plan.campaign.origin }) { return existing.campaign.id }
            retests.append(plan)
            return plan.campaign.id
        }
    }

    public func flag(school: SchoolID, students: [String], tube: String, retest: String, at: Date) async throws {
        lock.withLock { for s in students where flagsByStudent[s] == nil { flagsByStudent[s] = Flag(tube: tube, status: "pending", retest: retest) } }
    }
}

/// A unit of work in memory: runs the body and counts how often one was opened (fakes have no transactions).
public final class CountingWork: UnitOfWork, @unchecked Sendable {
    private let lock = NSLock()
    private var opened = 0
    public init() {}
    public var count: Int { lock.withLock { opened } }
    public func perform<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        lock.withLock { opened += 1 }
        return try await body()
    }
}
