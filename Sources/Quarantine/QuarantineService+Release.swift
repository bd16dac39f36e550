import CampusKit
import Foundation

/// How a release request turned out.
public enum ReleaseOutcome: Sendable, Equatable {
    case released(Placement)
    /// An early release was asked for; it waits for a second person (leader or admin, not the first).
    case awaitingApproval(Placement)
}

extension QuarantineService {
    /// Ends a placement (CONTRACT.md): by the protocol, only when every criterion holds (422 naming each unmet one in
    /// `criteria`); early, with a reason, once a second person approves it.
    public func release(_ id: String, early: Bool, reason: String?, by actor: Actor) async throws -> ReleaseOutcome {
        try requireManager(actor)
        let found = try await placement(id, by: actor)
        guard found.status == .active else { throw DomainError.conflict("隔离已解除 (the placement has already ended)") }
        let now = clock.now()
        if !early {
            let unmet = try await unmetCriteria(of: found, school: actor.school)
            guard unmet.isEmpty else {
                throw DomainError(.invalid, "尚未满足解除条件 (the release criteria are not met)",
                                  fieldErrors: unmet.map { FieldError(field: "criteria", message: $0.rawValue) })
            }
            return .released(try await end(found, by: actor, at: now, reason: nil))
        }
        let text = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !text.isEmpty, text.count <= 500 else {
            throw DomainError.invalid("提前解除需填写理由（最多 500 字）(an early release needs a reason, up to 500 characters)", field: "reason")
        }
        guard let asked = found.earlyRequest else {
            let request = Placement.EarlyRequest(by: actor.username, at: now, reason: text)
            guard try await store.requestEarlyRelease(school: actor.school, id: found.id, request: request) else {
                throw DomainError.conflict("隔离已解除 (the placement has already ended)")
            }
            try await audit.record(AuditEntry(actor, at: now, action: "quarantine.release.request", subject: found.studentNo, detail: text))
            var waiting = found
            waiting.earlyRequest = request
            return .awaitingApproval(waiting)
        }
        guard asked.by != actor.username else {
            throw DomainError(.invalid, "提前解除须由另一人批准 (a second person must approve an early release)",
                              fieldErrors: [FieldError(field: "approver", message: "same person")])
        }
        guard QuarantinePermissions.mayApprove(actor) else {
            throw DomainError.forbidden("提前解除须由领导或管理员批准 (a leader or administrator approves early release)")
        }
        return .released(try await end(found, by: actor, at: now, reason: asked.reason + " / " + text))
    }

    private func end(_ placement: Placement, by actor: Actor, at now: Date, reason: String?) async throws -> Placement {
        guard try await store.release(school: actor.school, id: placement.id, by: actor.username, at: now, reason: reason) else {
            throw DomainError.conflict("隔离已解除 (the placement has already ended)")
        }
        try await audit.record(AuditEntry(actor, at: now, action: "quarantine.release", subject: placement.studentNo,
                                          detail: reason.map { "提前解除：\($0) (early: \($0))" } ?? "满足解除条件 (criteria met)"))
        var ended = placement
        ended.status = .released
        ended.releasedAt = now
        ended.releasedBy = actor.username
        ended.releaseReason = reason
        return ended
    }

    /// The ledger (台账): placements of the students within the actor's scope; reading it is audited.
    public func ledger(_ filter: PlacementFilter, page: PageRequest, by actor: Actor) async throws -> Page<Placement> {
        try requireReader(actor)
        let found = try await store.placements(school: actor.school, filter: filter, scope: Self.scope(of: actor), page: page)
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "quarantine.ledger.read", subject: filter.site ?? "placements",
                                          detail: "\(found.items.count) 条隔离记录 (placements)"))
        return found
    }

    /// The student's own active placement (their phone page), nil when none.
    /// Which of `numbers` are in quarantine now, among the actor's students, in one query: the placing pages mark them
    /// before the office ticks anyone. Not audited on its own: those pages' own read (an investigation, a tube) is.
    public func inQuarantine(_ numbers: [String], by actor: Actor) async throws -> Set<String> {
        try requireReader(actor)
        let unique = Array(Set(numbers)).sorted()
        var placed: Set<String> = []
        for start in stride(from: 0, to: unique.count, by: PageRequest.maximumLimit) {
            let chunk = Array(unique[start..<min(start + PageRequest.maximumLimit, unique.count)])
            let found = try await store.placements(school: actor.school, filter: PlacementFilter(status: .active, studentNos: chunk),
                                                   scope: Self.scope(of: actor), page: PageRequest(limit: chunk.count))
            placed.formUnion(found.items.map(\.studentNo))
        }
        return placed
    }

    public func myPlacement(by actor: Actor) async throws -> Placement? {
        guard actor.kind == .student else { return nil }
        return try await store.activePlacement(school: actor.school, studentNo: actor.username)
    }
}
