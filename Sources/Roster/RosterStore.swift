import Foundation
import CampusKit

/// Where the roster lives. Every query is limited to one school and, where it lists students, to a scope,
/// applied in the query itself.
public protocol RosterStore: Sendable {
    /// Runs `plan` on the stored roster inside one write transaction and applies its result unless `dryRun`.
    /// If `plan` throws, nothing is written.
    func importStudents(school: SchoolID, dryRun: Bool,
                        plan: @escaping @Sendable (RosterSnapshot) throws -> ImportPlan<Student>) async throws -> ImportCounts

    /// As `importStudents`, for staff; `plan` receives the stored staff by staff number.
    func importStaff(school: SchoolID, dryRun: Bool,
                     plan: @escaping @Sendable ([String: StaffMember]) throws -> ImportPlan<StaffMember>) async throws -> ImportCounts

    /// Students matching `filter` within `scope`, ordered by student number.
    func students(school: SchoolID, filter: StudentFilter, scope: Scope, page: PageRequest) async throws -> Page<Student>

    /// One student, or nil when unknown or outside `scope`.
    func student(school: SchoolID, number: String, scope: Scope) async throws -> Student?

    /// The listed students that exist (whatever their status), ordered by student number.
    func students(school: SchoolID, numbers: [String]) async throws -> [Student]

    /// The distinct class names of the students within `scope`, whatever their status.
    func classNames(school: SchoolID, scope: Scope) async throws -> [String]

    /// Head counts by campus, building, floor and room within `scope`.
    func gridCounts(school: SchoolID, scope: Scope) async throws -> [GridCount]

    /// One staff member, or nil.
    func staffMember(school: SchoolID, number: String) async throws -> StaffMember?

    /// All staff, ordered by staff number.
    func staff(school: SchoolID) async throws -> [StaffMember]

    /// Active students holding a grid role (room and floor leaders), ordered by student number.
    func gridLeaders(school: SchoolID) async throws -> [Student]
}

extension RosterStore {
    /// One at a time; stores answer many numbers in one query.
    public func students(school: SchoolID, numbers: [String]) async throws -> [Student] {
        var found: [Student] = []
        for number in Array(Set(numbers)).sorted() {
            if let s = try await student(school: school, number: number, scope: .school) { found.append(s) }
        }
        return found
    }
}
