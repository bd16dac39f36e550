import CampusKit
import Foundation
import Roster

/// Cases as staff see them: lists within scope, a case's timeline, reporting one by hand, closing with an outcome.
public struct CaseService: Sendable {
    private let store: any CaseStore
    private let roster: any RosterStore
    private let clock: any Clock
    private let audit: any AuditLog

    public init(store: any CaseStore, roster: any RosterStore, clock: any Clock, audit: any AuditLog) {
        self.store = store
        self.roster = roster
        self.clock = clock
        self.audit = audit
    }

    /// Staff roles that follow cases (students and integrations do not read case lists).
    public static let followerRoles: Set<Role> = [.admin, .leader, .secretary, .counsellor, .classTeacher, .buildingLeader, .clinic]

    /// A page of cases within the actor's scope; the reading is audited (which filter, how many) before it is returned.
    public func cases(matching filter: CaseFilter, page: PageRequest, by actor: Actor) async throws -> Page<Case> {
        try requireFollower(actor)
        let found = try await store.cases(school: actor.school, filter: filter, scope: actor.scope, page: page)
        let described = [filter.studentNo, filter.status?.rawValue, filter.source?.rawValue].compactMap { $0 }.joined(separator: " ")
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "case.list", subject: filter.studentNo ?? "cases",
                                          detail: "\(found.items.count) 个个案 (cases)" + (described.isEmpty ? "" : "; " + described)))
        return found
    }

    /// One case; `.notFound` when unknown or its student is outside the actor's scope. Audited before it is returned.
    public func detail(id: String, by actor: Actor) async throws -> (case: Case, timeline: [CaseEvent]) {
        let found = try await load(id: id, by: actor)
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "case.read", subject: found.case.studentNo, detail: id))
        return found
    }

    private func load(id: String, by actor: Actor) async throws -> (case: Case, timeline: [CaseEvent]) {
        try requireFollower(actor)
        guard let found = try await store.detail(school: actor.school, id: id, scope: actor.scope) else {
            throw DomainError.notFound("没有这个异常个案 (no such case)")
        }
        return found
    }

    /// A staff report (source `manual`): opens a case for a student within scope, or adds to their open one.
    public func report(studentNo: String, summary: String, by actor: Actor) async throws -> (case: Case, opened: Bool) {
        try requireFollower(actor)
        let text = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 500 else {
            throw DomainError.invalid("请填写情况说明（最多 500 字）(describe the case, up to 500 characters)", field: "summary")
        }
        guard let student = try await roster.student(school: actor.school, number: studentNo, scope: actor.scope) else {
            throw DomainError(.notFound, "没有学号为 \(studentNo) 的学生 (no such student)", fieldErrors: [FieldError(field: "studentNo", message: "unknown student")])
        }
        var recipients = [student.counsellor].compactMap { $0 }.filter { $0 != actor.username }
        recipients = Array(Set(recipients)).sorted()
        return try await store.open(school: actor.school, studentNo: studentNo, source: .manual, summary: text,
                                    by: actor.username, at: clock.now(), recipients: recipients)
    }

    /// Closes an open case with an outcome (结论); `.conflict` when it is already closed.
    public func close(id: String, outcome: String, by actor: Actor) async throws -> Case {
        let text = outcome.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 500 else {
            throw DomainError.invalid("请填写处置结论（最多 500 字）(state the outcome, up to 500 characters)", field: "outcome")
        }
        _ = try await load(id: id, by: actor)
        guard let closed = try await store.close(school: actor.school, id: id, outcome: text, by: actor.username, at: clock.now()) else {
            throw DomainError.conflict("此个案已结案 (the case is already closed)")
        }
        return closed
    }

    /// Adds a note to a case's timeline.
    public func addNote(id: String, note: String, by actor: Actor) async throws {
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 1000 else {
            throw DomainError.invalid("请填写记录内容（最多 1000 字）(write the note, up to 1,000 characters)", field: "note")
        }
        _ = try await load(id: id, by: actor)
        try await store.addNote(school: actor.school, id: id, note: text, by: actor.username, at: clock.now())
    }

    /// Open cases the actor follows.
    public func openCount(by actor: Actor) async throws -> Int {
        try await store.openCount(school: actor.school, scope: actor.scope)
    }

    private func requireFollower(_ actor: Actor) throws {
        guard actor.kind == .staff, !actor.roles.isDisjoint(with: Self.followerRoles) else {
            throw DomainError.forbidden("您无权查看异常个案 (you may not see cases)")
        }
    }
}
