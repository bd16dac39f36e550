import CampusKit
import Foundation
import Roster

/// Where cases and their timelines live. "One open case per student and source" is a constraint of the store.
public protocol CaseStore: CaseWriter {

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

/// What work crossing domains writes into cases, inside its unit of work.
public protocol CaseWriter: Sendable {
    /// The open case of the student and source, opening one (with `summary`) when none is open; true when it
    /// was opened now. Two concurrent openers get the same case.
    func openCase(school: SchoolID, studentNo: String, source: Case.Source, summary: String, by: String, at: Date) async throws -> (id: String, opened: Bool)

    /// Adds an entry to a case's timeline.
    func append(school: SchoolID, caseId: String, kind: CaseEvent.Kind, detail: String, by: String, at: Date) async throws

    /// The id of the student's open case of `source`, if any.
    func openCaseId(school: SchoolID, studentNo: String, source: Case.Source) async throws -> String?

    /// A case as lists show it (with the student's name), whatever the scope.
    func find(school: SchoolID, id: String) async throws -> Case?
}
