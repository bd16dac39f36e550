import CampusKit
import Foundation

/// One swipe at a point, as the device reported it (a denied attempt is an event too, with `granted` false).
public struct AccessEvent: Sendable, Equatable, Codable {
    /// Which way the person went through the point.
    public enum Direction: String, Sendable, Codable, CaseIterable { case `in`, out }

    /// The device's own id for the event; unique per point, so a resent event is recognised.
    public var eventId: String
    public var accessPoint: String
    public var studentNo: String
    public var direction: Direction
    public var at: Date
    public var granted: Bool

    public init(eventId: String, accessPoint: String, studentNo: String, direction: Direction, at: Date, granted: Bool) {
        self.eventId = eventId
        self.accessPoint = accessPoint
        self.studentNo = studentNo
        self.direction = direction
        self.at = at
        self.granted = granted
    }
}

/// An event with what its point says about where it happened.
public struct PlacedEvent: Sendable, Equatable {
    public var event: AccessEvent
    public var place: String
    public var kind: AccessPoint.Kind

    public init(_ event: AccessEvent, place: String, kind: AccessPoint.Kind) {
        self.event = event
        self.place = place
        self.kind = kind
    }

    /// The order of the contract's rule 1: by time, ties by event id (then by point, which makes it total).
    public static func precedes(_ a: PlacedEvent, _ b: PlacedEvent) -> Bool {
        (a.event.at, a.event.eventId, a.event.accessPoint) < (b.event.at, b.event.eventId, b.event.accessPoint)
    }
}

/// An event of a batch as it arrived, before it is checked: every field may be missing or wrong.
public struct IncomingEvent: Sendable {
    public var eventId: String?
    public var accessPoint: String?
    public var studentNo: String?
    public var direction: String?
    public var at: Date?
    public var granted: Bool?

    public init(eventId: String?, accessPoint: String?, studentNo: String?, direction: String?, at: Date?, granted: Bool?) {
        self.eventId = eventId
        self.accessPoint = accessPoint
        self.studentNo = studentNo
        self.direction = direction
        self.at = at
        self.granted = granted
    }
}

/// What became of a batch: how many were new, how many were already stored, and why each other one was refused.
public struct IngestResult: Sendable, Equatable {
    public var accepted: Int
    public var duplicates: Int
    public var rejected: [Rejection]

    public init(accepted: Int = 0, duplicates: Int = 0, rejected: [Rejection] = []) {
        self.accepted = accepted
        self.duplicates = duplicates
        self.rejected = rejected
    }
}

/// An event refused, by its position in the batch (0-based) and the reason.
public struct Rejection: Sendable, Equatable {
    public var index: Int
    public var message: String
    public init(index: Int, message: String) {
        self.index = index
        self.message = message
    }

    /// The event names an access point the school has not registered.
    public static func unknownPoint(index: Int, _ code: String) -> Rejection {
        Rejection(index: index, message: "accessPoint: 未登记的门禁点 \(code) (unknown access point)")
    }

    /// The event names a student the roster does not hold.
    public static func unknownStudent(index: Int, _ number: String) -> Rejection {
        Rejection(index: index, message: "studentNo: 没有学号为 \(number) 的学生 (unknown student)")
    }
}
