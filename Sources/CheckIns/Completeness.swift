import CampusKit
import Foundation

/// How many of the expected students reported on a day, for the whole scope and per unit of one level.
/// Expected = students whose status is active; reported and abnormal count the check-in that counts for the day.
public struct Completeness: Sendable, Equatable {
    public var day: CampusDay
    public var level: UnitKey.Level
    public var groups: [Group]

    /// One unit's figures; `key` is the unit key the contract fixes (floor `B/F`, room `B/R`), "" for students
    /// without that unit (e.g. no room yet).
    public struct Group: Sendable, Equatable {
        public var key: String
        public var expected: Int
        public var reported: Int
        public var abnormal: Int
        public var late: Int
        public init(key: String, expected: Int, reported: Int, abnormal: Int, late: Int) {
            self.key = key
            self.expected = expected
            self.reported = reported
            self.abnormal = abnormal
            self.late = late
        }
        public var missing: Int { max(0, expected - reported) }
        /// Reported share of expected, 0–100, rounded down so 99.9 % never shows as done (`Share.percent`).
        public var percent: Int { Share.percent(reported, of: expected) }
    }

    public init(day: CampusDay, level: UnitKey.Level, groups: [Group]) {
        self.day = day
        self.level = level
        self.groups = groups
    }

    public var expected: Int { groups.reduce(0) { $0 + $1.expected } }
    public var reported: Int { groups.reduce(0) { $0 + $1.reported } }
    public var abnormal: Int { groups.reduce(0) { $0 + $1.abnormal } }
    public var late: Int { groups.reduce(0) { $0 + $1.late } }
    public var missing: Int { groups.reduce(0) { $0 + $1.missing } }
}

/// A student expected to check in who has not (yet) on a day.
public struct MissingStudent: Sendable, Equatable {
    public var studentNo: String
    public var name: String
    public var className: String
    public var building: String?
    public var floor: Int?
    public var room: String?
    public var gridRole: String?
    /// Staff number of the student's counsellor.
    public var counsellor: String?
    public init(studentNo: String, name: String, className: String, building: String?, floor: Int?, room: String?, gridRole: String? = nil,
                counsellor: String? = nil) {
        self.studentNo = studentNo
        self.name = name
        self.className = className
        self.building = building
        self.floor = floor
        self.room = room
        self.gridRole = gridRole
        self.counsellor = counsellor
    }
}
