import CampusKit
import Foundation
import Roster
import ShouhuTestSupport
import Storage
import Testing

@Suite("Roster store")
struct SQLRosterStoreTests {
    static func withStore(_ engine: TestEngine, _ body: (SQLRosterStore) async throws -> Void) async throws {
        try await TestDatabase.with(engine) { database in
            try await Migrator(database: database).migrate()
            let store = SQLRosterStore(database: database, clock: FixedClock(Date(timeIntervalSince1970: 1_790_000_000)))
            try await store.ensureSchool(.main, name: "测试学院", timeZone: "Asia/Shanghai")
            try await body(store)
        }
    }

    static func numbers(_ page: Page<Student>) -> [String] { page.items.map(\.studentNo) }

    @Test("An import stores every student with the grid units they imply, and a second import of the same rows changes nothing", arguments: TestEngine.available)
    func importThenReimport(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            let first = try await store.importStudents(school: .main, dryRun: false, plan: RosterFixtures.plan(RosterFixtures.students))
            #expect(first == ImportCounts(created: 6, updated: 0, unchanged: 0))
            let again = try await store.importStudents(school: .main, dryRun: false, plan: RosterFixtures.plan(RosterFixtures.students))
            #expect(again == ImportCounts(created: 0, updated: 0, unchanged: 6))
            let stored = try await store.student(school: .main, number: "2021000005", scope: .school)
            #expect(stored == RosterFixtures.students[4])
            let grid = GridTree(counts: try await store.gridCounts(school: .main, scope: .school))
            #expect(grid.students == 6)
            #expect(grid.active == 5)
            #expect(grid.campuses.map(\.name) == ["北校区", "南校区"])
        }
    }

    @Test("A scope whose only units cannot be read admits no student (the filter fails closed)", arguments: TestEngine.available)
    func unreadableScopeAdmitsNobody(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            _ = try await store.importStudents(school: .main, dryRun: false, plan: RosterFixtures.plan(RosterFixtures.students))
            let unreadable = Scope(units: [UnitKey(.floor, "no-building"), UnitKey(.room, "no-slash")])
            let page = try await store.students(school: .main, filter: StudentFilter(), scope: unreadable, page: PageRequest())
            #expect(page.items.isEmpty)
            #expect(try await store.student(school: .main, number: "2021000001", scope: unreadable) == nil)
            let counts = try await store.gridCounts(school: .main, scope: unreadable)
            #expect(GridTree(counts: counts).students == 0)
        }
    }

    @Test("A dry run reports what would change and writes nothing", arguments: TestEngine.available)
    func dryRunWritesNothing(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            let counts = try await store.importStudents(school: .main, dryRun: true, plan: RosterFixtures.plan(RosterFixtures.students))
            #expect(counts.created == 6)
            let page = try await store.students(school: .main, filter: StudentFilter(), scope: .school, page: PageRequest())
            #expect(page.items.isEmpty)
        }
    }

    @Test("When the plan throws, nothing of the import is stored", arguments: TestEngine.available)
    func throwingPlanWritesNothing(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            _ = try await store.importStudents(school: .main, dryRun: false, plan: RosterFixtures.plan(Array(RosterFixtures.students.prefix(2))))
            await #expect(throws: DomainError.self) {
                _ = try await store.importStudents(school: .main, dryRun: false) { _ in
                    throw DomainError(.invalid, "bad file")
                }
            }
            let page = try await store.students(school: .main, filter: StudentFilter(), scope: .school, page: PageRequest())
            #expect(Self.numbers(page) == ["2021000001", "2021000002"])
        }
    }

    @Test("A changed row updates the stored student", arguments: TestEngine.available)
    func changedRowUpdates(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            _ = try await store.importStudents(school: .main, dryRun: false, plan: RosterFixtures.plan(RosterFixtures.students))
            var moved = RosterFixtures.students[0]
            moved.room = "102"
            moved.phone = "13900000000"
            let counts = try await store.importStudents(school: .main, dryRun: false, plan: RosterFixtures.plan([moved]))
            #expect(counts == ImportCounts(created: 0, updated: 1, unchanged: 0))
            #expect(try await store.student(school: .main, number: moved.studentNo, scope: .school) == moved)
        }
    }

    @Test("Scopes filter in the query at every level: campus, building, floor, room, college, class and single students", arguments: TestEngine.available)
    func scopesFilterInQuery(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            _ = try await store.importStudents(school: .main, dryRun: false, plan: RosterFixtures.plan(RosterFixtures.students))
            func visible(_ scope: Scope) async throws -> [String] {
                Self.numbers(try await store.students(school: .main, filter: StudentFilter(), scope: scope, page: PageRequest()))
            }
            #expect(try await visible(Scope(units: [UnitKey(.campus, "北校区")])) == ["2021000005", "2021000006"])
            #expect(try await visible(Scope(units: [UnitKey(.building, "1号楼")])) == ["2021000001", "2021000002", "2021000003", "2021000004"])
            #expect(try await visible(Scope(units: [.floor(building: "1号楼", floor: 2)])) == ["2021000003", "2021000004"])
            #expect(try await visible(Scope(units: [.room(building: "1号楼", room: "101")])) == ["2021000001", "2021000002"])
            #expect(try await visible(Scope(units: [UnitKey(.college, "机电工程学院")])) == ["2021000005", "2021000006"])
            #expect(try await visible(Scope(units: [UnitKey(.class, "信息2102")])) == ["2021000004"])
            #expect(try await visible(Scope(students: ["2021000006"])) == ["2021000006"])
            #expect(try await visible(.nothing).isEmpty)
            #expect(try await visible(Scope(units: [UnitKey(.class, "信息2102")], students: ["2021000001"])) == ["2021000001", "2021000004"])
            #expect(try await store.student(school: .main, number: "2021000005", scope: Scope(units: [UnitKey(.building, "1号楼")])) == nil)
        }
    }

    @Test("Filters combine with the scope, and pages continue after the cursor without gaps or repeats", arguments: TestEngine.available)
    func filtersAndPaging(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            _ = try await store.importStudents(school: .main, dryRun: false, plan: RosterFixtures.plan(RosterFixtures.students))
            let floor = try await store.students(school: .main, filter: StudentFilter(floor: "1号楼/2"), scope: .school, page: PageRequest())
            #expect(Self.numbers(floor) == ["2021000003", "2021000004"])
            let room = try await store.students(school: .main, filter: StudentFilter(room: "6号楼/302"), scope: .school, page: PageRequest())
            #expect(Self.numbers(room) == ["2021000006"])
            let suspended = try await store.students(school: .main, filter: StudentFilter(status: .suspended), scope: .school, page: PageRequest())
            #expect(Self.numbers(suspended) == ["2021000006"])
            let byName = try await store.students(school: .main, filter: StudentFilter(query: "丙"), scope: .school, page: PageRequest())
            #expect(Self.numbers(byName) == ["2021000003"])
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await store.students(school: .main, filter: StudentFilter(), scope: .school, page: PageRequest(limit: 4, after: cursor))
                seen += Self.numbers(page)
                cursor = page.next
            } while cursor != nil
            #expect(seen == RosterFixtures.students.map(\.studentNo))
        }
    }

    @Test("Staff import creates, then leaves unchanged, then updates by staff number", arguments: TestEngine.available)
    func staffImport(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            let counsellor = StaffMember(staffNo: "T001", name: "王老师", roles: [.counsellor], phone: "13800000001", scope: ["信息2101", "信息2102"])
            let plan: @Sendable ([StaffMember]) -> @Sendable ([String: StaffMember]) -> ImportPlan<StaffMember> = { members in
                { existing in
                    var p = ImportPlan<StaffMember>(create: [], update: [], unchanged: 0)
                    for m in members {
                        if existing[m.staffNo] == nil { p.create.append(m) } else if existing[m.staffNo] == m { p.unchanged += 1 } else { p.update.append(m) }
                    }
                    return p
                }
            }
            let first = try await store.importStaff(school: .main, dryRun: false, plan: plan([counsellor]))
            #expect(first.created == 1)
            let again = try await store.importStaff(school: .main, dryRun: false, plan: plan([counsellor]))
            #expect(again.unchanged == 1)
            var changed = counsellor
            changed.roles = [.counsellor, .classTeacher]
            let third = try await store.importStaff(school: .main, dryRun: false, plan: plan([changed]))
            #expect(third.updated == 1)
            #expect(try await store.staffMember(school: .main, number: "T001") == changed)
            #expect(try await store.staff(school: .main).map(\.staffNo) == ["T001"])
        }
    }
}
