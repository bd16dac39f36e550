import CampusKit
import Foundation

/// Why one student is a contact: one rule met once, at one place and time, and through whom (degree 2).
public struct Evidence: Sendable, Equatable, Hashable, Codable {
    /// The contract's rules.
    public enum Rule: String, Sendable, Codable, CaseIterable {
        case roommate, floormate
        case coPresence = "co_presence"
    }

    public var rule: Rule
    /// The room (`B/R`), the floor (`B/F`) or the place of the shared stay.
    public var place: String
    /// The overlap of the two stays; for roommates and floormates, the investigation's window.
    public var from: Date
    public var to: Date
    /// Whole minutes of overlap (co-presence only).
    public var minutes: Int?
    /// The degree-1 contact this degree-2 contact was found through.
    public var via: String?

    public init(rule: Rule, place: String, from: Date, to: Date, minutes: Int? = nil, via: String? = nil) {
        self.rule = rule
        self.place = place
        self.from = from
        self.to = to
        self.minutes = minutes
        self.via = via
    }

    static func order(_ a: Evidence, _ b: Evidence) -> Bool {
        (a.via ?? "", a.from, a.rule.rawValue, a.place, a.to) < (b.via ?? "", b.from, b.rule.rawValue, b.place, b.to)
    }
}

/// A close contact (密接, degree 1) or secondary contact (次密接, degree 2) and every piece of evidence found.
public struct Contact: Sendable, Equatable, Codable {
    public var studentNo: String
    public var degree: Int
    public var evidence: [Evidence]
    /// Who they are, for people reading the list (filled from the roster; empty when unknown).
    public var name: String
    public var className: String
    public var building: String?
    public var room: String?

    public init(studentNo: String, degree: Int, evidence: [Evidence], name: String = "", className: String = "",
                building: String? = nil, room: String? = nil) {
        self.studentNo = studentNo
        self.degree = degree
        self.evidence = evidence
        self.name = name
        self.className = className
        self.building = building
        self.room = room
    }
}
