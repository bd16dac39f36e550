import CampusKit
import Foundation

/// One student's stay at a quarantine site (CONTRACT.md, Quarantine and sick leave): why, where, since when, under
/// which protocol, and how it ended.
public struct Placement: Sendable, Equatable {
    public var id: String
    public var studentNo: String
    public var studentName: String
    public var reason: Reason
    public var site: String
    public var room: String
    public var start: Date
    /// The start's day and the protocol's length; nil while release waits on tests (a positive student).
    public var plannedEnd: CampusDay?
    public var status: Status
    public var protocolRule: QuarantineProtocol
    public var origin: Origin
    /// The investigation the placement came from, if any.
    public var investigationId: String?
    /// The positive tube whose member the student was, if that is where the placement came from.
    public var tube: String?
    /// The index case whose contact the student is (kept apart from other index cases' contacts).
    public var indexStudentNo: String?
    public var placedBy: String
    public var releasedAt: Date?
    public var releasedBy: String?
    /// Why it ended early, when it did.
    public var releaseReason: String?
    /// An early release asked for and waiting for a second person's approval.
    public var earlyRequest: EarlyRequest?

    public enum Reason: String, Sendable, Codable, CaseIterable {
        case closeContact = "close_contact"
        case secondaryContact = "secondary_contact"
        case positive, inbound, symptoms, other
    }

    public enum Status: String, Sendable, Codable, CaseIterable { case active, released }

    /// Where the placement came from: an investigation's contacts, a positive tube's members, or by hand.
    public enum Origin: String, Sendable, Codable, CaseIterable { case investigation, testing, manual }

    public struct EarlyRequest: Sendable, Equatable {
        public var by: String
        public var at: Date
        public var reason: String
        public init(by: String, at: Date, reason: String) {
            self.by = by
            self.at = at
            self.reason = reason
        }
    }

    public init(id: String, studentNo: String, studentName: String = "", reason: Reason, site: String, room: String, start: Date,
                plannedEnd: CampusDay?, status: Status, protocolRule: QuarantineProtocol, origin: Origin, investigationId: String? = nil,
                tube: String? = nil, indexStudentNo: String? = nil, placedBy: String, releasedAt: Date? = nil, releasedBy: String? = nil,
                releaseReason: String? = nil, earlyRequest: EarlyRequest? = nil) {
        self.id = id
        self.studentNo = studentNo
        self.studentName = studentName
        self.reason = reason
        self.site = site
        self.room = room
        self.start = start
        self.plannedEnd = plannedEnd
        self.status = status
        self.protocolRule = protocolRule
        self.origin = origin
        self.investigationId = investigationId
        self.tube = tube
        self.indexStudentNo = indexStudentNo
        self.placedBy = placedBy
        self.releasedAt = releasedAt
        self.releasedBy = releasedBy
        self.releaseReason = releaseReason
        self.earlyRequest = earlyRequest
    }

    /// The quarantine day `day` is: 1 on the start's date.
    public func dayNumber(of day: CampusDay, in timeZone: TimeZone) -> Int {
        let first = CampusDay(start, in: timeZone)
        var n = 1, d = first
        // Days are few (a quarantine lasts weeks at most); walking keeps calendar arithmetic in one place.
        while d < day && n < 10_000 { d = d.adding(days: 1); n += 1 }
        while day < d && n > -10_000 { d = d.adding(days: -1); n -= 1 }
        return n
    }
}

/// A request to place one student.
public struct PlacementRequest: Sendable, Equatable {
    public var studentNo: String
    public var reason: Placement.Reason
    public var site: String
    public var room: String?
    public var start: Date?
    public var investigationId: String?
    public var origin: Placement.Origin
    public var indexStudentNo: String?
    public var tube: String?

    public init(studentNo: String, reason: Placement.Reason, site: String, room: String? = nil, start: Date? = nil,
                investigationId: String? = nil, origin: Placement.Origin = .manual, indexStudentNo: String? = nil, tube: String? = nil) {
        self.studentNo = studentNo
        self.reason = reason
        self.site = site
        self.room = room
        self.start = start
        self.investigationId = investigationId
        self.origin = origin
        self.indexStudentNo = indexStudentNo
        self.tube = tube
    }
}

/// Who is in a room now, as far as choosing a room needs to know.
public struct Occupant: Sendable, Equatable {
    public var room: String
    public var reason: Placement.Reason
    public var indexStudentNo: String?
    public init(room: String, reason: Placement.Reason, indexStudentNo: String?) {
        self.room = room
        self.reason = reason
        self.indexStudentNo = indexStudentNo
    }
}
