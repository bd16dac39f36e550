import CampusKit
import Foundation
import Roster

/// Access points, event ingest, gate decisions, the policy, presence, alerts and trajectories, with who may do what.
public struct GateService: Sendable {
    private let store: any GateStore
    private let roster: any RosterStore
    private let audit: any AuditLog
    private let clock: any Clock
    private let timeZone: TimeZone

    public init(store: any GateStore, roster: any RosterStore, audit: any AuditLog, clock: any Clock, timeZone: TimeZone) {
        self.store = store
        self.roster = roster
        self.audit = audit
        self.clock = clock
        self.timeZone = timeZone
    }

    /// The most events one batch may carry.
    public static let batchLimit = 1000
    /// Events further in the future than this are refused (a device clock gone wrong).
    public static let futureTolerance: TimeInterval = 24 * 3600

    /// Registers (or renames) a point; admin, leader or an `access:write` token. A point of another kind for an existing place is refused.
    public func register(_ point: AccessPoint, by actor: Actor) async throws -> AccessPoint {
        try requireManager(actor, token: "access:write")
        if let clash = try await store.register(point, school: actor.school) {
            throw DomainError(.invalid, "地点 \(point.place) 已是 \(clash.rawValue) 类型 (the place already has another kind)",
                              fieldErrors: [FieldError(field: "kind", message: "地点 \(point.place) 的门禁点均为 \(clash.rawValue) (points of this place are \(clash.rawValue))")])
        }
        return point
    }

    /// Every point; any staff member or integration may list them.
    public func points(by actor: Actor) async throws -> [AccessPoint] {
        guard actor.kind != .student else { throw DomainError.forbidden("学生无权查看门禁点 (students may not list access points)") }
        return try await store.points(school: actor.school)
    }

    /// Stores a batch from a device (`access:write`): each malformed event is rejected by index with its reason and
    /// the good ones are kept. More than `batchLimit` events is `.tooLarge` and nothing is stored.
    public func ingest(_ batch: [IncomingEvent], by actor: Actor) async throws -> IngestResult {
        guard actor.kind == .integration ? actor.tokenScopes.contains("access:write") : actor.isAdmin else {
            throw DomainError.forbidden("需要 access:write 权限 (the access:write scope is needed)")
        }
        guard batch.count <= Self.batchLimit else {
            throw DomainError(.tooLarge, "每批最多 \(Self.batchLimit) 条事件，收到 \(batch.count) 条 (at most \(Self.batchLimit) events a batch)")
        }
        let now = clock.now()
        var rejected: [Rejection] = []
        var good: [(index: Int, event: AccessEvent)] = []
        for (i, e) in batch.enumerated() {
            switch Self.check(e, now: now) {
            case .success(let event): good.append((i, event))
            case .failure(let message): rejected.append(Rejection(index: i, message: message.text))
            }
        }
        let policy = try await store.policy(school: actor.school)
        let exitKinds = Set(AccessPoint.Kind.allCases.filter(policy.exitNeedsLeave(at:)))
        var result = try await store.ingest(good, school: actor.school, exitNeedsLeave: exitKinds, at: now)
        result.rejected = (result.rejected + rejected).sorted { $0.index < $1.index }
        return result
    }

    struct Refusal: Error { var text: String }

    static func check(_ e: IncomingEvent, now: Date) -> Result<AccessEvent, Refusal> {
        guard let id = e.eventId, !id.isEmpty, id.count <= 100 else { return .failure(Refusal(text: "eventId: 缺少或超过 100 字符 (missing or over 100 characters)")) }
        guard let point = e.accessPoint, !point.isEmpty else { return .failure(Refusal(text: "accessPoint: 缺少 (missing)")) }
        guard let student = e.studentNo, !student.isEmpty else { return .failure(Refusal(text: "studentNo: 缺少 (missing)")) }
        guard let directionText = e.direction, let direction = AccessEvent.Direction(rawValue: directionText) else {
            return .failure(Refusal(text: "direction: 应为 in 或 out，收到 \(e.direction ?? "nothing") (must be in or out)"))
        }
        guard let at = e.at else { return .failure(Refusal(text: "at: 缺少或不是 RFC 3339 时间 (missing or not an RFC 3339 time)")) }
        guard at.timeIntervalSince(now) <= futureTolerance else {
            return .failure(Refusal(text: "at: 比现在晚 24 小时以上 (more than 24 h in the future)"))
        }
        return .success(AccessEvent(eventId: id, accessPoint: point, studentNo: student, direction: direction, at: at, granted: e.granted ?? true))
    }

    /// May this student pass this point now? (`access:decide`, or staff with the student in scope.) Unknown student or point: `.notFound`.
    public func decide(studentNo: String, pointCode: String, direction: AccessEvent.Direction, by actor: Actor) async throws -> GateDecision {
        guard actor.tokenScopes.contains("access:decide") || (actor.kind == .staff && !actor.scope.isEmpty) else {
            throw DomainError.forbidden("需要 access:decide 权限 (the access:decide scope is needed)")
        }
        guard let point = try await store.point(school: actor.school, code: pointCode) else {
            throw DomainError(.notFound, "没有门禁点 \(pointCode) (no such access point)", fieldErrors: [FieldError(field: "accessPoint", message: "unknown access point")])
        }
        let now = clock.now()
        if actor.kind == .staff, try await roster.student(school: actor.school, number: studentNo, scope: actor.scope) == nil {
            throw Self.unknownStudent(studentNo)
        }
        guard let facts = try await store.facts(school: actor.school, studentNo: studentNo, point: point, day: CampusDay(now, in: timeZone), at: now) else {
            throw Self.unknownStudent(studentNo)
        }
        return try await store.policy(school: actor.school).decide(facts, direction: direction)
    }

    static func unknownStudent(_ number: String) -> DomainError {
        DomainError(.notFound, "没有学号为 \(number) 的学生 (no such student)", fieldErrors: [FieldError(field: "studentNo", message: "unknown student")])
    }

    /// The current policy; staff and integrations may read it.
    public func policy(by actor: Actor) async throws -> GatePolicy {
        guard actor.kind != .student else { throw DomainError.forbidden("学生无权查看门禁策略 (students may not read the policy)") }
        return try await store.policy(school: actor.school)
    }

    /// Stores a new version of the policy (admin or leader); audited.
    public func setPolicy(_ policy: GatePolicy, by actor: Actor) async throws -> GatePolicy {
        try requireManager(actor, token: nil)
        let stored = try await store.setPolicy(try policy.validated(), school: actor.school, by: actor.username, at: clock.now())
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "access.policy.change", subject: stored.name,
                                          detail: "version \(stored.version), \(stored.rules.count) rules"))
        return stored
    }

    /// A student's events and stays over `window` (at most 31 days); whoever has the student in scope. Audited:
    /// whereabouts are sensitive.
    public func trajectory(of studentNo: String, window: DateInterval, by actor: Actor) async throws -> Trajectory {
        guard window.duration <= 31 * 86_400 else { throw DomainError.invalid("时间窗最长 31 天 (the window is at most 31 days)", field: "to") }
        guard try await roster.student(school: actor.school, number: studentNo, scope: actor.scope) != nil else {
            throw Self.unknownStudent(studentNo)
        }
        let trajectory = try await store.trajectory(school: actor.school, studentNo: studentNo, window: window)
        if actor.username != studentNo {
            try await audit.record(AuditEntry(actor, at: clock.now(), action: "access.trajectory.read", subject: studentNo,
                                              detail: "\(trajectory.events.count) events"))
        }
        return trajectory
    }

    /// Where the students within the actor's scope are now (staff only).
    public func presence(by actor: Actor) async throws -> PresenceSummary {
        guard GatePermissions.mayFollowPresence(actor) else { throw DomainError.forbidden("仅教职工可查看在校情况 (staff only)") }
        let everyone = try await store.presence(school: actor.school, scope: actor.scope)
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "access.presence.read", subject: "presence",
                                          detail: "\(everyone.count) 名学生，\(everyone.count { $0.onCampus == false }) 名离校 (students, off campus)"))
        var inside: [String: Int] = [:], residents: [String: Int] = [:]
        for p in everyone {
            if let b = p.inBuilding { inside[b, default: 0] += 1 }
            if let b = p.homeBuilding, !b.isEmpty { residents[b, default: 0] += 1 }
        }
        return PresenceSummary(onCampus: everyone.count { $0.onCampus == true }, offCampus: everyone.count { $0.onCampus == false },
                               unknown: everyone.count { $0.onCampus == nil }, inside: inside, residents: residents,
                               away: everyone.filter { $0.onCampus == false })
    }

    /// Where one student within the actor's scope is now (staff only). Audited: whereabouts are sensitive.
    public func presence(of studentNo: String, by actor: Actor) async throws -> Presence {
        guard GatePermissions.mayFollowPresence(actor) else { throw DomainError.forbidden("仅教职工可查看在校情况 (staff only)") }
        guard let found = try await store.presence(school: actor.school, studentNo: studentNo, scope: actor.scope) else {
            throw Self.unknownStudent(studentNo)
        }
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "access.presence.read", subject: studentNo))
        return found
    }

    /// Alerts about students within the actor's scope over the last `days` days (staff only).
    public func alerts(days: Int, kind: AccessAlert.Kind?, page: PageRequest, by actor: Actor) async throws -> Page<AccessAlert> {
        guard GatePermissions.mayFollowPresence(actor) else { throw DomainError.forbidden("仅教职工可查看门禁预警 (staff only)") }
        guard (1...31).contains(days) else { throw DomainError.invalid("days 应为 1 到 31 (days must be 1–31)", field: "days") }
        return try await store.alerts(school: actor.school, scope: actor.scope, since: clock.now().addingTimeInterval(-Double(days) * 86_400),
                                      kind: kind, page: page)
    }

    private func requireManager(_ actor: Actor, token: String?) throws {
        let allowed = actor.kind == .integration ? token.map(actor.tokenScopes.contains) ?? false
                                                 : !actor.roles.isDisjoint(with: GatePermissions.policyManagers)
        guard allowed else { throw DomainError.forbidden("仅管理员或校领导可管理门禁 (admins and leaders only)") }
    }
}
