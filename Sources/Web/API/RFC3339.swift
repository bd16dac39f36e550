import CampusKit
import Foundation

/// Instants in requests: RFC 3339 with an offset, with or without fractional seconds.
enum RFC3339 {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func parse(_ text: String?) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        return try? style.parse(text)
    }

    /// A required or optional instant field: absent gives nil, present but unreadable is `.invalid` naming `field`.
    static func field(_ text: String?, _ field: String) throws -> Date? {
        guard let text, !text.isEmpty else { return nil }
        guard let date = parse(text) else {
            throw DomainError.invalid("\(field) 应为带时区的 RFC 3339 时间，如 2026-11-20T11:42:05+08:00 (must be RFC 3339 with offset)", field: field)
        }
        return date
    }

    /// `2026-11-26T06:30:00Z`: whole seconds in UTC, written directly (thousands of evidence times per investigation).
    static func utc(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }
}
