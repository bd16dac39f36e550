import CampusKit
import Foundation
import Roster

/// Where cases and their timelines live. "One open case per student and source" is a constraint of the store.
public protocol CaseStore: CaseWriter {

    /// Cases of students within `scope` matching `filter`, newest first.
    func cases(school: SchoolID, filter: CaseFilter, scope: Scope, page: PageRequest) async throws -> Page<Case>

    /// One case and its timeline (oldest first), or nil when unknown or its student is outside `scope`.
    func detail(school: SchoolID, id: String, scope: Scope) async throws -> (case: Case, timeline: [CaseEvent])?

    /// Closes an open case with `outcome` (stage `closed`, the first response recorded if none was); nil when it was
    /// not open (already closed, or unknown).
    func close(school: SchoolID, id: String, outcome: String, by: String, at: Date) async throws -> Case?

    /// Adds a staff note to a case's timeline, recording the first response if none was.
    func addNote(school: SchoolID, id: String, note: String, by: String, at: Date) async throws

    /// Moves an open case from stage `from` to `to` with an entry on its timeline (`note`, possibly empty), recording the
    /// first response if none was; nil when the case is no longer open in stage `from` (someone else moved it).
    func advance(school: SchoolID, id: String, from: Case.Stage, to: Case.Stage, note: String, by: String, at: Date) async throws -> Case?

    /// Open cases nobody answered whose deadline has passed and that were escalated less far than `belowLevel`,
    /// oldest deadline first, whatever the scope.
    func overdue(school: SchoolID, at: Date, belowLevel: Int, limit: Int) async throws -> [Case]

    /// Records that an unanswered case went from `fromLevel` up to `toLevel` (with the next deadline — nil keeps the
    /// one it has — and the timeline entry naming who was told); false when it was answered or escalated meanwhile (by another server).
    func escalate(school: SchoolID, id: String, fromLevel: Int, toLevel: Int, respondBy: Date?, told: String, at: Date) async throws -> Bool

    /// Changes the school's response time; cases already open keep their deadline.
    func setPolicy(_ policy: CasePolicy, school: SchoolID, by: String, at: Date) async throws

    /// How many cases of students within `scope` are open.
    func openCount(school: SchoolID, scope: Scope) async throws -> Int
}

/// What work crossing domains writes into cases, inside its unit of work.
public protocol CaseWriter: Sendable {
    /// The open case of the student and source, opening one (with `summary`, the first response due by `respondBy`,
    /// and already answered at `respondedAt` when staff opened it) when none is open; true when it was opened now.
    /// Two concurrent openers get the same case.
    func openCase(school: SchoolID, studentNo: String, source: Case.Source, summary: String, by: String, at: Date,
                  respondBy: Date?, respondedAt: Date?) async throws -> (id: String, opened: Bool)

    /// The school's response time, as `CaseStore.policy` (cases opened by other work read it in their unit of work).
    func policy(school: SchoolID) async throws -> CasePolicy

    /// Adds an entry to a case's timeline.
    func append(school: SchoolID, caseId: String, kind: CaseEvent.Kind, detail: String, by: String, at: Date) async throws

    /// The id of the student's open case of `source`, if any.
    func openCaseId(school: SchoolID, studentNo: String, source: Case.Source) async throws -> String?

    /// A case as lists show it (with the student's name), whatever the scope.
    func find(school: SchoolID, id: String) async throws -> Case?
}

extension CaseWriter {
    /// A case opened without a response deadline (work that sets none).
    public func openCase(school: SchoolID, studentNo: String, source: Case.Source, summary: String, by: String,
                         at: Date) async throws -> (id: String, opened: Bool) {
        try await openCase(school: school, studentNo: studentNo, source: source, summary: summary, by: by, at: at, respondBy: nil, respondedAt: nil)
    }
}
