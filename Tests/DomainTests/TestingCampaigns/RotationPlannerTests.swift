import CampusKit
import Foundation
import TestingCampaigns
import Testing

@Suite("RotationPlanner: every student once, every building, floor and the school spread evenly over the days")
struct RotationPlannerTests {
    typealias E = Examinee

    /// Per-day counts of the students `split` put in each group (every day listed, zeros included).
    static func dayCounts(_ split: [[Examinee]], by key: (Examinee) -> String) -> [String: [Int]] {
        var counts: [String: [Int]] = [:]
        for (d, day) in split.enumerated() {
            for e in day { counts[key(e), default: Array(repeating: 0, count: split.count)][d] += 1 }
        }
        return counts
    }

    /// Checks every property of a split of `students` over `days`; returns a description of the first failure, or nil.
    static func violations(_ students: [Examinee], days: Int) -> [String] {
        let split = RotationPlanner.split(students, days: days)
        var problems: [String] = []
        if split.count != days { problems.append("\(split.count) days instead of \(days)") }
        let numbers = split.flatMap { $0.map(\.studentNo) }
        if numbers.count != students.count { problems.append("\(numbers.count) placements for \(students.count) students") }
        if Set(numbers) != Set(students.map(\.studentNo)) { problems.append("not the same students") }
        if Set(numbers).count != numbers.count { problems.append("a student placed twice") }
        // The student records are carried unchanged.
        let byNumber = Dictionary(uniqueKeysWithValues: students.map { ($0.studentNo, $0) })
        if split.joined().contains(where: { byNumber[$0.studentNo] != $0 }) { problems.append("a record changed") }

        let groupings: [(String, (Examinee) -> String)] = [
            ("school", { _ in "school" }),
            ("building", { $0.building ?? "<none>" }),
            ("floor", { "\($0.building ?? "<none>")/\($0.floor.map(String.init) ?? "-")" }),
        ]
        for (name, key) in groupings {
            for (group, counts) in dayCounts(split, by: key) where counts.max()! - counts.min()! > 1 {
                problems.append("\(name) \(group): \(counts)")
            }
        }
        return problems
    }

    @Test("Seeded random rosters over 1…14 days: each student exactly once; per building, per floor and school-wide the day counts differ by at most 1",
          arguments: TestingTestData.seeds)
    func properties(seed: UInt64) {
        for count in [0, 1, 13, 97, 400] {
            let roster = TestingTestData.roster(seed: seed &+ UInt64(count), count: count)
            for days in 1...14 {
                let problems = Self.violations(roster, days: days)
                #expect(problems.isEmpty, "seed \(seed), \(count) students, \(days) days: \(problems.prefix(3))")
            }
        }
        let dormitory = TestingTestData.dormitory(seed: seed)
        for days in 1...14 {
            let problems = Self.violations(dormitory, days: days)
            #expect(problems.isEmpty, "seed \(seed), dormitory of \(dormitory.count), \(days) days: \(problems.prefix(3))")
        }
    }

    @Test("The seeded rosters are what the property test needs: several buildings and floors, students without a dormitory")
    func rostersAreVaried() {
        let roster = TestingTestData.roster(seed: 2026, count: 400)
        #expect(Set(roster.compactMap(\.building)).count >= 2)
        #expect(Set(roster.map { "\($0.building ?? "")/\($0.floor.map(String.init) ?? "-")" }).count >= 10)
        #expect(roster.contains { $0.building == nil })
        #expect(roster.contains { $0.building != nil && $0.floor == nil })
        #expect(roster.map(\.studentNo) != roster.sorted(by: Examinee.planningOrder).map(\.studentNo))
    }

    @Test("Many floors smaller than the number of days: each floor at most once a day, and the school still even")
    func floorsSmallerThanDays() {
        // 10 floors of 3 students over 7 days: restarting each floor at day 1 would put 10 students on days 1–3 and none on 4–7.
        let students = (1...10).flatMap { (level: Int) in (1...3).map { (n: Int) in E(studentNo: "S\(level)-\(n)", building: "B1", floor: level, room: "\(level)01") } }
        let split = RotationPlanner.split(students.reversed(), days: 7)
        #expect(split.count == 7)
        #expect((split.map(\.count).max() ?? 0) - (split.map(\.count).min() ?? 0) <= 1)
        #expect(split.map(\.count).reduce(0, +) == 30)
        for day in split {
            let floors = day.compactMap(\.floor)
            #expect(Set(floors).count == floors.count)
        }
        #expect(Self.violations(students, days: 7).isEmpty)
    }

    @Test("More days than students: each student on a day of their own, the remaining days empty")
    func moreDaysThanStudents() {
        let students = [E(studentNo: "S2", building: "B1", floor: 1, room: "101"), E(studentNo: "S1", building: "B1", floor: 1, room: "101"),
                        E(studentNo: "S3", building: nil, floor: nil, room: nil)]
        let split = RotationPlanner.split(students, days: 5)
        #expect(split.map { $0.map(\.studentNo) } == [["S1"], ["S2"], ["S3"], [], []])
    }

    @Test("Students are dealt in planning order (building, floor, room, number; no dormitory last), one day after another")
    func dealtInPlanningOrder() {
        let students = [
            E(studentNo: "S9", building: nil, floor: nil, room: nil),
            E(studentNo: "S5", building: "B2", floor: 1, room: "101"),
            E(studentNo: "S4", building: "B1", floor: 2, room: "201"),
            E(studentNo: "S3", building: "B1", floor: 1, room: "102"),
            E(studentNo: "S2", building: "B1", floor: 1, room: "101"),
            E(studentNo: "S1", building: "B1", floor: 1, room: "101"),
            E(studentNo: "S0", building: nil, floor: nil, room: nil),
        ]
        let split = RotationPlanner.split(students, days: 3)
        // Order: S1 S2 S3 (B1/1), S4 (B1/2), S5 (B2/1), S0 S9 (no dormitory).
        #expect(split.map { $0.map(\.studentNo) } == [["S1", "S4", "S9"], ["S2", "S5"], ["S3", "S0"]])
    }

    @Test("One day takes everyone, in planning order")
    func oneDay() {
        let roster = TestingTestData.roster(seed: 5, count: 50)
        let split = RotationPlanner.split(roster, days: 1)
        #expect(split.count == 1)
        #expect(split[0] == roster.sorted(by: Examinee.planningOrder))
    }

    @Test("The split does not depend on the order students arrive in")
    func orderIndependent() {
        let roster = TestingTestData.roster(seed: 11, count: 120)
        let shuffled = TestingTestData.roster(seed: 11, count: 120).reversed()
        #expect(RotationPlanner.split(roster, days: 5) == RotationPlanner.split(Array(shuffled), days: 5))
    }

    @Test("Students without a building or floor are placed too, and spread evenly among themselves")
    func noDormitory() {
        let students = (0..<11).map { E(studentNo: "N\($0)", building: nil, floor: nil, room: nil) }
            + (0..<4).map { E(studentNo: "F\($0)", building: "B1", floor: nil, room: nil) }
        let split = RotationPlanner.split(students, days: 4)
        #expect(Set(split.flatMap { $0.map(\.studentNo) }) == Set(students.map(\.studentNo)))
        #expect(split.map { $0.filter { $0.building == nil }.count }.sorted() == [2, 3, 3, 3])
        #expect(split.map { $0.filter { $0.building == "B1" }.count } == [1, 1, 1, 1])
    }
}
