import CampusKit
import Foundation

/// Where plans live.
public protocol SeparationStore: Sendable {
    func insert(_ plan: SavedPlan, school: SchoolID) async throws
    func plan(school: SchoolID, id: String) async throws -> SavedPlan?
    /// The newest plans first.
    func plans(school: SchoolID, limit: Int) async throws -> [PlanSummary]
    /// Makes the plan the timetable of `day` (another plan published for that day stops being it); false when unknown.
    func publish(school: SchoolID, id: String, on day: CampusDay, by: String, at: Date) async throws -> Bool
    /// The plan published for `day`, if any.
    func published(school: SchoolID, on day: CampusDay) async throws -> SavedPlan?
}

/// Passages at facilities, as adherence reads them (App reads them from the access events, C6).
public protocol FacilitySightings: Sendable {
    /// Every event at a point whose place is one of `places`, within `[from, to)`, in time order.
    func sightings(school: SchoolID, places: [String], from: Date, to: Date) async throws -> [Sighting]
}

/// A student seen at a place.
public struct Sighting: Sendable, Equatable {
    public var studentNo: String
    public var place: String
    public var at: Date

    public init(studentNo: String, place: String, at: Date) {
        self.studentNo = studentNo
        self.place = place
        self.at = at
    }
}

/// The students of a group, and the groups of a student, by unit keys of the grid (C1): a building by its name, a
/// floor as `BUILDING/FLOOR` (App reads them from the roster).
public protocol GroupMembers: Sendable {
    /// The active students of the unit `group` within `scope`, by student number (their names as values).
    func members(of group: String, school: SchoolID, scope: Scope) async throws -> [String: String]
    /// The units a student lives in (their building and floor keys); empty when unknown.
    func units(of studentNo: String, school: SchoolID) async throws -> [String]
}

/// Runs the planner; App runs it on a thread pool, away from the server's event loops.
public protocol SeparationSolver: Sendable {
    func plan(_ problem: SeparationProblem) async throws -> SeparationPlan
}

/// Runs the planner on the calling task (tests and tools).
public struct InlineSolver: SeparationSolver {
    public var planner: Planner
    public init(planner: Planner = Planner()) { self.planner = planner }
    public func plan(_ problem: SeparationProblem) async throws -> SeparationPlan { try planner.plan(problem) }
}
