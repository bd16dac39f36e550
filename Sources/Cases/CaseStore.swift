import CampusKit
import Foundation
import Roster

/// Where cases and their timelines live. "One open case per student and source" is a constraint of the store.
public protocol CaseStore: Sendable {
    /// Opens a case for the student and source, or, when one is open, adds `summary` to its timeline;
    /// notifies `recipients` in the same transaction. Returns the case and whether it was newly opened.
    func open(school: SchoolID, studentNo: String, source: Case.Source, summary: String, by: String, at: Date,
              recipients: [String]) async throws -> (case: Case, opened: Bool)

    /// Cases of students within `scope` matching `filter`, newest first.
    func cases(school: SchoolID, filter: CaseFilter, scope: Scope, page: PageRequest) async throws -> Page<Case>

    /// One case and its timeline (oldest first), or nil when unknown or its student is outside `scope`.
    func detail(school: SchoolID, id: String, scope: Scope) async throws -> (case: Case, timeline: [CaseEvent])?

    /// Closes an open case with `outcome`; nil when it was not open (already closed, or unknown).
    func close(school: SchoolID, id: String, outcome: String, by: String, at: Date) async throws -> Case?

    /// Adds a staff note to a case's timeline.
    func addNote(school: SchoolID, id: String, note: String, by: String, at: Date) async throws

    /// How many cases of students within `scope` are open.
    func openCount(school: SchoolID, scope: Scope) async throws -> Int
}
