import CampusKit
import DemoCollege
import Foundation
import Roster
import ShouhuFakes
import TestingCampaigns

/// Instants, people, actors and seeded rosters shared by the TestingCampaigns domain tests.
enum TestingTestData {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    /// 2026-11-20 08:03 in Shanghai (00:03 UTC).
    static let now = Date(timeIntervalSince1970: 1_795_132_800 + 3 * 60)
    static let today = CampusDay("2026-11-20")!

    static func staff(_ username: String, _ roles: Set<Role>, scope: Scope = .school) -> Actor {
        Actor(school: .main, accountID: "acc-\(username)", username: username, displayName: username, kind: .staff,
              roles: roles, scope: scope)
    }

    static func student(_ number: String) -> Actor {
        Actor(school: .main, accountID: "acc-\(number)", username: number, displayName: number, kind: .student,
              roles: [.student], scope: Scope(students: [number]))
    }

    static func integration(_ scopes: Set<String>) -> Actor {
        Actor(school: .main, accountID: "token-lab", username: "lab-token", displayName: "检测机构", kind: .integration,
              roles: [], tokenScopes: scopes, scope: .nothing)
    }

    static let admin = staff("A001", [.admin])
    static let clinic = staff("C001", [.clinic])
    static let secretary = staff("S001", [.secretary])
    /// A counsellor of class 计科1班 only.
    static let counsellor = staff("T001", [.counsellor], scope: Scope(units: [UnitKey(.class, "计科1班")]))

    static func examinee(_ number: String, _ building: String?, _ floor: Int?, _ room: String?, className: String = "计科1班") -> Examinee {
        Examinee(studentNo: number, name: "学生\(number)", className: className, building: building, floor: floor, room: room)
    }

    static func person(_ e: Examinee, status: StudentStatus = .active) -> Student {
        Student(studentNo: e.studentNo, name: e.name, college: "计算机学院", className: e.className, building: e.building,
                floor: e.floor, room: e.room, status: status)
    }

    /// A roster of `count` students, shuffled, in up to five buildings of up to six floors, rooms of 1–8 beds, with
    /// some students who have no dormitory and some with a building but no floor or room.
    static func roster(seed: UInt64, count: Int) -> [Examinee] {
        var rng = SplitMix64(seed: seed)
        let buildingCount = rng.int(in: 1...5)
        var result: [Examinee] = []
        for i in 0..<count {
            let number = "S\(String(100_000 + i))"
            let roll = rng.below(100)
            if roll < 6 {
                result.append(examinee(number, nil, nil, nil))
            } else if roll < 9 {
                result.append(examinee(number, "B\(rng.int(in: 1...buildingCount))", nil, nil))
            } else {
                let building = "B\(rng.int(in: 1...buildingCount))"
                let floor = rng.int(in: 1...6)
                let room = "\(floor)\(String(format: "%02d", rng.int(in: 1...(rng.chance(0.5) ? 3 : 12))))"
                result.append(examinee(number, building, floor, room))
            }
        }
        // Fisher–Yates with the seeded generator, so inputs are not already in planning order.
        for i in stride(from: result.count - 1, to: 0, by: -1) { result.swapAt(i, rng.below(i + 1)) }
        return result
    }

    /// A full dormitory: 1–3 buildings of 1–5 floors, 3–10 rooms a floor, mostly rooms of 4 (some of 1–8), shuffled.
    static func dormitory(seed: UInt64) -> [Examinee] {
        var rng = SplitMix64(seed: seed)
        var result: [Examinee] = []
        for b in 1...rng.int(in: 1...3) {
            for floor in 1...rng.int(in: 1...5) {
                for r in 1...rng.int(in: 3...10) {
                    let size = rng.chance(0.6) ? 4 : rng.int(in: 1...8)
                    for _ in 0..<size {
                        result.append(examinee("D\(String(100_000 + result.count))", "D\(b)", floor, "\(floor)\(String(format: "%02d", r))"))
                    }
                }
            }
        }
        for i in stride(from: result.count - 1, to: 0, by: -1) { result.swapAt(i, rng.below(i + 1)) }
        return result
    }

    static let seeds: [UInt64] = [1, 2, 3, 42, 2026, 0xDEAD_BEEF, 7_777_777]

    /// Field names of an error, in order.
    static func fields(_ error: DomainError) -> [String] { error.fieldErrors.map(\.field) }
}

// The roster is GateAccessFakes.swift's GateTestRoster (same test target).

/// A testing store in memory. It answers examinee queries from a roster of students (active or not), keeps campaigns
/// in a dictionary, refuses scans into an unknown campaign and answers every other scan with `sampleAnswer`. As a
/// `LabResultWriter` it keeps tubes (put them with `put(_:)`), flags, voided tubes and retest campaigns in memory and
/// does what each writer method says, so `TestingService.apply` is tested against the real rules.
final class TestingTestStore: TestingStore, @unchecked Sendable {
    struct SampleCall: Equatable {
        var scan: SampleScan
        var by: String
        var at: Date
    }

    /// One `setResult` call.
    struct ResultCall: Equatable {
        var result: TubeResult
        var tubes: [String]
        var by: String
        var at: Date
    }


    private let lock = NSLock()
    private let people: [Student]
    private var byID: [String: (campaign: Campaign, sites: [Site], slots: [Slot])] = [:]
    private var createdPlans: [CampaignPlan] = []
    private var createdRotations: [(rotation: Rotation, plans: [CampaignPlan])] = []
    private var sampleCalls: [SampleCall] = []
    private var resultCalls: [ResultCall] = []
    /// Tubes, flags and retests: the shared in-memory lab writer (Tests/Fakes).
    let lab = MemoryLabResults()
    private var tubesByCode: [String: Tube] = [:]
    private var storedSchedules: [TestingSchedule] = []
    private var activeQueries: [[String]] = []

    var sampleAnswer: Result<SampleReceipt, SampleRefusal> =
        .success(SampleReceipt(tubeCode: "T-1", position: 1, tubeFull: false, poolSize: 10, studentName: "学生"))
    var createAnswer = true

    init(people: [Student] = []) {
        self.people = people
    }

    var plans: [CampaignPlan] { lock.withLock { createdPlans } }
    var rotations: [(rotation: Rotation, plans: [CampaignPlan])] { lock.withLock { createdRotations } }
    var samples: [SampleCall] { lock.withLock { sampleCalls } }
    /// Every `setResult` call, in order.
    var results: [ResultCall] { lock.withLock { resultCalls } }
    var flags: [String: MemoryLabResults.Flag] { lab.flags }
    var voided: [String] { lab.voided }
    /// The retest campaigns stored, in order.
    var retestPlans: [CampaignPlan] { lab.retestPlans }
    /// The `buildings` argument of every `activeExaminees` call.
    var activeBuildingQueries: [[String]] { lock.withLock { activeQueries } }

    func put(_ campaign: Campaign, sites: [Site] = [], slots: [Slot] = []) { lock.withLock { byID[campaign.id] = (campaign, sites, slots) } }
    func put(_ tube: Tube) {
        lock.withLock { tubesByCode[tube.code] = tube }
        lab.put(tube)
    }
    func put(_ schedule: TestingSchedule) { lock.withLock { storedSchedules.append(schedule) } }

    private func examinee(_ s: Student) -> Examinee {
        Examinee(studentNo: s.studentNo, name: s.name, className: s.className, building: s.building, floor: s.floor, room: s.room)
    }

    func activeExaminees(school: SchoolID, buildings: [String]) async throws -> [Examinee] {
        lock.withLock { activeQueries.append(buildings) }
        return people.filter { $0.status == .active && (buildings.isEmpty || $0.building.map(buildings.contains) == true) }
            .map(examinee).sorted(by: Examinee.planningOrder)
    }

    func examinees(school: SchoolID, numbers: [String]) async throws -> [Examinee] {
        people.filter { numbers.contains($0.studentNo) }.map(examinee).sorted(by: Examinee.planningOrder)
    }

    func create(_ plan: CampaignPlan, school: SchoolID) async throws -> Bool {
        lock.withLock {
            createdPlans.append(plan)
            guard createAnswer else { return false }
            byID[plan.campaign.id] = (plan.campaign, plan.sites, plan.slots)
            return true
        }
    }

    func create(_ rotation: Rotation, plans: [CampaignPlan], school: SchoolID, by: String, at: Date) async throws {
        lock.withLock { createdRotations.append((rotation, plans)) }
    }

    func campaigns(school: SchoolID, scope: Scope, limit: Int) async throws -> [CampaignSummary] {
        lock.withLock { byID.values.map { CampaignSummary(campaign: $0.campaign, counts: .init(), tubes: 0, tubesOpen: 0) } }
    }

    func campaign(school: SchoolID, id: String) async throws -> (campaign: Campaign, sites: [Site], slots: [Slot])? {
        lock.withLock { byID[id] }
    }

    func expected(school: SchoolID, campaignId: String, scope: Scope) async throws -> [Examinee] {
        people.filter { GateTestData.covers(scope, $0) }.map(examinee).sorted(by: Examinee.planningOrder)
    }

    func sample(_ scan: SampleScan, school: SchoolID, by: String, at: Date) async throws -> Result<SampleReceipt, SampleRefusal> {
        lock.withLock {
            sampleCalls.append(SampleCall(scan: scan, by: by, at: at))
            guard byID[scan.campaignId] != nil else { return .failure(.unknownCampaign) }
            return sampleAnswer
        }
    }

    func tube(school: SchoolID, code: String) async throws -> Tube? { lock.withLock { tubesByCode[code] } }

    func tubes(school: SchoolID, campaignId: String, status: TubeStatus?, limit: Int) async throws -> [Tube] {
        lock.withLock { tubesByCode.values.filter { $0.campaignId == campaignId } }
    }

    func storedTubes(school: SchoolID, codes: [String]) async throws -> [String: StoredTube] {
        try await lab.storedTubes(school: school, codes: codes)
    }

    func setResult(_ result: TubeResult, tubes: [String], school: SchoolID, by: String, at: Date) async throws
        -> (moved: [String], others: [String: TubeStatus]) {
        lock.withLock { resultCalls.append(ResultCall(result: result, tubes: tubes, by: by, at: at)) }
        return try await lab.setResult(result, tubes: tubes, school: school, by: by, at: at)
    }

    func members(school: SchoolID, tubes: [String]) async throws -> [String: [String]] { try await lab.members(school: school, tubes: tubes) }
    func clearFlags(school: SchoolID, students: [String], at: Date) async throws -> [String] {
        try await lab.clearFlags(school: school, students: students, at: at)
    }
    func void(school: SchoolID, tubes: [String], at: Date) async throws { try await lab.void(school: school, tubes: tubes, at: at) }
    func confirm(school: SchoolID, student: String, tube: String, at: Date) async throws {
        try await lab.confirm(school: school, student: student, tube: tube, at: at)
    }
    func retestCampaign(_ plan: CampaignPlan, school: SchoolID) async throws -> String { try await lab.retestCampaign(plan, school: school) }
    func flag(school: SchoolID, students: [String], tube: String, retest: String, at: Date) async throws {
        try await lab.flag(school: school, students: students, tube: tube, retest: retest, at: at)
    }

    func coverage(school: SchoolID, campaignId: String, groupBy: Coverage.GroupBy, scope: Scope) async throws -> Coverage {
        Coverage(total: .init(), groups: [])
    }

    func missing(school: SchoolID, campaignId: String, scope: Scope, day: DateInterval) async throws -> [MissingStudent] { [] }

    func exempt(school: SchoolID, campaignId: String, studentNo: String, reason: String, by: String, at: Date) async throws -> Bool { true }

    func close(school: SchoolID, campaignId: String, at: Date) async throws -> Bool { true }

    func testing(of studentNo: String, school: SchoolID, since: CampusDay) async throws -> [StudentTesting] { [] }

    func schedules(school: SchoolID) async throws -> [TestingSchedule] { lock.withLock { storedSchedules } }

    func save(_ schedule: TestingSchedule, school: SchoolID, by: String, at: Date) async throws {
        lock.withLock { storedSchedules.append(schedule) }
    }
}

/// Records what a lab report handed to its follow-up.
final class RecordingLabFollowUp: LabReportFollowUp, @unchecked Sendable {
    private let lock = NSLock()
    private var positives: [TestingFinding] = []
    private var clearedStudents: [String] = []
    var findings: [TestingFinding] { lock.withLock { positives } }
    var cleared: [String] { lock.withLock { clearedStudents } }
    func positive(_ findings: [TestingFinding], by: String, at: Date, school: SchoolID) async throws { lock.withLock { positives += findings } }
    func cleared(_ students: [String], note: String, by: String, at: Date, school: SchoolID) async throws { lock.withLock { clearedStudents += students } }
}
