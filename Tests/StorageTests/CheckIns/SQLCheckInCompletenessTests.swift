import CampusKit
import CheckIns
import Foundation
import Roster
import ShouhuTestSupport
import Storage
import Testing

@Suite("Check-in store: completeness at every level and the missing list")
struct SQLCheckInCompletenessTests {
    typealias F = CheckInStoreFixtures
    typealias Group = Completeness.Group

    /// On `F.day`: 001 on time, 002 abnormal and late, 004 on time, 005 abnormal on time, 006 (suspended) on time;
    /// 003 only the day before; 007 and 008 (off campus) not at all.
    static func withDay(_ engine: TestEngine, _ body: (SQLCheckInStore) async throws -> Void) async throws {
        try await F.withDatabase(engine) { database in
            let store = SQLCheckInStore(database: database)
            try await F.record(store, F.checkIn(F.no(1), at: F.at(8)))
            try await F.record(store, F.checkIn(F.no(2), at: F.at(10, 30), answers: F.fever))
            try await F.record(store, F.checkIn(F.no(3), at: F.at(8, on: F.previousDay)))
            try await F.record(store, F.checkIn(F.no(4), at: F.at(9)))
            try await F.record(store, F.checkIn(F.no(5), at: F.at(6, 30), answers: Answers(temperature: 36.5, healthCode: .red)))
            try await F.record(store, F.checkIn(F.no(6), at: F.at(8)))
            try await body(store)
        }
    }

    static func g(_ key: String, _ expected: Int, _ reported: Int, _ abnormal: Int, _ late: Int) -> Group {
        Group(key: key, expected: expected, reported: reported, abnormal: abnormal, late: late)
    }

    /// The groups by key; fails on a key that occurs twice.
    static func byKey(_ groups: [Group]) -> [String: Group] {
        var result: [String: Group] = [:]
        for group in groups {
            if result[group.key] != nil { Issue.record("key \(group.key) occurs twice") }
            result[group.key] = group
        }
        return result
    }

    static func expectedGroups(_ level: UnitKey.Level) -> [Group] {
        switch level {
        case .campus: [g("南校区", 4, 3, 1, 1), g("北校区", 2, 1, 1, 0)]
        case .building: [g("1号楼", 4, 3, 1, 1), g("6号楼", 1, 1, 1, 0), g("", 1, 0, 0, 0)]
        case .floor: [g("1号楼/1", 2, 2, 1, 1), g("1号楼/2", 2, 1, 0, 0), g("6号楼/3", 1, 1, 1, 0), g("", 1, 0, 0, 0)]
        case .room: [g("1号楼/101", 2, 2, 1, 1), g("1号楼/201", 1, 0, 0, 0), g("1号楼/202", 1, 1, 0, 0), g("6号楼/301", 1, 1, 1, 0),
                     g("", 1, 0, 0, 0)]
        case .college: [g(F.info, 4, 3, 1, 1), g(F.mech, 2, 1, 1, 0)]
        case .class: [g("信息2101", 3, 2, 1, 1), g("信息2102", 1, 1, 0, 0), g("机电2101", 2, 1, 1, 0)]
        }
    }

    @Test("Completeness groups active students at every level with the contract's keys, counting the day's check-ins only",
          arguments: TestEngine.available)
    func everyLevel(engine: TestEngine) async throws {
        try await Self.withDay(engine) { store in
            for level in UnitKey.Level.allCases {
                let groups = try await store.completeness(school: F.school, day: F.day, level: level, scope: .school)
                #expect(Self.byKey(groups) == Self.byKey(Self.expectedGroups(level)), "\(level)")
                let c = Completeness(day: F.day, level: level, groups: groups)
                // Six active students (not the suspended 006 nor the off-campus 008), four reported.
                let figures = [c.expected, c.reported, c.abnormal, c.late, c.missing]
                #expect(figures == [6, 4, 2, 1, 2], "\(level)")
            }
        }
    }

    @Test("Only active students are expected: a suspended student's check-in is not counted, an off-campus student is not missing",
          arguments: TestEngine.available)
    func onlyActiveExpected(engine: TestEngine) async throws {
        try await Self.withDay(engine) { store in
            let mech = try await store.completeness(school: F.school, day: F.day, level: .class, scope: Scope(units: [UnitKey(.college, F.mech)]))
            #expect(Self.byKey(mech) == Self.byKey([Self.g("机电2101", 2, 1, 1, 0)]))
            let room = try await store.completeness(school: F.school, day: F.day, level: .room,
                                                    scope: Scope(units: [.room(building: "1号楼", room: "102"), .room(building: "6号楼", room: "302")]))
            #expect(room.isEmpty)
        }
    }

    @Test("The scope limits the groups and their counts", arguments: TestEngine.available)
    func scopeLimits(engine: TestEngine) async throws {
        try await Self.withDay(engine) { store in
            let building = try await store.completeness(school: F.school, day: F.day, level: .room, scope: Scope(units: [UnitKey(.building, "1号楼")]))
            #expect(Self.byKey(building) == Self.byKey([Self.g("1号楼/101", 2, 2, 1, 1), Self.g("1号楼/201", 1, 0, 0, 0), Self.g("1号楼/202", 1, 1, 0, 0)]))
            let mixed = try await store.completeness(school: F.school, day: F.day, level: .college,
                                                     scope: Scope(units: [UnitKey(.class, "信息2102")], students: [F.no(5)]))
            #expect(Self.byKey(mixed) == Self.byKey([Self.g(F.info, 1, 1, 0, 0), Self.g(F.mech, 1, 1, 1, 0)]))
            let floor = try await store.completeness(school: F.school, day: F.day, level: .campus, scope: Scope(units: [.floor(building: "1号楼", floor: 2)]))
            #expect(floor == [Self.g("南校区", 2, 1, 0, 0)])
            let nothing = try await store.completeness(school: F.school, day: F.day, level: .campus, scope: .nothing)
            #expect(nothing.isEmpty)
        }
    }

    @Test("Another day has the same students expected and its own reports", arguments: TestEngine.available)
    func otherDays(engine: TestEngine) async throws {
        try await Self.withDay(engine) { store in
            let next = try await store.completeness(school: F.school, day: F.nextDay, level: .campus, scope: .school)
            #expect(Self.byKey(next) == Self.byKey([Self.g("南校区", 4, 0, 0, 0), Self.g("北校区", 2, 0, 0, 0)]))
            let previous = try await store.completeness(school: F.school, day: F.previousDay, level: .room, scope: .school)
            #expect(Self.byKey(previous)["1号楼/201"] == Self.g("1号楼/201", 1, 1, 0, 0))
            #expect(Completeness(day: F.previousDay, level: .room, groups: previous).reported == 1)
        }
    }

    @Test("Missing lists active students within scope without a check-in on the day, with their grid place", arguments: TestEngine.available)
    func missing(engine: TestEngine) async throws {
        try await Self.withDay(engine) { store in
            let page = try await store.missing(school: F.school, day: F.day, filter: StudentFilter(), scope: .school, page: PageRequest())
            #expect(page.items == [
                MissingStudent(studentNo: F.no(3), name: "丙", className: "信息2101", building: "1号楼", floor: 2, room: "201", gridRole: "floor_leader", counsellor: "T001"),
                MissingStudent(studentNo: F.no(7), name: "庚", className: "机电2101", building: nil, floor: nil, room: nil, gridRole: nil, counsellor: "T002"),
            ])
            #expect(page.next == nil)
            let scoped = try await store.missing(school: F.school, day: F.day, filter: StudentFilter(),
                                                 scope: Scope(units: [UnitKey(.building, "6号楼")]), page: PageRequest())
            #expect(scoped.items.isEmpty)
        }
    }

    @Test("Missing honours the building, floor, room, college and class filters", arguments: TestEngine.available)
    func missingFilters(engine: TestEngine) async throws {
        try await Self.withDay(engine) { store in
            func expect(_ filter: StudentFilter, day: CampusDay = F.day, _ expected: [String],
                        sourceLocation: SourceLocation = #_sourceLocation) async throws {
                let page = try await store.missing(school: F.school, day: day, filter: filter, scope: .school, page: PageRequest())
                let numbers = page.items.map(\.studentNo)
                #expect(numbers == expected, sourceLocation: sourceLocation)
            }
            try await expect(StudentFilter(building: "1号楼"), [F.no(3)])
            try await expect(StudentFilter(building: "6号楼"), [])
            try await expect(StudentFilter(floor: "1号楼/2"), [F.no(3)])
            try await expect(StudentFilter(floor: "1号楼/1"), [])
            try await expect(StudentFilter(room: "1号楼/201"), [F.no(3)])
            try await expect(StudentFilter(room: "1号楼/202"), [])
            try await expect(StudentFilter(college: F.mech), [F.no(7)])
            try await expect(StudentFilter(className: "信息2101"), [F.no(3)])
            try await expect(StudentFilter(floor: "1号楼"), [])
            try await expect(StudentFilter(room: "101"), [])
            try await expect(StudentFilter(floor: "1号楼/1"), day: F.nextDay, [F.no(1), F.no(2)])
            try await expect(StudentFilter(room: "1号楼/101"), day: F.nextDay, [F.no(1), F.no(2)])
        }
    }

    @Test("Missing pages by student number without gaps or repeats", arguments: TestEngine.available)
    func missingPaging(engine: TestEngine) async throws {
        try await Self.withDay(engine) { store in
            var pages: [[String]] = []
            var cursor: String?
            repeat {
                let page = try await store.missing(school: F.school, day: F.nextDay, filter: StudentFilter(), scope: .school,
                                                   page: PageRequest(limit: 2, after: cursor))
                pages.append(page.items.map(\.studentNo))
                cursor = page.next
            } while cursor != nil && pages.count < 10
            #expect(pages == [[F.no(1), F.no(2)], [F.no(3), F.no(4)], [F.no(5), F.no(7)]])
            let rest = try await store.missing(school: F.school, day: F.nextDay, filter: StudentFilter(), scope: .school,
                                               page: PageRequest(limit: 10, after: F.no(4)))
            #expect(rest.items.map(\.studentNo) == [F.no(5), F.no(7)])
            #expect(rest.next == nil)
        }
    }

    @Test("Submissions within scope and days are listed oldest first with whether each counts", arguments: TestEngine.available)
    func submissions(engine: TestEngine) async throws {
        try await Self.withDay(engine) { store in
            try await F.record(store, F.checkIn(F.no(1), at: F.at(11)))
            let all = try await store.submissions(school: F.school, from: F.previousDay, to: F.day, scope: Scope(units: [UnitKey(.building, "1号楼")]))
            #expect(all.map(\.studentNo) == [F.no(3), F.no(1), F.no(4), F.no(2), F.no(1)])
            #expect(all.map(\.counted) == [true, false, true, true, true])
            let today = try await store.submissions(school: F.school, from: F.day, to: F.day, scope: Scope(students: [F.no(3)]))
            #expect(today.isEmpty)
        }
    }
}
