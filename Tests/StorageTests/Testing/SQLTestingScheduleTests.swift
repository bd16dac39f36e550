import CampusKit
import Foundation
import Roster
import ShouhuTestSupport
import Storage
import TestingCampaigns
import Testing

@Suite("Testing schedules: saved and listed, and each day's campaign created once however many runs race")
struct SQLTestingScheduleTests {
    typealias F = CheckInStoreFixtures
    typealias X = TestingStoreFixtures

    static func service(_ stores: X.Stores) -> TestingService {
        Services(stores.database, at: F.at(6)).testing()
    }

    /// Runs the schedules of `day` `times` times at once; the campaigns each run created.
    static func race(_ service: TestingService, day: CampusDay, times: Int) async throws -> [[Campaign]] {
        try await withThrowingTaskGroup(of: [Campaign].self) { group in
            for _ in 0..<times { group.addTask { try await service.runSchedules(school: F.school, day: day).map(\.campaign) } }
            var all: [[Campaign]] = []
            for try await created in group { all.append(created) }
            return all
        }
    }

    @Test("Schedules are saved, listed by id and changed in place", arguments: TestEngine.available)
    func saveAndList(engine: TestEngine) async throws {
        try await X.withStores(engine) { stores in
            let store = stores.testing
            #expect(try await store.schedules(school: F.school).isEmpty)
            let weekly = TestingSchedule(id: "s1", name: "每周一三全员核酸", weekdays: [1, 3], buildings: ["1号楼"], poolSize: 10, startMinute: 7 * 60)
            try await store.save(weekly, school: F.school, by: "admin", at: F.at(7))
            #expect(try await store.schedules(school: F.school) == [weekly])
            var changed = weekly
            changed.weekdays = [2]
            changed.poolSize = 20
            changed.active = false
            try await store.save(changed, school: F.school, by: "admin", at: F.at(8))
            #expect(try await store.schedules(school: F.school) == [changed], "changed in place, not added")
            let other = TestingSchedule(id: "a0", name: "周五", weekdays: [5], startMinute: 8 * 60)
            try await store.save(other, school: F.school, by: "admin", at: F.at(8))
            #expect(try await store.schedules(school: F.school).map(\.id) == ["a0", "s1"])
        }
    }

    @Test("runSchedules creates one campaign per schedule and day even when runs race; a day not in the schedule and an inactive schedule create none",
          arguments: TestEngine.available)
    func runOncePerDay(engine: TestEngine) async throws {
        try await X.withStores(engine) { stores in
            let store = stores.testing
            let service = Self.service(stores)
            let monday = F.day
            #expect(monday.isoWeekday == 1)
            try await store.save(TestingSchedule(id: "s1", name: "周一 9号楼", weekdays: [monday.isoWeekday], buildings: ["9号楼"], startMinute: 7 * 60),
                                 school: F.school, by: "admin", at: F.at(6))
            try await store.save(TestingSchedule(id: "s2", name: "停用", weekdays: [monday.isoWeekday], startMinute: 7 * 60, active: false),
                                 school: F.school, by: "admin", at: F.at(6))

            let two = try await Self.race(service, day: monday, times: 2)
            #expect(two.map(\.count).reduce(0, +) == 1, "two runs at once create one campaign: \(two.map(\.count))")
            let campaigns = try await X.everyCampaign(store)
            #expect(campaigns.count == 1)
            let c = try #require(campaigns.first?.campaign)
            #expect(c.origin == "schedule:s1:\(monday)")
            #expect(c.day == monday)
            #expect(c.kind == .full)
            #expect(c.buildings == ["9号楼"])
            #expect(campaigns.first?.counts.expected == X.extra.count)

            #expect(try await service.runSchedules(school: F.school, day: monday).isEmpty, "run again later: nothing new")
            #expect(try await service.runSchedules(school: F.school, day: F.nextDay).isEmpty, "Tuesday is not a day of the schedule")
            let many = try await Self.race(service, day: monday.adding(days: 7), times: 6)
            #expect(many.map(\.count).reduce(0, +) == 1, "\(many.map(\.count))")
            let all = try await X.everyCampaign(store)
            #expect(all.count == 2)
            #expect(Set(all.map(\.campaign.day)) == [monday, monday.adding(days: 7)])
        }
    }
}
