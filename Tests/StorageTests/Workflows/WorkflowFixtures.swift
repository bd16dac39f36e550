import Cases
import CampusKit
import CheckIns
import Foundation
import Roster
import ShouhuTestSupport
import Storage
import App
import TestingCampaigns

// The services the App composes over the SQL stores (Sources/App/ShouhuApp.swift), with its follow-ups
// (Sources/App/Workflows/CaseWorkflows.swift): what storage tests drive when they prove that work crossing domains — an
// abnormal check-in opening a case and telling people, a lab report opening cases — commits in one transaction or not at all.

/// The failure a follow-up throws after it has done its work.
struct FollowUpFailed: Error, Equatable {}

/// Opens the case and tells people as the App does, then fails: nothing of the check-in may remain.
struct FailingCheckInCases: AbnormalCheckInFollowUp {
    let inner: AbnormalCheckInCases

    func abnormal(_ checkIn: CheckIn, summary: String, school: SchoolID) async throws {
        try await inner.abnormal(checkIn, summary: summary, school: school)
        throw FollowUpFailed()
    }
}

/// Opens the cases and tells people as the App does, then fails: nothing of the lab report may remain.
struct FailingLabReportCases: LabReportFollowUp {
    let inner: LabReportCases

    func positive(_ findings: [TestingFinding], by: String, at: Date, school: SchoolID) async throws {
        try await inner.positive(findings, by: by, at: at, school: school)
        throw FollowUpFailed()
    }

    func cleared(_ students: [String], note: String, by: String, at: Date, school: SchoolID) async throws {
        try await inner.cleared(students, note: note, by: by, at: at, school: school)
    }
}

/// The composed services on one database, at one instant (`clock`).
struct Services: Sendable {
    typealias F = CheckInStoreFixtures

    let database: Database
    let clock: FixedClock
    let audit = MemoryAuditLog()

    init(_ database: Database, at instant: Date) {
        self.database = database
        self.clock = FixedClock(instant)
    }

    var roster: SQLRosterStore { SQLRosterStore(database: database, clock: clock) }

    var cases: CaseService {
        CaseService(store: SQLCaseStore(database: database), roster: roster, inbox: SQLNotificationStore(database: database), work: database,
                    clock: clock, audit: audit)
    }

    /// Check-ins whose abnormal ones `abnormal` follows up (by default as the App does).
    func checkIns(abnormal: (any AbnormalCheckInFollowUp)? = nil) -> CheckInService {
        CheckInService(store: SQLCheckInStore(database: database), roster: roster, work: database,
                       abnormal: abnormal ?? AbnormalCheckInCases(cases: cases), clock: clock, timeZone: F.shanghai, audit: audit)
    }

    /// Mass testing whose lab reports `followUp` follows up (by default as the App does).
    func testing(followUp: (any LabReportFollowUp)? = nil) -> TestingService {
        TestingService(store: SQLTestingStore(database: database), roster: roster, work: database, followUp: followUp ?? LabReportCases(cases: cases),
                       audit: audit, clock: clock, timeZone: F.shanghai)
    }

    // MARK: Who acts

    /// A student signed in as themself.
    static func student(_ number: String) -> Actor {
        Actor(school: F.school, accountID: "acct-\(number)", username: number, displayName: number, kind: .student, roles: [.student],
              scope: Scope(students: [number]))
    }

    /// A staff member with `roles` over `scope`.
    static func staff(_ number: String, roles: Set<Role> = [.counsellor], scope: Scope = .school) -> Actor {
        Actor(school: F.school, accountID: "acct-\(number)", username: number, displayName: number, kind: .staff, roles: roles, scope: scope)
    }

    /// The lab's integration token, which sends results.
    static let lab = Actor(school: F.school, accountID: "token-lab", username: "lab", displayName: "检测机构", kind: .integration, roles: [],
                           tokenScopes: [TestingService.writeScope], scope: .school)
}
