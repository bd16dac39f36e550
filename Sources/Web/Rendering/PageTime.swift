import CampusKit
import Foundation

/// Times as pages show them: the school's time zone, 24-hour; `11月28日 07:42` in Chinese, ISO-like in English.
struct PageTime: Sendable {
    let timeZone: TimeZone
    let language: Language

    private var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        return c
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `07:42`.
    func clock(_ date: Date) -> String {
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return "\(Self.two(c.hour ?? 0)):\(Self.two(c.minute ?? 0))"
    }

    /// `11月28日 07:42` / `2026-11-28 07:42`.
    func dayAndClock(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        switch language {
        case .zhCN: return "\(c.month ?? 0)月\(c.day ?? 0)日 \(clock(date))"
        case .en: return "\(c.year ?? 0)-\(Self.two(c.month ?? 0))-\(Self.two(c.day ?? 0)) \(clock(date))"
        }
    }

    /// `11月28日` / `2026-11-28`: a campus day on its own.
    func day(_ day: CampusDay) -> String {
        language == .zhCN ? "\(day.month)月\(day.day)日" : day.description
    }

    /// `2026-11-28T07:42`, the value of a `datetime-local` field.
    func field(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return "\(c.year ?? 0)-\(Self.two(c.month ?? 0))-\(Self.two(c.day ?? 0))T\(Self.two(c.hour ?? 0)):\(Self.two(c.minute ?? 0))"
    }

    /// Reads a `datetime-local` value (`2026-11-28T07:42`) as a time in the school's time zone; nil when unreadable.
    func parseField(_ text: String?) -> Date? {
        guard let text, text.count >= 16 else { return nil }
        let parts = text.prefix(16).split(whereSeparator: { $0 == "-" || $0 == "T" || $0 == ":" }).compactMap { Int($0) }
        guard parts.count == 5 else { return nil }
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4])
        guard let date = calendar.date(from: components),
              calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date) == components else { return nil }
        return date
    }
}
