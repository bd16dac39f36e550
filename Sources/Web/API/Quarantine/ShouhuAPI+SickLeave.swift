import CampusKit
import Foundation
import OpenAPIRuntime
import Quarantine

extension ShouhuAPI {
    func listSickLeaves(_ input: Operations.ListSickLeaves.Input) async throws -> Operations.ListSickLeaves.Output {
        let actor = try RequestActor.require()
        let q = input.query
        let service = services.sickLeaves
        func text(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        let filter = SickLeaveFilter(status: q.status.flatMap { SickLeave.Status(rawValue: $0.rawValue) }, studentNo: text(q.studentNo),
                                     needsFollowUpOn: q.needsFollowUp == true ? service.today() : nil, building: text(q.building),
                                     floor: text(q.floor), college: text(q.college), className: text(q._class), onLeaveOn: try Self.day(q.date))
        let page = try await service.sickLeaves(filter, page: try Paging.request(limit: q.limit, cursor: q.cursor), by: actor)
        let today = service.today()
        let next: OpenAPIValueContainer = page.next.map { OpenAPIValueContainer(stringLiteral: Paging.cursor(for: $0)) } ?? nil
        return .ok(.init(body: .json(.init(items: page.items.map { Self.sickLeaveItem($0, today: today) }, nextCursor: next))))
    }

    func createSickLeave(_ input: Operations.CreateSickLeave.Input) async throws -> Operations.CreateSickLeave.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let symptoms: String? = switch body.symptoms {
        case .case1(let text): text
        case .case2(let words): words.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "、")
        case nil: nil
        }
        let request = SickLeaveRequest(studentNo: body.studentNo, symptoms: symptoms, onset: body.onset, clinicVisited: body.clinicVisited ?? false,
                                       from: body.from, to: body.to)
        let leave = try await services.sickLeaves.request(request, by: actor)
        return .created(.init(body: .json(Self.sickLeaveItem(leave, today: services.sickLeaves.today()))))
    }

    func getSickLeave(_ input: Operations.GetSickLeave.Input) async throws -> Operations.GetSickLeave.Output {
        let actor = try RequestActor.require()
        let (leave, followUps) = try await services.sickLeaves.detail(input.path.id, by: actor)
        return .ok(.init(body: .json(.init(sickLeave: Self.sickLeaveItem(leave, today: services.sickLeaves.today()),
                                           followUps: followUps.map(Self.followUpItem)))))
    }

    func addSickLeaveFollowUp(_ input: Operations.AddSickLeaveFollowUp.Input) async throws -> Operations.AddSickLeaveFollowUp.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let followUp = try await services.sickLeaves.followUp(input.path.id, note: body.note ?? "", by: actor)
        return .created(.init(body: .json(Self.followUpItem(followUp))))
    }

    func closeSickLeave(_ input: Operations.CloseSickLeave.Input) async throws -> Operations.CloseSickLeave.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let leave = try await services.sickLeaves.close(input.path.id, cause: body.cause, cleared: body.cleared ?? false, by: actor)
        return .ok(.init(body: .json(Self.sickLeaveItem(leave, today: services.sickLeaves.today()))))
    }

    static func sickLeaveItem(_ l: SickLeave, today: CampusDay) -> Components.Schemas.SickLeave {
        .init(id: l.id, studentNo: l.studentNo, name: l.studentName, status: .init(rawValue: l.status.rawValue) ?? .open, symptoms: l.symptoms,
              onset: l.onset.description, clinicVisited: l.clinicVisited, from: l.from.description, to: l.to?.description,
              needsFollowUp: l.needsFollowUp(on: today), lastFollowUp: l.lastFollowUpDay?.description, createdBy: l.createdBy,
              createdAt: l.createdAt, cause: l.cause, cleared: l.cleared, closedBy: l.closedBy, closedAt: l.closedAt)
    }

    static func followUpItem(_ f: SickLeaveFollowUp) -> Components.Schemas.SickLeaveFollowUp {
        .init(note: f.note, by: f.by, at: f.at, day: f.day.description)
    }
}
