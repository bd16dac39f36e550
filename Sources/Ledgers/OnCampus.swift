import CampusKit
import Foundation
import GateAccess

/// One student in the on-campus ledger (在校学生台账): where they were at the end of a day (or now, for today) by the
/// gates' one definition of "on campus" (`LastPassages.onCampus`), their last campus-gate crossing, and the approved
/// leave that day, if any.
public struct OnCampusEntry: Sendable, Equatable {
    /// On campus, off campus, or never seen by any point.
    public enum Status: String, Sendable, CaseIterable { case on, off, unknown }

    public var studentNo: String
    public var name: String
    public var className: String
    public var college: String
    public var building: String?
    public var floor: Int?
    public var room: String?
    public var status: Status
    public var lastGate: GateCrossing?
    public var leave: LeaveSpan?

    public init(studentNo: String, name: String, className: String, college: String, building: String?, floor: Int?, room: String?,
                status: Status, lastGate: GateCrossing?, leave: LeaveSpan?) {
        self.studentNo = studentNo
        self.name = name
        self.className = className
        self.college = college
        self.building = building
        self.floor = floor
        self.room = room
        self.status = status
        self.lastGate = lastGate
        self.leave = leave
    }

    /// The status the gates' rule gives `passages`.
    public static func status(of passages: LastPassages?) -> Status {
        switch passages?.onCampus {
        case true?: .on
        case false?: .off
        case nil: .unknown
        }
    }
}

/// A passage through a campus gate: when, which way, through which point (by name).
public struct GateCrossing: Sendable, Equatable {
    public var at: Date
    public var direction: AccessEvent.Direction
    public var pointName: String
    public init(at: Date, direction: AccessEvent.Direction, pointName: String) {
        self.at = at
        self.direction = direction
        self.pointName = pointName
    }
}

/// An approved leave as the ledger shows it.
public struct LeaveSpan: Sendable, Equatable {
    public var id: String
    public var from: Date
    public var to: Date
    public var destination: String
    public init(id: String, from: Date, to: Date, destination: String) {
        self.id = id
        self.from = from
        self.to = to
        self.destination = destination
    }
}

/// A student's passages as of an instant: what the gates' rule reads, and their last campus-gate crossing.
public struct PassagesAsOf: Sendable, Equatable {
    public var passages: LastPassages
    public var lastGate: GateCrossing?
    public init(passages: LastPassages, lastGate: GateCrossing?) {
        self.passages = passages
        self.lastGate = lastGate
    }
}

/// What the on-campus ledger reads beyond the roster.
public protocol OnCampusStore: Sendable {
    /// Each student's latest granted passages before `until` (a past day's end); with `until` nil, their passages now
    /// (the gates' presence). Students never seen are absent.
    func passages(school: SchoolID, students: [String], until: Date?) async throws -> [String: PassagesAsOf]
    /// The approved leave of each student that overlaps `window` (the latest starting, when several do).
    func approvedLeaves(school: SchoolID, students: [String], overlapping window: DateInterval) async throws -> [String: LeaveSpan]
}
