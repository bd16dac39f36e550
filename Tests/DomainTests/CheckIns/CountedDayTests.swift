import CampusKit
import CheckIns
import Foundation
import Testing

@Suite("The check-in that counts for a day: the latest, and on time once it was")
struct CountedDayTests {
    static let tz = TimeZone(identifier: "Asia/Shanghai")!
    static let day = CampusDay("2026-11-20")!

    static func checkIn(_ id: String, _ student: String = "S1", minute: Int, late: Bool, temperature: Double = 36.5, day: CampusDay = day) -> CheckIn {
        CheckIn(id: id, studentNo: student, day: day, submittedAt: day.instant(minutes: minute, in: tz),
                answers: Answers(temperature: temperature), late: late, submittedBy: student, channel: .page, client: ClientInfo())
    }

    @Test("A later submission replaces the counted one; the day stays on time when the first was on time")
    func laterCounts() {
        let early = Self.checkIn("a", minute: 7 * 60, late: false)
        let later = Self.checkIn("b", minute: 11 * 60, late: true, temperature: 38.2)
        let merged = CountedDay(early).merging(later)
        #expect(merged.checkIn.id == "b")
        #expect(merged.checkIn.abnormal)
        #expect(merged.late == false)
    }

    @Test("An earlier submission arriving late does not replace the counted one, but does make the day on time")
    func earlierArrivingLate() {
        let counted = CountedDay(Self.checkIn("b", minute: 11 * 60, late: true))
        let merged = counted.merging(Self.checkIn("a", minute: 7 * 60, late: false))
        #expect(merged.checkIn.id == "b")
        #expect(merged.late == false)
        #expect(CountedDay(Self.checkIn("c", minute: 12 * 60, late: true)).merging(Self.checkIn("d", minute: 13 * 60, late: true)).late)
    }

    @Test("At the same instant the newcomer counts")
    func tie() {
        #expect(CountedDay(Self.checkIn("a", minute: 480, late: false)).merging(Self.checkIn("b", minute: 480, late: false)).checkIn.id == "b")
    }

    @Test("days(of:) keeps one per student and day, in any arrival order, ordered by check-in id")
    func days() {
        let other = CampusDay("2026-11-21")!
        let all = [Self.checkIn("3", minute: 600, late: true), Self.checkIn("1", minute: 420, late: false),
                   Self.checkIn("2", "S2", minute: 500, late: false), Self.checkIn("4", minute: 400, late: false, day: other)]
        let days = CountedDay.days(of: all)
        #expect(days.map(\.checkIn.id) == ["2", "3", "4"])
        #expect(days.map(\.late) == [false, false, false])
        #expect(CountedDay.days(of: all.reversed()) == days)
    }
}
