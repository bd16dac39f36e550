import CampusKit
import Foundation
import TestingCampaigns
import Testing

@Suite("PoolPlanner: suggested tubes that keep roommates together and never mix floors")
struct PoolPlannerTests {
    typealias E = Examinee

    static func roomKey(_ e: Examinee) -> String { "\(e.building ?? "")/\(e.floor.map(String.init) ?? "")/\(e.room ?? "")" }
    static func floorKey(_ e: Examinee) -> String { "\(e.building ?? "")/\(e.floor.map(String.init) ?? "")" }

    /// How a floor was pooled: rooms kept whole (first fit decreasing), or the floor cut in planning order into full tubes.
    enum FloorRule { case wholeRooms, cut }

    /// Every property of suggested tubes; returns the problems found and the rule each floor followed.
    static func poolProblems(_ students: [Examinee], poolSize: Int) -> (problems: [String], rules: [String: FloorRule]) {
        let pools = PoolPlanner.pools(students, poolSize: poolSize)
        let byNumber = Dictionary(uniqueKeysWithValues: students.map { ($0.studentNo, $0) })
        var problems: [String] = []
        let placed = pools.flatMap(\.students)
        if placed.count != students.count || Set(placed) != Set(byNumber.keys) { problems.append("not everyone exactly once") }
        for (i, pool) in pools.enumerated() {
            if pool.students.isEmpty || pool.students.count > poolSize { problems.append("pool \(i) holds \(pool.students.count)") }
            let members = pool.students.compactMap { byNumber[$0] }
            if members.contains(where: { $0.building != pool.building || $0.floor != pool.floor }) {
                problems.append("pool \(i) mixes floors or does not match its building/floor")
            }
            if Set(pool.rooms).count != pool.rooms.count || Set(pool.rooms) != Set(members.map { $0.room ?? "" }) {
                problems.append("pool \(i) rooms \(pool.rooms) do not match its students")
            }
        }
        var rules: [String: FloorRule] = [:]
        let ordered = students.sorted(by: Examinee.planningOrder)
        for floor in Set(students.map(floorKey)) {
            let floorStudents = ordered.filter { floorKey($0) == floor }.map(\.studentNo)
            let tubes = pools.enumerated().filter { _, pool in pool.students.first.flatMap { byNumber[$0] }.map(floorKey) == floor }
            // Never more tubes than the floor needs.
            let minimal = (floorStudents.count + poolSize - 1) / poolSize
            if tubes.count != minimal { problems.append("floor \(floor): \(tubes.count) tubes for \(floorStudents.count) students") }
            // Either rooms are whole (a room that fits is in one tube; a larger one fills ⌊size/poolSize⌋ tubes of its own)…
            var roomSizes: [String: Int] = [:]
            for n in floorStudents { roomSizes[roomKey(byNumber[n]!), default: 0] += 1 }
            var whole = true
            for (room, size) in roomSizes {
                let holding = tubes.filter { _, pool in pool.students.contains { byNumber[$0].map(roomKey) == room } }
                if size <= poolSize {
                    if holding.count != 1 { whole = false }
                    // A room that fits a tube is never split over more than two neighbouring tubes.
                    if holding.count > 2 || (holding.count == 2 && holding[1].offset != holding[0].offset + 1) {
                        problems.append("room \(room) of \(size) in tubes \(holding.map(\.offset))")
                    }
                } else {
                    let own = holding.filter { _, pool in pool.students.count == poolSize && pool.students.allSatisfy { byNumber[$0].map(roomKey) == room } }
                    if own.count != size / poolSize || holding.count > size / poolSize + 1 { whole = false }
                }
            }
            // …or the floor is cut in planning order into full tubes.
            let chunks = stride(from: 0, to: floorStudents.count, by: poolSize).map { Array(floorStudents[$0..<min($0 + poolSize, floorStudents.count)]) }
            let cut = tubes.map(\.element.students) == chunks
            if whole { rules[floor] = .wholeRooms } else if cut { rules[floor] = .cut } else { problems.append("floor \(floor): rooms split, but not a cut in order") }
        }
        return (problems, rules)
    }

    @Test("Seeded random rosters: no tube over the pool size, everyone once, no mixed floors, the fewest tubes, rooms whole or the floor cut in order",
          arguments: TestingTestData.seeds)
    func properties(seed: UInt64) {
        let roster = TestingTestData.roster(seed: seed, count: 350) + TestingTestData.dormitory(seed: seed)
        for poolSize in [1, 2, 3, 5, 7, 10, 20] {
            let problems = Self.poolProblems(roster, poolSize: poolSize).problems
            #expect(problems.isEmpty, "seed \(seed), pool size \(poolSize): \(problems.prefix(3))")
        }
    }

    @Test("The seeded rosters exercise both rules: floors pooled by whole rooms and floors cut in order")
    func bothRulesExercised() {
        var seen: [FloorRule: Int] = [:]
        for seed in TestingTestData.seeds {
            let roster = TestingTestData.roster(seed: seed, count: 350) + TestingTestData.dormitory(seed: seed)
            for rule in Self.poolProblems(roster, poolSize: 10).rules.values { seen[rule, default: 0] += 1 }
        }
        #expect(seen[.wholeRooms, default: 0] > 0)
        #expect(seen[.cut, default: 0] > 0)
    }

    /// `count` students in `room` on floor `floor` of B1.
    static func room(_ room: String, _ count: Int, floor: Int = 1, building: String? = "B1") -> [Examinee] {
        (0..<count).map { E(studentNo: "\(building ?? "-")-\(room)-\($0)", building: building, floor: floor, room: room) }
    }

    @Test("Rooms are packed first fit decreasing: a tube is filled to exactly the pool size when rooms add up to it")
    func firstFitDecreasing() {
        let students = Self.room("101", 4) + Self.room("102", 4) + Self.room("103", 4) + Self.room("104", 3) + Self.room("105", 2)
        let pools = PoolPlanner.pools(students.reversed(), poolSize: 10)
        // Decreasing: 101(4) 102(4) 103(4) 104(3) 105(2) → [101, 102] 8, 103 → new, 104 → with 103 (7), 105 → first tube (10).
        #expect(pools.map(\.rooms) == [["101", "102", "105"], ["103", "104"]])
        #expect(pools.map(\.students.count) == [10, 7])
        #expect(pools[0].students == (Self.room("101", 4) + Self.room("102", 4) + Self.room("105", 2)).map(\.studentNo))
        #expect(pools.allSatisfy { $0.building == "B1" && $0.floor == 1 })
    }

    @Test("When whole rooms would need an extra tube, the floor is cut in room order into full tubes")
    func cutWhenRoomsWaste() {
        // Five rooms of 4 in tubes of 10: whole rooms need 3 tubes (4+4, 4+4, 4), the floor only 2.
        let students = ["101", "102", "103", "104", "105"].flatMap { Self.room($0, 4) }
        let pools = PoolPlanner.pools(students.reversed(), poolSize: 10)
        #expect(pools.map(\.rooms) == [["101", "102", "103"], ["103", "104", "105"]])
        #expect(pools.map(\.students) == [Array(students.map(\.studentNo).prefix(10)), Array(students.map(\.studentNo).suffix(10))])
    }

    @Test("Whole rooms are kept when they need no extra tube, even if the tubes are not full")
    func wholeRoomsWhenFree() {
        // Rooms of 6, 5 and 4 in tubes of 8: 15 students need 2 tubes; whole rooms need 3 (6, 5, 4 — no two fit), so cut.
        let cut = PoolPlanner.pools(Self.room("101", 6) + Self.room("102", 5) + Self.room("103", 4), poolSize: 8)
        #expect(cut.map(\.rooms) == [["101", "102"], ["102", "103"]])
        // Rooms of 6, 2 and 4 in tubes of 8: whole rooms fit 2 tubes (6+2, 4), the least possible: kept whole.
        let whole = PoolPlanner.pools(Self.room("101", 6) + Self.room("102", 2) + Self.room("103", 4), poolSize: 8)
        #expect(whole.map(\.rooms) == [["101", "102"], ["103"]])
        #expect(whole.map(\.students.count) == [8, 4])
    }

    @Test("A room of exactly the pool size is a tube of its own")
    func roomOfPoolSize() {
        let pools = PoolPlanner.pools(Self.room("101", 6) + Self.room("102", 2), poolSize: 6)
        #expect(pools.map(\.rooms) == [["101"], ["102"]])
        #expect(pools.map(\.students.count) == [6, 2])
    }

    @Test("A room larger than the pool size fills whole tubes first; the rest shares a tube with other rooms")
    func largeRoom() {
        let students = Self.room("101", 23) + Self.room("102", 5)
        let pools = PoolPlanner.pools(students, poolSize: 10)
        #expect(pools.map(\.rooms) == [["101"], ["101"], ["102", "101"]])
        #expect(pools.map(\.students.count) == [10, 10, 8])
        #expect(pools[0].students == Array(Self.room("101", 23).map(\.studentNo).sorted().prefix(10)))
    }

    @Test("Tubes never mix floors or buildings, even when two half-empty tubes could be merged")
    func neverMixFloors() {
        let students = Self.room("101", 3, floor: 1) + Self.room("201", 3, floor: 2) + Self.room("101", 3, floor: 1, building: "B2")
        let pools = PoolPlanner.pools(students, poolSize: 10)
        #expect(pools.count == 3)
        #expect(pools.map { "\($0.building ?? "")/\($0.floor ?? 0)" } == ["B1/1", "B1/2", "B2/1"])
    }

    @Test("Pool size 1 gives one tube per student, in planning order")
    func singletons() {
        let roster = TestingTestData.roster(seed: 8, count: 60)
        let pools = PoolPlanner.pools(roster, poolSize: 1)
        #expect(pools.map(\.students) == roster.sorted(by: Examinee.planningOrder).map { [$0.studentNo] })
    }

    @Test("Students without a dormitory are pooled together among themselves")
    func noDormitory() {
        let students = (0..<7).map { E(studentNo: "N\($0)", building: nil, floor: nil, room: nil) } + Self.room("101", 2)
        let pools = PoolPlanner.pools(students, poolSize: 5)
        #expect(pools.map(\.students) == [["B1-101-0", "B1-101-1"], ["N0", "N1", "N2", "N3", "N4"], ["N5", "N6"]])
        #expect(pools[1].building == nil && pools[1].floor == nil)
    }

    @Test("The suggestion is deterministic: the same students in any order give the same tubes")
    func deterministic() {
        let roster = TestingTestData.roster(seed: 21, count: 250)
        let first = PoolPlanner.pools(roster, poolSize: 10)
        #expect(PoolPlanner.pools(roster.reversed(), poolSize: 10) == first)
        #expect(PoolPlanner.pools(roster.sorted { $0.studentNo > $1.studentNo }, poolSize: 10) == first)
        #expect(PoolPlanner.pools(roster, poolSize: 10) == first)
    }

    @Test("Nobody to pool gives no tubes")
    func empty() {
        #expect(PoolPlanner.pools([], poolSize: 10).isEmpty)
    }
}
