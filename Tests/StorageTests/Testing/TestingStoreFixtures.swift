import CampusKit
import Cases
import Foundation
import GateAccess
import Roster
import ShouhuTestSupport
import Storage
import TestingCampaigns

/// The check-in fixture roster (`CheckInStoreFixtures`: active 001–005 and 007, 006 suspended, 008 off campus)
/// plus 20 active students in 9号楼 (rooms 901–905, four each; counsellor T009, building leader B009), and helpers to plan,
/// swab and apply results.
enum TestingStoreFixtures {
    typealias F = CheckInStoreFixtures

    static func extraNo(_ i: Int) -> String { "20230000" + (i < 10 ? "0\(i)" : "\(i)") }

    static let extra: [Student] = (0..<20).map { i in
        Student(studentNo: extraNo(i), name: "学\(i)", college: F.info, className: "信息2103", campus: "南校区", building: "9号楼",
                floor: 1, room: "90\(i / 4 + 1)", counsellor: "T009")
    }

    static let students = F.students + extra
    /// Every active student of the roster.
    static let active: Set<String> = Set(students.filter { $0.status == .active }.map(\.studentNo))

    struct Stores: Sendable {
        let database: Database
        var testing: SQLTestingStore { SQLTestingStore(database: database) }
        var gates: SQLGateStore { SQLGateStore(database: database) }
        var caseStores: F.Stores { F.Stores(database: database) }
    }

    static func withStores(_ engine: TestEngine, _ body: (Stores) async throws -> Void) async throws {
        try await F.withDatabase(engine, students: students) { database in try await body(Stores(database: database)) }
    }

    /// A campaign on `day`: full (every active student of `buildings`) or targeted (`students`).
    static func plan(_ store: SQLTestingStore, id: String = UUID().uuidString.lowercased(), kind: Campaign.Kind = .full,
                     day: CampusDay = F.day, poolSize: Int = 10, buildings: [String] = [], students: [String] = [],
                     purpose: Campaign.Purpose = .screening, origin: String? = nil) async throws -> CampaignPlan {
        let expected = kind == .full ? try await store.activeExaminees(school: F.school, buildings: buildings)
            : try await store.examinees(school: F.school, numbers: students)
        let draft = ValidDraft(name: "检测 \(id.prefix(8))", day: day, kind: kind, poolSize: poolSize, buildings: buildings, students: students,
                               startMinute: 7 * 60)
        return SlotPlanner.campaign(draft, expected: expected, id: id, purpose: purpose, origin: origin, by: "admin", at: F.at(7))
    }

    /// Plans and stores a campaign; fails unless it was stored.
    static func campaign(_ store: SQLTestingStore, kind: Campaign.Kind = .full, poolSize: Int = 10, buildings: [String] = [],
                         students: [String] = [], origin: String? = nil) async throws -> Campaign {
        let p = try await plan(store, kind: kind, poolSize: poolSize, buildings: buildings, students: students, origin: origin)
        guard try await store.create(p, school: F.school) else { throw DomainError(.conflict, "campaign \(p.campaign.id) not stored") }
        return p.campaign
    }

    static func sample(_ store: SQLTestingStore, _ campaign: String, _ tube: String, _ student: String,
                       at: Date = F.at(8)) async throws -> Result<SampleReceipt, SampleRefusal> {
        try await store.sample(SampleScan(campaignId: campaign, tubeCode: tube, studentNo: student), school: F.school, by: "T001", at: at)
    }

    /// Swabs every student into `tube`; fails unless each is stored.
    static func fill(_ store: SQLTestingStore, _ campaign: String, _ tube: String, _ students: [String]) async throws {
        for s in students {
            if case .failure(let refusal) = try await sample(store, campaign, tube, s) {
                throw DomainError(.conflict, "swab of \(s) into \(tube) refused: \(refusal)")
            }
        }
    }

    /// A lab report at `at` (10:00 by default) from the lab, applied by the composed testing service: the tubes, their
    /// consequences and the cases and notifications they raise in one unit of work (`followUp`: as the App does by default).
    static func apply(_ stores: Stores, _ results: [(String, TubeResult)], at: Date = F.at(10),
                      followUp: (any LabReportFollowUp)? = nil) async throws -> ResultOutcome {
        try await Services(stores.database, at: at).testing(followUp: followUp)
            .apply(results.map { LabResult(tubeCode: $0.0, result: $0.1) }, by: Services.lab)
    }

    /// Whether the gate sees `student` waiting for a retest.
    static func pendingRetest(_ stores: Stores, _ student: String) async throws -> Bool {
        let point = AccessPoint(code: "b1-door", name: "1号楼门", kind: .buildingDoor, place: "1号楼")
        guard let facts = try await stores.gates.facts(school: F.school, studentNo: student, point: point, day: F.day, at: F.at(11)) else {
            throw DomainError(.notFound, "no facts for \(student)")
        }
        return facts.pendingRetest
    }

    static func everyCampaign(_ store: SQLTestingStore) async throws -> [CampaignSummary] {
        try await store.campaigns(school: F.school, scope: .school, limit: 200)
    }
}
