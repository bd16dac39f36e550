import Foundation
import CampusKit

/// The roster's use cases: importing the student-information system's tables, and reading students within scope.
public struct RosterService: Sendable {
    let store: any RosterStore
    private let audit: any AuditLog
    private let clock: any Clock

    public init(store: any RosterStore, audit: any AuditLog, clock: any Clock) {
        self.store = store
        self.audit = audit
        self.clock = clock
    }

    /// Roles that may see a student's phone and ID numbers in full (each reading is audited).
    public static let unmaskRoles: Set<Role> = RosterPermissions.unmaskers

    /// Imports the student table (`rows[0]` is the header). Atomic: any bad row → `.invalid` listing every one, nothing written.
    public func importStudents(_ rows: [[String]], dryRun: Bool, by actor: Actor) async throws -> ImportCounts {
        try Self.requireImportRight(actor)
        let lines = try StudentTable.parse(rows)
        let entry = AuditEntry(actor, at: clock.now(), action: "roster.import.students", subject: "roster",
                               detail: "\(lines.count) rows")
        return try await audited(entry, dryRun: dryRun) {
            try await store.importStudents(school: actor.school, dryRun: dryRun) { snapshot in
                try StudentImportPlanner.plan(lines, against: snapshot)
            }
        }
    }

    /// Imports the staff table (`rows[0]` is the header), atomically. The audit entry names every staff number
    /// with the roles the file gives it, so who was given which power can be read back.
    public func importStaff(_ rows: [[String]], dryRun: Bool, by actor: Actor) async throws -> ImportCounts {
        try Self.requireImportRight(actor)
        let lines = try StaffTable.parse(rows)
        let roles = lines.map { "\($0.member.staffNo):\($0.member.roles.map(\.rawValue).joined(separator: "+"))" }
        let entry = AuditEntry(actor, at: clock.now(), action: "roster.import.staff", subject: "roster",
                               detail: "\(lines.count) rows; " + roles.prefix(200).joined(separator: " ") + (roles.count > 200 ? " …" : ""))
        return try await audited(entry, dryRun: dryRun) {
            try await store.importStaff(school: actor.school, dryRun: dryRun) { existing in
                StaffImportPlanner.plan(lines, against: existing)
            }
        }
    }

    /// Runs an import with its audit entry stored in the import's own transaction (a dry run writes neither).
    private func audited(_ entry: AuditEntry, dryRun: Bool, _ body: () async throws -> ImportCounts) async throws -> ImportCounts {
        dryRun ? try await body() : try await audit.recording(entry, body)
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

    /// One student with nothing masked, for those whose role allows it: `.forbidden` otherwise, `.notFound`
    /// outside the actor's scope. Every such reading is written to the audit trail before it is returned.
    public func unmaskedStudent(number: String, by actor: Actor) async throws -> Student {
        guard !actor.roles.isDisjoint(with: Self.unmaskRoles) else {
            throw DomainError.forbidden("您无权查看完整的手机号和身份证号 (you may not see phone and ID numbers in full)")
        }
        let student = try await student(number: number, by: actor)
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "student.unmask", subject: number,
                                          detail: "phone, id_number, guardian_phone"))
        return student
    }

    /// The grid as the actor may see it, with head counts at every level.
    public func grid(by actor: Actor) async throws -> GridTree {
        GridTree(counts: try await store.gridCounts(school: actor.school, scope: actor.scope))
    }

    private static func requireImportRight(_ actor: Actor) throws {
        guard !actor.roles.isDisjoint(with: RosterPermissions.importers) || actor.tokenScopes.contains(RosterPermissions.importScope) else {
            throw DomainError.forbidden("只有管理员或学工处可以导入名册 (only administrators and the student-affairs office may import the roster)")
        }
    }
}
