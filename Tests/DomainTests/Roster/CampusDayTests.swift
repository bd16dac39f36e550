import Foundation
import Testing
import CampusKit

@Suite("CampusDay: a calendar date in the school's time zone")
struct CampusDayTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static let utc = TimeZone(identifier: "UTC")!

    /// The instant `text` (RFC 3339 with offset) names.
    static func instant(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text))
    }

    @Test("A valid date is read into year, month and day, and printed back the same", arguments: [
        "2026-03-01", "2026-12-31", "2024-02-29", "2000-02-29", "2026-01-09",
    ])
    func validDate(text: String) throws {
        let day = try #require(CampusDay(text))
        let parts = text.split(separator: "-").map { Int($0)! }
        #expect([day.year, day.month, day.day] == parts)
        #expect(day.description == text)
    }

    @Test("An impossible date is rejected", arguments: [
        "2026-02-30", "2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32",
    ])
    func impossibleDate(text: String) {
        #expect(CampusDay(text) == nil)
    }

    @Test("Text that is not YYYY-MM-DD is rejected", arguments: [
        "", "2026-3-01", "2026-03-1", "26-03-01", "2026/03/01", "2026-03-01T00:00:00Z", "2026-03", "2026-03-01-",
        "20260301", "２０２６-03-01", "2026-ab-01", " 2026-03-01",
    ])
    func notADate(text: String) {
        #expect(CampusDay(text) == nil)
    }

    @Test("A sign inside a part of the date is rejected", arguments: ["2026-+1-05", "2026-03-+5", "+026-03-05"])
    func signInsideDate(text: String) {
        #expect(CampusDay(text) == nil)
    }

    @Test("A year below 1000 is printed with four digits, so the text reads back as the same day")
    func smallYearRoundTrips() throws {
        let day = try #require(CampusDay("0999-05-06"))
        #expect(day.description == "0999-05-06")
        #expect(CampusDay(day.description) == day)
    }

    @Test("Days are ordered by year, then month, then day")
    func ordering() throws {
        let texts = ["2026-03-01", "2025-12-31", "2026-02-28", "2026-01-31", "2026-03-10", "2026-03-02"]
        let days = try texts.map { try #require(CampusDay($0)) }
        #expect(days.sorted().map(\.description)
            == ["2025-12-31", "2026-01-31", "2026-02-28", "2026-03-01", "2026-03-02", "2026-03-10"])
        let (a, b) = (try #require(CampusDay("2026-03-01")), try #require(CampusDay("2026-03-01")))
        #expect(a == b && !(a < b) && !(b < a))
    }

    @Test("Just after midnight in Shanghai it is already the next day there but still the previous day in UTC")
    func afterMidnightInShanghai() throws {
        let instant = try Self.instant("2026-03-01T16:30:00Z")  // 2026-03-02 00:30 in Shanghai
        #expect(CampusDay(instant, in: Self.shanghai).description == "2026-03-02")
        #expect(CampusDay(instant, in: Self.utc).description == "2026-03-01")
    }

    @Test("One second before midnight in Shanghai both time zones agree on the day")
    func beforeMidnightInShanghai() throws {
        let instant = try Self.instant("2026-03-01T15:59:59Z")  // 2026-03-01 23:59:59 in Shanghai
        #expect(CampusDay(instant, in: Self.shanghai).description == "2026-03-01")
        #expect(CampusDay(instant, in: Self.utc).description == "2026-03-01")
    }

    @Test("The day of an instant crosses month and year ends in the time zone asked for")
    func yearEnd() throws {
        let instant = try Self.instant("2025-12-31T20:00:00+00:00")
        #expect(CampusDay(instant, in: Self.shanghai) == CampusDay("2026-01-01"))
        #expect(CampusDay(instant, in: Self.utc) == CampusDay("2025-12-31"))
    }

    @Test("A day encodes to and decodes from its YYYY-MM-DD text")
    func codable() throws {
        let day = try #require(CampusDay("2026-03-05"))
        let data = try JSONEncoder().encode([day])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-03-05"]"#)
        #expect(try JSONDecoder().decode([CampusDay].self, from: data) == [day])
    }

    @Test("Decoding an impossible date fails")
    func decodingImpossibleDateFails() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CampusDay].self, from: Data(#"["2026-02-30"]"#.utf8))
        }
    }
}
