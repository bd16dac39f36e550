import Accounts
import Audit
import CampusKit
import Cases
import CheckIns
import ContactTracing
import Foundation
import GateAccess
import Logging
import Notifications
import Reports
import Roster
import Storage
import TestingCampaigns
import Web

/// The composition root: one database, the stores over it, the domain services over the stores, and what the
/// web layer needs. Tests build it on any database; `buildApplication` wraps it in a server.
public struct ShouhuApp: Sendable {
    public let config: AppConfig
    public let database: Database
    public let clock: any Clock
    public let school: SchoolID
    public let roster: RosterService
    public let accounts: AccountService
    public let audit: AuditService
    public let checkIns: CheckInService
    public let cases: CaseService
    public let notifications: NotificationService
    public let reports: ReportService
    public let gates: GateService
    public let leaves: LeaveService
    public let investigations: InvestigationService
    public let testing: TestingService
    let gateStore: SQLGateStore
    let rosterStore: SQLRosterStore
    let accountStore: SQLAccountStore

    /// Migrates `database`, makes sure the school and the `admin` account exist, and wires the services.
    /// `generatedAdminPassword` is set when a random admin password was created (print it once).
    public static func start(config: AppConfig, database: Database, clock: any Clock = SystemClock(),
                             hasher: (any PasswordHasher)? = nil, initialHasher: (any PasswordHasher)? = nil) async throws -> (app: ShouhuApp, generatedAdminPassword: String?) {
        try await Migrator(database: database).migrate()
        let school = SchoolID.main
        let rosterStore = SQLRosterStore(database: database, clock: clock)
        try await rosterStore.ensureSchool(school, name: config.schoolName, timeZone: config.timeZone.identifier)
        let secrets = try SecretBox(key: try config.secretKey ?? SecretKeyFile.key(for: config.database))
        let accountStore = SQLAccountStore(database: database, clock: clock, secrets: secrets)
        try await accountStore.sealPlainSecrets()
        let audit = AuditService(store: SQLAuditStore(database: database, key: try config.resolvedAuditKey()))
        let gateStore = SQLGateStore(database: database)
        let notificationStore = SQLNotificationStore(database: database)
        let cases = CaseService(store: SQLCaseStore(database: database), roster: rosterStore, inbox: notificationStore, work: database,
                                clock: clock, audit: audit)
        let accounts = AccountService(
            store: accountStore, hasher: hasher ?? BcryptHasher(), digest: TokenDigest.sha256, clock: clock, audit: audit,
            policy: config.access, passwordPolicy: PasswordPolicy(profile: config.passwordProfile),
            requireTwoFactor: config.requireTwoFactor, initialHasher: initialHasher ?? BcryptHasher(cost: 8), describe: { account in try await Self.describe(account, roster: rosterStore) })
        let app = ShouhuApp(config: config, database: database, clock: clock, school: school,
                            roster: RosterService(store: rosterStore, audit: audit, clock: clock), accounts: accounts, audit: audit,
                            checkIns: CheckInService(store: SQLCheckInStore(database: database), roster: rosterStore, work: database,
                                                     abnormal: AbnormalCheckInCases(cases: cases), clock: clock, timeZone: config.timeZone, audit: audit),
                            cases: cases,
                            notifications: NotificationService(store: notificationStore, clock: clock),
                            reports: ReportService(store: SQLReportStore(database: database), clock: clock, timeZone: config.timeZone, audit: audit),
                            gates: GateService(store: gateStore, roster: rosterStore, audit: audit, clock: clock, timeZone: config.timeZone),
                            leaves: LeaveService(store: SQLLeaveStore(database: database), gates: gateStore, roster: rosterStore, clock: clock, audit: audit),
                            investigations: InvestigationService(source: SQLTracingSource(database: database),
                                                                 store: SQLInvestigationStore(database: database), roster: rosterStore,
                                                                 audit: audit, clock: clock),
                            testing: TestingService(store: SQLTestingStore(database: database), roster: rosterStore, work: database,
                                                    followUp: LabReportCases(cases: cases), audit: audit, clock: clock, timeZone: config.timeZone),
                            gateStore: gateStore, rosterStore: rosterStore, accountStore: accountStore)
        let generated = try await accounts.ensureAdmin(school: school, password: config.adminPassword)
        return (app, generated)
    }

    /// What the web layer needs.
    public var webServices: WebServices {
        let database = self.database
        return WebServices(roster: roster, accounts: accounts, audit: audit, checkIns: checkIns, cases: cases,
                           notifications: notifications, reports: reports, gates: gates, leaves: leaves,
                           investigations: investigations, testing: testing, clock: clock, school: school,
                           schoolName: config.schoolName, timeZone: config.timeZone,
                           signInAttemptsPerMinute: config.signInAttemptsPerMinute, trustProxy: config.trustProxy, secureCookies: config.secureCookies,
                           isReady: { await database.isReady() },
                           issueActivationCodes: { filter, actor in try await self.issueActivationCodes(matching: filter, by: actor) },
                           requestLeave: { request, actor in try await self.requestLeave(request, by: actor) },
                           decideLeave: { id, decision, note, actor in try await self.decideLeave(id, decision: decision, note: note, by: actor) })
    }

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
