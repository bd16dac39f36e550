import Foundation

/// Instants are stored as fixed-width UTC text (`2026-11-29T01:23:45.123Z`): identical on both engines,
/// readable, and ordered the same as text and as time.
enum Instant {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func format(_ date: Date) -> String { style.format(date) }

    static func parse(_ text: String) -> Date? { try? style.parse(text) }
}
