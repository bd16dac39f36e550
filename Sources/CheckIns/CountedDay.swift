import CampusKit
import Foundation

/// The check-in that counts for one student's day (CONTRACT.md: "the latest submission of the day counts"), and
/// whether the day was late: a day once checked in on time stays on time, whatever comes later.
///
/// Stores keep one counted row per student and day; they fold a new submission into the stored one with `merging`
/// (their SQL upsert mirrors it for rows already stored: see `Storage/CheckIns/CountedDays.swift`).
public struct CountedDay: Sendable, Equatable {
    public var checkIn: CheckIn
    public var late: Bool

    public init(_ checkIn: CheckIn) {
        self.checkIn = checkIn
        self.late = checkIn.late
    }

    public init(checkIn: CheckIn, late: Bool) {
        self.checkIn = checkIn
        self.late = late
    }

    /// This day after `other` (a submission of the same student and day) arrived: the later submission counts (the
    /// newer one of two at the same instant), and the day is late only if both were.
    public func merging(_ other: CheckIn) -> CountedDay {
        let later = other.submittedAt >= checkIn.submittedAt ? other : checkIn
        return CountedDay(checkIn: later, late: late && other.late)
    }

    /// One counted day per student and day of `checkIns` (in any order), ordered by check-in id.
    public static func days(of checkIns: [CheckIn]) -> [CountedDay] {
        var days: [String: CountedDay] = [:]
        for c in checkIns {
            let key = "\(c.day)|\(c.studentNo)"
            days[key] = days[key].map { $0.merging(c) } ?? CountedDay(c)
        }
        return days.values.sorted { $0.checkIn.id < $1.checkIn.id }
    }
}
