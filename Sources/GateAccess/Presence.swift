import CampusKit
import Foundation

/// Where each student is now, from their latest events: off campus when their last passage was out through a campus
/// gate, on campus when seen at a gate or door since; in the building whose door they last went in by.
public struct Presence: Sendable, Equatable {
    public var studentNo: String
    public var name: String
    public var className: String
    /// The student's own dormitory building in the roster.
    public var homeBuilding: String?
    /// nil when no gate or door has seen the student yet.
    public var onCampus: Bool?
    public var lastGateAt: Date?
    /// The building last entered by its door and not left since.
    public var inBuilding: String?

    public init(studentNo: String, name: String, className: String, homeBuilding: String?, onCampus: Bool?, lastGateAt: Date?, inBuilding: String?) {
        self.studentNo = studentNo
        self.name = name
        self.className = className
        self.homeBuilding = homeBuilding
        self.onCampus = onCampus
        self.lastGateAt = lastGateAt
        self.inBuilding = inBuilding
    }
}

/// Who is where, counted.
public struct PresenceSummary: Sendable, Equatable {
    public var onCampus: Int
    public var offCampus: Int
    public var unknown: Int
    /// Students inside each building now, by building.
    public var inside: [String: Int]
    /// The students living in each building (their roster dormitory), by building: every building a reader has
    /// students in, whether or not anyone is inside now.
    public var residents: [String: Int]
    /// Those off campus, by student number.
    public var away: [Presence]

    public init(onCampus: Int, offCampus: Int, unknown: Int, inside: [String: Int], residents: [String: Int] = [:], away: [Presence]) {
        self.onCampus = onCampus
        self.offCampus = offCampus
        self.unknown = unknown
        self.inside = inside
        self.residents = residents
        self.away = away
    }
}
