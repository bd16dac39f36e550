import CampusKit
import Foundation

/// Space-time separation as the office runs it (C10): plans made by the planner off the server's event loops and
/// kept, checked by the verifier, one published as the day's timetable, read by each student for their own building
/// or floor, and measured against the access events.
public struct SeparationService: Sendable {
    let store: any SeparationStore
    let sightings: any FacilitySightings
    let members: any GroupMembers
    let solver: any SeparationSolver
    let clock: any Clock
    let timeZone: TimeZone
    let audit: any AuditLog

    public init(store: any SeparationStore, sightings: any FacilitySightings, members: any GroupMembers, solver: any SeparationSolver,
                clock: any Clock, timeZone: TimeZone, audit: any AuditLog) {
        self.store = store
        self.sightings = sightings
        self.members = members
        self.solver = solver
        self.clock = clock
        self.timeZone = timeZone
        self.audit = audit
    }

    public func today() -> CampusDay { CampusDay(clock.now(), in: timeZone) }

    /// Plans `problem` and keeps the plan, feasible or not. A problem with anything wrong is refused with every issue
    /// (422 naming each field) before any planning, and nothing is stored. `solver` replaces the service's own (the demo
    /// plans without a deadline, so that it is the same on every machine).
    public func plan(_ problem: SeparationProblem, labels: [String: String] = [:], by actor: Actor,
                     solver: (any SeparationSolver)? = nil) async throws -> SavedPlan {
        try requirePlanner(actor)
        let issues = problem.validate()
        guard issues.isEmpty else { throw DomainError.invalidSeparationProblem(issues) }
        if labels.count > 5000 || labels.contains(where: { $0.key.count > 100 || $0.value.count > 100 }) {
            throw DomainError.invalid("名称最多 100 字 (names are at most 100 characters)", field: "labels")
        }
        let result = try await (solver ?? self.solver).plan(problem)
        let saved = SavedPlan(id: UUID().uuidString.lowercased(), problem: problem, labels: labels, result: result, publishedOn: nil,
                              createdBy: actor.username, createdAt: clock.now())
        try await store.insert(saved, school: actor.school)
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "separation.plan.create", subject: saved.id,
                                          detail: "\(problem.name)：\(problem.demands.count) 项需求，\(result.visits.count) 项已安排 (\(problem.demands.count) demands, \(result.visits.count) placed)"))
        return saved
    }

    /// Every problem of `visits` for `problem` by the contract's rules; empty when valid.
    public func verify(_ problem: SeparationProblem, visits: [Visit], by actor: Actor) throws -> [PlanProblem] {
        try requireReader(actor)
        guard visits.count <= SeparationProblem.limits.demands * 2 else {
            throw DomainError.invalid("安排数量超过上限 (too many visits)", field: "visits")
        }
        return try Verifier.verify(problem, visits: visits)
    }

    public func plan(_ id: String, by actor: Actor) async throws -> SavedPlan {
        try requireReader(actor)
        guard let plan = try await store.plan(school: actor.school, id: id) else { throw Self.unknownPlan }
        return plan
    }

    public func plans(limit: Int = 100, by actor: Actor) async throws -> [PlanSummary] {
        try requireReader(actor)
        return try await store.plans(school: actor.school, limit: limit)
    }

    /// Makes a feasible plan the timetable of `day` for every student of its groups (409 for a plan with unplaced demands).
    public func publish(_ id: String, on day: CampusDay, by actor: Actor) async throws -> SavedPlan {
        try requirePlanner(actor)
        guard let plan = try await store.plan(school: actor.school, id: id) else { throw Self.unknownPlan }
        guard plan.result.feasible else {
            throw DomainError.conflict("方案有未能安排的需求，不能发布 (a plan with unplaced demands cannot be published)")
        }
        guard try await store.publish(school: actor.school, id: id, on: day, by: actor.username, at: clock.now()) else { throw Self.unknownPlan }
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "separation.plan.publish", subject: id,
                                          detail: "\(plan.problem.name)：\(day) 的分时安排 (the timetable of \(day))"))
        var published = plan
        published.publishedOn = day
        return published
    }

    /// The published timetable of `day` for the student themself: their building's and floor's visits.
    public func mine(on day: CampusDay, by actor: Actor) async throws -> StudentTimetable {
        guard actor.kind == .student else { throw DomainError.forbidden("仅学生本人可查看自己的分时安排 (students only)") }
        let units = try await members.units(of: actor.username, school: actor.school)
        let plan = try await store.published(school: actor.school, on: day)
        return StudentTimetable.of(units: units, plan: plan, day: day)
    }

    /// How the plan was kept on `day`: the access events at its facilities, for the group's students within the actor's scope.
    public func adherence(_ id: String, on day: CampusDay, by actor: Actor) async throws -> (plan: SavedPlan, adherence: Adherence) {
        let plan = try await self.plan(id, by: actor)
        var groups: [String: [String: String]] = [:]
        for group in Set(plan.problem.groups.map(\.code)) {
            groups[group] = try await members.members(of: group, school: actor.school, scope: actor.scope)
        }
        let places = Array(Set(plan.result.visits.map(\.facility))).sorted()
        let seen = try await sightings.sightings(school: actor.school, places: places, from: day.instant(minutes: 0, in: timeZone),
                                                 to: day.adding(days: 1).instant(minutes: 0, in: timeZone))
        return (plan, Adherence.measure(plan, day: day, timeZone: timeZone, members: groups, sightings: seen))
    }

    static let unknownPlan = DomainError.notFound("没有这个分时方案 (no such plan)")

    private func requirePlanner(_ actor: Actor) throws {
        guard SeparationPermissions.mayPlan(actor) else {
            throw DomainError.forbidden("仅管理员和学工领导可以制定分时方案 (only admin and leader plan)")
        }
    }

    private func requireReader(_ actor: Actor) throws {
        guard SeparationPermissions.mayRead(actor) else { throw DomainError.forbidden("仅教职工可查看分时方案 (staff only)") }
    }
}
