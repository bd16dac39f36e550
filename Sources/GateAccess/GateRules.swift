import CampusKit
import Foundation

/// An alert to raise, once: `dedupe` names what it is about, and a second draft with the same key is not raised again.
public struct AlertDraft: Sendable, Equatable {
    public var kind: AccessAlert.Kind
    public var studentNo: String
    public var at: Date
    /// The point, the leave or the time concerned, for people.
    public var detail: String
    public var dedupe: String

    public init(kind: AccessAlert.Kind, studentNo: String, at: Date, detail: String, dedupe: String) {
        self.kind = kind
        self.studentNo = studentNo
        self.at = at
        self.detail = detail
        self.dedupe = dedupe
    }

    /// A device refused a passage.
    public static func denied(_ e: PlacedEvent, pointName: String?) -> AlertDraft {
        AlertDraft(kind: .denied, studentNo: e.event.studentNo, at: e.event.at,
                   detail: "\(pointName ?? e.event.accessPoint) · \(e.event.direction == .in ? "进" : "出")",
                   dedupe: "denied|\(e.event.accessPoint)|\(e.event.eventId)")
    }
}

/// A student's latest campus-gate and building-door passages, as kept per student ("presence").
public struct LastPassages: Sendable, Equatable {
    public var gateDirection: AccessEvent.Direction?
    public var gateAt: Date?
    public var doorBuilding: String?
    public var doorDirection: AccessEvent.Direction?
    public var doorAt: Date?
    /// The newest passage at any point within the campus (a building door, a canteen, a classroom…).
    public var insideAt: Date?

    public init(gateDirection: AccessEvent.Direction? = nil, gateAt: Date? = nil, doorBuilding: String? = nil,
                doorDirection: AccessEvent.Direction? = nil, doorAt: Date? = nil, insideAt: Date? = nil) {
        self.gateDirection = gateDirection
        self.gateAt = gateAt
        self.doorBuilding = doorBuilding
        self.doorDirection = doorDirection
        self.doorAt = doorAt
        self.insideAt = insideAt
    }

    /// When a point within the campus last saw the student.
    public var seenInsideAt: Date? { [doorAt, insideAt].compactMap { $0 }.max() }

    /// Out through a campus gate and not seen within the campus since: off campus. This is the one definition of
    /// "on campus" every page and alert uses — a student who swipes a canteen card after tailgating back in is inside.
    public var wentOut: Bool {
        guard gateDirection == .out, let gateAt else { return false }
        return seenInsideAt.map { gateAt >= $0 } ?? true
    }

    /// Off campus when the student went out; on campus when seen at a gate or any point inside otherwise; nil when
    /// no point has seen them.
    public var onCampus: Bool? { wentOut ? false : (gateDirection != nil || seenInsideAt != nil ? true : nil) }

    /// The building last entered by its door and not left since.
    public var inBuilding: String? { !wentOut && doorDirection == .in ? doorBuilding : nil }

    /// The newest granted campus-gate passage, building-door passage and passage anywhere within the campus of each
    /// student among `events`: what moves their passages forward (a store keeps a stored passage when it is newer,
    /// whatever the arrival order).
    public static func latest(of events: [PlacedEvent]) -> (gate: [PlacedEvent], door: [PlacedEvent], inside: [PlacedEvent]) {
        func latest(_ kinds: Set<AccessPoint.Kind>) -> [PlacedEvent] {
            var last: [String: PlacedEvent] = [:]
            for e in events where kinds.contains(e.kind) && e.event.granted {
                if let seen = last[e.event.studentNo], !PlacedEvent.precedes(seen, e) { continue }
                last[e.event.studentNo] = e
            }
            return last.values.sorted { $0.event.studentNo < $1.event.studentNo }
        }
        return (latest([.campusGate]), latest([.buildingDoor]), latest(AccessPoint.Kind.insideCampus))
    }
}

/// An approved leave as the gates follow it: when the student went out under it and came back.
public struct TrackedLeave: Sendable, Equatable {
    public var id: String
    public var studentNo: String
    public var from: Date
    public var to: Date
    public var departedAt: Date?
    public var returnedAt: Date?
    /// Where to, for people.
    public var destination: String

    public init(id: String, studentNo: String, from: Date, to: Date, departedAt: Date?, returnedAt: Date?, destination: String = "") {
        self.id = id
        self.studentNo = studentNo
        self.from = from
        self.to = to
        self.departedAt = departedAt
        self.returnedAt = returnedAt
        self.destination = destination
    }

    /// Out under the leave, not back, and its end has passed.
    public func isOverdue(at now: Date) -> Bool { departedAt != nil && returnedAt == nil && to < now }
}

/// What campus-gate passages do to leaves, and the alerts they raise.
public enum LeaveTracker {
    /// A change to one leave.
    public enum Update: Sendable, Equatable {
        /// The student went out under the leave (and, when a return arrived first, came back at `returned`).
        case departed(leave: String, at: Date, returned: Date?)
        case returned(leave: String, at: Date)
    }

    /// Follows granted passages (`events`, any order) against the students' approved leaves not yet returned from or
    /// still running. An exit through a campus gate within a leave not yet departed from departs it; an exit no leave
    /// covers raises `exit_without_leave` when `exitNeedsLeave` holds campus gates; an entry through a gate, or any
    /// passage within the campus (the student is back, whichever way they came in), returns the oldest departed
    /// leave. `returns` gives a student's granted entries and inside passages already stored (a gate that was offline
    /// sends its departures late, after the return).
    public static func follow(_ events: [PlacedEvent], leaves: [TrackedLeave], returns: [String: [Date]],
                              exitNeedsLeave: Set<AccessPoint.Kind>, pointNames: [String: String]) -> (updates: [Update], alerts: [AlertDraft]) {
        var byStudent = Dictionary(grouping: leaves, by: \.studentNo)
        var updates: [Update] = []
        var alerts: [AlertDraft] = []
        for e in events.filter({ $0.event.granted }).sorted(by: PlacedEvent.precedes) {
            let at = e.event.at
            var own = byStudent[e.event.studentNo] ?? []
            switch e.kind == .campusGate ? e.event.direction : .in {
            case .out:
                let covering = own.firstIndex { $0.from <= at && $0.to > at }
                if let i = covering, own[i].departedAt == nil {
                    let back = returns[e.event.studentNo]?.filter { $0 > at }.min()
                    own[i].departedAt = at
                    own[i].returnedAt = back
                    updates.append(.departed(leave: own[i].id, at: at, returned: back))
                } else if covering == nil && exitNeedsLeave.contains(e.kind) {
                    alerts.append(AlertDraft(kind: .exitWithoutLeave, studentNo: e.event.studentNo, at: at,
                                             detail: pointNames[e.event.accessPoint] ?? e.event.accessPoint,
                                             dedupe: "exit|\(e.event.accessPoint)|\(e.event.eventId)"))
                }
            case .in:
                if let i = own.firstIndex(where: { $0.returnedAt == nil && ($0.departedAt.map { $0 <= at } ?? false) }) {
                    own[i].returnedAt = at
                    updates.append(.returned(leave: own[i].id, at: at))
                }
            }
            byStudent[e.event.studentNo] = own
        }
        return (updates, alerts)
    }

    /// `leave_overdue` alerts, once per leave, for the approved leaves out past their end at `now`.
    public static func overdue(_ leaves: [TrackedLeave], at now: Date) -> [AlertDraft] {
        leaves.filter { $0.isOverdue(at: now) }.map {
            AlertDraft(kind: .leaveOverdue, studentNo: $0.studentNo, at: $0.to, detail: $0.destination, dedupe: "overdue|\($0.id)")
        }
    }
}

/// The nightly check (查寝): who is off campus after the curfew without leave.
public enum Curfew {
    /// `curfew` alerts, once per student and `day`, for each active student whose passages say they went out and whom
    /// no approved leave (`onLeave`, student numbers) covers now.
    public static func absentees(_ passages: [String: LastPassages], onLeave: Set<String>, day: CampusDay, at now: Date,
                                 timeZone: TimeZone) -> [AlertDraft] {
        passages.sorted { $0.key < $1.key }.compactMap { student, p in
            guard p.wentOut, !onLeave.contains(student), let out = p.gateAt else { return nil }
            return AlertDraft(kind: .curfew, studentNo: student, at: now, detail: "最后出校 \(clock(out, timeZone))", dedupe: "curfew|\(day)|\(student)")
        }
    }

    private static func clock(_ date: Date, _ timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
        return String(format: "%d月%d日 %02d:%02d", c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
