import CampusKit
import Foundation
import Roster

/// Key students (重点学生, C5): flagged with a reason and a category by the staff who answer for them, changed and
/// cleared (with a reason too), every change kept with who, when, before and after. Keepers act and read within their
/// scope; a student outside it does not exist for them (404). Reading flags is audited: reasons touch health and minds.
public struct KeyStudentService: Sendable {
    let store: any KeyStudentStore
    let roster: any RosterStore
    let clock: any Clock
    let timeZone: TimeZone
    let audit: any AuditLog

    public init(store: any KeyStudentStore, roster: any RosterStore, clock: any Clock, timeZone: TimeZone, audit: any AuditLog) {
        self.store = store
        self.roster = roster
        self.clock = clock
        self.timeZone = timeZone
        self.audit = audit
    }

    /// Flags a student of the keeper's scope. Bad fields are refused together (422), an unknown or out-of-scope student
    /// is 404 naming `studentNo`, an already flagged one 409 naming `studentNo` (change the standing flag instead).
    public func flag(studentNo: String?, _ draft: KeyStudentDraft, by actor: Actor) async throws -> KeyStudent {
        try requireKeeper(actor)
        let number = (studentNo ?? "").trimmingCharacters(in: .whitespaces)
        var errors: [FieldError] = []
        if number.isEmpty { errors.append(FieldError(field: "studentNo", message: "请填写学号 (studentNo is required)")) }
        let mark: KeyStudentMark?
        do { mark = try draft.validated() } catch let e as DomainError { errors += e.fieldErrors; mark = nil }
        guard errors.isEmpty, let mark else { throw DomainError(.invalid, errors[0].message, fieldErrors: errors) }
        let student = try await student(number, by: actor)
        let now = clock.now()
        let flag = KeyStudent(id: UUID().uuidString.lowercased(), studentNo: student.studentNo, studentName: student.name, className: student.className,
                              college: student.college, building: student.building, floor: student.floor, room: student.room, mark: mark,
                              flaggedBy: actor.username, flaggedAt: now, updatedBy: actor.username, updatedAt: now)
        guard try await store.flag(flag, school: actor.school) else {
            throw DomainError(.conflict, "\(number) 已是重点学生，请修改原有标记 (the student is flagged already; change the flag instead)",
                              fieldErrors: [FieldError(field: "studentNo", message: "already flagged")])
        }
        try await audit.record(AuditEntry(actor, at: now, action: "keystudent.flag", subject: student.studentNo,
                                          detail: "标记重点学生 (flagged)"))
        return flag
    }

    /// Changes a standing flag's reason and category; 404 naming `studentNo` when the student is unknown, outside the
    /// scope or not flagged.
    public func change(studentNo: String, _ draft: KeyStudentDraft, by actor: Actor) async throws -> KeyStudent {
        try requireKeeper(actor)
        let mark = try draft.validated()
        let student = try await student(studentNo, by: actor)
        let now = clock.now()
        guard try await store.change(school: actor.school, studentNo: student.studentNo, to: mark, by: actor.username, at: now) != nil,
              let changed = try await store.current(school: actor.school, studentNo: student.studentNo, scope: actor.scope) else {
            throw Self.notFlagged(studentNo)
        }
        try await audit.record(AuditEntry(actor, at: now, action: "keystudent.change", subject: student.studentNo, detail: "修改重点学生标记 (flag changed)"))
        return changed
    }

    /// Clears a standing flag; a reason is required (422 naming `reason`); 404 naming `studentNo` as for `change`.
    public func clear(studentNo: String, reason: String?, by actor: Actor) async throws -> KeyStudentChange {
        try requireKeeper(actor)
        var errors: [FieldError] = []
        guard let note = KeyStudentDraft.checkedReason(reason, field: "reason", errors: &errors) else {
            throw DomainError(.invalid, errors[0].message, fieldErrors: errors)
        }
        let student = try await student(studentNo, by: actor)
        let now = clock.now()
        guard let change = try await store.clear(school: actor.school, studentNo: student.studentNo, note: note, by: actor.username, at: now) else {
            throw Self.notFlagged(studentNo)
        }
        try await audit.record(AuditEntry(actor, at: now, action: "keystudent.clear", subject: student.studentNo, detail: "取消重点学生标记 (flag cleared)"))
        return change
    }

    /// A page of the flags of the keeper's students (standing now, or at some moment of `filter`'s day); audited.
    public func list(_ filter: KeyStudentFilter, page: PageRequest, by actor: Actor) async throws -> Page<KeyStudent> {
        try requireKeeper(actor)
        let found = try await store.keyStudents(school: actor.school, filter: filter, scope: actor.scope, page: page)
        let day = filter.flaggedDuring.map { CampusDay($0.start, in: timeZone).description }
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "keystudent.list", subject: "key_students",
                                          detail: "\(found.items.count) 名重点学生 (\(found.items.count) key students\(day.map { "; \($0)" } ?? ""))"))
        return found
    }

    /// One student of the keeper's scope: their standing flag, if any, and every change, oldest first; audited.
    public func history(of studentNo: String, by actor: Actor) async throws -> (student: Student, current: KeyStudent?, changes: [KeyStudentChange]) {
        try requireKeeper(actor)
        let student = try await student(studentNo, by: actor)
        let current = try await store.current(school: actor.school, studentNo: student.studentNo, scope: actor.scope)
        let changes = try await store.changes(school: actor.school, studentNo: student.studentNo)
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "keystudent.read", subject: student.studentNo,
                                          detail: "\(changes.count) 条变更 (\(changes.count) changes)"))
        return (student, current, changes)
    }

    /// The campus day `day` as an interval in the school's time zone.
    public func interval(of day: CampusDay) -> DateInterval {
        DateInterval(start: day.instant(minutes: 0, in: timeZone), end: day.adding(days: 1).instant(minutes: 0, in: timeZone))
    }

    /// Today in the school's time zone.
    public func today() -> CampusDay { CampusDay(clock.now(), in: timeZone) }

    private func student(_ number: String, by actor: Actor) async throws -> Student {
        guard let student = try await roster.student(school: actor.school, number: number, scope: actor.scope) else {
            throw DomainError(.notFound, "没有学号为 \(number) 的学生 (no such student)", fieldErrors: [FieldError(field: "studentNo", message: "unknown student")])
        }
        return student
    }

    static func notFlagged(_ number: String) -> DomainError {
        DomainError(.notFound, "\(number) 不是重点学生 (the student is not flagged)", fieldErrors: [FieldError(field: "studentNo", message: "not flagged")])
    }

    func requireKeeper(_ actor: Actor) throws {
        guard LedgerPermissions.mayKeepKeyStudents(actor) else {
            throw DomainError.forbidden("仅辅导员、班主任、书记、校领导和管理员可查看和标记重点学生 (counsellors, class teachers, secretaries, leaders and administrators only)")
        }
    }
}
