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
}
