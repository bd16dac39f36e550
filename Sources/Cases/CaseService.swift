import CampusKit
import Foundation
import Notifications
import Roster

/// Cases as staff see them: lists within scope, a case's timeline, reporting one by hand, closing with an outcome.
public struct CaseService: Sendable {
    let store: any CaseStore
    let roster: any RosterStore
    let inbox: any InboxWriter
    let work: any UnitOfWork
    let clock: any Clock
    let audit: any AuditLog

    public init(store: any CaseStore, roster: any RosterStore, inbox: any InboxWriter, work: any UnitOfWork, clock: any Clock, audit: any AuditLog) {
        self.store = store
        self.roster = roster
        self.inbox = inbox
        self.work = work
        self.clock = clock
        self.audit = audit
    }

    /// Raises each entry on its student's case — opening it, or adding to the open one of the same source — and
    /// tells the case's audience (`CaseAudience`), in one unit of work: the caller's when it runs inside one (an
    /// abnormal check-in, a lab report), else its own. Whatever raised it, a case is announced the same way.
    public func raise(_ entries: [CaseEntry], school: SchoolID) async throws -> [RaisedCase] {
        guard !entries.isEmpty else { return [] }
        let store = self.store, roster = self.roster, inbox = self.inbox
        return try await work.perform {
            let policy = try await store.policy(school: school)
            let numbers = Array(Set(entries.map(\.studentNo))).sorted()
            var students: [String: Student] = [:]
            for s in try await roster.students(school: school, numbers: numbers) { students[s.studentNo] = s }
            let staff = try await roster.staff(school: school)
            var raised: [RaisedCase] = []
            var messages: [InboxMessage] = []
            for entry in entries {
                // A case staff report themselves is answered as it opens; any other is due within the school's response time.
                let (id, opened) = try await store.openCase(school: school, studentNo: entry.studentNo, source: entry.source,
                                                            summary: entry.summary, by: entry.by, at: entry.at,
                                                            respondBy: policy.deadline(after: entry.at),
                                                            respondedAt: entry.source == .manual ? entry.at : nil)
                try await store.append(school: school, caseId: id, kind: .entry(opened: opened, source: entry.source), detail: entry.summary,
                                       by: entry.by, at: entry.at)
                guard let found = try await store.find(school: school, id: id) else { throw DomainError.caseChanging }
                let told = students[entry.studentNo].map { CaseAudience.recipients(of: $0, staff: staff, except: entry.by) } ?? []
                if !told.isEmpty {
                    let post = CaseNotice.post(for: id, student: students[entry.studentNo])
                    messages += told.map {
                        CaseNotice.message(found, opened: opened, summary: entry.summary, to: $0, id: UUID().uuidString.lowercased(), at: entry.at,
                                           post: post)
                    }
                    try await store.append(school: school, caseId: id, kind: .notified, detail: CaseNotice.toldDetail(told, staff: staff), by: "system", at: entry.at)
                }
                if entry.source == .checkin, entry.by == entry.studentNo {
                    messages.append(CaseNotice.advice(to: entry.studentNo, caseId: id, id: UUID().uuidString.lowercased(), at: entry.at))
                }
                raised.append(RaisedCase(case: found, opened: opened, told: told))
            }
            try await inbox.send(messages, school: school)
            return raised
        }
    }

    /// Adds `note` to the open case of `source` of each student who has one (students without one are left alone),
    /// in the caller's unit of work or its own.
    public func note(_ note: String, onOpenCasesOf students: [String], source: Case.Source, by: String, at: Date, school: SchoolID) async throws {
        guard !students.isEmpty else { return }
        let store = self.store
        try await work.perform {
            for student in Array(Set(students)).sorted() {
                guard let id = try await store.openCaseId(school: school, studentNo: student, source: source) else { continue }
                try await store.append(school: school, caseId: id, kind: .note, detail: note, by: by, at: at)
            }
        }
    }


    /// Staff roles that follow cases (students and integrations do not read case lists).
    public static let followerRoles: Set<Role> = CasePermissions.followers

    /// A page of cases within the actor's scope; the reading is audited (which filter, how many) before it is returned.
    public func cases(matching filter: CaseFilter, page: PageRequest, by actor: Actor) async throws -> Page<Case> {
        try requireFollower(actor)
        let found = try await store.cases(school: actor.school, filter: filter, scope: actor.scope, page: page)
        let described = [filter.studentNo, filter.status?.rawValue, filter.source?.rawValue, filter.stage?.rawValue].compactMap { $0 }.joined(separator: " ")
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

    /// The names of those who wrote a case's timeline, by username: its student, and members of staff. `system` and
    /// integrations have no name here (a page says "system" in its own words).
    public func authors(of timeline: [CaseEvent], in found: Case, school: SchoolID) async throws -> [String: String] {
        let wanted = Set(timeline.map(\.by))
        var names: [String: String] = [:]
        if wanted.contains(found.studentNo), !found.studentName.isEmpty { names[found.studentNo] = found.studentName }
        if !wanted.subtracting(names.keys).isEmpty {
            for member in try await roster.staff(school: school) where wanted.contains(member.staffNo) { names[member.staffNo] = member.name }
        }
        return names
    }

    func load(id: String, by actor: Actor) async throws -> (case: Case, timeline: [CaseEvent]) {
        try requireFollower(actor)
        guard let found = try await store.detail(school: actor.school, id: id, scope: actor.scope) else {
            throw DomainError.noSuchCase
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
        guard try await roster.student(school: actor.school, number: studentNo, scope: actor.scope) != nil else {
            throw DomainError(.notFound, "没有学号为 \(studentNo) 的学生 (no such student)", fieldErrors: [FieldError(field: "studentNo", message: "unknown student")])
        }
        let entry = CaseEntry(studentNo: studentNo, source: .manual, summary: text, by: actor.username, at: clock.now())
        guard let raised = try await raise([entry], school: actor.school).first else { throw DomainError.caseChanging }
        return (raised.case, raised.opened)
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
