import CampusKit
import Foundation
import GateAccess
import OpenAPIRuntime
import Roster

extension ShouhuAPI {
    func listLeaves(_ input: Operations.ListLeaves.Input) async throws -> Operations.ListLeaves.Output {
        let actor = try RequestActor.require()
        let q = input.query
        let filter = LeaveFilter(status: q.status.flatMap { Leave.Status(rawValue: $0.rawValue) }, studentNo: q.studentNo.flatMap { $0.isEmpty ? nil : $0 })
        let page = try await services.leaves.leaves(filter, page: try Paging.request(limit: q.limit, cursor: q.cursor), by: actor)
        let next: OpenAPIValueContainer = page.next.map { OpenAPIValueContainer(stringLiteral: Paging.cursor(for: $0)) } ?? nil
        let now = services.clock.now()
        return .ok(.init(body: .json(.init(items: page.items.map { Self.leave($0, now: now) }, nextCursor: next))))
    }

    func requestLeave(_ input: Operations.RequestLeave.Input) async throws -> Operations.RequestLeave.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        var errors: [FieldError] = []
        let from = RFC3339.parse(body.from), to = RFC3339.parse(body.to)
        if from == nil && !body.from.isEmpty { errors.append(FieldError(field: "from", message: "应为带时区的 RFC 3339 时间 (must be RFC 3339 with offset)")) }
        if to == nil && !body.to.isEmpty { errors.append(FieldError(field: "to", message: "应为带时区的 RFC 3339 时间 (must be RFC 3339 with offset)")) }
        guard errors.isEmpty else { throw DomainError(.invalid, "请假申请有误 (the leave request is invalid)", fieldErrors: errors) }
        let leave = try await services.requestLeave(LeaveRequest(studentNo: body.studentNo, from: from, to: to, reason: body.reason,
                                                                 destination: body.destination), by: actor)
        return .created(.init(body: .json(Self.leave(leave, now: services.clock.now()))))
    }

    func getLeave(_ input: Operations.GetLeave.Input) async throws -> Operations.GetLeave.Output {
        let leave = try await services.leaves.leave(input.path.id, by: try RequestActor.require())
        return .ok(.init(body: .json(Self.leave(leave, now: services.clock.now()))))
    }

    func decideLeave(_ input: Operations.DecideLeave.Input) async throws -> Operations.DecideLeave.Output {
        let actor = try RequestActor.require()
        var note: String?
        if case .json(let body)? = input.body { note = body.note }
        let id = input.path.id
        let decision: LeaveDecision = switch input.path.decision {
        case .approve: .approve
        case .refuse: .refuse
        case .cancel: .cancel
        }
        let leave = try await services.decideLeave(id, decision: decision, note: note, by: actor)
        return .ok(.init(body: .json(Self.leave(leave, now: services.clock.now()))))
    }

    static func leave(_ l: Leave, now: Date) -> Components.Schemas.Leave {
        .init(id: l.id, studentNo: l.studentNo, name: l.studentName, from: l.from, to: l.to, reason: l.reason, destination: l.destination,
              status: .init(rawValue: l.status.rawValue) ?? .pending, needsSecondApproval: l.needsSecondApproval,
              firstApprovedBy: l.firstApprovedBy, decidedBy: l.decidedBy, decidedAt: l.decidedAt, note: l.note, requestedAt: l.requestedAt,
              departedAt: l.departedAt, returnedAt: l.returnedAt, overdue: l.isOverdue(at: now))
    }
}
