import CampusKit
import Foundation
import Roster
import ShouhuTestSupport
import Storage
import Testing

/// The look-up a check-in makes of its student is kept a few seconds; an import through any roster store on the same
/// database is seen at once, and a transaction sees its own changes.
@Suite("Roster store: students kept between look-ups")
struct StudentCacheTests {
    @Test("An import is seen at once through every roster store of the database — a change, a new student, a student no longer active",
          arguments: TestEngine.available)
    func importSeenAtOnce(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Migrator(database: database).migrate()
            let clock = FixedClock(Date(timeIntervalSince1970: 1_790_000_000))
            let importer = SQLRosterStore(database: database, clock: clock)
            let reader = SQLRosterStore(database: database, clock: clock)
            try await importer.ensureSchool(.main, name: "测试学院", timeZone: "Asia/Shanghai")
            let first = RosterFixtures.students[0]
            _ = try await importer.importStudents(school: .main, dryRun: false, plan: RosterFixtures.plan([first]))

            #expect(try await reader.student(school: .main, number: first.studentNo, scope: .school)?.status == .active)
            #expect(try await reader.student(school: .main, number: "2099000001", scope: .school) == nil)

            var moved = first
            moved.status = .suspended
            moved.room = "999"
            let newcomer = RosterFixtures.student("2099000001", "新同学", status: .active)
            _ = try await importer.importStudents(school: .main, dryRun: false, plan: RosterFixtures.plan([moved, newcomer]))

            let after = try await reader.student(school: .main, number: first.studentNo, scope: .school)
            #expect(after?.status == .suspended && after?.room == "999")
            #expect(try await reader.student(school: .main, number: "2099000001", scope: .school)?.name == "新同学")
        }
    }

    @Test("Inside a transaction, a look-up sees that transaction's import", arguments: TestEngine.available)
    func transactionSeesItsOwnImport(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Migrator(database: database).migrate()
            let store = SQLRosterStore(database: database, clock: FixedClock(Date(timeIntervalSince1970: 1_790_000_000)))
            try await store.ensureSchool(.main, name: "测试学院", timeZone: "Asia/Shanghai")
            let first = RosterFixtures.students[0]
            _ = try await store.importStudents(school: .main, dryRun: false, plan: RosterFixtures.plan([first]))
            #expect(try await store.student(school: .main, number: first.studentNo, scope: .school)?.status == .active)
            var changed = first
            changed.status = .suspended
            let suspended = changed
            let seen = try await database.perform {
                _ = try await store.importStudents(school: .main, dryRun: false, plan: RosterFixtures.plan([suspended]))
                return try await store.student(school: .main, number: first.studentNo, scope: .school)?.status
            }
            #expect(seen == .suspended)
        }
    }
}
