import CampusKit
import Foundation
import Roster
import ShouhuFakes
import TestingCampaigns
import Testing

@Suite("TestingService: who may plan, sample and record results, and what reaches the store")
struct TestingServiceTests {
    typealias D = TestingTestData

    static let s1 = D.examinee("S1", "B1", 1, "101", className: "计科1班")
    static let s2 = D.examinee("S2", "B1", 1, "101", className: "计科1班")
    static let s3 = D.examinee("S3", "B1", 2, "201", className: "计科2班")
    static let s4 = D.examinee("S4", "B2", 1, "101", className: "计科2班")
    static let s5 = D.examinee("S5", "B2", 1, "102", className: "计科1班")  // off campus
    static let s6 = D.examinee("S6", nil, nil, nil, className: "计科2班")
    static let s7 = D.examinee("S7", "B3", 1, "101", className: "计科2班")  // suspended: B3 has nobody active

    static let people = [
        D.person(s1), D.person(s2), D.person(s3), D.person(s4), D.person(s5, status: .offCampus), D.person(s6),
        D.person(s7, status: .suspended),
    ]
    static let active = [s1, s2, s3, s4, s6]

    static let writer = D.integration([TestingService.writeScope])
    static let campaign = Campaign(id: "camp-1", name: "全员核酸", day: D.today, kind: .full, poolSize: 10, startMinute: 420,
                                   createdBy: "A001", createdAt: D.now)

    static func setUp(now: Date = D.now) -> (TestingService, MemoryTestingStore, MemoryAuditLog) {
        let (service, store, audit, _, _) = setUpReport(now: now)
        return (service, store, audit)
    }

    /// The service over an in-memory store holding two open pooled tubes of `campaign` (T001: S1, S2; T002: S2, S1,
    /// S3), with the follow-up and unit of work it reports through.
    static func setUpReport(now: Date = D.now) -> (TestingService, MemoryTestingStore, MemoryAuditLog, RecordingLabFollowUp, CountingWork) {
        let store = MemoryTestingStore(people: people)
        store.put(campaign, expected: people.map(\.studentNo))
        store.sampleAnswer = .success(SampleReceipt(tubeCode: "T-1", position: 1, tubeFull: false, poolSize: 10, studentName: "学生"))
        store.put(Tube(code: "T001", campaignId: "camp-1", poolSize: 10, filled: 2, status: .open, members: ["S1", "S2"]))
        store.put(Tube(code: "T002", campaignId: "camp-1", poolSize: 10, filled: 3, status: .open, members: ["S2", "S1", "S3"]))
        let audit = MemoryAuditLog()
        let followUp = RecordingLabFollowUp()
        let work = CountingWork()
        let service = TestingService(store: store, roster: MemoryRosterStore(people), work: work, followUp: followUp, audit: audit,
                                     clock: FixedClock(now), timeZone: D.shanghai)
        return (service, store, audit, followUp, work)
    }

    static func fullDraft(buildings: [String] = []) -> CampaignDraft {
        CampaignDraft(name: "全员核酸 第2轮", day: "2026-11-21", kind: "full", buildings: buildings)
    }

    static func scan(_ student: String, tube: String = "T001", campaign: String = "camp-1") -> SampleScan {
        SampleScan(campaignId: campaign, tubeCode: tube, studentNo: student)
    }

    // MARK: Planning

    @Test("Only admins, leaders and clinic staff plan campaigns; the store is not asked and nothing is audited",
          arguments: [D.student("S1"), D.secretary, D.counsellor, D.staff("BL1", [.buildingLeader]), D.staff("CT1", [.classTeacher]),
                      D.integration([TestingService.writeScope, "read:all"])])
    func createForbidden(actor: Actor) async throws {
        let (service, store, audit) = Self.setUp()
        let error = try await #require(throws: DomainError.self) { try await service.createCampaign(Self.fullDraft(), by: actor) }
        #expect(error.kind == .forbidden)
        #expect(store.plans.isEmpty)
        #expect(store.activeBuildingQueries.isEmpty)
        #expect(audit.entries.isEmpty)
    }

    @Test("A full campaign of the whole school expects every active student, is stored as planned and audited",
          arguments: [D.admin, D.clinic, D.staff("L001", [.leader])])
    func createFull(actor: Actor) async throws {
        let (service, store, audit) = Self.setUp()
        let plan = try await service.createCampaign(Self.fullDraft(), by: actor)
        #expect(plan.expected == Self.active.sorted(by: Examinee.planningOrder))
        #expect(plan.expected.map(\.studentNo) == ["S1", "S2", "S3", "S4", "S6"])
        #expect(plan.campaign.day == CampusDay("2026-11-21"))
        #expect(plan.campaign.kind == .full)
        #expect(plan.campaign.purpose == .screening)
        #expect(plan.campaign.origin == nil)
        #expect(plan.campaign.createdBy == actor.username)
        #expect(plan.campaign.createdAt == D.now)
        #expect(plan.sites.count == 3)  // B1, B2 and the students without a dormitory
        #expect(store.plans == [plan])
        #expect(store.activeBuildingQueries == [[]])
        #expect(audit.entries.map(\.action) == ["testing.campaign.create"])
        #expect(audit.entries.first?.subject == plan.campaign.id)
        #expect(audit.entries.first?.actorName == actor.username)
        #expect(audit.entries.first?.detail.contains("5 students") == true)
    }

    @Test("A full campaign of some buildings expects their active students only and keeps the buildings")
    func createFullOfBuildings() async throws {
        let (service, store, _) = Self.setUp()
        let plan = try await service.createCampaign(Self.fullDraft(buildings: [" B2 "]), by: D.admin)
        #expect(plan.expected.map(\.studentNo) == ["S4"])
        #expect(plan.campaign.buildings == ["B2"])
        #expect(store.activeBuildingQueries == [["B2"]])
    }

    @Test("A full campaign naming a building without active students is invalid on scope.buildings; nothing is stored",
          arguments: [["B1", "B9"], ["B3"]])
    func createFullUnknownBuilding(buildings: [String]) async throws {
        let (service, store, audit) = Self.setUp()
        let error = try await #require(throws: DomainError.self) { try await service.createCampaign(Self.fullDraft(buildings: buildings), by: D.admin) }
        #expect(error.kind == .invalid)
        #expect(D.fields(error) == ["scope.buildings"])
        #expect(store.plans.isEmpty)
        #expect(audit.entries.isEmpty)
    }

    @Test("A bad draft is refused before the store is asked")
    func createInvalidDraft() async throws {
        let (service, store, _) = Self.setUp()
        let draft = CampaignDraft(name: "x", day: "2026-11-21", kind: "full", poolSize: 21)
        let error = try await #require(throws: DomainError.self) { try await service.createCampaign(draft, by: D.admin) }
        #expect(D.fields(error) == ["poolSize"])
        #expect(store.activeBuildingQueries.isEmpty)
        #expect(store.plans.isEmpty)
    }

    @Test("A targeted campaign expects the listed students, whatever their status")
    func createTargeted() async throws {
        let (service, store, _) = Self.setUp()
        let draft = CampaignDraft(name: "密接复检", day: "2026-11-20", kind: "targeted", poolSize: 1, students: ["S5", "S3", "S1"])
        let plan = try await service.createCampaign(draft, by: D.clinic)
        #expect(plan.expected.map(\.studentNo) == ["S1", "S3", "S5"])
        #expect(plan.campaign.kind == .targeted)
        #expect(plan.campaign.poolSize == 1)
        #expect(plan.campaign.buildings == [])
        #expect(store.plans.count == 1)
    }

    @Test("A targeted campaign with unknown students is invalid, each named students[i]; nothing is stored")
    func createTargetedUnknown() async throws {
        let (service, store, audit) = Self.setUp()
        let draft = CampaignDraft(name: "定向", day: "2026-11-20", kind: "targeted", students: ["S1", "X9", "S3", "Y8"])
        let error = try await #require(throws: DomainError.self) { try await service.createCampaign(draft, by: D.admin) }
        #expect(error.kind == .invalid)
        #expect(D.fields(error) == ["students[1]", "students[3]"])
        #expect(store.plans.isEmpty)
        #expect(audit.entries.isEmpty)
    }

    /// Unknown students were once numbered by their place in the de-duplicated list, pointing at the wrong entry of the
    /// client's `students` array when a student was listed twice before an unknown one (found by this test, now fixed).
    @Test("Unknown students are named by their index in the request, even after a repeated student")
    func createTargetedUnknownAfterDuplicate() async throws {
        let (service, _, _) = Self.setUp()
        let draft = CampaignDraft(name: "定向", day: "2026-11-20", kind: "targeted", students: ["S1", "S1", "X9"])
        let error = try await #require(throws: DomainError.self) { try await service.createCampaign(draft, by: D.admin) }
        // The request's students[1] is "S1", which exists; the unknown "X9" is students[2].
        #expect(D.fields(error) == ["students[2]"])
    }

    @Test("A rotation is stored with one targeted campaign a day; each day's campaign expects that day's students")
    func createRotation() async throws {
        let (service, store, audit) = Self.setUp()
        let (rotation, plans) = try await service.createRotation(RotationDraft(startDate: "2026-11-30", days: 3, poolSize: 5), by: D.admin)
        let stored = try #require(store.rotations.first)
        #expect(store.rotations.count == 1)
        #expect(stored.rotation == rotation)
        #expect(stored.plans == plans, "the plans returned are the plans stored")
        #expect(rotation.startDay == CampusDay("2026-11-30"))
        #expect(rotation.days.map(\.day.description) == ["2026-11-30", "2026-12-01", "2026-12-02"])
        #expect(rotation.days.map(\.campaignId) == stored.plans.map(\.campaign.id))
        #expect(Set(rotation.days.map(\.campaignId)).count == 3)
        #expect(rotation.days.flatMap(\.students).sorted() == ["S1", "S2", "S3", "S4", "S6"])
        for (n, plan) in stored.plans.enumerated() {
            #expect(plan.campaign.origin == "rotation:\(rotation.id):\(n + 1)")
            #expect(plan.campaign.kind == .targeted)
            #expect(plan.campaign.poolSize == 5)
            #expect(plan.campaign.day == rotation.days[n].day)
            #expect(plan.expected.map(\.studentNo) == rotation.days[n].students)
        }
        #expect(audit.entries.map(\.action) == ["testing.rotation.create"])
        #expect(audit.entries.first?.subject == rotation.id)
    }

    @Test("A counsellor may not plan a rotation")
    func rotationForbidden() async throws {
        let (service, store, _) = Self.setUp()
        let error = try await #require(throws: DomainError.self) { try await service.createRotation(RotationDraft(startDate: "2026-11-30"), by: D.counsellor) }
        #expect(error.kind == .forbidden)
        #expect(store.rotations.isEmpty)
    }

    @Test("runSchedules creates today's campaign of a schedule for its weekday only, by the system, with its origin")
    func runSchedules() async throws {
        let (service, store, _) = Self.setUp()
        store.put(TestingSchedule(id: "sch-1", name: "周五全员", weekdays: [5], buildings: ["B1"], startMinute: 420))
        store.put(TestingSchedule(id: "sch-2", name: "停用", weekdays: [5], startMinute: 420, active: false))
        let friday = CampusDay("2026-11-20")!
        let created = try await service.runSchedules(school: .main, day: friday).map(\.campaign)
        #expect(created.map(\.origin) == ["schedule:sch-1:2026-11-20"])
        #expect(created.first?.createdBy == "system")
        #expect(created.first?.kind == .full)
        #expect(store.plans.first?.expected.map(\.studentNo) == ["S1", "S2", "S3"])
        #expect(try await service.runSchedules(school: .main, day: friday.adding(days: 1)).isEmpty)
        // The same day again: a campaign of that origin exists (the store says false), so nothing is reported created.
        #expect(try await service.runSchedules(school: .main, day: friday).isEmpty)
        #expect(store.plans.count == 2)
    }

    // MARK: Sampling

    @Test("Students, secretaries and tokens without testing:write may not sample; the store is not asked",
          arguments: [D.student("S1"), D.secretary, D.integration([]), D.integration(["read:all", "access:write"]), D.staff("CT1", [.classTeacher])])
    func sampleForbidden(actor: Actor) async throws {
        let (service, store, _) = Self.setUp()
        let error = try await #require(throws: DomainError.self) { try await service.sample(Self.scan("S1"), by: actor) }
        #expect(error.kind == .forbidden)
        #expect(store.samples.isEmpty)
    }

    @Test("A token with testing:write samples any student; the trimmed scan reaches the store with who and when")
    func sampleByToken() async throws {
        let (service, store, _) = Self.setUp()
        let receipt = try await service.sample(SampleScan(campaignId: " camp-1 ", tubeCode: " T001 ", studentNo: " S3 "), by: Self.writer)
        #expect(receipt == SampleReceipt(tubeCode: "T-1", position: 1, tubeFull: false, poolSize: 10, studentName: "学生"))
        #expect(store.samples == [MemoryTestingStore.SampleCall(scan: Self.scan("S3"), by: "lab-token", at: D.now)])
    }

    @Test("A counsellor samples students in their scope only: others are not found, and the store is not asked")
    func sampleByCounsellor() async throws {
        let (service, store, _) = Self.setUp()
        _ = try await service.sample(Self.scan("S1"), by: D.counsellor)
        #expect(store.samples.map(\.scan.studentNo) == ["S1"])
        let error = try await #require(throws: DomainError.self) { try await service.sample(Self.scan("S3"), by: D.counsellor) }
        #expect(error.kind == .notFound)
        #expect(D.fields(error) == ["studentNo"])
        let unknown = try await #require(throws: DomainError.self) { try await service.sample(Self.scan("NOPE"), by: D.counsellor) }
        #expect(unknown.kind == .notFound)
        #expect(store.samples.count == 1)
    }

    @Test("Staff whose scope is the whole school (clinic) sample any student")
    func sampleByClinic() async throws {
        let (service, store, _) = Self.setUp()
        _ = try await service.sample(Self.scan("S4"), by: D.clinic)
        #expect(store.samples.map(\.scan.studentNo) == ["S4"])
    }

    @Test("An unknown campaign (the store refuses the scan) is .notFound naming campaignId")
    func sampleUnknownCampaign() async throws {
        let (service, _, _) = Self.setUp()
        let error = try await #require(throws: DomainError.self) { try await service.sample(Self.scan("S1", campaign: "nope"), by: Self.writer) }
        #expect(error.kind == .notFound)
        #expect(D.fields(error) == ["campaignId"])
    }

    @Test("A malformed scan is invalid before any lookup")
    func sampleInvalid() async throws {
        let (service, store, _) = Self.setUp()
        let error = try await #require(throws: DomainError.self) { try await service.sample(Self.scan("S1", tube: "T 1", campaign: "nope"), by: Self.writer) }
        #expect(error.kind == .invalid)
        #expect(D.fields(error) == ["tubeCode"])
        #expect(store.samples.isEmpty)
    }

    @Test("Each refusal of the store becomes the error the sampler reads, naming the field to fix", arguments: [
        (SampleRefusal.tubeFull(poolSize: 10), DomainError.Kind.conflict, "tubeCode"),
        (.alreadySampled(tube: "T000"), .conflict, "studentNo"),
        (.notExpected, .invalid, "studentNo"),
        (.unknownCampaign, .notFound, "campaignId"),
        (.campaignClosed, .conflict, "campaignId"),
        (.tubeOfAnotherCampaign, .conflict, "tubeCode"),
        (.tubeHasResult, .conflict, "tubeCode"),
    ])
    func refusals(refusal: SampleRefusal, kind: DomainError.Kind, field: String) async throws {
        let (service, store, _) = Self.setUp()
        store.sampleAnswer = .failure(refusal)
        let error = try await #require(throws: DomainError.self) { try await service.sample(Self.scan("S1"), by: Self.writer) }
        #expect(error.kind == kind)
        #expect(D.fields(error) == [field])
        #expect(store.samples.count == 1)
    }

    @Test("A full tube's message names the tube and its size")
    func tubeFullMessage() async throws {
        let (service, store, _) = Self.setUp()
        store.sampleAnswer = .failure(.tubeFull(poolSize: 7))
        let error = try await #require(throws: DomainError.self) { try await service.sample(Self.scan("S1", tube: "TX-42"), by: Self.writer) }
        #expect(error.message.contains("TX-42"))
        #expect(error.message.contains("7"))
    }
}
