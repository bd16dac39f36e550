import CampusKit
import Foundation
import Roster

/// Sick leave (因病请假) as the office follows it: asked for by the student or by staff, noted on day by day, closed
/// only with its cause and whether the student may return to class. A student sees only their own; staff who follow
/// cases see the students in their scope, and every read of someone else's is audited.
public struct SickLeaveService: Sendable {
    let store: any SickLeaveStore
    let roster: any RosterStore
    let clock: any Clock
    let timeZone: TimeZone
    let audit: any AuditLog

    public init(store: any SickLeaveStore, roster: any RosterStore, clock: any Clock, timeZone: TimeZone, audit: any AuditLog) {
        self.store = store
        self.roster = roster
        self.clock = clock
        self.timeZone = timeZone
        self.audit = audit
    }

    /// Today in the school's time zone: the day "followed up today" means.
    public func today() -> CampusDay { CampusDay(clock.now(), in: timeZone) }

    /// Records a sick leave, open. The student asks for themself; staff for a student in their scope (404 naming
    /// `studentNo` otherwise, as for an unknown student). Bad fields are refused together, each named.
    public func request(_ request: SickLeaveRequest, by actor: Actor) async throws -> SickLeave {
        let number = (request.studentNo ?? "").trimmingCharacters(in: .whitespaces)
        let studentNo: String
        switch actor.kind {
        case .student:
            guard number.isEmpty || number == actor.username else {
                throw DomainError(.forbidden, "学生只能为自己请病假 (a student asks only for themself)",
                                  fieldErrors: [FieldError(field: "studentNo", message: "not yourself")])
            }
            studentNo = actor.username
        case .staff where SickLeave.mayFollow(actor):
            guard !number.isEmpty else { throw DomainError.invalid("请填写学号 (studentNo is required)", field: "studentNo") }
            studentNo = number
        default:
            throw DomainError.forbidden("您无权登记病假 (you may not record sick leave)")
        }
        let now = clock.now()
        let valid = try request.validated(today: CampusDay(now, in: timeZone), timeZone: timeZone)
        guard let student = try await roster.student(school: actor.school, number: studentNo, scope: try scope(of: actor)) else {
            throw QuarantineService.unknownStudent(studentNo, field: "studentNo")
        }
        let leave = SickLeave(id: UUID().uuidString.lowercased(), studentNo: student.studentNo, studentName: student.name, symptoms: valid.symptoms,
                              onset: valid.onset, clinicVisited: request.clinicVisited, from: valid.from, to: valid.to,
                              createdBy: actor.username, createdAt: now)
        try await store.insert(leave, school: actor.school)
        try await audit.record(AuditEntry(actor, at: now, action: "sickleave.create", subject: leave.studentNo, detail: leave.id))
        return leave
    }

    /// A page of sick leaves the actor may see, newest first; staff reading it is audited (how many, which filter).
    public func sickLeaves(_ filter: SickLeaveFilter, page: PageRequest, by actor: Actor) async throws -> Page<SickLeave> {
        var filter = filter
        filter.onLeaveOnStart = filter.onLeaveOn.map { $0.instant(minutes: 0, in: timeZone) }
        let found = try await store.sickLeaves(school: actor.school, filter: filter, scope: try scope(of: actor), page: page)
        if actor.kind != .student {
            let described = [filter.studentNo, filter.status?.rawValue, filter.needsFollowUpOn.map { "needs follow-up \($0)" },
                             filter.onLeaveOn.map { "on leave \($0)" }]
                .compactMap { $0 }.joined(separator: ", ")
            try await audit.record(AuditEntry(actor, at: clock.now(), action: "sickleave.list", subject: filter.studentNo ?? "sick_leaves",
                                              detail: "\(found.items.count) 条病假 (\(found.items.count) sick leaves\(described.isEmpty ? "" : "; " + described))"))
        }
        return found
    }

    /// One sick leave and its follow-ups (oldest first); `.notFound` when unknown or not the actor's to see. Reading
    /// someone else's is audited before it is returned.
    public func detail(_ id: String, by actor: Actor) async throws -> (leave: SickLeave, followUps: [SickLeaveFollowUp]) {
        let leave = try await load(id, by: actor)
        if actor.username != leave.studentNo {
            try await audit.record(AuditEntry(actor, at: clock.now(), action: "sickleave.read", subject: leave.studentNo, detail: id))
        }
        return (leave, try await store.followUps(school: actor.school, sickLeaveId: id))
    }

    /// Today's note on an open sick leave, by staff following the student.
    public func followUp(_ id: String, note: String, by actor: Actor) async throws -> SickLeaveFollowUp {
        let leave = try await loadForStaff(id, by: actor)
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 1000 else {
            throw DomainError.invalid("请填写随访记录（最多 1000 字）(write the follow-up note, up to 1,000 characters)", field: "note")
        }
        let now = clock.now()
        let followUp = SickLeaveFollowUp(sickLeaveId: leave.id, note: text, by: actor.username, at: now, day: CampusDay(now, in: timeZone))
        guard try await store.add(followUp, school: actor.school) else { throw Self.alreadyClosed }
        try await audit.record(AuditEntry(actor, at: now, action: "sickleave.follow_up", subject: leave.studentNo, detail: id))
        return followUp
    }

    /// Closes an open sick leave: never with the cause unknown (422 naming `cause`); `cleared` says whether the
    /// student may return to class. A closed one is 409.
    public func close(_ id: String, cause: String?, cleared: Bool, by actor: Actor) async throws -> SickLeave {
        let leave = try await loadForStaff(id, by: actor)
        let text = (cause ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 500 else {
            throw DomainError.invalid("病因不明不能结束病假，请填写病因（最多 500 字）(a sick leave cannot close with the cause unknown)", field: "cause")
        }
        guard leave.status == .open else { throw Self.alreadyClosed }
        let now = clock.now()
        guard try await store.close(school: actor.school, id: id, cause: text, cleared: cleared, by: actor.username, at: now) else {
            throw Self.alreadyClosed
        }
        try await audit.record(AuditEntry(actor, at: now, action: "sickleave.close", subject: leave.studentNo,
                                          detail: cleared ? "已复课 (cleared to return)" : "未复课 (not cleared)"))
        return try await load(id, by: actor)
    }

    private func load(_ id: String, by actor: Actor) async throws -> SickLeave {
        guard let leave = try await store.sickLeave(school: actor.school, id: id, scope: try scope(of: actor)) else { throw Self.noSuchSickLeave }
        return leave
    }

    /// A sick leave staff may write to: outside scope it does not exist (404), a student may only read (403).
    private func loadForStaff(_ id: String, by actor: Actor) async throws -> SickLeave {
        let leave = try await load(id, by: actor)
        guard SickLeave.mayFollow(actor) else { throw DomainError.forbidden("仅辅导员等教职工可随访和结束病假 (staff who follow the student only)") }
        return leave
    }

    /// The students whose sick leave the actor sees: a student themself; staff who follow cases their scope
    /// (administrators, leaders and the clinic the whole school); integrations holding `read:all` the whole school.
    func scope(of actor: Actor) throws -> Scope {
        switch actor.kind {
        case .student: return Scope(students: [actor.username])
        case .staff where SickLeave.mayFollow(actor): return QuarantineService.scope(of: actor)
        case .integration where actor.tokenScopes.contains("read:all"): return .school
        default: throw DomainError.forbidden("您无权查看病假 (you may not see sick leave)")
        }
    }

    static let noSuchSickLeave = DomainError.notFound("没有这条病假 (no such sick leave)")
    static let alreadyClosed = DomainError.conflict("此病假已结束 (the sick leave is already closed)")
}
