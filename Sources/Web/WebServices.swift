import Accounts
import Audit
import CampusKit
import Cases
import CheckIns
import ContactTracing
import Foundation
import GateAccess
import Notifications
import Reports
import Roster
import TestingCampaigns

/// What the web layer needs from the rest of the app; built by the composition root.
public struct WebServices: Sendable {
    public var roster: RosterService
    public var accounts: AccountService
    public var audit: AuditService
    public var checkIns: CheckInService
    public var cases: CaseService
    public var notifications: NotificationService
    public var reports: ReportService
    public var gates: GateService
    public var leaves: LeaveService
    public var investigations: InvestigationService
    public var testing: TestingService
    public var clock: any Clock
    public var school: SchoolID
    public var schoolName: String
    public var timeZone: TimeZone
    /// Sign-in answers per client address per minute before 429 (integration traffic is never throttled).
    public var signInAttemptsPerMinute: Int
    /// Take the client address from `X-Forwarded-For` (only behind a proxy that sets it).
    public var trustProxy: Bool
    /// Whether cookies carry `Secure`: nil decides per request (secure unless reached at a loopback address).
    public var secureCookies: Bool?
    /// True when the database answers (`/readyz`).
    public var isReady: @Sendable () async -> Bool
    /// First credentials for the students matching a filter, within the actor's scope (an App workflow).
    public var issueActivationCodes: @Sendable (StudentFilter, Actor) async throws -> [InitialCredential]
    /// Asks for leave and tells the counsellor (an App workflow).
    public var requestLeave: @Sendable (LeaveRequest, Actor) async throws -> Leave
    /// Approves (`approve`), refuses (`refuse`) or withdraws (`cancel`) a leave and tells the student (an App workflow).
    public var decideLeave: @Sendable (_ id: String, _ decision: String, _ note: String?, Actor) async throws -> Leave

    public init(roster: RosterService, accounts: AccountService, audit: AuditService, checkIns: CheckInService, cases: CaseService,
                notifications: NotificationService, reports: ReportService, gates: GateService, leaves: LeaveService,
                investigations: InvestigationService, testing: TestingService, clock: any Clock, school: SchoolID,
                schoolName: String, timeZone: TimeZone, signInAttemptsPerMinute: Int = 30, trustProxy: Bool = false, secureCookies: Bool? = nil,
                isReady: @escaping @Sendable () async -> Bool,
                issueActivationCodes: @escaping @Sendable (StudentFilter, Actor) async throws -> [InitialCredential],
                requestLeave: @escaping @Sendable (LeaveRequest, Actor) async throws -> Leave,
                decideLeave: @escaping @Sendable (String, String, String?, Actor) async throws -> Leave) {
        self.roster = roster
        self.accounts = accounts
        self.audit = audit
        self.checkIns = checkIns
        self.cases = cases
        self.notifications = notifications
        self.reports = reports
        self.gates = gates
        self.leaves = leaves
        self.investigations = investigations
        self.testing = testing
        self.clock = clock
        self.school = school
        self.schoolName = schoolName
        self.timeZone = timeZone
        self.signInAttemptsPerMinute = signInAttemptsPerMinute
        self.trustProxy = trustProxy
        self.secureCookies = secureCookies
        self.isReady = isReady
        self.issueActivationCodes = issueActivationCodes
        self.requestLeave = requestLeave
        self.decideLeave = decideLeave
    }
}
