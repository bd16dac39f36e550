import CampusKit
import Foundation
import GateAccess
import Roster
import ShouhuTestSupport
import Storage

/// Access points on top of the check-in fixture roster (`CheckInStoreFixtures`), events at school times, and the
/// stores of gates, leave and tracing on one database.
///
/// | Code            | Kind          | Place     |
/// | south-gate      | campus_gate   | campus    |
/// | north-gate      | campus_gate   | campus    |
/// | b1-door         | building_door | 1号楼      |
/// | b6-door         | building_door | 6号楼      |
/// | canteen-1-east  | canteen       | canteen-1 |
/// | canteen-1-west  | canteen       | canteen-1 |
/// | library         | library       | library   |
/// | room-a101       | classroom     | room-a101 |
enum GateStoreFixtures {
    typealias F = CheckInStoreFixtures

    static let points: [AccessPoint] = [
        AccessPoint(code: "south-gate", name: "南门", kind: .campusGate, place: "campus"),
        AccessPoint(code: "north-gate", name: "北门", kind: .campusGate, place: "campus"),
        AccessPoint(code: "b1-door", name: "1号楼门", kind: .buildingDoor, place: "1号楼"),
        AccessPoint(code: "b6-door", name: "6号楼门", kind: .buildingDoor, place: "6号楼"),
        AccessPoint(code: "canteen-1-east", name: "一食堂东门", kind: .canteen, place: "canteen-1"),
        AccessPoint(code: "canteen-1-west", name: "一食堂西门", kind: .canteen, place: "canteen-1"),
        AccessPoint(code: "library", name: "图书馆", kind: .library, place: "library"),
        AccessPoint(code: "room-a101", name: "教学楼A101", kind: .classroom, place: "room-a101"),
    ]

    static let byCode: [String: AccessPoint] = Dictionary(uniqueKeysWithValues: points.map { ($0.code, $0) })

    /// A window far wider than any test's events.
    static let wide = DateInterval(start: F.at(0, on: CampusDay("2026-02-01")!), end: F.at(0, on: CampusDay("2026-05-01")!))

    /// The stores under test on one migrated database with the fixture roster and the points registered.
    struct Stores: Sendable {
        let database: Database
        let gates: SQLGateStore
        var leaves: SQLLeaveStore { SQLLeaveStore(database: database) }
        var checkIns: SQLCheckInStore { SQLCheckInStore(database: database) }
        var cases: SQLCaseStore { SQLCaseStore(database: database) }
        var tracing: SQLTracingSource { SQLTracingSource(database: database) }
    }

    static func withStores(_ engine: TestEngine, students: [Student] = F.students, points: [AccessPoint] = points,
                           _ body: (Stores) async throws -> Void) async throws {
        try await F.withDatabase(engine, students: students) { database in
            let gates = SQLGateStore(database: database)
            for point in points {
                if let clash = try await gates.register(point, school: F.school) {
                    throw DomainError(.conflict, "fixture point \(point.code) clashes with \(clash)")
                }
            }
            try await body(Stores(database: database, gates: gates))
        }
    }

    static func event(_ id: String, _ point: String, _ student: String, _ direction: AccessEvent.Direction, _ at: Date,
                      granted: Bool = true) -> AccessEvent {
        AccessEvent(eventId: id, accessPoint: point, studentNo: student, direction: direction, at: at, granted: granted)
    }

    /// `event` with its point's place and kind.
    static func placed(_ event: AccessEvent) -> PlacedEvent {
        let point = byCode[event.accessPoint]!
        return PlacedEvent(event, place: point.place, kind: point.kind)
    }

    /// Ingests `events` as one batch, indexed from `firstIndex`.
    @discardableResult
    static func ingest(_ gates: SQLGateStore, _ events: [AccessEvent], firstIndex: Int = 0, exitNeedsLeave: Set<AccessPoint.Kind> = [],
                       at now: Date = F.at(23, 59)) async throws -> IngestResult {
        try await gates.ingest(events.enumerated().map { (index: firstIndex + $0.offset, event: $0.element) }, school: F.school,
                               exitNeedsLeave: exitNeedsLeave, at: now)
    }

    /// The stays stored for `student`, read back through `trajectory`.
    static func storedStays(_ gates: SQLGateStore, _ student: String, window: DateInterval = wide) async throws -> [Stay] {
        try await gates.trajectory(school: F.school, studentNo: student, window: window).stays
    }

    /// What rule 1 says the stays of `student` are, given every event of theirs that was ever sent (repeats are
    /// stored once, the first version sent wins: pass them deduplicated).
    static func expectedStays(_ events: [AccessEvent], of student: String) -> [Stay] {
        Stay.derive(from: events.filter { $0.studentNo == student }.map(placed))
    }

    /// The first of each (point, event id), in the order given.
    static func unique(_ events: [AccessEvent]) -> [AccessEvent] {
        var seen = Set<String>()
        return events.filter { seen.insert("\($0.accessPoint)|\($0.eventId)").inserted }
    }

    /// A leave of `student` over [from, to) in `status`.
    static func leave(_ id: String, _ student: String, from: Date, to: Date, status: Leave.Status = .approved,
                      needsSecondApproval: Bool = false, departedAt: Date? = nil, returnedAt: Date? = nil) -> Leave {
        Leave(id: id, studentNo: student, studentName: F.students.first { $0.studentNo == student }?.name ?? "", from: from, to: to,
              reason: "看病", destination: "市医院", status: status, needsSecondApproval: needsSecondApproval,
              firstApprovedBy: status == .approved ? "T001" : nil, decidedBy: status == .pending ? nil : "T001",
              decidedAt: status == .pending ? nil : F.at(7), requestedAt: F.at(6, on: F.previousDay), requestedBy: student,
              departedAt: departedAt, returnedAt: returnedAt)
    }

    /// `minutes` (and `seconds`) after midnight of `F.day`, `day` days later: any offset, negative or past midnight.
    static func t(_ minutes: Int, _ seconds: Int = 0, day: Int = 0) -> Date {
        F.at(0).addingTimeInterval(TimeInterval(day * 86_400 + minutes * 60 + seconds))
    }

    /// A small seeded generator (SplitMix64), so a "random" test fails the same way every time.
    struct Random: RandomNumberGenerator {
        private var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
