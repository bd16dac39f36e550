import CampusKit
import CheckIns
import Testing

@Suite("Completeness: totals, percentages and missing counts")
struct CompletenessTests {
    typealias Group = Completeness.Group

    static func group(_ key: String, expected: Int, reported: Int, abnormal: Int = 0, late: Int = 0) -> Group {
        Group(key: key, expected: expected, reported: reported, abnormal: abnormal, late: late)
    }

    @Test("Totals add up every group")
    func totals() throws {
        let day = try #require(CampusDay("2026-03-02"))
        let c = Completeness(day: day, level: .building, groups: [
            Self.group("1号楼", expected: 10, reported: 7, abnormal: 2, late: 1),
            Self.group("6号楼", expected: 5, reported: 5, abnormal: 1, late: 3),
            Self.group("", expected: 2, reported: 0),
        ])
        #expect(c.expected == 17)
        #expect(c.reported == 12)
        #expect(c.abnormal == 3)
        #expect(c.late == 4)
        #expect(c.missing == 5)
        #expect(c.level == .building)
        #expect(c.day == day)
    }

    @Test("No groups make zero everywhere")
    func empty() throws {
        let c = Completeness(day: try #require(CampusDay("2026-03-02")), level: .campus, groups: [])
        #expect([c.expected, c.reported, c.abnormal, c.late, c.missing] == [0, 0, 0, 0, 0])
    }

    @Test("Missing is expected minus reported and never negative, also in the total")
    func missingNeverNegative() throws {
        #expect(Self.group("a", expected: 3, reported: 1).missing == 2)
        #expect(Self.group("a", expected: 3, reported: 3).missing == 0)
        #expect(Self.group("a", expected: 1, reported: 2).missing == 0)
        let c = Completeness(day: try #require(CampusDay("2026-03-02")), level: .room, groups: [
            Self.group("a", expected: 3, reported: 1),
            Self.group("b", expected: 1, reported: 2),
        ])
        // Each group's surplus does not hide another group's gap.
        #expect(c.missing == 2)
    }

    @Test("The percentage rounds down, so 99.9 % never shows as 100 %")
    func percentRoundsDown() {
        #expect(Self.group("a", expected: 3, reported: 2).percent == 66)
        #expect(Self.group("a", expected: 1000, reported: 999).percent == 99)
        #expect(Self.group("a", expected: 200, reported: 199).percent == 99)
        #expect(Self.group("a", expected: 3, reported: 1).percent == 33)
        #expect(Self.group("a", expected: 8, reported: 7).percent == 87)
        #expect(Self.group("a", expected: 5, reported: 0).percent == 0)
        #expect(Self.group("a", expected: 5, reported: 5).percent == 100)
    }

    @Test("A unit nobody is expected in counts as complete")
    func percentOfNothing() {
        #expect(Self.group("a", expected: 0, reported: 0).percent == 100)
    }
}
