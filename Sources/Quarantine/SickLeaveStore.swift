import CampusKit
import Foundation

/// Where sick leaves and their follow-ups live. Reads take a `Scope` and filter in the query, so a sick leave of a
/// student outside it is never loaded; the writes that depend on the state ("only while open") decide it in one
/// statement, so two closers cannot both succeed.
public protocol SickLeaveStore: Sendable {
    func insert(_ leave: SickLeave, school: SchoolID) async throws
    /// One sick leave with its student's name, or nil when unknown or its student is outside `scope`.
    func sickLeave(school: SchoolID, id: String, scope: Scope) async throws -> SickLeave?
    /// Sick leaves of students within `scope` matching `filter`, newest first.
    func sickLeaves(school: SchoolID, filter: SickLeaveFilter, scope: Scope, page: PageRequest) async throws -> Page<SickLeave>
    /// The sick leave's follow-ups, oldest first.
    func followUps(school: SchoolID, sickLeaveId: String) async throws -> [SickLeaveFollowUp]
    /// Adds a follow-up to an open sick leave; false when it is not open.
    func add(_ followUp: SickLeaveFollowUp, school: SchoolID) async throws -> Bool
    /// Closes an open sick leave with its cause; false when it is not open.
    func close(school: SchoolID, id: String, cause: String, cleared: Bool, by: String, at: Date) async throws -> Bool
}
