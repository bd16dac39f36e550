import CampusKit
import Foundation
import GateAccess
import Roster

/// A gate store in memory: points, the versioned policy, alerts raised once per dedupe key, and an ingest that rejects
/// unknown points and students by index and counts resent (point, event id) pairs as duplicates. Facts are what the
/// test says of each student (`StudentFacts`), not derived. Stays, trajectories, presence, alert lists, departed leaves
/// and last passages throw `NotImplementedByFake`. It records what ingest and facts receive.
public final class MemoryGateStore: GateStore, @unchecked Sendable {
    /// What the fake knows of a student for decisions; a student without facts is unknown.
    public struct StudentFacts: Sendable {
        public var active: Bool
        public var onApprovedLeave: Bool
        public var checkedInToday: Bool
        public var hasOpenCase: Bool
        public init(active: Bool = true, onApprovedLeave: Bool = false, checkedInToday: Bool = true, hasOpenCase: Bool = false) {
            self.active = active
            self.onApprovedLeave = onApprovedLeave
            self.checkedInToday = checkedInToday
            self.hasOpenCase = hasOpenCase
        }
    }

    public struct IngestCall: Sendable {
        public var events: [(index: Int, event: AccessEvent)]
        public var exitNeedsLeave: Set<AccessPoint.Kind>
        public var at: Date
    }

    public struct FactsCall: Equatable, Sendable {
        public var studentNo: String
        public var point: String
        public var day: CampusDay
        public var at: Date
        public init(studentNo: String, point: String, day: CampusDay, at: Date) {
            self.studentNo = studentNo
            self.point = point
            self.day = day
            self.at = at
        }
    }

    private let lock = NSLock()
    private var pointsByCode: [String: AccessPoint] = [:]
    private var currentPolicy: GatePolicy
    private var factsByStudent: [String: StudentFacts]
    private var storedKeys: Set<String> = []
    private var ingestCalls: [IngestCall] = []
    private var factsCalls: [FactsCall] = []
    private let alertWriter = MemoryAccessAlerts()

    public init(points: [AccessPoint] = [], policy: GatePolicy = .normal, students: [String: StudentFacts] = [:]) {
        pointsByCode = Dictionary(uniqueKeysWithValues: points.map { ($0.code, $0) })
        currentPolicy = policy
        factsByStudent = students
    }

    public var ingests: [IngestCall] { lock.withLock { ingestCalls } }
    public var factsAsked: [FactsCall] { lock.withLock { factsCalls } }
    /// The alerts raised, in no particular order.
    public var raisedAlerts: [AlertDraft] { alertWriter.alerts }

    public func register(_ point: AccessPoint, school: SchoolID) async throws -> AccessPoint.Kind? {
        lock.withLock {
            if let clash = pointsByCode.values.first(where: { $0.place == point.place && $0.kind != point.kind }) { return clash.kind }
            pointsByCode[point.code] = point
            return nil
        }
    }

    public func points(school: SchoolID) async throws -> [AccessPoint] {
        lock.withLock { pointsByCode.values.sorted { $0.code < $1.code } }
    }

    public func point(school: SchoolID, code: String) async throws -> AccessPoint? {
        lock.withLock { pointsByCode[code] }
    }

    public func ingest(_ events: [(index: Int, event: AccessEvent)], school: SchoolID, exitNeedsLeave: Set<AccessPoint.Kind>,
                       at now: Date) async throws -> IngestResult {
        lock.withLock {
            ingestCalls.append(IngestCall(events: events, exitNeedsLeave: exitNeedsLeave, at: now))
            var result = IngestResult()
            for (index, event) in events {
                if pointsByCode[event.accessPoint] == nil {
                    result.rejected.append(Rejection(index: index, message: "accessPoint: unknown"))
                } else if factsByStudent[event.studentNo] == nil {
                    result.rejected.append(Rejection(index: index, message: "studentNo: unknown"))
                } else if storedKeys.insert("\(event.accessPoint)\u{0}\(event.eventId)").inserted {
                    result.accepted += 1
                } else {
                    result.duplicates += 1
                }
            }
            return result
        }
    }

    public func facts(school: SchoolID, studentNo: String, point: AccessPoint, day: CampusDay, at instant: Date) async throws -> GateFacts? {
        lock.withLock {
            factsCalls.append(FactsCall(studentNo: studentNo, point: point.code, day: day, at: instant))
            guard let f = factsByStudent[studentNo] else { return nil }
            return GateFacts(point: point, studentNo: studentNo, active: f.active, onApprovedLeave: f.onApprovedLeave,
                             checkedInToday: f.checkedInToday, hasOpenCase: f.hasOpenCase)
        }
    }

    public func policy(school: SchoolID) async throws -> GatePolicy {
        lock.withLock { currentPolicy }
    }

    public func setPolicy(_ policy: GatePolicy, school: SchoolID, by: String, at: Date) async throws -> GatePolicy {
        lock.withLock {
            var stored = policy
            stored.version = currentPolicy.version + 1
            currentPolicy = stored
            return stored
        }
    }

    public func raise(_ alerts: [AlertDraft], school: SchoolID) async throws -> [String] {
        try await alertWriter.raise(alerts, school: school)
    }

    public func trajectory(school: SchoolID, studentNo: String, window: DateInterval) async throws -> Trajectory {
        throw NotImplementedByFake("MemoryGateStore.trajectory")
    }

    public func presence(school: SchoolID, scope: Scope) async throws -> [Presence] {
        throw NotImplementedByFake("MemoryGateStore.presence")
    }

    public func presence(school: SchoolID, studentNo: String, scope: Scope) async throws -> Presence? {
        throw NotImplementedByFake("MemoryGateStore.presence")
    }

    public func alerts(school: SchoolID, scope: Scope, since: Date, kind: AccessAlert.Kind?, page: PageRequest) async throws -> Page<AccessAlert> {
        throw NotImplementedByFake("MemoryGateStore.alerts")
    }

    public func departedLeaves(school: SchoolID) async throws -> [TrackedLeave] {
        throw NotImplementedByFake("MemoryGateStore.departedLeaves")
    }

    public func lastOut(school: SchoolID, at now: Date) async throws -> (passages: [String: LastPassages], onLeave: Set<String>) {
        throw NotImplementedByFake("MemoryGateStore.lastOut")
    }
}
