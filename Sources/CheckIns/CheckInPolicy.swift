import CampusKit
import Foundation

/// A school's check-in timetable: when the window opens, the cutoff after which a check-in is late,
/// when reminders go out, and the deadline of the daily report. Times are minutes after midnight, school time.
public struct CheckInPolicy: Sendable, Equatable, Codable {
    public var opensAt: Int
    public var cutoff: Int
    /// Minutes of day (before the cutoff) at which missing students and their room leaders are reminded.
    public var reminders: [Int]
    /// Minutes of day by which every reporting unit confirms its daily report.
    public var reportDeadline: Int

    /// 06:00–10:00, reminders at 08:00 and 09:30, reports by 18:00.
    public static let standard = CheckInPolicy(opensAt: 6 * 60, cutoff: 10 * 60, reminders: [8 * 60, 9 * 60 + 30], reportDeadline: 18 * 60)

    public init(opensAt: Int, cutoff: Int, reminders: [Int], reportDeadline: Int) {
        self.opensAt = opensAt
        self.cutoff = cutoff
        self.reminders = reminders.sorted()
        self.reportDeadline = reportDeadline
    }

    /// Checks a timetable typed as `HH:MM` texts; `.invalid` names each bad field.
    public static func parse(opensAt: String, cutoff: String, reminders: [String], reportDeadline: String) throws -> CheckInPolicy {
        var errors: [FieldError] = []
        func minutes(_ text: String, _ field: String) -> Int? {
            if let m = Self.minutes(text) { return m }
            errors.append(FieldError(field: field, message: "时间应为 HH:MM (expected HH:MM)"))
            return nil
        }
        // Read in the order the form shows them, so the errors come in that order too.
        let open = minutes(opensAt, "opensAt"), cut = minutes(cutoff, "cutoff")
        let times = reminders.enumerated().map { (index: $0.offset, minutes: minutes($0.element, "reminders[\($0.offset)]")) }
        let deadline = minutes(reportDeadline, "reportDeadline")
        if let open, let cut, open >= cut {
            errors.append(FieldError(field: "cutoff", message: "截止时间应晚于开放时间 (the cutoff must be after the opening)"))
        }
        if let open, let cut {
            for (i, t) in times where t.map({ $0 < open || $0 >= cut }) ?? false {
                errors.append(FieldError(field: "reminders[\(i)]", message: "提醒时间应在开放与截止之间 (reminders fall between opening and cutoff)"))
            }
        }
        if let cut, let deadline, deadline <= cut {
            errors.append(FieldError(field: "reportDeadline", message: "日报截止应晚于打卡截止 (the report deadline must be after the cutoff)"))
        }
        guard errors.isEmpty, let open, let cut, let deadline else {
            throw DomainError(.invalid, errors.map(\.message).joined(separator: "；"), fieldErrors: errors)
        }
        return CheckInPolicy(opensAt: open, cutoff: cut, reminders: times.compactMap(\.minutes), reportDeadline: deadline)
    }

    /// `HH:MM` → minutes after midnight.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }), let h = Int(parts[0]), let m = Int(parts[1]),
              (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    /// Minutes after midnight → `HH:MM`.
    public static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    /// The instant at `minutes` past midnight of `day` in `timeZone`.
    public static func instant(_ day: CampusDay, minutes: Int, in timeZone: TimeZone) -> Date {
        day.instant(minutes: minutes, in: timeZone)
    }

    /// Minutes after midnight of `instant` in `timeZone`.
    public static func minuteOfDay(_ instant: Date, in timeZone: TimeZone) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.hour, .minute], from: instant)
        return (c.hour ?? 0) * 60 + (c.minute ?? 0)
    }

    /// True when a check-in at `instant` comes after its day's cutoff.
    public func isLate(_ instant: Date, in timeZone: TimeZone) -> Bool {
        Self.minuteOfDay(instant, in: timeZone) >= cutoff
    }
}
