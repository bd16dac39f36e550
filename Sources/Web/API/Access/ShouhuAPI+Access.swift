import CampusKit
import CheckIns
import Foundation
import GateAccess
import OpenAPIRuntime
import Roster

extension ShouhuAPI {
    func listAccessPoints(_ input: Operations.ListAccessPoints.Input) async throws -> Operations.ListAccessPoints.Output {
        let points = try await services.gates.points(by: try RequestActor.require())
        return .ok(.init(body: .json(.init(items: points.map(Self.point)))))
    }

    func registerAccessPoint(_ input: Operations.RegisterAccessPoint.Input) async throws -> Operations.RegisterAccessPoint.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let point = try AccessPoint.validated(code: body.code, name: body.name, kind: body.kind, place: body.place)
        return .created(.init(body: .json(Self.point(try await services.gates.register(point, by: actor)))))
    }

    static func point(_ p: AccessPoint) -> Components.Schemas.AccessPoint {
        .init(code: p.code, name: p.name, kind: p.kind.rawValue, place: p.place)
    }

    func ingestAccessEvents(_ input: Operations.IngestAccessEvents.Input) async throws -> Operations.IngestAccessEvents.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let batch = body.events.map { e in
            IncomingEvent(eventId: e.eventId, accessPoint: e.accessPoint, studentNo: e.studentNo, direction: e.direction,
                          at: RFC3339.parse(e.at), granted: e.granted)
        }
        let result = try await services.gates.ingest(batch, by: actor)
        return .ok(.init(body: .json(.init(accepted: result.accepted, duplicates: result.duplicates,
                                           rejected: result.rejected.map { .init(index: $0.index, message: $0.message) }))))
    }

    func decideAccess(_ input: Operations.DecideAccess.Input) async throws -> Operations.DecideAccess.Output {
        let actor = try RequestActor.require()
        let q = input.query
        let direction: AccessEvent.Direction = q.direction == .out ? .out : .in
        let d = try await services.gates.decide(studentNo: q.studentNo, pointCode: q.accessPoint, direction: direction, by: actor)
        return .ok(.init(body: .json(.init(allow: d.allow, reason: d.reason, message: d.message, policyVersion: d.policyVersion))))
    }

    func getGatePolicy(_ input: Operations.GetGatePolicy.Input) async throws -> Operations.GetGatePolicy.Output {
        .ok(.init(body: .json(Self.policy(try await services.gates.policy(by: try RequestActor.require())))))
    }

    func setGatePolicy(_ input: Operations.SetGatePolicy.Input) async throws -> Operations.SetGatePolicy.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        var errors: [FieldError] = []
        var curfew: Int?
        if let text = body.curfew, !text.isEmpty {
            curfew = CheckInPolicy.minutes(text)
            if curfew == nil { errors.append(FieldError(field: "curfew", message: "应为 HH:MM (must be HH:MM)")) }
        }
        var rules: [GatePolicy.Rule] = []
        for (i, r) in body.rules.enumerated() {
            var kinds: [AccessPoint.Kind] = []
            for k in r.kinds {
                if let kind = AccessPoint.Kind(rawValue: k) { kinds.append(kind) } else {
                    errors.append(FieldError(field: "rules[\(i)].kinds", message: "未知的门禁点类型 \(k) (unknown kind)"))
                }
            }
            var require: [GatePolicy.Requirement] = []
            for q in r.require {
                if let req = GatePolicy.Requirement(rawValue: q) { require.append(req) } else {
                    errors.append(FieldError(field: "rules[\(i)].require", message: "未知的条件 \(q) (unknown requirement)"))
                }
            }
            rules.append(GatePolicy.Rule(kinds: kinds, direction: r.direction.map { $0 == .out ? .out : .in }, require: require))
        }
        guard errors.isEmpty else { throw DomainError(.invalid, "门禁策略有误 (the gate policy is invalid)", fieldErrors: errors) }
        let policy = GatePolicy(name: body.name, curfew: curfew, secondApprovalHours: body.secondApprovalHours ?? 72, rules: rules)
        return .ok(.init(body: .json(Self.policy(try await services.gates.setPolicy(policy, by: actor)))))
    }

    static func policy(_ p: GatePolicy) -> Components.Schemas.GatePolicy {
        .init(name: p.name, version: p.version, curfew: p.curfew.map(CheckInPolicy.clock), secondApprovalHours: p.secondApprovalHours,
              rules: p.rules.map { r in
                  .init(kinds: r.kinds.map(\.rawValue), direction: r.direction.map { $0 == .out ? .out : ._in }, require: r.require.map(\.rawValue))
              })
    }

    func getPresence(_ input: Operations.GetPresence.Input) async throws -> Operations.GetPresence.Output {
        let p = try await services.gates.presence(by: try RequestActor.require())
        return .ok(.init(body: .json(.init(
            onCampus: p.onCampus, offCampus: p.offCampus, unknown: p.unknown,
            buildings: p.inside.sorted { $0.key < $1.key }.map { .init(building: $0.key, inside: $0.value) },
            away: p.away.map { .init(studentNo: $0.studentNo, name: $0.name, _class: $0.className, lastGateAt: $0.lastGateAt) }))))
    }

    func listAccessAlerts(_ input: Operations.ListAccessAlerts.Input) async throws -> Operations.ListAccessAlerts.Output {
        let actor = try RequestActor.require()
        let q = input.query
        let page = try await services.gates.alerts(days: q.days ?? 7, kind: q.kind.flatMap { AccessAlert.Kind(rawValue: $0.rawValue) },
                                                   page: try Paging.request(limit: q.limit, cursor: q.cursor), by: actor)
        let next: OpenAPIValueContainer = page.next.map { OpenAPIValueContainer(stringLiteral: Paging.cursor(for: $0)) } ?? nil
        return .ok(.init(body: .json(.init(items: page.items.map {
            .init(id: $0.id, kind: $0.kind.rawValue, studentNo: $0.studentNo, name: $0.studentName, at: $0.at, detail: $0.detail)
        }, nextCursor: next))))
    }

    func getTrajectory(_ input: Operations.GetTrajectory.Input) async throws -> Operations.GetTrajectory.Output {
        let actor = try RequestActor.require()
        let now = services.clock.now()
        let to = try RFC3339.field(input.query.to, "to") ?? now
        let from = try RFC3339.field(input.query.from, "from") ?? to.addingTimeInterval(-86_400)
        guard from < to else { throw DomainError.invalid("from 应早于 to (from must be before to)", field: "from") }
        let t = try await services.gates.trajectory(of: input.path.studentNo, window: DateInterval(start: from, end: to), by: actor)
        return .ok(.init(body: .json(.init(
            events: t.events.map { .init(eventId: $0.event.eventId, accessPoint: $0.event.accessPoint, direction: $0.event.direction.rawValue,
                                         at: $0.event.at, granted: $0.event.granted, place: $0.place, kind: $0.kind.rawValue) },
            stays: t.stays.map { .init(place: $0.place, kind: $0.kind.rawValue, from: $0.from, to: $0.to) }))))
    }
}
