import CampusKit
import Foundation

/// How long a placement of one reason lasts and when its student is tested (CONTRACT.md defaults), stored as data
/// and editable by the office. Day 1 is the start's date.
public struct QuarantineProtocol: Sendable, Equatable, Codable {
    public var reason: Placement.Reason
    /// Days the placement lasts; nil: until `negativesRequired` negative tests (a positive student).
    public var days: Int?
    /// The days a test is due on.
    public var testDays: [Int]
    /// Tested every day from this day on while the placement lasts (used when `days` is nil).
    public var dailyTestsFrom: Int?
    /// Negative tests needed before release when `days` is nil.
    public var negativesRequired: Int
    /// The least time between two of those negatives, in hours.
    public var negativeGapHours: Int

    public init(reason: Placement.Reason, days: Int?, testDays: [Int], dailyTestsFrom: Int? = nil, negativesRequired: Int = 0,
                negativeGapHours: Int = 24) {
        self.reason = reason
        self.days = days
        self.testDays = testDays
        self.dailyTestsFrom = dailyTestsFrom
        self.negativesRequired = negativesRequired
        self.negativeGapHours = negativeGapHours
    }

    /// The contract's defaults: close contacts 7 days (tests on 1, 4, 7), secondary contacts 3 (1, 3), inbound 7 (1, 7),
    /// positive until two negatives at least 24 h apart (tested daily from day 2), symptoms and other 3 days (1).
    public static let defaults: [QuarantineProtocol] = [
        QuarantineProtocol(reason: .closeContact, days: 7, testDays: [1, 4, 7]),
        QuarantineProtocol(reason: .secondaryContact, days: 3, testDays: [1, 3]),
        QuarantineProtocol(reason: .positive, days: nil, testDays: [], dailyTestsFrom: 2, negativesRequired: 2, negativeGapHours: 24),
        QuarantineProtocol(reason: .inbound, days: 7, testDays: [1, 7]),
        QuarantineProtocol(reason: .symptoms, days: 3, testDays: [1]),
        QuarantineProtocol(reason: .other, days: 3, testDays: [1]),
    ]

    /// True when day `n` of a placement is a test day.
    public func isTestDay(_ n: Int) -> Bool {
        guard n >= 1 else { return false }
        if testDays.contains(n) { return true }
        if let from = dailyTestsFrom, n >= from, days.map({ n <= $0 }) ?? true { return true }
        return false
    }

    /// The protocols a request sets, checked: one per reason at most, 1–60 days (or none, then negatives 1–5),
    /// test days within the length, a gap of 0–168 hours. `index` names the item in field paths.
    public func validated(index i: Int) -> [FieldError] {
        var errors: [FieldError] = []
        if let days, !(1...60).contains(days) {
            errors.append(FieldError(field: "items[\(i)].days", message: "天数应为 1–60 (days must be 1–60)"))
        }
        if days == nil, !(1...5).contains(negativesRequired) {
            errors.append(FieldError(field: "items[\(i)].negativesRequired",
                                     message: "不定天数时需 1–5 次阴性 (without days, 1–5 negative tests are needed)"))
        }
        if !(0...5).contains(negativesRequired) {
            errors.append(FieldError(field: "items[\(i)].negativesRequired", message: "阴性次数应为 0–5 (0–5 negative tests)"))
        }
        for (k, day) in testDays.enumerated() where day < 1 || day > (days ?? 60) {
            errors.append(FieldError(field: "items[\(i)].testDays[\(k)]", message: "检测日应在隔离期内 (a test day lies within the placement)"))
        }
        if Set(testDays).count != testDays.count {
            errors.append(FieldError(field: "items[\(i)].testDays", message: "检测日重复 (a test day is listed twice)"))
        }
        if let from = dailyTestsFrom, !(1...60).contains(from) {
            errors.append(FieldError(field: "items[\(i)].dailyTestsFrom", message: "每日检测起始日应为 1–60 (1–60)"))
        }
        if !(0...168).contains(negativeGapHours) {
            errors.append(FieldError(field: "items[\(i)].negativeGapHours", message: "间隔应为 0–168 小时 (0–168 hours)"))
        }
        return errors
    }

    /// A whole set as `PUT /quarantine/protocols` sends it: each reason at most once; reasons not named keep theirs.
    public static func validated(_ items: [QuarantineProtocol]) throws -> [QuarantineProtocol] {
        var errors: [FieldError] = []
        var seen: Set<Placement.Reason> = []
        for (i, item) in items.enumerated() {
            if !seen.insert(item.reason).inserted {
                errors.append(FieldError(field: "items[\(i)].reason", message: "原因 \(item.reason.rawValue) 重复 (a reason is listed twice)"))
            }
            errors += item.validated(index: i)
        }
        guard errors.isEmpty else { throw DomainError(.invalid, errors[0].message, fieldErrors: errors) }
        return items.map {
            var p = $0
            p.testDays.sort()
            return p
        }
    }
}
