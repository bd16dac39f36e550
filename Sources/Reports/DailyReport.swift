import CampusKit
import Foundation

/// A unit that confirms its day (日报告): each college and each dormitory building.
public struct ReportingUnit: Hashable, Sendable, Codable {
    public enum Level: String, Sendable, Codable, CaseIterable { case college, building }
    public var level: Level
    public var key: String
    public init(_ level: Level, _ key: String) {
        self.level = level
        self.key = key
    }
}

/// A unit's day as the data shows it: the numbers a report must agree with.
public struct UnitFigures: Sendable, Equatable, Codable {
    public var expected: Int
    public var reported: Int
    public var abnormal: Int
    /// Cases of the unit's students that are open now.
    public var openCases: Int
    public init(expected: Int, reported: Int, abnormal: Int, openCases: Int) {
        self.expected = expected
        self.reported = reported
        self.abnormal = abnormal
        self.openCases = openCases
    }
    public var missing: Int { max(0, expected - reported) }
    /// A zero day (零报告): nobody abnormal and no case open.
    public var isZero: Bool { abnormal == 0 && openCases == 0 }
}

/// A unit's attested daily report.
public struct DailyReport: Sendable, Equatable, Codable {
    public var day: CampusDay
    public var unit: ReportingUnit
    public var figures: UnitFigures
    /// The report states explicitly that the day had zero abnormal students and zero open cases.
    public var zero: Bool
    public var note: String
    public var attestedBy: String
    public var attestedName: String
    public var attestedAt: Date
    /// Attested after the school's report deadline.
    public var late: Bool
    public init(day: CampusDay, unit: ReportingUnit, figures: UnitFigures, zero: Bool, note: String, attestedBy: String,
                attestedName: String, attestedAt: Date, late: Bool) {
        self.day = day
        self.unit = unit
        self.figures = figures
        self.zero = zero
        self.note = note
        self.attestedBy = attestedBy
        self.attestedName = attestedName
        self.attestedAt = attestedAt
        self.late = late
    }
}

/// One line of the school's daily report: a unit, what the data says, and its report if there is one.
public struct ReportLine: Sendable, Equatable {
    public enum State: String, Sendable { case submitted, pending, overdue }
    public var unit: ReportingUnit
    public var figures: UnitFigures
    public var report: DailyReport?
    public var state: State
    public init(unit: ReportingUnit, figures: UnitFigures, report: DailyReport?, state: State) {
        self.unit = unit
        self.figures = figures
        self.report = report
        self.state = state
    }
}

/// The school's daily report to the education department, compiled from the units' reports.
public struct SchoolReport: Sendable, Equatable {
    public var day: CampusDay
    public var deadline: Date
    public var lines: [ReportLine]
    /// The figures of every student the lines cover: summed over the colleges (every student is in exactly one
    /// college); for a reader who sees no college (a building leader), over the buildings (one each).
    public var totals: UnitFigures {
        let colleges = lines.filter { $0.unit.level == .college }
        let counted = (colleges.isEmpty ? lines.filter { $0.unit.level == .building } : colleges).map(\.figures)
        return UnitFigures(expected: counted.reduce(0) { $0 + $1.expected }, reported: counted.reduce(0) { $0 + $1.reported },
                           abnormal: counted.reduce(0) { $0 + $1.abnormal }, openCases: counted.reduce(0) { $0 + $1.openCases })
    }
    public var submitted: Int { lines.filter { $0.state == .submitted }.count }
    public var overdue: [ReportLine] { lines.filter { $0.state == .overdue } }
    public init(day: CampusDay, deadline: Date, lines: [ReportLine]) {
        self.day = day
        self.deadline = deadline
        self.lines = lines
    }
}

/// Where reports and the figures behind them come from.
public protocol ReportStore: Sendable {
    /// Every reporting unit of the school with its figures for `day` (colleges and buildings of active students).
    func figures(school: SchoolID, day: CampusDay) async throws -> [ReportingUnit: UnitFigures]
    func reports(school: SchoolID, day: CampusDay) async throws -> [DailyReport]
    /// Stores a unit's report for its day, replacing an earlier one.
    func save(_ report: DailyReport, school: SchoolID) async throws
}
