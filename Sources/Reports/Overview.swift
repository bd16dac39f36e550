import CampusKit
import Foundation

/// The leadership dashboard (领导看板, C15) for one day: the day at a glance, the trends of the days up to it, and
/// every campus, building and college worst first. Counts only: it names no student.
public struct Overview: Sendable, Equatable {
    public var day: CampusDay
    public var glance: Glance
    /// `OverviewService.trendDays` days ending at `day`, oldest first; a day without data is there with zeros.
    public var trend: [TrendDay]
    /// Worst completeness first (`OverviewService.worstFirst`); key "" gathers students without a campus.
    public var campuses: [UnitLine]
    public var buildings: [UnitLine]
    public var colleges: [UnitLine]

    public init(day: CampusDay, glance: Glance, trend: [TrendDay], campuses: [UnitLine], buildings: [UnitLine], colleges: [UnitLine]) {
        self.day = day
        self.glance = glance
        self.trend = trend
        self.campuses = campuses
        self.buildings = buildings
        self.colleges = colleges
    }

    /// The figures of the day's tiles.
    public struct Glance: Sendable, Equatable {
        /// Active students (在校): the day's expected check-ins, the head count every page shows.
        public var expected: Int
        public var reported: Int
        /// `Share.percent(reported, of: expected)`.
        public var percent: Int
        /// Counted check-ins of the day with an abnormal answer.
        public var abnormal: Int
        /// Cases open now.
        public var openCases: Int
        /// Students out past the end of their leave now.
        public var overdueLeaves: Int
        /// Leave requests waiting for a decision now.
        public var pendingLeaves: Int
        /// The campaign of the day, or else the latest before it; nil when there has been none.
        public var testing: CampaignCoverage?

        public init(expected: Int, reported: Int, percent: Int, abnormal: Int, openCases: Int, overdueLeaves: Int, pendingLeaves: Int,
                    testing: CampaignCoverage?) {
            self.expected = expected
            self.reported = reported
            self.percent = percent
            self.abnormal = abnormal
            self.openCases = openCases
            self.overdueLeaves = overdueLeaves
            self.pendingLeaves = pendingLeaves
            self.testing = testing
        }

        public var missing: Int { max(0, expected - reported) }
    }

    /// One day of the trends.
    public struct TrendDay: Sendable, Equatable {
        public var day: CampusDay
        public var expected: Int
        public var reported: Int
        public var percent: Int
        public var abnormal: Int
        /// Cases opened during the day (school time).
        public var casesOpened: Int
        /// Swabs taken during the day (school time), in tubes not found invalid.
        public var samples: Int

        public init(day: CampusDay, expected: Int, reported: Int, percent: Int, abnormal: Int, casesOpened: Int, samples: Int) {
            self.day = day
            self.expected = expected
            self.reported = reported
            self.percent = percent
            self.abnormal = abnormal
            self.casesOpened = casesOpened
            self.samples = samples
        }
    }

    /// One campus, building or college on the day.
    public struct UnitLine: Sendable, Equatable {
        /// The unit's name as the roster writes it; "" for students without one.
        public var key: String
        public var figures: UnitFigures
        public var percent: Int

        public init(key: String, figures: UnitFigures) {
            self.key = key
            self.figures = figures
            self.percent = Share.percent(figures.reported, of: figures.expected)
        }
    }
}

/// How far a testing campaign came (应检尽检): students expected (exempted ones not) and those validly swabbed.
public struct CampaignCoverage: Sendable, Equatable {
    public var name: String
    public var day: CampusDay
    public var expected: Int
    public var tested: Int
    public var percent: Int { Share.percent(tested, of: expected) }

    public init(name: String, day: CampusDay, expected: Int, tested: Int) {
        self.name = name
        self.day = day
        self.expected = expected
        self.tested = tested
    }
}

/// One campus day as instants: from its midnight to the next, in the school's time zone.
public struct DayWindow: Sendable, Equatable {
    public var day: CampusDay
    public var start: Date
    public var end: Date

    public init(_ day: CampusDay, in timeZone: TimeZone) {
        self.day = day
        self.start = day.instant(minutes: 0, in: timeZone)
        self.end = day.adding(days: 1).instant(minutes: 0, in: timeZone)
    }
}

/// A day's counted check-ins of active students.
public struct CheckInCount: Sendable, Equatable {
    public var reported: Int
    public var abnormal: Int
    public init(reported: Int, abnormal: Int) {
        self.reported = reported
        self.abnormal = abnormal
    }
}

/// Leaves that need someone now.
public struct LeaveCounts: Sendable, Equatable {
    /// Approved, the student went out, is not back, and the leave has ended.
    public var overdue: Int
    /// Waiting for a decision (a first or a second approval).
    public var pending: Int
    public init(overdue: Int, pending: Int) {
        self.overdue = overdue
        self.pending = pending
    }
}
