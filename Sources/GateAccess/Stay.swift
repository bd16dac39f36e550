import CampusKit
import Foundation

/// A time someone spent at a place, derived from their events by the contract's rule 1.
public struct Stay: Sendable, Equatable, Hashable {
    public var studentNo: String
    public var place: String
    public var kind: AccessPoint.Kind
    public var from: Date
    public var to: Date

    public init(studentNo: String, place: String, kind: AccessPoint.Kind, from: Date, to: Date) {
        self.studentNo = studentNo
        self.place = place
        self.kind = kind
        self.from = from
        self.to = to
    }

    /// The longest a stay lasts when no later event closes it.
    public static let cap: TimeInterval = 4 * 3600

    /// The stays of one student's events, by rule 1: granted events in order (time, then event id); an `in` at a
    /// place opens a stay that ends at the student's next granted event of any kind, or `cap` after it opened,
    /// whichever comes first. Stays of no length (the next event at the same instant) are left out.
    /// Events need not be sorted; denied events are ignored. O(n log n).
    public static func derive(from events: [PlacedEvent]) -> [Stay] {
        let ordered = events.filter(\.event.granted).sorted(by: PlacedEvent.precedes)
        var stays: [Stay] = []
        for (i, e) in ordered.enumerated() where e.event.direction == .in {
            var end = e.event.at.addingTimeInterval(cap)
            if i + 1 < ordered.count { end = min(end, ordered[i + 1].event.at) }
            guard end > e.event.at else { continue }
            stays.append(Stay(studentNo: e.event.studentNo, place: e.place, kind: e.kind, from: e.event.at, to: end))
        }
        return stays
    }

    /// The part of this stay inside `window`, or nil when none of it is.
    public func clipped(to window: DateInterval) -> Stay? {
        let start = max(from, window.start), end = min(to, window.end)
        guard end > start else { return nil }
        var copy = self
        copy.from = start
        copy.to = end
        return copy
    }
}
