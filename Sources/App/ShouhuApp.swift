import Accounts
import Audit
import CampusKit
import Cases
import CheckIns
import ContactTracing
import Foundation
import GateAccess
import Ledgers
import Logging
import Notifications
import Quarantine
import Reports
import Roster
import Separation
import Storage
import TestingCampaigns
import Web

/// The composition root: one database, the stores over it, the domain services over the stores, and what the
/// web layer needs (it is the `WebServices` the routes are built on). Tests build it on any database;
/// `buildApplication` wraps it in a server. Each domain's service is assembled in `Assembly/Domains.swift`.
public struct ShouhuApp: WebServices {
    public let config: AppConfig
    public let database: Database
    public let clock: any Clock
    public let school: SchoolID
    public let site: WebSite
    public let roster: RosterService
    public let accounts: AccountService
    public let audit: AuditService
    public let checkIns: CheckInService
    public let cases: CaseService
    public let notifications: NotificationService
    public let outboxAdmin: OutboxAdministration
    public let reports: ReportService
    public let overview: OverviewService
    public let gates: GateService
    public let leaves: LeaveService
    public let investigations: InvestigationService
    public let testing: TestingService
    public let quarantine: QuarantineService
    public let sickLeaves: SickLeaveService
    public let keyStudents: KeyStudentService
    public let onCampus: OnCampusLedgerService
    public let separation: SeparationService
    public var signInAttempts: any SignInAttempts { SQLSignInAttempts(database: database) }
    /// Delivers the outbox's e-mail and webhook rows; `OutboxDispatch` runs it while the server runs.
    public let outbox: Dispatcher
    let gateStore: SQLGateStore
    let rosterStore: SQLRosterStore
    let accountStore: SQLAccountStore

    /// Migrates `database`, makes sure the school and the `admin` account exist, and wires the services.
    /// `generatedAdminPassword` is set when a random admin password was created (print it once).
    public static func start(config: AppConfig, database: Database, clock: any Clock = SystemClock(),
                             hasher: (any PasswordHasher)? = nil, initialHasher: (any PasswordHasher)? = nil) async throws -> (app: ShouhuApp, generatedAdminPassword: String?) {
        _ = ShouhuMetrics.registry   // swift-metrics reports to /metrics from the first request on
        let base = try await Groundwork.prepare(config: config, database: database, clock: clock)
        let accountStore = SQLAccountStore(database: database, clock: clock, secrets: base.secrets)
        try await accountStore.sealPlainSecrets()
        let gateStore = SQLGateStore(database: database)
        let cases = base.caseService()
        let app = ShouhuApp(
            config: config, database: database, clock: clock, school: base.school,
            site: WebSite(clock: clock, school: base.school, schoolName: config.schoolName, timeZone: config.timeZone,
                          signInAttemptsPerMinute: config.signInAttemptsPerMinute, trustProxy: config.trustProxy,
                          secureCookies: config.secureCookies),
            roster: base.rosterService(),
            accounts: base.accountService(store: accountStore, hasher: hasher ?? BcryptHasher(), initialHasher: initialHasher ?? BcryptHasher(cost: 8)),
            audit: base.audit,
            checkIns: base.checkInService(cases: cases),
            cases: cases,
            notifications: base.notificationService(),
            outboxAdmin: base.outboxAdministration(),
            reports: base.reportService(),
            overview: base.overviewService(),
            gates: base.gateService(store: gateStore),
            leaves: base.leaveService(gates: gateStore),
            investigations: base.investigationService(),
            testing: base.testingService(cases: cases),
            quarantine: base.quarantineService(cases: cases),
            sickLeaves: base.sickLeaveService(),
            keyStudents: base.keyStudentService(),
            onCampus: base.onCampusLedgerService(),
            separation: base.separationService(),
            outbox: Dispatcher(store: base.notificationStore, couriers: try couriers(config), clock: clock, lease: config.outboxLease),
            gateStore: gateStore, rosterStore: base.rosterStore, accountStore: accountStore)
        let generated = try await app.accounts.ensureAdmin(school: base.school, password: config.adminPassword)
        return (app, generated)
    }

    public func isReady() async -> Bool { await database.isReady() }

    /// An actor with the school-wide rights of the system itself, for the CLI and the demo loader.
    public var systemActor: Actor {
        Actor(school: school, accountID: "system", username: "system", displayName: "系统", kind: .staff,
              roles: [.admin], scope: .school)
    }

    /// Roles and scope of an account from today's roster: staff by staff number, students by student number.
    static func describe(_ account: Account, roster: SQLRosterStore) async throws -> (roles: Set<Role>, scope: Scope) {
        switch account.kind {
        case .staff:
            let member = try await roster.staffMember(school: account.school, number: account.username)
            // `admin` counts only when granted on the account (account administration), even if an older import
            // put it into the staff roster.
            let roles = account.roles.union((member?.roles ?? []).filter { $0 != .admin })
            return (roles, ScopeResolver.scope(roles: roles, staff: member, student: nil))
        case .student:
            let student = try await roster.student(school: account.school, number: account.username, scope: .school)
            var roles: Set<Role> = [.student]
            if let gridRole = student?.gridRole { roles.insert(gridRole == .floorLeader ? .floorLeader : .roomLeader) }
            return (roles, ScopeResolver.scope(roles: roles, staff: nil, student: student))
        }
    }
}
