import CampusKit
import Foundation
import Notifications
import Roster

/// The handling of a case (异常学生应急处置): its steps, the school's response time, and the escalation of cases
/// nobody answered in time.
extension CaseService {
    /// Moves an open case to the next stage `to` (one of `stage.next`), with an optional note on the timeline.
    /// 422 naming `stage` for a step the chain does not allow from where the case stands; 409 when it is closed or
    /// another member of staff moved it first.
    public func advance(id: String, to stage: Case.Stage, note: String?, by actor: Actor) async throws -> Case {
        let text = (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 1000 else {
            throw DomainError.invalid("记录最多 1000 字 (the note may have up to 1,000 characters)", field: "note")
        }
        // Scope and role as a read decides them, without auditing a read: the step is on the timeline with who took it.
        let current = try await load(id: id, by: actor).case
        guard current.status == .open else { throw DomainError.conflict("此个案已结案 (the case is already closed)") }
        guard current.stage.next.contains(stage) else {
            throw DomainError.invalid("个案当前所处阶段不能转到所选阶段 (this step does not follow from the case's current stage)", field: "stage")
        }
        guard let moved = try await store.advance(school: actor.school, id: id, from: current.stage, to: stage, note: text,
                                                  by: actor.username, at: clock.now()) else {
            throw DomainError.caseChanging
        }
        return moved
    }

    /// The school's response time; staff who follow cases read it.
    public func policy(by actor: Actor) async throws -> CasePolicy {
        guard CasePermissions.mayFollow(actor) else { throw DomainError.forbidden("您无权查看异常个案 (you may not see cases)") }
        return try await store.policy(school: actor.school)
    }

    /// Changes the school's response time (administrators and leaders); audited with before and after.
    public func setPolicy(_ policy: CasePolicy, by actor: Actor) async throws -> CasePolicy {
        guard actor.kind == .staff, !actor.roles.isDisjoint(with: CasePermissions.policyEditors) else {
            throw DomainError.forbidden("只有管理员和学工处可以修改响应时限 (only administrators and leaders change the response time)")
        }
        let checked = try policy.validated()
        let before = try await store.policy(school: actor.school)
        try await store.setPolicy(checked, school: actor.school, by: actor.username, at: clock.now())
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "case.policy", subject: "case_policy",
                                          detail: "首次响应时限 (response minutes) \(before.responseMinutes) → \(checked.responseMinutes)"))
        return checked
    }

    /// Escalates every open case whose first response is overdue: the next level up (`CaseEscalation`) is told and
    /// has the school's response time again; past the last level the case stays overdue and nobody further is told.
    /// Each step is taken once across servers (the store's compare-and-set) in one unit of work with its messages.
    /// Returns the ids escalated now.
    public func escalateOverdue(school: SchoolID) async throws -> [String] {
        let now = clock.now()
        let due = try await store.overdue(school: school, at: now, belowLevel: CaseEscalation.lastLevel, limit: 500)
        guard !due.isEmpty else { return [] }
        let policy = try await store.policy(school: school)
        let staff = try await roster.staff(school: school)
        var students: [String: Student] = [:]
        for s in try await roster.students(school: school, numbers: Array(Set(due.map(\.studentNo))).sorted()) { students[s.studentNo] = s }
        let store = self.store, inbox = self.inbox
        var escalated: [String] = []
        for c in due {
            let student = students[c.studentNo]
            let step = CaseEscalation.next(above: c.escalationLevel, student: student, staff: staff)
            let level = step?.level ?? CaseEscalation.lastLevel
            let told = step?.recipients ?? []
            // With nobody left to tell the case goes to the last level as it is (still overdue, not taken up again).
            let nextDeadline = step != nil ? policy.deadline(after: now) : nil
            let done: Bool = try await work.perform {
                guard try await store.escalate(school: school, id: c.id, fromLevel: c.escalationLevel, toLevel: level, respondBy: nextDeadline,
                                               told: CaseNotice.toldDetail(told, staff: staff), at: now) else { return false }
                try await inbox.send(told.map { CaseNotice.escalation(c, level: level, to: $0, id: UUID().uuidString.lowercased(), at: now) },
                                     school: school)
                return true
            }
            if done { escalated.append(c.id) }
        }
        return escalated
    }
}

extension CaseNotice {
    /// What a level up reads when a case was not answered in time.
    public static func escalation(_ c: Case, level: Int, to recipient: String, id: String, at: Date) -> InboxMessage {
        let name = c.studentName.isEmpty ? c.studentNo : c.studentName
        let minutes = max(0, Int(at.timeIntervalSince(c.openedAt) / 60))
        return InboxMessage(id: id, recipient: recipient, kind: .caseAlert, subject: "异常个案超时未响应：\(name)（\(c.studentNo)）",
                            body: "\(c.summary)。个案已发现 \(minutes) 分钟，仍无人响应，请督促处置。", link: "/cases/\(c.id)", createdAt: at,
                            wording: Wording("case_escalated", ["name": name, "studentNo": c.studentNo, "summary": c.summary,
                                                                "minutes": String(minutes)]))
    }
}
