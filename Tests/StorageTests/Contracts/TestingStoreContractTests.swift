import CampusKit
import Foundation
import Roster
import ShouhuFakes
import ShouhuTestSupport
import Storage
import Testing
import TestingCampaigns

private typealias F = CheckInStoreFixtures
private typealias T = TestingStoreFixtures

/// The promises of `TestingStore` beyond `LabResultWriter` (WriterContractTests) the testing service relies on: who is
/// expected, one campaign per origin, expected students by scope, schedules by id; and (SQL only) sampling's limits,
/// exemptions and closing.
@Suite("TestingStore contract: SQL stores and the in-memory fake keep the same promises")
struct TestingStoreContractTests {
    static func withStore(_ subject: ContractSubject, _ body: (any TestingStore) async throws -> Void) async throws {
        switch subject {
        case .memory: try await body(MemoryTestingStore(people: T.students))
        case .sql(let engine): try await T.withStores(engine) { stores in try await body(stores.testing) }
        }
    }

    /// A targeted campaign of `students` planned from the store's own examinees.
    static func plan(_ store: any TestingStore, students: [String], origin: String? = nil, poolSize: Int = 10) async throws -> CampaignPlan {
        let expected = try await store.examinees(school: F.school, numbers: students)
        let draft = ValidDraft(name: "定向检测", day: F.day, kind: .targeted, poolSize: poolSize, students: students, startMinute: 7 * 60)
        return SlotPlanner.campaign(draft, expected: expected, id: UUID().uuidString.lowercased(), purpose: .screening, origin: origin, by: "admin", at: F.at(7))
    }

    @Test("Examinees: active ones of the buildings asked (all when none) in planning order; listed ones whatever their status",
          arguments: ContractSubject.all)
    func examinees(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            let all = try await store.activeExaminees(school: F.school, buildings: [])
            #expect(Set(all.map(\.studentNo)) == T.active)
            #expect(all == all.sorted(by: Examinee.planningOrder))
            #expect(try await store.activeExaminees(school: F.school, buildings: ["6号楼"]).map(\.studentNo) == [F.no(5)])
            let listed = try await store.examinees(school: F.school, numbers: [F.no(6), F.no(1), "2099999999"])
            #expect(Set(listed.map(\.studentNo)) == [F.no(1), F.no(6)])
            #expect(listed.first { $0.studentNo == F.no(6) }?.room == "302")
        }
    }

    @Test("create: a campaign is stored with its expected students; a second of the same origin is refused; expected answers by scope",
          arguments: ContractSubject.all)
    func create(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            let plan = try await Self.plan(store, students: [F.no(1), F.no(5), T.extraNo(0)], origin: "retest:X1")
            #expect(try await store.create(plan, school: F.school))
            let twin = try await Self.plan(store, students: [F.no(2)], origin: "retest:X1")
            #expect(try await store.create(twin, school: F.school) == false)
            #expect(try await store.campaign(school: F.school, id: twin.campaign.id) == nil)
            let found = try #require(try await store.campaign(school: F.school, id: plan.campaign.id))
            #expect(found.campaign.id == plan.campaign.id && found.campaign.origin == "retest:X1" && found.campaign.kind == .targeted)
            #expect(found.sites.count == plan.sites.count)
            #expect(try await store.campaign(school: F.school, id: "no-such-campaign") == nil)
            #expect(Set(try await store.expected(school: F.school, campaignId: plan.campaign.id, scope: .school).map(\.studentNo))
                    == [F.no(1), F.no(5), T.extraNo(0)])
            #expect(try await store.expected(school: F.school, campaignId: plan.campaign.id, scope: Scope(units: [UnitKey(.building, "6号楼")]))
                    .map(\.studentNo) == [F.no(5)])
            #expect(try await store.expected(school: F.school, campaignId: plan.campaign.id, scope: .nothing).isEmpty)
            let free = try await Self.plan(store, students: [F.no(2)])
            let again = try await Self.plan(store, students: [F.no(2)])
            #expect(try await store.create(free, school: F.school))
            #expect(try await store.create(again, school: F.school), "campaigns without origin never clash")
        }
    }

    @Test("Schedules: saving an id again replaces it; listed by id", arguments: ContractSubject.all)
    func schedules(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            let b = TestingSchedule(id: "b", name: "周五全员", weekdays: [5], startMinute: 420)
            var a = TestingSchedule(id: "a", name: "周一", weekdays: [1], buildings: ["1号楼"], startMinute: 480)
            try await store.save(b, school: F.school, by: "admin", at: F.at(8))
            try await store.save(a, school: F.school, by: "admin", at: F.at(8))
            a.active = false
            try await store.save(a, school: F.school, by: "admin", at: F.at(9))
            #expect(try await store.schedules(school: F.school) == [a, b])
        }
    }

    // Sampling, exemptions and closing run on the SQL stores only: MemoryTestingStore does not sample (it answers what a
    // domain test sets) and throws NotImplementedByFake for exempt and close.
    @Test("sample (SQL only): a tube opens on its first swab and takes no more than the pool size; a student once per campaign; closed refuses",
          arguments: TestEngine.available)
    func sampling(engine: TestEngine) async throws {
        try await T.withStores(engine) { stores throws in
            let store = stores.testing
            let c = try await T.campaign(store, kind: .targeted, poolSize: 2, students: [F.no(1), F.no(2), F.no(3), F.no(4)])
            guard case .success(let first) = try await T.sample(store, c.id, "P1", F.no(1)) else { Issue.record("first swab refused"); return }
            #expect(first.position == 1 && !first.tubeFull && first.poolSize == 2)
            guard case .success(let second) = try await T.sample(store, c.id, "P1", F.no(2)) else { Issue.record("second swab refused"); return }
            #expect(second.position == 2 && second.tubeFull)
            #expect(try await T.sample(store, c.id, "P1", F.no(3)) == .failure(.tubeFull(poolSize: 2)))
            #expect(try await T.sample(store, c.id, "P2", F.no(1)) == .failure(.alreadySampled(tube: "P1")))
            #expect(try await T.sample(store, c.id, "P2", F.no(5)) == .failure(.notExpected))
            #expect(try await T.sample(store, "no-such-campaign", "P2", F.no(3)) == .failure(.unknownCampaign))
            #expect(try await store.tube(school: F.school, code: "P1")?.filled == 2)
            #expect(try await store.tubes(school: F.school, campaignId: c.id, status: nil, limit: 10).map(\.code) == ["P1"])
            #expect(try await store.exempt(school: F.school, campaignId: c.id, studentNo: F.no(1), reason: "已采", by: "admin", at: F.at(9)) == false)
            #expect(try await store.exempt(school: F.school, campaignId: c.id, studentNo: F.no(4), reason: "病假", by: "admin", at: F.at(9)))
            #expect(try await store.exempt(school: F.school, campaignId: c.id, studentNo: F.no(5), reason: "x", by: "admin", at: F.at(9)) == false)
            #expect(try await store.close(school: F.school, campaignId: c.id, at: F.at(10)))
            #expect(try await store.close(school: F.school, campaignId: c.id, at: F.at(11)) == false)
            #expect(try await store.close(school: F.school, campaignId: "no-such-campaign", at: F.at(11)) == false)
            #expect(try await T.sample(store, c.id, "P3", F.no(3)) == .failure(.campaignClosed))
        }
    }
}
