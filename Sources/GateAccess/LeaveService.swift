import CampusKit
import Foundation
import Roster

/// Leave requests: students ask, counsellors approve or refuse (a secretary or leader approves long ones second).
public struct LeaveService: Sendable {
    private let store: any LeaveStore
    private let gates: any GateStore
    private let roster: any RosterStore
    private let clock: any Clock
    private let audit: any AuditLog

    public init(store: any LeaveStore, gates: any GateStore, roster: any RosterStore, clock: any Clock, audit: any AuditLog) {
        self.store = store
        self.gates = gates
        self.roster = roster
        self.clock = clock
        self.audit = audit
    }

    /// Roles that give the first approval for students in their scope.
    public static let firstApprovers: Set<Role> = [.counsellor, .classTeacher, .secretary, .leader, .admin]
    /// Roles that give the second approval of a long leave.
    public static let secondApprovers: Set<Role> = [.secretary, .leader, .admin]

    /// A student asks for themself; staff may ask for a student in their scope. Every problem is named by its field.
    public func request(_ request: LeaveRequest, by actor: Actor) async throws -> Leave {
        // Who may ask comes first: someone who may not ask learns nothing from the checks of the request.
        switch actor.kind {
        case .student where request.studentNo != actor.username:
            throw DomainError.forbidden("学生只能为本人请假 (students ask leave for themselves only)")
        case .integration:
            throw DomainError.forbidden("集成令牌不能申请请假 (integrations cannot ask for leave)")
        default: break
        }
        let now = clock.now()
        let errors = request.validate(now: now)
        guard errors.isEmpty, let from = request.from, let to = request.to else {
            throw DomainError(.invalid, "请假申请有误 (the leave request is invalid)", fieldErrors: errors)
        }
        let scope = actor.kind == .student ? Scope(students: [actor.username]) : actor.scope
        guard let student = try await roster.student(school: actor.school, number: request.studentNo, scope: scope) else {
            throw DomainError(.notFound, "没有学号为 \(request.studentNo) 的学生 (no such student)",
                              fieldErrors: [FieldError(field: "studentNo", message: "unknown student")])
        }
        let policy = try await gates.policy(school: actor.school)
        let leave = Leave(id: UUID().uuidString.lowercased(), studentNo: student.studentNo, studentName: student.name, from: from, to: to,
                          reason: request.reason.trimmingCharacters(in: .whitespacesAndNewlines),
                          destination: request.destination.trimmingCharacters(in: .whitespacesAndNewlines), status: .pending,
                          needsSecondApproval: to.timeIntervalSince(from) > Double(policy.secondApprovalHours) * 3600,
                          requestedAt: now, requestedBy: actor.username)
        try await store.insert(leave, school: actor.school)
        return leave
    }

    /// One leave the actor may see (the student, or staff with the student in scope). Where a student goes is
    /// sensitive: a reading by anyone but the student is audited before it is returned.
    public func leave(_ id: String, by actor: Actor) async throws -> Leave {
        guard let leave = try await store.leave(school: actor.school, id: id, scope: actor.scope) else {
            throw DomainError.notFound("没有这条请假 (no such leave)")
        }
        if !(actor.kind == .student && actor.username == leave.studentNo) {
            try await audit.record(AuditEntry(actor, at: clock.now(), action: "leave.read", subject: leave.studentNo, detail: id))
        }
        return leave
    }

    /// Leaves the actor may see, newest first; a list with someone else's leaves is audited before it is returned.
    public func leaves(_ filter: LeaveFilter, page: PageRequest, by actor: Actor) async throws -> Page<Leave> {
        let found = try await store.leaves(school: actor.school, filter: filter, scope: actor.scope, page: page)
        if found.items.contains(where: { !(actor.kind == .student && actor.username == $0.studentNo) }) {
            let students = Set(found.items.map(\.studentNo))
            try await audit.record(AuditEntry(actor, at: clock.now(), action: "leave.list",
                                              subject: students.count == 1 ? students.first ?? "" : filter.studentNo ?? "leaves",
                                              detail: "\(found.items.count) 条请假 (leaves), \(students.count) 名学生 (students)"
                                                  + (filter.status.map { "; \($0.rawValue)" } ?? "")))
        }
        return found
    }

    /// Approves at the actor's level. A counsellor's approval of a long leave leaves it pending for the second approver;
    /// the second approval must come from someone else. `.conflict` when it is no longer pending.
    public func approve(_ id: String, note: String?, by actor: Actor) async throws -> Leave {
        var leave = try await decidable(id, by: actor)
        let now = clock.now()
        let canSecond = !actor.roles.isDisjoint(with: Self.secondApprovers)
        let previousFirst = leave.firstApprovedBy
        if leave.needsSecondApproval && leave.firstApprovedBy == nil {
            leave.firstApprovedBy = actor.username
        } else if leave.needsSecondApproval {
            guard canSecond else { throw DomainError.forbidden("长假需学院书记或校领导审批 (a long leave needs a secretary or leader)") }
            guard leave.firstApprovedBy != actor.username else {
                throw DomainError.conflict("第二级审批须由另一人完成 (the second approval must come from someone else)")
            }
            leave.status = .approved
        } else {
            leave.firstApprovedBy = actor.username
            leave.status = .approved
        }
        if leave.status == .approved {
            leave.decidedBy = actor.username
            leave.decidedAt = now
        }
        leave.note = try Self.note(note) ?? leave.note
        guard try await store.update(leave, expecting: .pending, firstApprovedBy: previousFirst, school: actor.school) else {
            throw DomainError.conflict("这条请假刚被他人处理 (someone else decided this leave just now)")
        }
        return leave
    }

    /// Refuses a pending leave, with a reason for the student.
    public func refuse(_ id: String, note: String?, by actor: Actor) async throws -> Leave {
        var leave = try await decidable(id, by: actor)
        guard let text = try Self.note(note) else { throw DomainError.invalid("请说明不批准的原因 (say why)", field: "note") }
        let previousFirst = leave.firstApprovedBy
        leave.status = .refused
        leave.decidedBy = actor.username
        leave.decidedAt = clock.now()
        leave.note = text
        guard try await store.update(leave, expecting: .pending, firstApprovedBy: previousFirst, school: actor.school) else {
            throw DomainError.conflict("这条请假刚被他人处理 (someone else decided this leave just now)")
        }
        return leave
    }

    /// The student withdraws a leave not yet used (pending, or approved and not departed).
    public func cancel(_ id: String, by actor: Actor) async throws -> Leave {
        var leave = try await self.leave(id, by: actor)
        guard actor.username == leave.studentNo || actor.kind == .staff else { throw DomainError.forbidden("只能撤回本人的请假 (your own leave only)") }
        guard leave.status == .pending || (leave.status == .approved && leave.departedAt == nil) else {
            throw DomainError.conflict("这条请假已无法撤回 (this leave can no longer be withdrawn)")
        }
        let expected = leave.status, previousFirst = leave.firstApprovedBy
        leave.status = .cancelled
        leave.decidedAt = clock.now()
        leave.decidedBy = actor.username
        guard try await store.update(leave, expecting: expected, firstApprovedBy: previousFirst, school: actor.school) else {
            throw DomainError.conflict("这条请假刚被他人处理 (someone else decided this leave just now)")
        }
        return leave
    }

    private func decidable(_ id: String, by actor: Actor) async throws -> Leave {
        guard GatePermissions.mayDecideLeave(actor) else {
            throw DomainError.forbidden("您无权审批请假 (you may not decide leave)")
        }
        let leave = try await self.leave(id, by: actor)
        guard leave.status == .pending else { throw DomainError.conflict("这条请假已处理（\(leave.status.rawValue)）(already decided)") }
        return leave
    }

    static func note(_ text: String?) throws -> String? {
        guard let t = text?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        guard t.count <= 200 else { throw DomainError.invalid("意见最多 200 字 (at most 200 characters)", field: "note") }
        return t
    }
}

/// What the one deciding a leave does with it: approve or refuse it (its approver), or withdraw it (the student).
public enum LeaveDecision: String, Sendable {
    case approve, refuse, cancel
}
