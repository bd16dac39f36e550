import CampusKit
import ContactTracing
import Foundation
import OpenAPIRuntime

extension ShouhuAPI {
    func createInvestigation(_ input: Operations.CreateInvestigation.Input) async throws -> Operations.CreateInvestigation.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        var errors: [FieldError] = []
        let from = RFC3339.parse(body.from), to = RFC3339.parse(body.to)
        if from == nil { errors.append(FieldError(field: "from", message: "应为带时区的 RFC 3339 时间 (must be RFC 3339 with offset)")) }
        if to == nil { errors.append(FieldError(field: "to", message: "应为带时区的 RFC 3339 时间 (must be RFC 3339 with offset)")) }
        guard errors.isEmpty, let from, let to else { throw DomainError(.invalid, "流调参数有误 (the investigation request is invalid)", fieldErrors: errors) }
        let request = InvestigationRequest(indexStudentNo: body.indexStudentNo, from: from, to: to, minOverlapMinutes: body.minOverlapMinutes ?? 15,
                                           includeFloor: body.includeFloor ?? false, depth: body.depth ?? 2)
        let investigation = try await services.investigations.investigate(request, by: actor)
        return .created(.init(body: .json(Self.investigation(investigation))))
    }

    func listInvestigations(_ input: Operations.ListInvestigations.Input) async throws -> Operations.ListInvestigations.Output {
        let items = try await services.investigations.investigations(by: try RequestActor.require())
        return .ok(.init(body: .json(.init(items: items.map {
            .init(id: $0.id, indexStudentNo: $0.indexStudentNo, indexName: $0.indexName, from: $0.from, to: $0.to, degree1: $0.degree1,
                  degree2: $0.degree2, createdBy: $0.createdBy, createdAt: $0.createdAt)
        }))))
    }

    func getInvestigation(_ input: Operations.GetInvestigation.Input) async throws -> Operations.GetInvestigation.Output {
        let found = try await services.investigations.investigation(input.path.id, by: try RequestActor.require())
        return .ok(.init(body: .json(Self.investigation(found))))
    }

    func markFollowUps(_ input: Operations.MarkFollowUps.Input) async throws -> Operations.MarkFollowUps.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let updated = try await services.investigations.setFollowUp(input.path.id, studentNos: body.studentNos, marked: body.marked ?? true, by: actor)
        return .ok(.init(body: .json(Self.investigation(updated))))
    }

    static func investigation(_ i: Investigation) -> Components.Schemas.Investigation {
        .init(id: i.id, indexStudentNo: i.request.indexStudentNo, from: i.request.from, to: i.request.to,
              minOverlapMinutes: i.request.minOverlapMinutes, includeFloor: i.request.includeFloor, depth: i.request.depth,
              elapsedMs: i.elapsedMilliseconds, createdBy: i.createdBy, createdAt: i.createdAt, followUps: i.followUps.sorted(),
              contacts: i.contacts.map { c in
                  .init(studentNo: c.studentNo, degree: c.degree, name: c.name, _class: c.className, building: c.building, room: c.room,
                        evidence: c.evidence.map { e in
                            .init(rule: .init(rawValue: e.rule.rawValue) ?? .roommate, place: e.place, from: RFC3339.utc(e.from), to: RFC3339.utc(e.to),
                                  minutes: e.minutes, via: e.via)
                        })
              })
    }
}
