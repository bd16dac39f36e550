import Foundation
import CampusKit

/// The roster's use cases: importing the student-information system's tables, and reading students within scope.
public struct RosterService: Sendable {
    private let store: any RosterStore

    public init(store: any RosterStore) { self.store = store }

    /// Imports the student table (`rows[0]` is the header). Atomic: any bad row → `.invalid` listing every one, nothing written.
    public func importStudents(_ rows: [[String]], dryRun: Bool, by actor: Actor) async throws -> ImportCounts {
        try Self.requireImportRight(actor)
        let lines = try StudentTable.parse(rows)
        return try await store.importStudents(school: actor.school, dryRun: dryRun) { snapshot in
            try StudentImportPlanner.plan(lines, against: snapshot)
        }
    }

    /// Imports the staff table (`rows[0]` is the header), atomically.
    public func importStaff(_ rows: [[String]], dryRun: Bool, by actor: Actor) async throws -> ImportCounts {
        try Self.requireImportRight(actor)
        let lines = try StaffTable.parse(rows)
        return try await store.importStaff(school: actor.school, dryRun: dryRun) { existing in
            StaffImportPlanner.plan(lines, against: existing)
        }
    }

    /// Students the actor may see that match `filter`.
    public func students(matching filter: StudentFilter, page: PageRequest, by actor: Actor) async throws -> Page<Student> {
        try await store.students(school: actor.school, filter: filter, scope: actor.scope, page: page)
    }

    /// One student; `.notFound` when unknown or outside the actor's scope (which must not be told apart).
    public func student(number: String, by actor: Actor) async throws -> Student {
        guard let student = try await store.student(school: actor.school, number: number, scope: actor.scope) else {
            throw DomainError.notFound("没有学号为 \(number) 的学生 (no such student)")
        }
        return student
    }

    /// The grid as the actor may see it, with head counts at every level.
    public func grid(by actor: Actor) async throws -> GridTree {
        GridTree(counts: try await store.gridCounts(school: actor.school, scope: actor.scope))
    }

    private static func requireImportRight(_ actor: Actor) throws {
        guard actor.roles.contains(.admin) || actor.roles.contains(.leader) || actor.tokenScopes.contains("roster:write") else {
            throw DomainError.forbidden("只有管理员或学工处可以导入名册 (only administrators and the student-affairs office may import the roster)")
        }
    }
}
