import CampusKit
import Cases
import Foundation
import Notifications
import OpenAPIRuntime
import Roster

extension ShouhuAPI {
    func listCases(_ input: Operations.ListCases.Input) async throws -> Operations.ListCases.Output {
        let actor = try RequestActor.require()
        let q = input.query
        let filter = CaseFilter(studentNo: q.studentNo.flatMap { $0.isEmpty ? nil : $0 },
                                status: q.status.flatMap { Case.Status(rawValue: $0.rawValue) },
                                source: q.source.flatMap { Case.Source(rawValue: $0.rawValue) },
                                stage: q.stage.flatMap { Case.Stage(rawValue: $0.rawValue) })
        let page = try await services.cases.cases(matching: filter, page: try Paging.request(limit: q.limit, cursor: q.cursor), by: actor)
        let next: OpenAPIValueContainer = page.next.map { OpenAPIValueContainer(stringLiteral: Paging.cursor(for: $0)) } ?? nil
        let now = services.clock.now()
        return .ok(.init(body: .json(.init(items: page.items.map { Self.caseItem($0, at: now) }, nextCursor: next))))
    }

    func reportCase(_ input: Operations.ReportCase.Input) async throws -> Operations.ReportCase.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let (c, _) = try await services.cases.report(studentNo: body.studentNo, summary: body.summary, by: actor)
        return .created(.init(body: .json(Self.caseItem(c, at: services.clock.now()))))
    }

    func getCase(_ input: Operations.GetCase.Input) async throws -> Operations.GetCase.Output {
        let actor = try RequestActor.require()
        let (c, timeline) = try await services.cases.detail(id: input.path.id, by: actor)
        return .ok(.init(body: .json(.init(_case: Self.caseItem(c, at: services.clock.now()), timeline: timeline.map {
            .init(at: $0.at, kind: .init(rawValue: $0.kind.rawValue) ?? .note, detail: $0.detail, by: $0.by)
        }))))
    }

    func closeCase(_ input: Operations.CloseCase.Input) async throws -> Operations.CloseCase.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let closed = try await services.cases.close(id: input.path.id, outcome: body.outcome, by: actor)
        return .ok(.init(body: .json(Self.caseItem(closed, at: services.clock.now()))))
    }

    func advanceCase(_ input: Operations.AdvanceCase.Input) async throws -> Operations.AdvanceCase.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        guard let stage = Case.Stage(rawValue: body.stage.rawValue) else {
            throw DomainError.invalid("未知的处置阶段 (unknown stage)", field: "stage")
        }
        let moved = try await services.cases.advance(id: input.path.id, to: stage, note: body.note, by: actor)
        return .ok(.init(body: .json(Self.caseItem(moved, at: services.clock.now()))))
    }

    func getCasePolicy(_ input: Operations.GetCasePolicy.Input) async throws -> Operations.GetCasePolicy.Output {
        let policy = try await services.cases.policy(by: try RequestActor.require())
        return .ok(.init(body: .json(.init(responseMinutes: policy.responseMinutes))))
    }

    func setCasePolicy(_ input: Operations.SetCasePolicy.Input) async throws -> Operations.SetCasePolicy.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let policy = try await services.cases.setPolicy(CasePolicy(responseMinutes: body.responseMinutes), by: actor)
        return .ok(.init(body: .json(.init(responseMinutes: policy.responseMinutes))))
    }

    func addCaseNote(_ input: Operations.AddCaseNote.Input) async throws -> Operations.AddCaseNote.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        try await services.cases.addNote(id: input.path.id, note: body.note, by: actor)
        return .noContent(.init())
    }

    static func caseItem(_ c: Case, at now: Date) -> Components.Schemas.CaseItem {
        .init(id: c.id, studentNo: c.studentNo, name: c.studentName, source: .init(rawValue: c.source.rawValue) ?? .manual,
              status: .init(rawValue: c.status.rawValue) ?? .open, openedAt: c.openedAt, summary: c.summary, closedAt: c.closedAt,
              outcome: c.outcome, stage: .init(rawValue: c.stage.rawValue), respondBy: c.respondBy, respondedAt: c.respondedAt,
              overdue: c.overdue(at: now), escalationLevel: c.escalationLevel)
    }

    func listNotifications(_ input: Operations.ListNotifications.Input) async throws -> Operations.ListNotifications.Output {
        let actor = try RequestActor.require()
        async let items = services.notifications.inbox(of: actor, unreadOnly: input.query.unread ?? false)
        async let unread = services.notifications.unreadCount(of: actor)
        return .ok(.init(body: .json(.init(unread: try await unread, items: try await items.map {
            .init(id: $0.id, kind: $0.kind.rawValue, subject: $0.subject, body: $0.body, link: $0.link, createdAt: $0.createdAt, read: $0.readAt != nil)
        }))))
    }

    func markNotificationRead(_ input: Operations.MarkNotificationRead.Input) async throws -> Operations.MarkNotificationRead.Output {
        let actor = try RequestActor.require()
        try await services.notifications.markRead(input.path.id, by: actor)
        return .noContent(.init())
    }
}
