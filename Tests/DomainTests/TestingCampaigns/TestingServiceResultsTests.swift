import CampusKit
import Foundation
import Roster
import ShouhuFakes
import TestingCampaigns
import Testing

/// TestingService, continued: recording lab results and reading tubes (the suite and its fixtures are in
/// TestingServiceTests.swift).
extension TestingServiceTests {
    // MARK: Results

    static let results = [LabResult(tubeCode: "T001", result: .negative), LabResult(tubeCode: "T002", result: .positive)]

    @Test("Results are recorded by planners and by tokens with testing:write, in one unit of work", arguments: [D.admin, D.clinic, D.integration([TestingService.writeScope])])
    func applyAllowed(actor: Actor) async throws {
        let (service, store, audit, _, work) = Self.setUpReport()
        let outcome = try await service.apply(Self.results, by: actor)
        #expect(outcome.applied == 2)
        #expect(store.results == [.init(result: .negative, tubes: ["T001"], by: actor.username, at: D.now),
                                  .init(result: .positive, tubes: ["T002"], by: actor.username, at: D.now)])
        #expect(work.count == 1)
        #expect(audit.entries.map(\.action) == ["testing.results.apply"])
        #expect(audit.entries.first?.subject == "2 tubes")
    }

    @Test("Results may not be recorded by a token without testing:write, a counsellor, a secretary or a student",
          arguments: [D.integration([]), D.integration(["read:all"]), D.counsellor, D.secretary, D.student("S1"), D.staff("BL1", [.buildingLeader])])
    func applyForbidden(actor: Actor) async throws {
        let (service, store, audit) = Self.setUp()
        let error = try await #require(throws: DomainError.self) { try await service.apply(Self.results, by: actor) }
        #expect(error.kind == .forbidden)
        #expect(store.results.isEmpty)
        #expect(audit.entries.isEmpty)
    }

    @Test("A bad tube code is named results[i].tubeCode; nothing reaches the store")
    func applyBadTube() async throws {
        let (service, store, _) = Self.setUp()
        let results = Self.results + [LabResult(tubeCode: "T 3", result: .negative)]
        let error = try await #require(throws: DomainError.self) { try await service.apply(results, by: Self.writer) }
        #expect(error.kind == .invalid)
        #expect(D.fields(error) == ["results[2].tubeCode"])
        #expect(store.results.isEmpty)
    }

    @Test("Two different results for one tube are refused naming the later one; the same result twice is fine")
    func applyConflictingResults() async throws {
        let (service, store, _) = Self.setUp()
        let conflicting = Self.results + [LabResult(tubeCode: "T003", result: .invalid), LabResult(tubeCode: "T001", result: .positive)]
        let error = try await #require(throws: DomainError.self) { try await service.apply(conflicting, by: Self.writer) }
        #expect(error.kind == .invalid)
        #expect(D.fields(error) == ["results[3].result"])
        #expect(store.results.isEmpty)

        let repeated = Self.results + [LabResult(tubeCode: "T001", result: .negative)]
        let outcome = try await service.apply(repeated, by: Self.writer)
        #expect(store.results.map(\.tubes) == [["T001"], ["T002"]])
        #expect(outcome.applied == 2)
    }

    @Test("No results is invalid on `results`; more than 5,000 is .tooLarge")
    func applySize() async throws {
        let (service, store, _) = Self.setUp()
        let empty = try await #require(throws: DomainError.self) { try await service.apply([], by: Self.writer) }
        #expect(empty.kind == .invalid)
        #expect(D.fields(empty) == ["results"])
        let many = (0...LabResult.batchLimit).map { LabResult(tubeCode: "T\($0)", result: .negative) }
        let tooMany = try await #require(throws: DomainError.self) { try await service.apply(many, by: Self.writer) }
        #expect(tooMany.kind == .tooLarge)
        #expect(store.results.isEmpty)
        let outcome = try await service.apply(Array(many.prefix(LabResult.batchLimit)), by: Self.writer)
        #expect(outcome.unknown.count == LabResult.batchLimit, "T0 … T4999 are not tubes of this store (its are T001, T002)")
    }

    @Test("A positive pooled tube's retest plan: individual tubes, purpose retest, origin retest:<tube>, its members, at the retest site, from the next 5 minutes")
    func retestPlan() async throws {
        let (service, store, _, followUp, _) = Self.setUpReport()
        let outcome = try await service.apply(Self.results, by: Self.writer)
        #expect(store.retestPlans.count == 1)
        let plan = try #require(store.retestPlans.first)
        #expect(plan.campaign.poolSize == 1)
        #expect(plan.campaign.purpose == .retest)
        #expect(plan.campaign.kind == .targeted)
        #expect(plan.campaign.origin == "retest:T002")
        #expect(plan.campaign.day == D.today)
        #expect(plan.campaign.createdBy == "lab-token")
        #expect(plan.campaign.createdAt == D.now)
        #expect(plan.campaign.name.contains("T002"))
        #expect(plan.expected == [Self.s1, Self.s2, Self.s3])
        #expect(plan.sites == [TestingService.retestSite])
        #expect(plan.sites.first?.capacityPerHour == 60)
        // 08:03 now: the retest starts at 08:05; B1 floor 1 (2 students) then floor 2 (1), 5 minutes each.
        #expect(plan.campaign.startMinute == 8 * 60 + 5)
        #expect(plan.slots == [
            Slot(site: 0, building: "B1", floor: 1, startMinute: 485, endMinute: 490, students: 2),
            Slot(site: 0, building: "B1", floor: 2, startMinute: 490, endMinute: 495, students: 1),
        ])
        #expect(outcome.retestCampaigns == [plan.campaign.id])
        // Every member is flagged pending that retest and handed to the follow-up (their cases) with the tube named.
        #expect(outcome.flagged == ["S2", "S1", "S3"])
        #expect(store.flags["S3"] == .init(tube: "T002", status: "pending", retest: plan.campaign.id))
        #expect(followUp.findings.map(\.studentNo) == ["S2", "S1", "S3"])
        #expect(followUp.findings.allSatisfy { $0.summary.contains("T002") && $0.summary.contains("3 人") })
    }

    @Test("Each positive tube gets its own retest campaign; a tube reported again changes nothing")
    func retestPerTube() async throws {
        let (service, store, _, followUp, _) = Self.setUpReport()
        store.put(Tube(code: "T009", campaignId: "camp-1", poolSize: 10, filled: 1, status: .open, members: ["S4"]))
        _ = try await service.apply([LabResult(tubeCode: "T002", result: .positive), LabResult(tubeCode: "T009", result: .positive)], by: D.clinic)
        let plans = store.retestPlans
        #expect(plans.map(\.campaign.origin) == ["retest:T002", "retest:T009"])
        #expect(plans.map { $0.expected.map(\.studentNo) } == [["S1", "S2", "S3"], ["S4"]])
        #expect(Set(plans.map(\.campaign.id)).count == 2)
        #expect(plans.allSatisfy { $0.campaign.createdBy == "C001" })
        let again = try await service.apply([LabResult(tubeCode: "T009", result: .positive)], by: D.clinic)
        #expect(again.applied == 1 && again.flagged.isEmpty && again.retestCampaigns.isEmpty)
        #expect(store.retestPlans.count == 2)
        #expect(followUp.findings.count == 4, "nobody is told twice")
    }

    @Test("An individual tube: negative clears its student's pending flag (noted on the case), positive confirms; invalid voids and asks for a resample; another result on a tube that has one is a conflict")
    func individualResults() async throws {
        let (service, store, _, followUp, _) = Self.setUpReport()
        _ = try await service.apply([LabResult(tubeCode: "T002", result: .positive)], by: Self.writer)   // S2, S1, S3 pending
        store.put(Tube(code: "R1", campaignId: "retest", poolSize: 1, filled: 1, status: .open, members: ["S1"]))
        store.put(Tube(code: "R2", campaignId: "retest", poolSize: 1, filled: 1, status: .open, members: ["S2"]))
        store.put(Tube(code: "R3", campaignId: "retest", poolSize: 1, filled: 1, status: .open, members: ["S3"]))
        let outcome = try await service.apply([LabResult(tubeCode: "R1", result: .negative), LabResult(tubeCode: "R2", result: .positive),
                                               LabResult(tubeCode: "R3", result: .invalid), LabResult(tubeCode: "T002", result: .negative),
                                               LabResult(tubeCode: "NOPE", result: .negative)], by: Self.writer)
        #expect(outcome.cleared == ["S1"])
        #expect(followUp.cleared == ["S1"])
        #expect(outcome.confirmed == ["S2"])
        #expect(store.flags["S2"]?.status == "confirmed")
        #expect(followUp.findings.last?.studentNo == "S2")
        #expect(followUp.findings.last?.summary.contains("R2") == true)
        #expect(outcome.resample == ["S3"])
        #expect(store.voided == ["R3"])
        #expect(store.flags["S3"]?.status == "pending", "an invalid retest leaves the flag")
        #expect(outcome.conflicts == ["T002"])
        #expect(outcome.unknown == ["NOPE"])
        #expect(outcome.applied == 3)
    }

    /// A retest once started at 23:00 at the latest, so a result applied at 23:32 got a retest whose first slot was
    /// over; after 22:00 it now starts at 08:00 the next morning (found by this test, now fixed).
    @Test("A retest planned late in the evening does not start in the past")
    func retestLateEvening() async throws {
        // 2026-11-20 23:32 in Shanghai.
        let late = Date(timeIntervalSince1970: 1_795_132_800 + (15 * 60 + 32) * 60)
        let (service, store, _) = Self.setUp(now: late)
        _ = try await service.apply(Self.results, by: Self.writer)
        let plan = try #require(store.retestPlans.first)
        let firstSlot = plan.campaign.day.instant(minutes: plan.campaign.startMinute, in: D.shanghai)
        #expect(firstSlot >= late, "retest starts \(plan.campaign.day) \(CampaignDraft.clock(plan.campaign.startMinute))")
    }

    // MARK: Reading

    static let tube = Tube(code: "T002", campaignId: "camp-1", poolSize: 10, filled: 3, status: .positive, members: ["S1", "S3", "S4"])

    @Test("Reading a tube is audited; staff of the whole school see every member")
    func readTube() async throws {
        let (service, store, audit) = Self.setUp()
        store.put(Self.tube)
        #expect(try await service.tube("T002", by: D.clinic) == Self.tube)
        #expect(audit.entries.map(\.action) == ["testing.tube.read"])
        #expect(audit.entries.first?.subject == "T002")
        #expect(audit.entries.first?.actorName == "C001")
        #expect(audit.entries.first?.detail == "3 members")
    }

    @Test("A token with testing:write reads every member of a tube (the lab's view), audited")
    func readTubeByToken() async throws {
        let (service, store, audit) = Self.setUp()
        store.put(Self.tube)
        #expect(try await service.tube("T002", by: Self.writer).members == ["S1", "S3", "S4"])
        #expect(audit.entries.map(\.action) == ["testing.tube.read"])
    }

    @Test("A counsellor sees only the members in their scope, and a tube with none of them is not found (not audited)")
    func readTubeScoped() async throws {
        let (service, store, audit) = Self.setUp()
        store.put(Self.tube)
        store.put(Tube(code: "T003", campaignId: "camp-1", poolSize: 10, filled: 2, status: .open, members: ["S3", "S4"]))
        #expect(try await service.tube("T002", by: D.counsellor).members == ["S1"])
        #expect(audit.entries.map(\.detail) == ["1 members"])
        let error = try await #require(throws: DomainError.self) { try await service.tube("T003", by: D.counsellor) }
        #expect(error.kind == .notFound)
        #expect(D.fields(error) == ["tubeCode"])
        #expect(audit.entries.count == 1)
    }

    @Test("Students may not read tubes; an unknown tube is not found naming tubeCode")
    func readTubeRefused() async throws {
        let (service, store, audit) = Self.setUp()
        store.put(Self.tube)
        let forbidden = try await #require(throws: DomainError.self) { try await service.tube("T002", by: D.student("S1")) }
        #expect(forbidden.kind == .forbidden)
        let unknown = try await #require(throws: DomainError.self) { try await service.tube("T404", by: D.admin) }
        #expect(unknown.kind == .notFound)
        #expect(D.fields(unknown) == ["tubeCode"])
        #expect(audit.entries.isEmpty)
    }

    @Test("Every call about an unknown campaign is .notFound naming campaignId")
    func unknownCampaign() async throws {
        let (service, _, _) = Self.setUp()
        let calls: [(String, () async throws -> Void)] = [
            ("campaign", { _ = try await service.campaign("nope", by: D.admin) }),
            ("pools", { _ = try await service.pools(of: "nope", by: D.admin) }),
            ("coverage", { _ = try await service.coverage(of: "nope", groupBy: .building, by: D.counsellor) }),
            ("missing", { _ = try await service.missing(of: "nope", by: D.secretary) }),
            ("tubes", { _ = try await service.tubes(of: "nope", status: nil, by: Self.writer) }),
            ("close", { try await service.close("nope", by: D.admin) }),
            ("exempt", { try await service.exempt("S1", from: "nope", reason: "病假", by: D.admin) }),
        ]
        for (name, call) in calls {
            let error = try await #require(throws: DomainError.self, "\(name)") { try await call() }
            #expect(error.kind == .notFound, "\(name)")
            #expect(D.fields(error) == ["campaignId"], "\(name)")
        }
    }

    @Test("Suggested tubes of a campaign use its pool size over the expected students in the viewer's scope")
    func pools() async throws {
        let (service, _, _) = Self.setUp()
        let pools = try await service.pools(of: "camp-1", by: D.counsellor)
        // The counsellor's class 计科1班: S1, S2 (B1/1/101) and S5 (B2/1/102).
        #expect(pools.map(\.students) == [["S1", "S2"], ["S5"]])
    }

    @Test("A student's tests are for staff who view testing with the student in scope: a student is refused, another class is not found, and the store is not asked")
    func studentTestingScope() async throws {
        let (service, _, audit) = Self.setUp()
        let refused = try await #require(throws: DomainError.self) { try await service.testing(of: "S1", by: D.student("S1")) }
        #expect(refused.kind == .forbidden)
        let outside = try await #require(throws: DomainError.self) { try await service.testing(of: "S3", by: D.counsellor) }
        #expect(outside.kind == .notFound, "S3 is in 计科2班, not the counsellor's class")
        #expect(audit.entries.isEmpty, "nothing read, nothing audited")
    }
}
