import Accounts
import CampusKit
import Cases
import Ledgers
import CheckIns
import ContactTracing
import Quarantine
import Reports
import Roster
import Separation
import TestingCampaigns

/// Who may call each `/api/v1` operation at all, keyed by method and the path as `openapi.yaml` writes it.
/// `GuardedTransport` refuses to start a server with an operation missing here, so a new endpoint cannot be
/// reachable without a decision. Finer rules (which students, which cases) stay in the domain services.
enum APIRouteRules {
    static func rule(method: String, path: String) -> RouteRule? { table["\(method) \(path)"] }

    static let rosterWriters: Set<Role> = RosterPermissions.importers
    static let managers: Set<Role> = [.admin, .leader]

    static let table: [String: RouteRule] = [
        // Authentication and the signed-in account (reachable before the password change or enrolment it may ask for).
        "POST /sessions": RouteRule(audience: .anyone, throttled: true),
        "DELETE /sessions/current": RouteRule.signedIn.evenWhileRestricted,
        "GET /account": RouteRule.people.evenWhileRestricted,
        "POST /account/password": RouteRule.people.evenWhileRestricted,
        "POST /account/two-factor": RouteRule.people.evenWhileRestricted,
        "POST /account/two-factor/confirm": RouteRule.people.evenWhileRestricted,

        // Account administration: administrators only, and never while they must first secure their own account.
        "POST /tokens": .administrators,
        "GET /tokens": .administrators,
        "DELETE /tokens/{id}": .administrators,
        "GET /accounts": .administrators,
        "PUT /accounts/{username}/roles": .administrators,
        "POST /accounts/{username}/unlock": .administrators,
        "POST /accounts/{username}/reset": .administrators,
        "POST /accounts/activation-codes": .roles(AccountService.activationRoles),
        "GET /audit": .administrators,
        "GET /audit/head": .administrators,

        // Roster: files are read only once the caller may import.
        "POST /roster/students": RouteRule(audience: .roles(rosterWriters, tokenScopes: ["roster:write"]), body: .file),
        "POST /roster/staff": RouteRule(audience: .roles(rosterWriters, tokenScopes: ["roster:write"]), body: .file),
        "GET /students": .signedIn,
        "GET /students/{studentNo}": .signedIn,
        "GET /grid": .signedIn,

        // Check-ins and the daily report.
        "POST /checkins": .signedIn,
        "GET /checkins/completeness": .signedIn,
        "GET /checkins/missing": .signedIn,
        "GET /checkins/policy": .signedIn,
        "PUT /checkins/policy": .roles(managers),
        "GET /students/{studentNo}/checkins": .signedIn,
        "GET /checkins/signals": .roles(CheckInService.reviewerRoles, tokens: ["read:all"]),
        "GET /reports/daily": .staff(["read:all"]),
        "POST /reports/daily": .staff(),
        "GET /overview": .roles(ReportPermissions.schoolReaderRoles, tokens: [ReportPermissions.schoolReaderScope]),

        // Cases and the inbox.
        "GET /cases": .roles(CaseService.followerRoles, tokens: ["read:all"]),
        "POST /cases": .roles(CaseService.followerRoles),
        "GET /cases/{id}": .roles(CaseService.followerRoles, tokens: ["read:all"]),
        "POST /cases/{id}/close": .roles(CaseService.followerRoles),
        "POST /cases/{id}/notes": .roles(CaseService.followerRoles),
        "POST /cases/{id}/stage": .roles(CaseService.followerRoles),
        "GET /case-policy": .roles(CaseService.followerRoles, tokens: ["read:all"]),
        "PUT /case-policy": .roles(CasePermissions.policyEditors),
        "GET /notifications": .signedIn,
        "POST /notifications/{id}/read": .signedIn,

        // Quarantine: sites, protocols, placements (the ledger), health records, release. A placement itself is read by its
        // student or staff with the student in scope (decided in the service); an investigation's contacts are placed at once.
        "GET /quarantine/sites": .roles(QuarantinePermissions.readers, tokens: ["read:all"]),
        "POST /quarantine/sites": .roles(QuarantinePermissions.managers),
        "GET /quarantine/protocols": .staff(["read:all"]),
        "PUT /quarantine/protocols": .roles(QuarantinePermissions.managers),
        "GET /quarantine/placements": .roles(QuarantinePermissions.readers, tokens: ["read:all"]),
        "POST /quarantine/placements": .roles(QuarantinePermissions.managers),
        "GET /quarantine/placements/{id}": .signedIn,
        "GET /quarantine/placements/{id}/health-records": .signedIn,
        "POST /quarantine/placements/{id}/health-records": .people,
        "POST /quarantine/placements/{id}/release": .roles(QuarantinePermissions.managers),
        "POST /investigations/{id}/placements": .roles(QuarantinePermissions.managers),
        "POST /testing/tubes/{code}/placements": .roles(QuarantinePermissions.managers),
        // Sick leave: asked for by the student or staff; read by its student or staff with the student in scope, followed up
        // and closed by staff (decided in the service).
        "GET /sick-leaves": .signedIn,
        "POST /sick-leaves": .people,
        "GET /sick-leaves/{id}": .signedIn,
        "POST /sick-leaves/{id}/follow-ups": .people,
        "POST /sick-leaves/{id}/close": .people,

        // Ledgers (C5): key students by their keepers (scope and 404s decided in the service); the on-campus ledger by staff.
        "GET /ledgers/key-students": .roles(LedgerPermissions.keyStudentKeepers),
        "POST /ledgers/key-students": .roles(LedgerPermissions.keyStudentKeepers),
        "PUT /ledgers/key-students/{studentNo}": .roles(LedgerPermissions.keyStudentKeepers),
        "POST /ledgers/key-students/{studentNo}/clear": .roles(LedgerPermissions.keyStudentKeepers),
        "GET /ledgers/key-students/{studentNo}/history": .roles(LedgerPermissions.keyStudentKeepers),
        "GET /ledgers/on-campus": .staff(),
        // Space-time separation: planned and published by the office, read by staff; a student reads only their own
        // published timetable (the rest is 403 for them, decided here and in the service).
        "GET /separation/plans": .staff(["read:all"]),
        "POST /separation/plans": .roles(SeparationPermissions.planners),
        "POST /separation/verify": .staff(),
        "GET /separation/plans/{id}": .staff(["read:all"]),
        "POST /separation/plans/{id}/publish": .roles(SeparationPermissions.planners),
        "GET /separation/plans/{id}/adherence": .staff(["read:all"]),
        "GET /separation/mine": .people,

        // Gates, presence, leave.
        "GET /access/points": .staff(["access:write", "access:decide", "read:all"]),
        "POST /access/points": .roles(managers, tokens: ["access:write"]),
        "POST /access/events": .roles([.admin], tokens: ["access:write"]),
        "GET /access/decision": .staff(["access:decide"]),
        "GET /access/policy": .staff(["access:write", "access:decide", "read:all"]),
        "PUT /access/policy": .roles(managers, tokens: ["access:write"]),
        "GET /access/presence": .staff(["read:all"]),
        "GET /access/alerts": .staff(["read:all"]),
        "GET /students/{studentNo}/trajectory": .signedIn,
        "GET /leaves": .signedIn,
        "POST /leaves": .signedIn,
        "GET /leaves/{id}": .signedIn,
        "POST /leaves/{id}/{decision}": .signedIn,

        // Contact investigation.
        "GET /investigations": .roles(InvestigationService.investigatorRoles, tokens: ["read:all"]),
        "POST /investigations": .roles(InvestigationService.investigatorRoles),
        "GET /investigations/{id}": .roles(InvestigationService.investigatorRoles, tokens: ["read:all"]),
        "POST /investigations/{id}/follow-ups": .roles(InvestigationService.investigatorRoles),

        // Mass testing.
        "GET /testing/campaigns": .roles(TestingService.viewerRoles, tokens: ["read:all", TestingService.writeScope]),
        "POST /testing/campaigns": .roles(TestingService.plannerRoles),
        "GET /testing/campaigns/{id}": .roles(TestingService.viewerRoles.union(TestingService.samplerRoles),
                                              tokens: ["read:all", TestingService.writeScope]),
        "GET /testing/campaigns/{id}/coverage": .roles(TestingService.viewerRoles, tokens: ["read:all"]),
        "GET /testing/campaigns/{id}/missing": .roles(TestingService.viewerRoles, tokens: ["read:all"]),
        "GET /testing/campaigns/{id}/pools": .roles(TestingService.samplerRoles.union(TestingService.viewerRoles),
                                                    tokens: ["read:all", TestingService.writeScope]),
        "GET /testing/campaigns/{id}/tubes": .roles(TestingService.samplerRoles.union(TestingService.viewerRoles),
                                                    tokens: ["read:all", TestingService.writeScope]),
        "POST /testing/campaigns/{id}/exemptions": .roles(TestingService.viewerRoles),
        "POST /testing/campaigns/{id}/close": .roles(TestingService.plannerRoles),
        "POST /testing/rotations": .roles(TestingService.plannerRoles),
        "POST /testing/samples": .roles(TestingService.samplerRoles, tokens: [TestingService.writeScope]),
        "POST /testing/results": .roles(TestingService.plannerRoles, tokens: [TestingService.writeScope]),
        "GET /testing/tubes/{code}": .roles(TestingService.samplerRoles.union(TestingService.viewerRoles),
                                           tokens: ["read:all", TestingService.writeScope]),
        "GET /testing/schedules": .roles(TestingService.plannerRoles.union(TestingService.viewerRoles), tokens: ["read:all"]),
        "POST /testing/schedules": .roles(TestingService.plannerRoles),
        "GET /testing/mine": .signedIn,
    ]
}
