import CampusKit
import Foundation
import Roster
import ShouhuFakes
import ShouhuTestSupport
import Storage
import Testing

private typealias F = CheckInStoreFixtures

/// The promises of `RosterStore` the roster, check-in, case and gate services rely on: scoping in the query, lists
/// ordered and paged by student number, nil for what is unknown or out of scope.
@Suite("RosterStore contract: SQL stores and the in-memory fake keep the same promises")
struct RosterStoreContractTests {
    static func withRoster(_ subject: ContractSubject, _ body: (any RosterStore) async throws -> Void) async throws {
        switch subject {
        case .memory: try await body(MemoryRosterStore(F.students, staff: F.staff))
        case .sql(let engine): try await F.withDatabase(engine) { db in try await body(SQLRosterStore(database: db, clock: FixedClock(F.at(7)))) }
        }
    }

    static let class2101 = Scope(units: [UnitKey(.class, "信息2101")])

    /// Every page of a list, following `next` (at most 20 pages).
    static func all(_ roster: any RosterStore, _ filter: StudentFilter = StudentFilter(), scope: Scope, limit: Int) async throws -> [[String]] {
        var pages: [[String]] = []
        var after: String?
        repeat {
            let page = try await roster.students(school: F.school, filter: filter, scope: scope, page: PageRequest(limit: limit, after: after))
            pages.append(page.items.map(\.studentNo))
            after = page.next
        } while after != nil && pages.count < 20
        return pages
    }

    @Test("students: within the scope only, by student number, paged by next to the end without repeats; no scope sees nobody",
          arguments: ContractSubject.all)
    func listsScopedAndPaged(subject: ContractSubject) async throws {
        try await Self.withRoster(subject) { roster throws in
            #expect(try await Self.all(roster, scope: Self.class2101, limit: 2) == [[F.no(1), F.no(2)], [F.no(3), F.no(8)]])
            #expect(try await Self.all(roster, scope: .school, limit: 3).flatMap { $0 } == (1...8).map(F.no))
            #expect(try await Self.all(roster, scope: Scope(students: [F.no(5)]).union(Scope(units: [.room(building: "1号楼", room: "101")])), limit: 10)
                    == [[F.no(1), F.no(2), F.no(5)]])
            #expect(try await Self.all(roster, scope: .nothing, limit: 10) == [[]])
        }
    }

    @Test("students: filters by building, floor key, room key, college, class, status and name or number prefix", arguments: ContractSubject.all)
    func filters(subject: ContractSubject) async throws {
        try await Self.withRoster(subject) { roster throws in
            func list(_ filter: StudentFilter) async throws -> [String] { try await Self.all(roster, filter, scope: .school, limit: 100).flatMap { $0 } }
            #expect(try await list(StudentFilter(building: "6号楼")) == [F.no(5), F.no(6)])
            #expect(try await list(StudentFilter(floor: "1号楼/2")) == [F.no(3), F.no(4)])
            #expect(try await list(StudentFilter(room: "1号楼/101")) == [F.no(1), F.no(2)])
            #expect(try await list(StudentFilter(college: F.mech, status: .active)) == [F.no(5), F.no(7)])
            #expect(try await list(StudentFilter(className: "信息2102")) == [F.no(4)])
            #expect(try await list(StudentFilter(query: "戊")) == [F.no(5)])
            #expect(try await list(StudentFilter(query: "20210000")).count == 8)
            #expect(try await list(StudentFilter(query: "2022")).isEmpty)
        }
    }

    @Test("student: found within the scope, nil outside it or when unknown; numbers: those that exist, any status, by number",
          arguments: ContractSubject.all)
    func lookups(subject: ContractSubject) async throws {
        try await Self.withRoster(subject) { roster throws in
            #expect(try await roster.student(school: F.school, number: F.no(1), scope: Self.class2101)?.name == "甲")
            #expect(try await roster.student(school: F.school, number: F.no(5), scope: Self.class2101) == nil)
            #expect(try await roster.student(school: F.school, number: "2099999999", scope: .school) == nil)
            #expect(try await roster.student(school: F.school, number: F.no(6), scope: .school)?.status == .suspended)
            let found = try await roster.students(school: F.school, numbers: [F.no(6), F.no(1), "2099999999", F.no(1)])
            #expect(found.map(\.studentNo) == [F.no(1), F.no(6)])
        }
    }

    @Test("gridCounts: one count a room within the scope, active ones apart", arguments: ContractSubject.all)
    func gridCounts(subject: ContractSubject) async throws {
        try await Self.withRoster(subject) { roster throws in
            let counts = try await roster.gridCounts(school: F.school, scope: Scope(units: [UnitKey(.building, "6号楼")]))
            #expect(Set(counts.map { "\($0.campus ?? "-")|\($0.building ?? "-")|\($0.floor ?? 0)|\($0.room ?? "-")|\($0.students)|\($0.active)" })
                    == ["北校区|6号楼|3|301|1|1", "北校区|6号楼|3|302|1|0"])
            let school = try await roster.gridCounts(school: F.school, scope: .school)
            #expect(school.reduce(0) { $0 + $1.students } == 8 && school.reduce(0) { $0 + $1.active } == 6)
            #expect(try await roster.gridCounts(school: F.school, scope: .nothing).isEmpty)
        }
    }

    @Test("staff by number, one staff member or nil, active grid leaders by number", arguments: ContractSubject.all)
    func staffAndLeaders(subject: ContractSubject) async throws {
        try await Self.withRoster(subject) { roster throws in
            #expect(try await roster.staff(school: F.school).map(\.staffNo) == F.staff.map(\.staffNo).sorted())
            #expect(try await roster.staffMember(school: F.school, number: "B006")?.scope == ["6号楼"])
            #expect(try await roster.staffMember(school: F.school, number: "X999") == nil)
            #expect(try await roster.gridLeaders(school: F.school).map(\.studentNo) == [F.no(2), F.no(3)])
        }
    }

    @Test("classNames: the distinct classes of the students within the scope, whatever their status; none for no scope",
          arguments: ContractSubject.all)
    func classNames(subject: ContractSubject) async throws {
        try await Self.withRoster(subject) { roster throws in
            #expect(try await roster.classNames(school: F.school, scope: .school).sorted() == ["信息2101", "信息2102", "机电2101", "机电2102"])
            #expect(try await roster.classNames(school: F.school, scope: Scope(units: [UnitKey(.college, F.mech)])).sorted() == ["机电2101", "机电2102"])
            #expect(try await roster.classNames(school: F.school, scope: Self.class2101) == ["信息2101"])
            #expect(try await roster.classNames(school: F.school, scope: .nothing).isEmpty)
        }
    }

    // Imports run on the SQL stores only: MemoryRosterStore throws NotImplementedByFake for them.
    @Test("importStudents (SQL only): a dry run and a plan that throws write nothing; a real run creates and updates",
          arguments: TestEngine.available)
    func imports(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { db in
            try await Migrator(database: db).migrate()
            let roster = SQLRosterStore(database: db, clock: FixedClock(F.at(7)))
            try await roster.ensureSchool(F.school, name: "测试学院", timeZone: "Asia/Shanghai")
            let dry = try await roster.importStudents(school: F.school, dryRun: true, plan: RosterFixtures.plan(RosterFixtures.students))
            #expect(dry.created == 6)
            #expect(try await roster.students(school: F.school, filter: StudentFilter(), scope: .school, page: PageRequest()).items.isEmpty)
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                _ = try await roster.importStudents(school: F.school, dryRun: false) { _ in throw Refused() }
            }
            #expect(try await roster.importStudents(school: F.school, dryRun: false, plan: RosterFixtures.plan(RosterFixtures.students)).created == 6)
            var moved = RosterFixtures.students
            moved[0].room = "102"
            let again = try await roster.importStudents(school: F.school, dryRun: false, plan: RosterFixtures.plan(moved))
            #expect(again.created == 0 && again.updated == 1 && again.unchanged == 5)
            #expect(try await roster.student(school: F.school, number: moved[0].studentNo, scope: .school)?.room == "102")
        }
    }
}
