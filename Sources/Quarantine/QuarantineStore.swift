import CampusKit
import Foundation

/// Where sites, placements, protocols and health records live. The service runs each change in a unit of work and
/// calls these inside it; `lockSite` serialises placements into one site (a row lock on PostgreSQL; SQLite has
/// one writer), so capacity read and placement written cannot interleave with another placement's.
public protocol QuarantineStore: Sendable {
    /// Stores a new site and its rooms; false when the code is taken.
    func create(_ site: QuarantineSite, school: SchoolID, by: String, at: Date) async throws -> Bool
    /// Every site with its rooms and their active placements counted, by code.
    func sites(school: SchoolID) async throws -> [QuarantineSite]
    /// One site and its rooms, locked against concurrent placements until the unit of work ends; nil when unknown.
    func lockSite(school: SchoolID, code: String) async throws -> QuarantineSite?
    /// Who is in the site's rooms now.
    func occupants(school: SchoolID, site: String) async throws -> [Occupant]

    /// The school's protocols as stored (reasons never changed are absent).
    func protocols(school: SchoolID) async throws -> [QuarantineProtocol]
    func save(_ protocols: [QuarantineProtocol], school: SchoolID, by: String, at: Date) async throws

    /// Inserts active placements and their first history entries; returns the students placed (one with an active
    /// placement already is left out).
    func insert(_ placements: [Placement], school: SchoolID) async throws -> Set<String>
    /// Which of these students have an active placement.
    func activeStudents(school: SchoolID, among numbers: [String]) async throws -> Set<String>
    func placement(school: SchoolID, id: String) async throws -> Placement?
    /// The student's active placement, if any.
    func activePlacement(school: SchoolID, studentNo: String) async throws -> Placement?
    /// Placements of students within `scope`, newest start first.
    func placements(school: SchoolID, filter: PlacementFilter, scope: Scope, page: PageRequest) async throws -> Page<Placement>

    func add(_ record: HealthRecord, school: SchoolID) async throws
    /// When each placement's latest health record was taken, by placement id.
    func lastRecords(school: SchoolID) async throws -> [String: Date]
    /// The placement's health records, oldest first.
    func records(school: SchoolID, placementId: String) async throws -> [HealthRecord]
    /// The student's tests (campaign day and result) from `since` on.
    func tests(school: SchoolID, studentNo: String, since: CampusDay) async throws -> [QuarantineTest]

    /// Records an early release waiting for approval; false when the placement is not active.
    func requestEarlyRelease(school: SchoolID, id: String, request: Placement.EarlyRequest) async throws -> Bool
    /// Ends an active placement; false when it was not active.
    func release(school: SchoolID, id: String, by: String, at: Date, reason: String?) async throws -> Bool
    /// Every change of a placement (who, when, before, after), oldest first.
    func history(school: SchoolID, placementId: String) async throws -> [PlacementChange]
}

/// Which placements a ledger asks for.
public struct PlacementFilter: Sendable, Equatable {
    public var status: Placement.Status?
    public var site: String?
    public var studentNo: String?
    /// Placements active at some moment of this day.
    public var activeOn: CampusDay?
    /// Students in every one of these grid or teaching units (a building, a floor, a class, a college).
    public var units: [UnitKey]
    /// Only these students (nil: anyone).
    public var studentNos: [String]?
    public init(status: Placement.Status? = nil, site: String? = nil, studentNo: String? = nil, activeOn: CampusDay? = nil, units: [UnitKey] = [],
                studentNos: [String]? = nil) {
        self.status = status
        self.site = site
        self.studentNo = studentNo
        self.activeOn = activeOn
        self.units = units
        self.studentNos = studentNos
    }
}

/// One entry of a placement's history: what changed, from what, to what, by whom and when.
public struct PlacementChange: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable {
        case placed
        case earlyRequested = "early_requested"
        case released
    }
    public var at: Date
    public var by: String
    public var action: Action
    public var before: String
    public var after: String
    public init(at: Date, by: String, action: Action, before: String, after: String) {
        self.at = at
        self.by = by
        self.action = action
        self.before = before
        self.after = after
    }
}

/// What a quarantine health record sets in motion elsewhere, inside the record's unit of work (App wires cases).
public protocol AbnormalHealthRecordFollowUp: Sendable {
    func abnormal(_ record: HealthRecord, studentNo: String, summary: String, school: SchoolID) async throws
}

/// The contacts an investigation found, as placing them needs (App reads them from contact tracing).
public protocol InvestigationContacts: Sendable {
    /// The index student and each contact's degree; nil when the investigation is unknown.
    func contacts(of investigationId: String, school: SchoolID) async throws -> (index: String, degrees: [String: Int])?
}

/// A tube's members and whether it is positive, as placing them needs (App reads them from testing).
public protocol PositiveTubeMembers: Sendable {
    /// nil when the school has no tube of that code.
    func tube(_ code: String, school: SchoolID) async throws -> (positive: Bool, members: [String])?
}
