import Accounts
import Audit
import CampusKit
import Cases
import CheckIns
import ContactTracing
import Foundation
import GateAccess
import Ledgers
import Notifications
import Quarantine
import Reports
import Roster
import Separation
import TestingCampaigns

/// What the web layer needs from the rest of the app: each domain's service, the workflows that cross domains, and
/// the site's settings. The composition root (`ShouhuApp`) conforms, so a new domain adds one requirement here and one
/// stored property there; nothing is copied into a second initialiser.
public protocol WebServices: Sendable {
    var site: WebSite { get }

    var roster: RosterService { get }
    var accounts: AccountService { get }
    var audit: AuditService { get }
    var checkIns: CheckInService { get }
    var cases: CaseService { get }
    var notifications: NotificationService { get }
    /// The administrator's side of the outbox: group robots and dead letters.
    var outboxAdmin: OutboxAdministration { get }
    var reports: ReportService { get }
    var overview: OverviewService { get }
    var gates: GateService { get }
    var leaves: LeaveService { get }
    var investigations: InvestigationService { get }
    var testing: TestingService { get }
    var quarantine: QuarantineService { get }
    var sickLeaves: SickLeaveService { get }
    var keyStudents: KeyStudentService { get }
    var onCampus: OnCampusLedgerService { get }
    var separation: SeparationService { get }

    /// Sign-in attempts per client address, shared by every server (the sign-in limit).
    var signInAttempts: any SignInAttempts { get }

    /// True when the database answers (`/readyz`).
    func isReady() async -> Bool
    /// `/metrics`: the Prometheus text of the process (requests, jobs) and the outbox's backlog.
    func metricsText() async throws -> String
    /// First credentials for the students matching a filter, within the actor's scope (an App workflow).
    func issueActivationCodes(matching filter: StudentFilter, by actor: Actor) async throws -> [InitialCredential]
    /// Reminds every student in the actor's scope who has not checked in today; returns how many (an App workflow).
    func remindMissing(by actor: Actor) async throws -> Int
    /// Asks for leave and tells whoever decides it (an App workflow).
    func requestLeave(_ request: LeaveRequest, by actor: Actor) async throws -> Leave
    /// Approves, refuses or withdraws a leave and tells the student (an App workflow).
    func decideLeave(_ id: String, decision: LeaveDecision, note: String?, by actor: Actor) async throws -> Leave
    /// Plans a campaign and tells each student their slot (an App workflow).
    func createCampaign(_ draft: CampaignDraft, by actor: Actor) async throws -> CampaignPlan
    /// Plans a rotation and tells each student their day and slot (an App workflow).
    func createRotation(_ draft: RotationDraft, by actor: Actor) async throws -> Rotation
}

/// The site's settings the web layer reads: which school it serves, its clock and time zone, and how it sits behind
/// the network.
public struct WebSite: Sendable {
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
    /// What the server is still loading after it began to answer; every page says so while it runs.
    public var background: BackgroundWork

    public init(clock: any Clock, school: SchoolID, schoolName: String, timeZone: TimeZone, signInAttemptsPerMinute: Int = 30,
                trustProxy: Bool = false, secureCookies: Bool? = nil, background: BackgroundWork = BackgroundWork()) {
        self.clock = clock
        self.school = school
        self.schoolName = schoolName
        self.timeZone = timeZone
        self.signInAttemptsPerMinute = signInAttemptsPerMinute
        self.trustProxy = trustProxy
        self.secureCookies = secureCookies
        self.background = background
    }
}

extension WebServices {
    var clock: any Clock { site.clock }
    var school: SchoolID { site.school }
    var timeZone: TimeZone { site.timeZone }
}
