import CampusKit
import Foundation
import GateAccess
import Roster

/// Instants, people and actors shared by the GateAccess and ContactTracing domain tests.
enum GateTestData {
    /// 2026-11-20 08:00 in Shanghai (00:00 UTC).
    static let base = Date(timeIntervalSince1970: 1_795_132_800)
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    /// `minutes` after `base`.
    static func t(_ minutes: Double) -> Date { base.addingTimeInterval(minutes * 60) }

    static func staff(_ username: String, _ roles: Set<Role>, scope: Scope = .school) -> Actor {
        Actor(school: .main, accountID: "acc-\(username)", username: username, displayName: username, kind: .staff,
              roles: roles, scope: scope)
    }

    static func student(_ number: String, scope: Scope? = nil) -> Actor {
        Actor(school: .main, accountID: "acc-\(number)", username: number, displayName: number, kind: .student,
              roles: [.student], scope: scope ?? Scope(students: [number]))
    }

    static func integration(_ scopes: Set<String>) -> Actor {
        Actor(school: .main, accountID: "token-1", username: "gate-token", displayName: "东门闸机", kind: .integration,
              roles: [], tokenScopes: scopes, scope: .school)
    }

    static func person(_ number: String, className: String = "X班", building: String? = "B1", floor: Int? = 1,
                       room: String? = "101", status: StudentStatus = .active) -> Student {
        Student(studentNo: number, name: "学生\(number)", college: "计算机学院", className: className,
                building: building, floor: floor, room: room, status: status)
    }

    /// Whether `scope` covers `student`, as the stores apply it.
    static func covers(_ scope: Scope, _ student: Student) -> Bool {
        scope.wholeSchool || scope.students.contains(student.studentNo) || !scope.units.isDisjoint(with: student.units)
    }
}

/// A roster held in a dictionary; applies scopes like the real stores and refuses imports.
struct GateTestRoster: RosterStore {
    let byNumber: [String: Student]
    let members: [StaffMember]

    init(_ students: [Student], staff: [StaffMember] = []) {
        byNumber = Dictionary(uniqueKeysWithValues: students.map { ($0.studentNo, $0) })
        members = staff
    }

    struct NotInThisFake: Error {}

    func importStudents(school: SchoolID, dryRun: Bool,
                        plan: @escaping @Sendable (RosterSnapshot) throws -> ImportPlan<Student>) async throws -> ImportCounts {
        throw NotInThisFake()
    }

    func importStaff(school: SchoolID, dryRun: Bool,
                     plan: @escaping @Sendable ([String: StaffMember]) throws -> ImportPlan<StaffMember>) async throws -> ImportCounts {
        throw NotInThisFake()
    }

    func students(school: SchoolID, filter: StudentFilter, scope: Scope, page: PageRequest) async throws -> Page<Student> {
        Page(items: byNumber.values.filter { GateTestData.covers(scope, $0) }.sorted { $0.studentNo < $1.studentNo }, next: nil)
    }

    func student(school: SchoolID, number: String, scope: Scope) async throws -> Student? {
        byNumber[number].flatMap { GateTestData.covers(scope, $0) ? $0 : nil }
    }

    func gridCounts(school: SchoolID, scope: Scope) async throws -> [GridCount] { [] }
    func staffMember(school: SchoolID, number: String) async throws -> StaffMember? { nil }
    func staff(school: SchoolID) async throws -> [StaffMember] { members }
    func gridLeaders(school: SchoolID) async throws -> [Student] { [] }
}

/// What the fake gate store knows of a student for decisions.
struct GateTestFacts: Sendable {
    var active = true
    var onApprovedLeave = false
    var checkedInToday = true
    var hasOpenCase = false
}

/// A gate store in memory: points in a dictionary, a policy, facts per student; it records what ingest and facts receive.
/// Its ingest rejects unknown points and students by index and counts resent (point, eventId) pairs as duplicates.
final class GateTestStore: GateStore, @unchecked Sendable {
    struct IngestCall {
        var events: [(index: Int, event: AccessEvent)]
        var exitNeedsLeave: Set<AccessPoint.Kind>
        var at: Date
    }

    struct FactsCall: Equatable {
        var studentNo: String
        var point: String
        var day: CampusDay
        var at: Date
    }

    private let lock = NSLock()
    private var pointsByCode: [String: AccessPoint] = [:]
    private var currentPolicy: GatePolicy
    private var factsByStudent: [String: GateTestFacts]
    private var storedKeys: Set<String> = []
    private var ingestCalls: [IngestCall] = []
    private var factsCalls: [FactsCall] = []

    init(points: [AccessPoint] = [], policy: GatePolicy = .normal, students: [String: GateTestFacts] = [:]) {
        pointsByCode = Dictionary(uniqueKeysWithValues: points.map { ($0.code, $0) })
        currentPolicy = policy
        factsByStudent = students
    }

    var ingests: [IngestCall] { lock.withLock { ingestCalls } }
    var factsAsked: [FactsCall] { lock.withLock { factsCalls } }

    func register(_ point: AccessPoint, school: SchoolID) async throws -> AccessPoint.Kind? {
        lock.withLock {
            if let clash = pointsByCode.values.first(where: { $0.place == point.place && $0.kind != point.kind }) { return clash.kind }
            pointsByCode[point.code] = point
            return nil
        }
    }

    func points(school: SchoolID) async throws -> [AccessPoint] {
        lock.withLock { pointsByCode.values.sorted { $0.code < $1.code } }
    }

    func point(school: SchoolID, code: String) async throws -> AccessPoint? {
        lock.withLock { pointsByCode[code] }
    }

    func ingest(_ events: [(index: Int, event: AccessEvent)], school: SchoolID, exitNeedsLeave: Set<AccessPoint.Kind>,
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

    func facts(school: SchoolID, studentNo: String, point: AccessPoint, day: CampusDay, at instant: Date) async throws -> GateFacts? {
        lock.withLock {
            factsCalls.append(FactsCall(studentNo: studentNo, point: point.code, day: day, at: instant))
            guard let f = factsByStudent[studentNo] else { return nil }
            return GateFacts(point: point, studentNo: studentNo, active: f.active, onApprovedLeave: f.onApprovedLeave,
                             checkedInToday: f.checkedInToday, hasOpenCase: f.hasOpenCase)
        }
    }

    func policy(school: SchoolID) async throws -> GatePolicy {
        lock.withLock { currentPolicy }
    }

    func setPolicy(_ policy: GatePolicy, school: SchoolID, by: String, at: Date) async throws -> GatePolicy {
        lock.withLock {
            var stored = policy
            stored.version = currentPolicy.version + 1
            currentPolicy = stored
            return stored
        }
    }

    func trajectory(school: SchoolID, studentNo: String, window: DateInterval) async throws -> Trajectory {
        Trajectory(events: [], stays: [])
    }

    func presence(school: SchoolID, scope: Scope) async throws -> [Presence] { [] }

    func alerts(school: SchoolID, scope: Scope, since: Date, kind: AccessAlert.Kind?, page: PageRequest) async throws -> Page<AccessAlert> {
        Page(items: [], next: nil)
    }

    func departedLeaves(school: SchoolID) async throws -> [TrackedLeave] { [] }
    func lastOut(school: SchoolID, at now: Date) async throws -> (passages: [String: LastPassages], onLeave: Set<String>) { ([:], []) }
    func raise(_ alerts: [AlertDraft], school: SchoolID) async throws -> [String] { alerts.map(\.studentNo) }
}

/// Leaves in memory, scoped through a roster, with a real compare-and-set `update`. `interleave` runs inside
/// `update` before the comparison, standing for another approver who wrote in between.
final class LeaveTestStore: LeaveStore, @unchecked Sendable {
    struct UpdateCall: Equatable {
        var leave: Leave
        var expectedStatus: Leave.Status
        var expectedFirst: String?
    }

    private let lock = NSLock()
    private let roster: GateTestRoster
    private var byID: [String: Leave] = [:]
    private var updateCalls: [UpdateCall] = []
    private var pendingInterleave: (@Sendable (inout Leave) -> Void)?

    init(roster: GateTestRoster) {
        self.roster = roster
    }

    var all: [Leave] { lock.withLock { Array(byID.values) } }
    var updates: [UpdateCall] { lock.withLock { updateCalls } }
    func stored(_ id: String) -> Leave? { lock.withLock { byID[id] } }

    /// Puts a leave in place directly (a leave in a given state without walking through the service).
    func put(_ leave: Leave) { lock.withLock { byID[leave.id] = leave } }

    /// Another writer changes the stored leave during the next `update`.
    func interleave(_ change: @escaping @Sendable (inout Leave) -> Void) { lock.withLock { pendingInterleave = change } }

    func insert(_ leave: Leave, school: SchoolID) async throws {
        lock.withLock { byID[leave.id] = leave }
    }

    func leave(school: SchoolID, id: String, scope: Scope) async throws -> Leave? {
        let found = lock.withLock { byID[id] }
        guard let found, let student = roster.byNumber[found.studentNo], GateTestData.covers(scope, student) else { return nil }
        return found
    }

    func leaves(school: SchoolID, filter: LeaveFilter, scope: Scope, page: PageRequest) async throws -> Page<Leave> {
        let items = lock.withLock { Array(byID.values) }.filter { leave in
            guard let student = roster.byNumber[leave.studentNo], GateTestData.covers(scope, student) else { return false }
            return (filter.status == nil || filter.status == leave.status) && (filter.studentNo == nil || filter.studentNo == leave.studentNo)
        }
        return Page(items: items.sorted { $0.requestedAt > $1.requestedAt }, next: nil)
    }

    func update(_ leave: Leave, expecting status: Leave.Status, firstApprovedBy: String?, school: SchoolID) async throws -> Bool {
        lock.withLock {
            updateCalls.append(UpdateCall(leave: leave, expectedStatus: status, expectedFirst: firstApprovedBy))
            if let change = pendingInterleave, var current = byID[leave.id] {
                change(&current)
                byID[leave.id] = current
                pendingInterleave = nil
            }
            guard let current = byID[leave.id], current.status == status, current.firstApprovedBy == firstApprovedBy else { return false }
            byID[leave.id] = leave
            return true
        }
    }
}
