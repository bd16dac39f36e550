import CampusKit
import Foundation

/// A tube as the store holds it when a lab report arrives.
public struct StoredTube: Sendable, Equatable {
    public var code: String
    public var status: TubeStatus
    public var poolSize: Int

    public init(code: String, status: TubeStatus, poolSize: Int) {
        self.code = code
        self.status = status
        self.poolSize = poolSize
    }
}

/// What a lab report's results mean, as values: which tubes to move, and what each moved tube sets in motion for
/// its students. The store loads and applies; `TestingService.apply` drives both in one unit of work.
public enum LabReport {
    /// A report sorted against the tubes as stored.
    public struct Sorting: Sendable, Equatable {
        /// Codes no campaign of the school knows.
        public var unknown: [String] = []
        /// Tubes that already carry the reported result (a report sent twice).
        public var alreadyApplied = 0
        /// Tubes that carry another result; left alone.
        public var conflicts: [String] = []
        /// Open tubes to move to each result, in report order.
        public var moves: [TubeResult: [String]] = [:]
        public init() {}
    }

    /// Sorts `results` (the first line of a tube counts; `LabResult.parse` refuses two different ones) against `stored`.
    public static func sort(_ results: [LabResult], stored: [String: StoredTube]) -> Sorting {
        var sorting = Sorting()
        var seen = Set<String>()
        for r in results where seen.insert(r.tubeCode).inserted {
            guard let tube = stored[r.tubeCode] else { sorting.unknown.append(r.tubeCode); continue }
            if tube.status.rawValue == r.result.rawValue { sorting.alreadyApplied += 1; continue }
            guard tube.status == .open else { sorting.conflicts.append(r.tubeCode); continue }
            sorting.moves[r.result, default: []].append(r.tubeCode)
        }
        return sorting
    }

    /// Tubes the store found no longer open when it came to move them (another report moved them meanwhile): the
    /// same result counts as applied, another is a conflict.
    public static func settle(_ result: TubeResult, lost: [String: TubeStatus], into sorting: inout Sorting) {
        for (code, status) in lost.sorted(by: { $0.key < $1.key }) {
            if status.rawValue == result.rawValue { sorting.alreadyApplied += 1 } else { sorting.conflicts.append(code) }
        }
    }

    /// What the tubes this report moved mean for their students, in the order to apply: individual negatives clear
    /// retest flags; invalid tubes void their swabs (the students are sampled again); an individual positive confirms
    /// its student; a pooled positive flags every member for an individual retest in a retest campaign of its own.
    public static func consequences(moved: [TubeResult: [String]], stored: [String: StoredTube],
                                    members: [String: [String]]) -> [TestingEffect] {
        func individual(_ code: String) -> Bool { stored[code]?.poolSize == 1 }
        var effects: [TestingEffect] = []
        let negatives = (moved[.negative] ?? []).filter(individual).flatMap { members[$0] ?? [] }
        if !negatives.isEmpty { effects.append(.clearFlags(students: negatives)) }
        let invalid = moved[.invalid] ?? []
        if !invalid.isEmpty { effects.append(.void(tubes: invalid, students: invalid.flatMap { members[$0] ?? [] })) }
        for tube in moved[.positive] ?? [] {
            let students = members[tube] ?? []
            guard !students.isEmpty else { continue }
            if individual(tube) {
                effects += students.map { .confirm(tube: tube, student: $0) }
            } else {
                effects.append(.retest(tube: tube, students: students))
            }
        }
        return effects
    }

    /// The timeline line of a student whose individual tube was positive.
    public static func confirmedSummary(tube: String) -> String { "单管核酸检测阳性（试管 \(tube)）(individual test positive)" }

    /// The timeline line of each member of a positive pooled tube.
    public static func pooledSummary(tube: String, members: Int) -> String {
        "混管核酸阳性（试管 \(tube)，\(members) 人混采），需单人单管复检 (pooled tube positive: individual retest)"
    }

    /// The note on a flagged student's case when the individual retest is negative.
    public static let retestNegativeNote = "单管复检阴性，解除复检标记 (individual retest negative)"

    /// The name of the retest campaign of a positive pooled tube.
    public static func retestName(tube: String) -> String { "单管复检：混管 \(tube)" }
}

/// One thing a lab report sets in motion (see `LabReport.consequences`).
public enum TestingEffect: Sendable, Equatable {
    /// Individual retests came back negative: the students' pending flags are cleared.
    case clearFlags(students: [String])
    /// The tubes were invalid: their swabs no longer count and their students are to be sampled again.
    case void(tubes: [String], students: [String])
    /// An individual tube was positive: its student is confirmed.
    case confirm(tube: String, student: String)
    /// A pooled tube was positive: every member is flagged for an individual retest.
    case retest(tube: String, students: [String])
}

/// A student a lab report concerns, for the case the App opens or adds to.
public struct TestingFinding: Sendable, Equatable {
    public var studentNo: String
    public var summary: String
    public init(studentNo: String, summary: String) {
        self.studentNo = studentNo
        self.summary = summary
    }
}

/// What else a lab report sets in motion, in its unit of work: the App opens or adds to the students' testing
/// cases and tells the people responsible, and notes cleared retests on the open cases.
public protocol LabReportFollowUp: Sendable {
    func positive(_ findings: [TestingFinding], by: String, at: Date, school: SchoolID) async throws
    func cleared(_ students: [String], note: String, by: String, at: Date, school: SchoolID) async throws
}

/// What applying a lab report writes, inside its unit of work.
public protocol LabResultWriter: Sendable {
    /// The tubes of `codes` the school knows, by code.
    func storedTubes(school: SchoolID, codes: [String]) async throws -> [String: StoredTube]
    /// Sets `result` on those of `tubes` still open. Returns the codes moved now, and the status of the others
    /// as they are now (a concurrent report moved them first).
    func setResult(_ result: TubeResult, tubes: [String], school: SchoolID, by: String, at: Date) async throws
        -> (moved: [String], others: [String: TubeStatus])
    /// The students in each tube, in the order they were swabbed.
    func members(school: SchoolID, tubes: [String]) async throws -> [String: [String]]
    /// Clears the pending retest flags of `students`; returns the students whose flag was cleared now.
    func clearFlags(school: SchoolID, students: [String], at: Date) async throws -> [String]
    /// Voids the swabs in `tubes`: their students count as not sampled.
    func void(school: SchoolID, tubes: [String], at: Date) async throws
    /// Records `student` confirmed positive by the individual tube `tube`, resolving a pending flag.
    func confirm(school: SchoolID, student: String, tube: String, at: Date) async throws
    /// Stores a retest campaign unless one of the same origin exists; the id of the one that stands.
    func retestCampaign(_ plan: CampaignPlan, school: SchoolID) async throws -> String
    /// Flags `students` (members of the positive pooled `tube`) for their retest in campaign `retest`.
    func flag(school: SchoolID, students: [String], tube: String, retest: String, at: Date) async throws
}
