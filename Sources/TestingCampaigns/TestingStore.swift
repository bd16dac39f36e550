import CampusKit
import Foundation

/// A recurring plan ("每周 2 次全员核酸"): on the listed days of the week a full campaign is created by itself.
public struct TestingSchedule: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    /// ISO days of the week, 1 = Monday … 7 = Sunday.
    public var weekdays: [Int]
    public var buildings: [String]
    public var poolSize: Int
    public var capacityPerHour: Int
    public var startMinute: Int
    public var active: Bool

    public init(id: String, name: String, weekdays: [Int], buildings: [String] = [], poolSize: Int = Campaign.defaultPoolSize,
                capacityPerHour: Int = Site.defaultCapacity, startMinute: Int, active: Bool = true) {
        self.id = id
        self.name = name
        self.weekdays = weekdays
        self.buildings = buildings
        self.poolSize = poolSize
        self.capacityPerHour = capacityPerHour
        self.startMinute = startMinute
        self.active = active
    }

    /// Checks a schedule a client sent; every problem named by its field.
    public func validated() throws -> TestingSchedule {
        var errors: [FieldError] = []
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.count > 100 { errors.append(FieldError(field: "name", message: "请填写名称（最多 100 字）(1–100 characters)")) }
        if weekdays.isEmpty || !weekdays.allSatisfy((1...7).contains) {
            errors.append(FieldError(field: "weekdays", message: "星期应为 1（周一）到 7（周日）(1 = Monday … 7 = Sunday)"))
        }
        if !Campaign.poolSizes.contains(poolSize) { errors.append(FieldError(field: "poolSize", message: "每管人数应为 1 到 20 (1–20 swabs a tube)")) }
        if !Site.capacities.contains(capacityPerHour) {
            errors.append(FieldError(field: "capacityPerHour", message: "每小时采样量应为 10 到 2000 (10–2,000 an hour)"))
        }
        if !(0..<1440).contains(startMinute) { errors.append(FieldError(field: "startTime", message: "应为 HH:MM (must be HH:MM)")) }
        guard errors.isEmpty else { throw DomainError(.invalid, "定期检测计划有误 (the schedule is invalid)", fieldErrors: errors) }
        var copy = self
        copy.name = trimmed
        copy.weekdays = Array(Set(weekdays)).sorted()
        copy.buildings = Array(Set(buildings.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })).sorted()
        return copy
    }

    /// The campaign this schedule plans for `day`, or nil when `day` is not one of its days.
    public func draft(for day: CampusDay) -> ValidDraft? {
        guard active, weekdays.contains(day.isoWeekday) else { return nil }
        return ValidDraft(name: "\(name) \(day)", day: day, kind: .full, poolSize: poolSize, buildings: buildings,
                          capacityPerHour: capacityPerHour, startMinute: startMinute)
    }
}

/// Where campaigns, tubes, samples and results live. Every call is limited to one school; lists of students to a scope.
public protocol TestingStore: LabResultWriter {
    /// Active students of `buildings` (all when empty), in planning order.
    func activeExaminees(school: SchoolID, buildings: [String]) async throws -> [Examinee]
    /// The listed students that exist, whatever their status, in planning order.
    func examinees(school: SchoolID, numbers: [String]) async throws -> [Examinee]

    /// Stores a new campaign with its sites, slots and expected students. False (nothing stored) when a campaign of
    /// the same origin exists.
    func create(_ plan: CampaignPlan, school: SchoolID) async throws -> Bool
    /// Stores a rotation and its days' campaigns in one transaction.
    func create(_ rotation: Rotation, plans: [CampaignPlan], school: SchoolID, by: String, at: Date) async throws

    /// Campaigns newest first, counting only students within `scope`.
    func campaigns(school: SchoolID, scope: Scope, limit: Int) async throws -> [CampaignSummary]
    func campaign(school: SchoolID, id: String) async throws -> (campaign: Campaign, sites: [Site], slots: [Slot])?
    /// Expected students of a campaign within `scope`, in planning order.
    func expected(school: SchoolID, campaignId: String, scope: Scope) async throws -> [Examinee]

    /// Records one swab in one transaction: the tube is opened on its first swab and never takes more than the
    /// campaign's pool size, a student is sampled once per campaign.
    func sample(_ scan: SampleScan, school: SchoolID, by: String, at: Date) async throws -> Result<SampleReceipt, SampleRefusal>
    func tube(school: SchoolID, code: String) async throws -> Tube?
    /// The tube a sampler last filled in a campaign and has not finished (for the sampling page to carry on).
    func tubes(school: SchoolID, campaignId: String, status: TubeStatus?, limit: Int) async throws -> [Tube]

    /// Coverage of a campaign counting students within `scope`.
    func coverage(school: SchoolID, campaignId: String, groupBy: Coverage.GroupBy, scope: Scope) async throws -> Coverage
    /// Expected students within `scope` not validly sampled, with what is known of why (leave is looked for over `day`).
    func missing(school: SchoolID, campaignId: String, scope: Scope, day: DateInterval) async throws -> [MissingStudent]
    /// Marks an expected, unsampled student exempt; false when not expected or already sampled.
    func exempt(school: SchoolID, campaignId: String, studentNo: String, reason: String, by: String, at: Date) async throws -> Bool
    /// Closes an open campaign to further swabs; false when unknown or already closed.
    func close(school: SchoolID, campaignId: String, at: Date) async throws -> Bool

    /// The campaigns of one student from `since` on, newest first.
    func testing(of studentNo: String, school: SchoolID, since: CampusDay) async throws -> [StudentTesting]

    func schedules(school: SchoolID) async throws -> [TestingSchedule]
    func save(_ schedule: TestingSchedule, school: SchoolID, by: String, at: Date) async throws
}
