import CampusKit
import Foundation

/// Where key-student flags and their history live. Every write records its history entry in the same transaction,
/// and the writes that depend on the state ("only while flagged") decide it in one statement on the flag's row, so
/// two keepers acting at once cannot both flag, nor both record the same "before".
public protocol KeyStudentStore: Sendable {
    /// Stores a standing flag and its `flagged` entry; false when the student is flagged already (nothing stored).
    func flag(_ flag: KeyStudent, school: SchoolID) async throws -> Bool
    /// Replaces the standing flag's mark and records the change (before as stored); nil when the student is not flagged.
    func change(school: SchoolID, studentNo: String, to mark: KeyStudentMark, by: String, at: Date) async throws -> KeyStudentChange?
    /// Clears the standing flag with its reason and records it; nil when the student is not flagged.
    func clear(school: SchoolID, studentNo: String, note: String, by: String, at: Date) async throws -> KeyStudentChange?
    /// The student's standing flag with their roster details, nil when none or the student is outside `scope`.
    func current(school: SchoolID, studentNo: String, scope: Scope) async throws -> KeyStudent?
    /// Flags of students within `scope` matching `filter`, by student number.
    func keyStudents(school: SchoolID, filter: KeyStudentFilter, scope: Scope, page: PageRequest) async throws -> Page<KeyStudent>
    /// Every change of the student's flags, oldest first.
    func changes(school: SchoolID, studentNo: String) async throws -> [KeyStudentChange]
}
