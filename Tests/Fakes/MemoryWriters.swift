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

/// Cases in memory: the `CaseWriter` part of `CaseStore`; lists, details, closing and notes throw `NotImplementedByFake`.
public final class MemoryCaseStore: CaseStore, @unchecked Sendable {
    private let lock = NSLock()
    private var cases: [String: Case] = [:]
    private var events: [String: [CaseEvent]] = [:]
    private var names: [String: String]

    /// `names`: student names by number, as the roster would join them.
    public init(names: [String: String] = [:]) { self.names = names }

    /// A case's timeline, oldest first (for tests).
    public func timeline(_ id: String) -> [CaseEvent] { lock.withLock { events[id] ?? [] } }

    public func openCase(school: SchoolID, studentNo: String, source: Case.Source, summary: String, by: String,
                         at: Date) async throws -> (id: String, opened: Bool) {
        lock.withLock {
            if let open = cases.values.first(where: { $0.studentNo == studentNo && $0.source == source && $0.status == .open }) {
                return (open.id, false)
            }
            let id = UUID().uuidString.lowercased()
            cases[id] = Case(id: id, studentNo: studentNo, studentName: names[studentNo] ?? "", source: source, status: .open, openedAt: at, summary: summary)
            return (id, true)
        }
    }

    public func append(school: SchoolID, caseId: String, kind: CaseEvent.Kind, detail: String, by: String, at: Date) async throws {
        try lock.withLock {
            guard cases[caseId] != nil else { throw DomainError.noSuchCase }
            events[caseId, default: []].append(CaseEvent(at: at, kind: kind, detail: detail, by: by))
        }
    }

    public func openCaseId(school: SchoolID, studentNo: String, source: Case.Source) async throws -> String? {
        lock.withLock { cases.values.first { $0.studentNo == studentNo && $0.source == source && $0.status == .open }?.id }
    }

    public func find(school: SchoolID, id: String) async throws -> Case? { lock.withLock { cases[id] } }

    public func cases(school: SchoolID, filter: CaseFilter, scope: Scope, page: PageRequest) async throws -> Page<Case> {
        throw NotImplementedByFake("MemoryCaseStore.cases")
    }
    public func detail(school: SchoolID, id: String, scope: Scope) async throws -> (case: Case, timeline: [CaseEvent])? {
        throw NotImplementedByFake("MemoryCaseStore.detail")
    }
    public func close(school: SchoolID, id: String, outcome: String, by: String, at: Date) async throws -> Case? {
        throw NotImplementedByFake("MemoryCaseStore.close")
    }
    public func addNote(school: SchoolID, id: String, note: String, by: String, at: Date) async throws {
        throw NotImplementedByFake("MemoryCaseStore.addNote")
    }
    public func openCount(school: SchoolID, scope: Scope) async throws -> Int { throw NotImplementedByFake("MemoryCaseStore.openCount") }
}

/// Inboxes in memory.
public final class MemoryInbox: InboxWriter, @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [InboxMessage] = []
    public init() {}
    /// Messages sent to `recipient`, in the order sent.
    public func received(by recipient: String) -> [InboxMessage] { lock.withLock { sent.filter { $0.recipient == recipient } } }
    public func send(_ notifications: [InboxMessage], school: SchoolID) async throws { lock.withLock { sent += notifications } }
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
