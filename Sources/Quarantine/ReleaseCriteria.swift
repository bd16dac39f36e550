import CampusKit
import Foundation

/// A test a quarantined student had: the day of its campaign and how it turned out.
public struct QuarantineTest: Sendable, Equatable {
    public enum Result: String, Sendable { case pending, negative, positive }
    public var day: CampusDay
    public var result: Result
    public init(day: CampusDay, result: Result) {
        self.day = day
        self.result = result
    }
}

/// A reason a placement cannot end yet (CONTRACT.md: each is named in the 422).
public enum UnmetCriterion: String, Sendable, Equatable, CaseIterable {
    /// The protocol's days have not all passed.
    case daysRemaining = "days_remaining"
    /// A test day without a negative result (or, for a positive student, too few negatives far enough apart).
    case testMissing = "test_missing"
    /// A positive test since the start.
    case testPositive = "test_positive"
    /// An abnormal health record in the last 24 hours.
    case symptoms
}

/// Whether a placement may end, by its protocol: what is still unmet, in the contract's order.
public enum ReleaseCriteria {
    /// - Parameters:
    ///   - tests: the student's tests since the start.
    ///   - records: the placement's health records.
    public static func unmet(_ placement: Placement, tests: [QuarantineTest], records: [HealthRecord], now: Date,
                             timeZone: TimeZone) -> [UnmetCriterion] {
        let rule = placement.protocolRule
        let first = CampusDay(placement.start, in: timeZone)
        let today = placement.dayNumber(of: CampusDay(now, in: timeZone), in: timeZone)
        let mine = tests.filter { $0.day >= first }
        var unmet: [UnmetCriterion] = []
        if let days = rule.days, today < days { unmet.append(.daysRemaining) }

        let negativeDays = Set(mine.filter { $0.result == .negative }.map(\.day))
        var missing = false
        if let days = rule.days {
            for n in 1...days where rule.isTestDay(n) && !negativeDays.contains(first.adding(days: n - 1)) { missing = true }
        }
        if rule.negativesRequired > 0, !enoughNegatives(negativeDays.sorted(), count: rule.negativesRequired, gapHours: rule.negativeGapHours) {
            missing = true
        }
        if missing { unmet.append(.testMissing) }
        if mine.contains(where: { $0.result == .positive }) { unmet.append(.testPositive) }
        if records.contains(where: { $0.abnormal && $0.recordedAt > now.addingTimeInterval(-86_400) && $0.recordedAt <= now }) {
            unmet.append(.symptoms)
        }
        return unmet
    }

    /// `count` negatives, each on a day at least `gapHours` (rounded up to whole days) after the one before, taking
    /// the earliest that qualify (the greedy choice finds a chain whenever one exists).
    static func enoughNegatives(_ days: [CampusDay], count: Int, gapHours: Int) -> Bool {
        let gapDays = (gapHours + 23) / 24
        var found = 0
        var last: CampusDay?
        for day in days where last.map({ day >= $0.adding(days: gapDays) }) ?? true {
            found += 1
            last = day
            if found >= count { return true }
        }
        return false
    }
}
