import Accounts
import CampusKit
import Cases
import CheckIns
import ContactTracing
import GateAccess
import Ledgers
import Notifications
import Quarantine
import Reports
import Roster
import Separation
import Storage
import TestingCampaigns

// Each domain's service, assembled from its SQL store(s) and what it needs of other domains. A new domain adds one
// function here, one stored property to `ShouhuApp` (and to `WebServices` if pages or the API use it) and, when it has
// scheduled work, one entry in `ShouhuApp.scheduledJobs`.
extension Groundwork {
    func rosterService() -> RosterService {
        RosterService(store: rosterStore, audit: audit, clock: clock)
    }

    func accountService(store: SQLAccountStore, hasher: any PasswordHasher, initialHasher: any PasswordHasher) -> AccountService {
        let roster = rosterStore
        return AccountService(store: store, hasher: hasher, digest: TokenDigest.sha256, clock: clock, audit: audit, policy: config.access,
                              passwordPolicy: PasswordPolicy(profile: config.passwordProfile), requireTwoFactor: config.requireTwoFactor,
                              initialHasher: initialHasher, describe: { account in try await ShouhuApp.describe(account, roster: roster) })
    }

    func caseService() -> CaseService {
        CaseService(store: SQLCaseStore(database: database), roster: rosterStore, inbox: notificationStore, work: database, clock: clock, audit: audit)
    }

    func notificationService() -> NotificationService {
        NotificationService(store: notificationStore, clock: clock)
    }

    func outboxAdministration() -> OutboxAdministration {
        OutboxAdministration(store: notificationStore, clock: clock, audit: audit)
    }

    /// Check-ins; an abnormal one opens (or adds to) the student's case in the same unit of work.
    func checkInService(cases: CaseService) -> CheckInService {
        CheckInService(store: SQLCheckInStore(database: database), roster: rosterStore, work: database,
                       abnormal: AbnormalCheckInCases(cases: cases), clock: clock, timeZone: timeZone, audit: audit)
    }

    func reportService() -> ReportService {
        ReportService(store: SQLReportStore(database: database), clock: clock, timeZone: timeZone, audit: audit)
    }

    /// The leadership dashboard: counts only, read from the same queries as the pages it summarises.
    func overviewService() -> OverviewService {
        OverviewService(store: SQLOverviewStore(database: database), clock: clock, timeZone: timeZone)
    }

    func gateService(store: SQLGateStore) -> GateService {
        GateService(store: store, roster: rosterStore, audit: audit, clock: clock, timeZone: timeZone)
    }

    func leaveService(gates: SQLGateStore) -> LeaveService {
        LeaveService(store: SQLLeaveStore(database: database), gates: gates, roster: rosterStore, clock: clock, audit: audit)
    }

    func investigationService() -> InvestigationService {
        InvestigationService(source: SQLTracingSource(database: database), store: SQLInvestigationStore(database: database),
                             roster: rosterStore, audit: audit, clock: clock)
    }

    /// Quarantine, placing from investigations and positive tubes; an abnormal health record opens (or adds to) the student's case in the record's unit of work.
    func quarantineService(cases: CaseService) -> QuarantineService {
        QuarantineService(store: SQLQuarantineStore(database: database, timeZone: timeZone), roster: rosterStore,
                          contacts: InvestigationContactList(store: SQLInvestigationStore(database: database)),
                          tubes: TestingTubeMembers(store: SQLTestingStore(database: database)),
                          abnormal: AbnormalQuarantineRecordCases(cases: cases), work: database, clock: clock, timeZone: timeZone, audit: audit)
    }

    /// Sick leave and its daily follow-up; students of the roster, read within scope.
    func sickLeaveService() -> SickLeaveService {
        SickLeaveService(store: SQLSickLeaveStore(database: database), roster: rosterStore, clock: clock, timeZone: timeZone, audit: audit)
    }

    /// Key students (重点学生): flags and their history, students of the roster read within scope.
    func keyStudentService() -> KeyStudentService {
        KeyStudentService(store: SQLKeyStudentStore(database: database), roster: rosterStore, clock: clock, timeZone: timeZone, audit: audit)
    }

    /// The on-campus ledger: the roster's active students with the gates' passages and approved leaves as of a day.
    func onCampusLedgerService() -> OnCampusLedgerService {
        OnCampusLedgerService(store: SQLOnCampusStore(database: database), roster: rosterStore, clock: clock, timeZone: timeZone, audit: audit)
    }

    /// Mass testing; a lab report's positives open cases in the report's unit of work.
    func testingService(cases: CaseService) -> TestingService {
        TestingService(store: SQLTestingStore(database: database), roster: rosterStore, work: database,
                       followUp: LabReportCases(cases: cases), audit: audit, clock: clock, timeZone: timeZone)
    }

    /// Space-time separation: plans made on the thread pool within the planner's budget, adherence read from the
    /// access events and the roster's units.
    func separationService() -> SeparationService {
        SeparationService(store: SQLSeparationStore(database: database), sightings: SQLFacilitySightings(database: database),
                          members: RosterGroupMembers(roster: rosterStore), solver: PooledSeparationSolver(planner: Planner(budget: .seconds(1))),
                          clock: clock, timeZone: timeZone, audit: audit)
    }
}
