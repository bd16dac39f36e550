import CampusKit
import Foundation
import Roster

/// Contact investigations (流调): run, saved, audited, read back and marked for follow-up, within the investigator's scope.
public struct InvestigationService: Sendable {
    private let tracer: ContactTracer
    private let source: any TracingSource
    private let store: any InvestigationStore
    private let roster: any RosterStore
    private let audit: any AuditLog
    private let clock: any Clock

    public init(source: any TracingSource, store: any InvestigationStore, roster: any RosterStore, audit: any AuditLog, clock: any Clock) {
        self.tracer = ContactTracer(source: source)
        self.source = source
        self.store = store
        self.roster = roster
        self.audit = audit
        self.clock = clock
    }

    /// Staff roles that investigate.
    public static let investigatorRoles: Set<Role> = InvestigationPermissions.investigators

    /// Runs an investigation of an index student within the actor's scope, saves it and audits it. Bad parameters,
    /// and an index student who is unknown or outside the scope, are `.invalid` naming the field.
    public func investigate(_ request: InvestigationRequest, by actor: Actor) async throws -> Investigation {
        try requireInvestigator(actor)
        var errors = request.validate()
        let index = request.indexStudentNo.isEmpty ? nil
            : try await roster.student(school: actor.school, number: request.indexStudentNo, scope: actor.scope)
        if index == nil && !request.indexStudentNo.isEmpty {
            errors.append(FieldError(field: "indexStudentNo", message: "没有学号为 \(request.indexStudentNo) 的学生，或不在您的范围内 (unknown student)"))
        }
        guard errors.isEmpty, let index else { throw DomainError(.invalid, "流调参数有误 (the investigation request is invalid)", fieldErrors: errors) }
        let started = ContinuousClock.now
        var contacts = try await tracer.trace(request, school: actor.school)
        let elapsed = ContinuousClock.now - started
        let people = try await source.students(Set(contacts.map(\.studentNo)), school: actor.school)
        let byNumber = Dictionary(people.map { ($0.studentNo, $0) }, uniquingKeysWith: { a, _ in a })
        for i in contacts.indices {
            guard let s = byNumber[contacts[i].studentNo] else { continue }
            contacts[i].name = s.name
            contacts[i].className = s.className
            contacts[i].building = s.building
            contacts[i].room = s.room
        }
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let investigation = Investigation(id: UUID().uuidString.lowercased(), request: request, contacts: contacts,
                                          createdBy: actor.username, createdAt: clock.now(), elapsedMilliseconds: ms, indexName: index.name)
        try await store.save(investigation, school: actor.school)
        let d1 = contacts.count { $0.degree == 1 }
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "investigation.create", subject: index.studentNo,
                                          detail: "\(investigation.id): \(d1) degree 1, \(contacts.count - d1) degree 2"))
        return investigation
    }

    /// A saved investigation; reading it is audited.
    public func investigation(_ id: String, by actor: Actor) async throws -> Investigation {
        try requireInvestigator(actor)
        guard let found = try await store.investigation(school: actor.school, id: id, scope: actor.scope) else {
            throw DomainError.notFound("没有这次流调 (no such investigation)")
        }
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "investigation.read", subject: found.request.indexStudentNo, detail: id))
        return found
    }

    /// Saved investigations within the actor's scope, newest first.
    public func investigations(by actor: Actor) async throws -> [InvestigationSummary] {
        try requireInvestigator(actor)
        return try await store.investigations(school: actor.school, scope: actor.scope, limit: 200)
    }

    /// Marks contacts of an investigation for follow-up (or unmarks them). Only its contacts may be marked.
    public func setFollowUp(_ id: String, studentNos: [String], marked: Bool, by actor: Actor) async throws -> Investigation {
        var found = try await investigation(id, by: actor)
        let known = Set(found.contacts.map(\.studentNo))
        if let stranger = studentNos.first(where: { !known.contains($0) }) {
            throw DomainError.invalid("\(stranger) 不是这次流调的密接或次密接 (not a contact of this investigation)", field: "studentNos")
        }
        guard !studentNos.isEmpty, studentNos.count <= 5000 else { throw DomainError.invalid("请选择要标记的人员 (choose whom to mark)", field: "studentNos") }
        try await store.setFollowUp(school: actor.school, id: id, studentNos: studentNos, marked: marked, by: actor.username, at: clock.now())
        try await audit.record(AuditEntry(actor, at: clock.now(), action: marked ? "investigation.followup" : "investigation.unfollow",
                                          subject: found.request.indexStudentNo, detail: "\(id): \(studentNos.count)"))
        if marked { found.followUps.formUnion(studentNos) } else { found.followUps.subtract(studentNos) }
        return found
    }

    private func requireInvestigator(_ actor: Actor) throws {
        guard actor.kind == .staff, !actor.roles.isDisjoint(with: Self.investigatorRoles) else {
            throw DomainError.forbidden("您无权进行流调 (you may not run contact investigations)")
        }
    }
}
