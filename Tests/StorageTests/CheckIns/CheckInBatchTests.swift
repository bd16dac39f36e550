import CampusKit
import CheckIns
import Foundation
import ShouhuTestSupport
import Storage
import Testing

@Suite("Check-ins arriving together are written together")
struct CheckInBatchTests {
    typealias F = CheckInStoreFixtures

    @Test("Concurrent check-ins of several students all land in history; each student's latest counts, on time if any was", arguments: TestEngine.available)
    func concurrent(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let store = stores.checkIns   // one store, one batcher, as in the app
            let students = [1, 2, 3, 4, 5].map(F.no)   // all active in the fixture
            // Ten a student: minutes 0…9 after 09:55, so the last four of each are after the 10:00 cutoff.
            let checkIns = students.flatMap { s in (0..<10).map { m in F.checkIn(s, at: F.at(9, 55 + m)) } }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for c in checkIns.shuffled() { group.addTask { try await F.record(store, c) } }
                try await group.waitForAll()
            }
            for s in students {
                let history = try await store.history(school: F.school, studentNo: s, since: F.day, limit: 100)
                #expect(history.count == 10, "\(s)")
                let counted = try #require(try await store.counted(school: F.school, studentNo: s, day: F.day))
                #expect(counted.submittedAt == F.at(10, 4), "the latest counts for \(s)")
            }
            let groups = try await store.completeness(school: F.school, day: F.day, level: .campus, scope: .school)
            let completeness = Completeness(day: F.day, level: .campus, groups: groups)
            #expect(completeness.reported == students.count)
            #expect(completeness.late == 0, "a day with an on-time check-in stays on time")
        }
    }
}
