import Cases
import CampusKit
import CheckIns
import Foundation
import Roster
import ShouhuTestSupport
import Storage

/// A small roster for check-in and case tests, and check-ins at given school times.
///
/// | No  | Name | College | Class  | Campus | Building | Floor | Room | Status     |
/// | 001 | 甲   | 信息     | 信息2101 | 南校区  | 1号楼     | 1     | 101  | active     |
/// | 002 | 乙   | 信息     | 信息2101 | 南校区  | 1号楼     | 1     | 101  | active     |
/// | 003 | 丙   | 信息     | 信息2101 | 南校区  | 1号楼     | 2     | 201  | active     |
/// | 004 | 丁   | 信息     | 信息2102 | 南校区  | 1号楼     | 2     | 202  | active     |
/// | 005 | 戊   | 机电     | 机电2101 | 北校区  | 6号楼     | 3     | 301  | active     |
/// | 006 | 己   | 机电     | 机电2102 | 北校区  | 6号楼     | 3     | 302  | suspended  |
/// | 007 | 庚   | 机电     | 机电2101 | 北校区  | –        | –     | –    | active     |
/// | 008 | 辛   | 信息     | 信息2101 | 南校区  | 1号楼     | 1     | 102  | off campus |
///
/// Staff, who hear of a student's case (`CaseAudience`: the student's counsellor and the leaders of the student's building):
///
/// | No   | Roles            | Scope                |
/// | T001 | counsellor       | 信息2101, 信息2102     |
/// | T002 | counsellor       | 机电2101, 机电2102     |
/// | T009 | counsellor       | 信息2103              |
/// | B001 | building leader  | 1号楼                 |
/// | B006 | building leader  | 6号楼                 |
/// | B009 | building leader  | 9号楼                 |
/// | C001 | class teacher    | 信息2101              |
/// | V001 | vehicle leader   | 1号楼 (a building, but not a building leader) |
enum CheckInStoreFixtures {
    static let school = SchoolID.main
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static let day = CampusDay("2026-03-02")!
    static let previousDay = CampusDay("2026-03-01")!
    static let nextDay = CampusDay("2026-03-03")!

    static let info = "信息工程学院"
    static let mech = "机电工程学院"

    /// The instant at `hour:minute:second` school time on `day`.
    static func at(_ hour: Int, _ minute: Int = 0, _ second: Int = 0, on day: CampusDay = day) -> Date {
        CheckInPolicy.instant(day, minutes: hour * 60 + minute, in: shanghai).addingTimeInterval(TimeInterval(second))
    }

    static func no(_ n: Int) -> String { "202100000\(n)" }

    static let students: [Student] = [
        Student(studentNo: no(1), name: "甲", gender: .female, college: info, className: "信息2101", campus: "南校区", building: "1号楼",
                floor: 1, room: "101", bed: "1", counsellor: "T001"),
        Student(studentNo: no(2), name: "乙", gender: .male, college: info, className: "信息2101", campus: "南校区", building: "1号楼",
                floor: 1, room: "101", bed: "2", counsellor: "T001", gridRole: .roomLeader),
        Student(studentNo: no(3), name: "丙", college: info, className: "信息2101", campus: "南校区", building: "1号楼",
                floor: 2, room: "201", counsellor: "T001", gridRole: .floorLeader),
        Student(studentNo: no(4), name: "丁", college: info, className: "信息2102", campus: "南校区", building: "1号楼",
                floor: 2, room: "202", counsellor: "T001"),
        Student(studentNo: no(5), name: "戊", college: mech, className: "机电2101", campus: "北校区", building: "6号楼",
                floor: 3, room: "301", counsellor: "T002"),
        Student(studentNo: no(6), name: "己", college: mech, className: "机电2102", campus: "北校区", building: "6号楼",
                floor: 3, room: "302", counsellor: "T002", status: .suspended),
        Student(studentNo: no(7), name: "庚", college: mech, className: "机电2101", campus: "北校区", counsellor: "T002"),
        Student(studentNo: no(8), name: "辛", college: info, className: "信息2101", campus: "南校区", building: "1号楼",
                floor: 1, room: "102", counsellor: "T001", status: .offCampus),
    ]

    static let staff: [StaffMember] = [
        StaffMember(staffNo: "T001", name: "辅导员一", roles: [.counsellor], scope: ["信息2101", "信息2102"]),
        StaffMember(staffNo: "T002", name: "辅导员二", roles: [.counsellor], scope: ["机电2101", "机电2102"]),
        StaffMember(staffNo: "T009", name: "辅导员九", roles: [.counsellor], scope: ["信息2103"]),
        StaffMember(staffNo: "B001", name: "楼长一", roles: [.buildingLeader], scope: ["1号楼"]),
        StaffMember(staffNo: "B006", name: "楼长六", roles: [.buildingLeader], scope: ["6号楼"]),
        StaffMember(staffNo: "B009", name: "楼长九", roles: [.buildingLeader], scope: ["9号楼"]),
        StaffMember(staffNo: "C001", name: "班主任", roles: [.classTeacher], scope: ["信息2101"]),
        StaffMember(staffNo: "V001", name: "车辆负责人", roles: [.vehicleLeader], scope: ["1号楼"]),
    ]

    /// A migrated database with the school, `students` and `staff`.
    static func withDatabase(_ engine: TestEngine, students: [Student] = students, staff: [StaffMember] = staff,
                             _ body: (Database) async throws -> Void) async throws {
        try await TestDatabase.with(engine) { database in
            try await Migrator(database: database).migrate()
            let roster = SQLRosterStore(database: database, clock: FixedClock(at(7)))
            try await roster.ensureSchool(school, name: "测试学院", timeZone: "Asia/Shanghai")
            let counts = try await roster.importStudents(school: school, dryRun: false) { _ in
                ImportPlan(create: students, update: [], unchanged: 0)
            }
            guard counts.created == students.count else { throw DomainError(.conflict, "fixture import created \(counts.created)") }
            let staffCounts = try await roster.importStaff(school: school, dryRun: false) { _ in
                ImportPlan(create: staff, update: [], unchanged: 0)
            }
            guard staffCounts.created == staff.count else { throw DomainError(.conflict, "fixture staff import created \(staffCounts.created)") }
            try await body(database)
        }
    }

    /// The stores under test, on one database.
    struct Stores: Sendable {
        let database: Database
        var checkIns: SQLCheckInStore { SQLCheckInStore(database: database) }
        var cases: SQLCaseStore { SQLCaseStore(database: database) }
        var notifications: SQLNotificationStore { SQLNotificationStore(database: database) }
    }

    static func withStores(_ engine: TestEngine, students: [Student] = students, _ body: (Stores) async throws -> Void) async throws {
        try await withDatabase(engine, students: students) { database in try await body(Stores(database: database)) }
    }

    /// Every case of the school, newest first.
    static func allCases(_ stores: Stores, _ filter: CaseFilter = CaseFilter()) async throws -> [Case] {
        try await stores.cases.cases(school: school, filter: filter, scope: .school, page: PageRequest(limit: 1000)).items
    }

    /// A check-in of `studentNo` at `at`, late as the standard timetable says unless `late` is given.
    static func checkIn(_ studentNo: String, at: Date, id: String = UUID().uuidString.lowercased(),
                        answers: Answers = Answers(temperature: 36.5), late: Bool? = nil, channel: CheckIn.Channel = .api,
                        client: ClientInfo = ClientInfo()) -> CheckIn {
        CheckIn(id: id, studentNo: studentNo, day: CampusDay(at, in: shanghai), submittedAt: at, answers: answers,
                late: late ?? CheckInPolicy.standard.isLate(at, in: shanghai), submittedBy: studentNo, channel: channel, client: client)
    }

    static let fever = Answers(temperature: 38.2, symptoms: [.fever, .cough])
    /// What `CheckInService.summary` says of `fever`: the line a case opened by it carries.
    static let feverSummary = "体温 38.2℃；症状：发热、咳嗽"

    /// Records `checkIn` and returns its receipt; fails the test when it was not recorded anew.
    @discardableResult
    static func record(_ store: SQLCheckInStore, _ checkIn: CheckIn, claim: IdempotencyClaim? = nil) async throws -> Receipt {
        let outcome = try await store.record(checkIn, school: school, claim: claim)
        guard case .recorded(let receipt) = outcome else { throw DomainError(.conflict, "expected .recorded, got \(outcome)") }
        return receipt
    }

    /// `answers` submitted at `at` through the composed check-in service (an abnormal one opens or adds to the
    /// student's case and tells people, in the check-in's transaction), by the student unless `by` is given.
    @discardableResult
    static func submit(_ database: Database, _ studentNo: String, at: Date, answers: Answers = fever, by actor: Actor? = nil,
                       key: String? = nil, abnormal: (any AbnormalCheckInFollowUp)? = nil) async throws -> (receipt: Receipt, replayed: Bool) {
        let services = Services(database, at: at)
        let submission = Submission(studentNo: studentNo, temperature: answers.temperature, symptoms: answers.symptoms.map(\.rawValue),
                                    onCampus: answers.onCampus, city: answers.city, healthCode: answers.healthCode.rawValue, riskContact: answers.riskContact, remark: answers.remark)
        return try await services.checkIns(abnormal: abnormal).submit(submission, by: actor ?? Services.student(studentNo), idempotencyKey: key)
    }
}
