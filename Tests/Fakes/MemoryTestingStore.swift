import CampusKit
import Foundation
import Roster
import TestingCampaigns

/// A testing store in memory. It answers examinee queries from a roster of students (active or not), keeps campaigns
/// (one per origin) with their expected students, tubes and schedules, and as a `LabResultWriter` does what each writer
/// method says through `MemoryLabResults`. Sampling answers only what the test sets in `sampleAnswer` (it throws
/// `NotImplementedByFake` otherwise); campaign lists, coverage, missing students, exemptions, closing and a student's
/// testing throw `NotImplementedByFake`. It records what create, sample and setResult receive.
public final class MemoryTestingStore: TestingStore, @unchecked Sendable {
    public struct SampleCall: Equatable, Sendable {
        public var scan: SampleScan
        public var by: String
        public var at: Date
        public init(scan: SampleScan, by: String, at: Date) {
            self.scan = scan
            self.by = by
            self.at = at
        }
    }

    /// One `setResult` call.
    public struct ResultCall: Equatable, Sendable {
        public var result: TubeResult
        public var tubes: [String]
        public var by: String
        public var at: Date
        public init(result: TubeResult, tubes: [String], by: String, at: Date) {
            self.result = result
            self.tubes = tubes
            self.by = by
            self.at = at
        }
    }

    private struct Stored {
        var campaign: Campaign
        var sites: [Site]
        var slots: [Slot]
        var expected: [String]
    }

    private let lock = NSLock()
    private let people: [Student]
    private var byID: [String: Stored] = [:]
    private var createdPlans: [CampaignPlan] = []
    private var createdRotations: [(rotation: Rotation, plans: [CampaignPlan])] = []
    private var sampleCalls: [SampleCall] = []
    private var resultCalls: [ResultCall] = []
    /// Tubes, flags and retests: the shared in-memory lab writer.
    public let lab = MemoryLabResults()
    private var tubesByCode: [String: Tube] = [:]
    private var storedSchedules: [String: TestingSchedule] = [:]
    private var activeQueries: [[String]] = []
    private var forcedSample: Result<SampleReceipt, SampleRefusal>?

    public init(people: [Student] = []) {
        self.people = people
    }

    /// What every scan into a known campaign is answered (a domain test's choice; the fake does not sample).
    public var sampleAnswer: Result<SampleReceipt, SampleRefusal>? {
        get { lock.withLock { forcedSample } }
        set { lock.withLock { forcedSample = newValue } }
    }

    public var plans: [CampaignPlan] { lock.withLock { createdPlans } }
    public var rotations: [(rotation: Rotation, plans: [CampaignPlan])] { lock.withLock { createdRotations } }
    public var samples: [SampleCall] { lock.withLock { sampleCalls } }
    /// Every `setResult` call, in order.
    public var results: [ResultCall] { lock.withLock { resultCalls } }
    public var flags: [String: MemoryLabResults.Flag] { lab.flags }
    public var voided: [String] { lab.voided }
    /// The retest campaigns stored, in order.
    public var retestPlans: [CampaignPlan] { lab.retestPlans }
    /// The `buildings` argument of every `activeExaminees` call.
    public var activeBuildingQueries: [[String]] { lock.withLock { activeQueries } }

    /// Puts a campaign in place directly, expecting the students numbered in `expected`.
    public func put(_ campaign: Campaign, sites: [Site] = [], slots: [Slot] = [], expected: [String] = []) {
        lock.withLock { byID[campaign.id] = Stored(campaign: campaign, sites: sites, slots: slots, expected: expected) }
    }
    public func put(_ tube: Tube) {
        lock.withLock { tubesByCode[tube.code] = tube }
        lab.put(tube)
    }
    public func put(_ schedule: TestingSchedule) { lock.withLock { storedSchedules[schedule.id] = schedule } }

    private func examinee(_ s: Student) -> Examinee {
        Examinee(studentNo: s.studentNo, name: s.name, className: s.className, building: s.building, floor: s.floor, room: s.room)
    }

    public func activeExaminees(school: SchoolID, buildings: [String]) async throws -> [Examinee] {
        lock.withLock { activeQueries.append(buildings) }
        return people.filter { $0.status == .active && (buildings.isEmpty || $0.building.map(buildings.contains) == true) }
            .map(examinee).sorted(by: Examinee.planningOrder)
    }

    public func examinees(school: SchoolID, numbers: [String]) async throws -> [Examinee] {
        people.filter { numbers.contains($0.studentNo) }.map(examinee).sorted(by: Examinee.planningOrder)
    }

    public func create(_ plan: CampaignPlan, school: SchoolID) async throws -> Bool {
        lock.withLock {
            createdPlans.append(plan)
            if let origin = plan.campaign.origin, byID.values.contains(where: { $0.campaign.origin == origin }) { return false }
            byID[plan.campaign.id] = Stored(campaign: plan.campaign, sites: plan.sites, slots: plan.slots, expected: plan.expected.map(\.studentNo))
            return true
        }
    }

    public func create(_ rotation: Rotation, plans: [CampaignPlan], school: SchoolID, by: String, at: Date) async throws {
        lock.withLock {
            createdRotations.append((rotation, plans))
            for plan in plans {
                byID[plan.campaign.id] = Stored(campaign: plan.campaign, sites: plan.sites, slots: plan.slots, expected: plan.expected.map(\.studentNo))
            }
        }
    }

    public func campaigns(school: SchoolID, scope: Scope, limit: Int) async throws -> [CampaignSummary] {
        throw NotImplementedByFake("MemoryTestingStore.campaigns")
    }

    public func campaign(school: SchoolID, id: String) async throws -> (campaign: Campaign, sites: [Site], slots: [Slot])? {
        lock.withLock { byID[id].map { ($0.campaign, $0.sites, $0.slots) } }
    }

    public func expected(school: SchoolID, campaignId: String, scope: Scope) async throws -> [Examinee] {
        let numbers = Set(lock.withLock { byID[campaignId]?.expected ?? [] })
        return people.filter { numbers.contains($0.studentNo) && FakeScope.covers(scope, $0) }.map(examinee).sorted(by: Examinee.planningOrder)
    }

    public func sample(_ scan: SampleScan, school: SchoolID, by: String, at: Date) async throws -> Result<SampleReceipt, SampleRefusal> {
        try lock.withLock {
            sampleCalls.append(SampleCall(scan: scan, by: by, at: at))
            guard byID[scan.campaignId] != nil else { return .failure(.unknownCampaign) }
            guard let forcedSample else { throw NotImplementedByFake("MemoryTestingStore.sample") }
            return forcedSample
        }
    }

    public func tube(school: SchoolID, code: String) async throws -> Tube? { lock.withLock { tubesByCode[code] } }

    public func tubes(school: SchoolID, campaignId: String, status: TubeStatus?, limit: Int) async throws -> [Tube] {
        lock.withLock {
            Array(tubesByCode.values.filter { $0.campaignId == campaignId && (status == nil || $0.status == status) }
                .sorted { $0.code < $1.code }.prefix(limit))
        }
    }

    public func storedTubes(school: SchoolID, codes: [String]) async throws -> [String: StoredTube] {
        try await lab.storedTubes(school: school, codes: codes)
    }

    public func setResult(_ result: TubeResult, tubes: [String], school: SchoolID, by: String, at: Date) async throws
        -> (moved: [String], others: [String: TubeStatus]) {
        lock.withLock { resultCalls.append(ResultCall(result: result, tubes: tubes, by: by, at: at)) }
        return try await lab.setResult(result, tubes: tubes, school: school, by: by, at: at)
    }

    public func members(school: SchoolID, tubes: [String]) async throws -> [String: [String]] { try await lab.members(school: school, tubes: tubes) }
    public func clearFlags(school: SchoolID, students: [String], at: Date) async throws -> [String] {
        try await lab.clearFlags(school: school, students: students, at: at)
    }
    public func void(school: SchoolID, tubes: [String], at: Date) async throws { try await lab.void(school: school, tubes: tubes, at: at) }
    public func confirm(school: SchoolID, student: String, tube: String, at: Date) async throws {
        try await lab.confirm(school: school, student: student, tube: tube, at: at)
    }
    public func retestCampaign(_ plan: CampaignPlan, school: SchoolID) async throws -> String { try await lab.retestCampaign(plan, school: school) }
    public func flag(school: SchoolID, students: [String], tube: String, retest: String, at: Date) async throws {
        try await lab.flag(school: school, students: students, tube: tube, retest: retest, at: at)
    }

    public func coverage(school: SchoolID, campaignId: String, groupBy: Coverage.GroupBy, scope: Scope) async throws -> Coverage {
        throw NotImplementedByFake("MemoryTestingStore.coverage")
    }

    public func missing(school: SchoolID, campaignId: String, scope: Scope, day: DateInterval) async throws -> [MissingStudent] {
        throw NotImplementedByFake("MemoryTestingStore.missing")
    }

    public func exempt(school: SchoolID, campaignId: String, studentNo: String, reason: String, by: String, at: Date) async throws -> Bool {
        throw NotImplementedByFake("MemoryTestingStore.exempt")
    }

    public func close(school: SchoolID, campaignId: String, at: Date) async throws -> Bool {
        throw NotImplementedByFake("MemoryTestingStore.close")
    }

    public func testing(of studentNo: String, school: SchoolID, since: CampusDay) async throws -> [StudentTesting] {
        throw NotImplementedByFake("MemoryTestingStore.testing")
    }

    public func schedules(school: SchoolID) async throws -> [TestingSchedule] {
        lock.withLock { storedSchedules.values.sorted { $0.id < $1.id } }
    }

    public func save(_ schedule: TestingSchedule, school: SchoolID, by: String, at: Date) async throws {
        lock.withLock { storedSchedules[schedule.id] = schedule }
    }
}
